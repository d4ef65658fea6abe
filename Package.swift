// swift-tools-version:6.1
//
// corpus-census: streaming language-data corpus toolkit.
//
// Dependencies point down: census -> CorpusCLI -> CorpusPipeline -> CorpusStats, CorpusQuality, Dedup, LanguageID, CorpusNormalize, CorpusIO
// -> CorpusCore -> CCorpusKernels (C SIMD kernels). CorpusNormalize is the only Swift importer of CICUShims
// (ICU and Foundation headers clash in one module). The language model is a resource of LanguageID.
import PackageDescription

// CENSUS_STATIC=1 (scripts/release-static.sh): the system libraries are linked statically by the script's
// linker flags, so their module maps (Sources/Static/) carry no `link` and no pkg-config, which would put
// -licuuc/-lz/-ldeflate ahead of -Bstatic and make the executable dynamic again.
let staticBuild = Context.environment["CENSUS_STATIC"] == "1"

let package = Package(
    name: "corpus-census",
    products: [
        .executable(name: "census", targets: ["census"]),
        .library(name: "CorpusCore", targets: ["CorpusCore"]),
        .library(name: "CorpusIO", targets: ["CorpusIO"]),
        .library(name: "CorpusNormalize", targets: ["CorpusNormalize"]),
        .library(name: "LanguageID", targets: ["LanguageID"]),
        .library(name: "Dedup", targets: ["Dedup"]),
        .library(name: "CorpusStats", targets: ["CorpusStats"]),
        .library(name: "CorpusQuality", targets: ["CorpusQuality"]),
        .library(name: "TokenCount", targets: ["TokenCount"]),
        // The whole engine (census run, stats, merge, dedup) as typed calls: CorpusRun, SliceMerge, DuplicateRemoval.
        .library(name: "CorpusPipeline", targets: ["CorpusPipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CZlib",
            path: staticBuild ? "Sources/Static/CZlib" : nil,
            pkgConfig: staticBuild ? nil : "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CDeflate",
            path: staticBuild ? "Sources/Static/CDeflate" : nil,
            pkgConfig: staticBuild ? nil : "libdeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        .systemLibrary(
            name: "CZstd",
            path: staticBuild ? "Sources/Static/CZstd" : nil,
            pkgConfig: staticBuild ? nil : "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(
            name: "CICU",
            path: staticBuild ? "Sources/Static/CICU" : nil,
            pkgConfig: staticBuild ? nil : "icu-uc",
            providers: [.apt(["libicu-dev"])]
        ),
        .target(
            name: "CICUShims",
            dependencies: ["CICU"]
        ),
        .target(name: "CCorpusKernels"),
        .target(name: "CorpusCore", dependencies: ["CCorpusKernels"]),
        .target(
            name: "CorpusIO",
            dependencies: ["CorpusCore", "CZlib", "CDeflate", "CZstd", "CCorpusKernels"]
        ),
        .target(
            name: "CorpusNormalize",
            dependencies: ["CorpusCore", "CICUShims", "CCorpusKernels"]
        ),
        .target(
            name: "LanguageID",
            dependencies: ["CorpusCore", "CorpusNormalize", "CorpusStats", "CZlib"],
            exclude: ["Training"],
            resources: [.copy("Resources/langid.model")]
        ),
        .target(
            name: "Dedup",
            dependencies: ["CorpusCore", "CorpusIO", "CorpusNormalize", "CCorpusKernels"]
        ),
        .target(name: "CorpusStats"),
        // LLM token counts with the user's tokenizer file (tiktoken ranks): scanners for the pre-tokenisation patterns, rank merges.
        .target(name: "TokenCount"),
        // Quality signals and rules (Gopher, FineWeb, C4) over the words census already has for a document.
        .target(name: "CorpusQuality", dependencies: ["CorpusCore", "CCorpusKernels"]),
        // The engine of `census run`, `stats` and `merge`: the parallel stage, the ordered stage, checkpoints,
        // the report files. It prints nothing: problems come out as events (OrderedStage.Configuration.events).
        .target(
            name: "CorpusPipeline",
            dependencies: ["CorpusCore", "CorpusIO", "CorpusNormalize", "LanguageID", "Dedup", "CorpusStats", "CorpusQuality", "TokenCount"]
        ),
        .target(
            name: "CorpusCLI",
            dependencies: [
                "CorpusCore", "CorpusIO", "CorpusNormalize", "LanguageID", "Dedup", "CorpusStats", "CorpusQuality", "CorpusPipeline", "TokenCount",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "census",
            dependencies: ["CorpusCLI"]
        ),
        .target(
            name: "CorpusTestSupport",
            dependencies: ["CorpusCore", "CorpusIO", "CZlib", "CZstd"],
            path: "Tests/CorpusTestSupport"
        ),
        .testTarget(
            name: "CorpusCoreTests",
            dependencies: ["CorpusCore", "CorpusIO", "CorpusNormalize", "CorpusTestSupport"]   // the tokenizer tests compare with ICU
        ),
        .testTarget(
            name: "CorpusIOTests",
            dependencies: ["CorpusIO", "CorpusCore", "CorpusTestSupport"]
        ),
        .testTarget(
            name: "CorpusNormalizeTests",
            dependencies: ["CorpusNormalize", "CorpusCore", "CorpusIO", "CorpusTestSupport"]
        ),
        .testTarget(
            name: "LanguageIDTests",
            dependencies: ["LanguageID", "CorpusCore", "CorpusNormalize", "CorpusTestSupport"]
        ),
        .testTarget(
            name: "DedupTests",
            dependencies: ["Dedup", "CorpusCore", "CorpusTestSupport"]
        ),
        .testTarget(
            name: "CorpusStatsTests",
            dependencies: ["CorpusStats", "CorpusCore", "LanguageID", "CorpusTestSupport"]
        ),
        .testTarget(
            name: "TokenCountTests",
            dependencies: ["TokenCount", "CorpusTestSupport"]
        ),
        .testTarget(
            name: "CorpusQualityTests",
            dependencies: ["CorpusQuality"]
        ),
        .testTarget(
            name: "CorpusPipelineTests",
            dependencies: ["CorpusPipeline", "CorpusIO", "CorpusNormalize", "LanguageID", "Dedup", "CorpusStats", "CorpusTestSupport"]
        ),
        .testTarget(
            name: "CorpusCLITests",
            dependencies: ["CorpusTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
