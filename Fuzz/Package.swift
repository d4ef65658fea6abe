// swift-tools-version:6.1
//
// libFuzzer targets for census's parsers, a package of their own (their executables have no main: libFuzzer
// provides it). Build and run them with Fuzz/run.sh, which passes -sanitize=fuzzer,address:
//   bash Fuzz/run.sh 600                  # every target for 10 minutes
//   bash Fuzz/run.sh 60 FuzzJSONL         # one target
import PackageDescription

let targets = ["FuzzGzip", "FuzzJSONL", "FuzzWET", "FuzzLines", "FuzzUTF8", "FuzzTokenizer", "FuzzNormalizer", "FuzzFolding", "FuzzZstd"]

let package = Package(
    name: "corpus-census-fuzz",
    dependencies: [.package(name: "corpus-census", path: "..")],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "CorpusIO", package: "corpus-census"),
                .product(name: "CorpusCore", package: "corpus-census"),
                .product(name: "CorpusNormalize", package: "corpus-census"),
            ]
        ),
    ] + targets.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "FuzzSupport",
                .product(name: "CorpusIO", package: "corpus-census"),
                .product(name: "CorpusCore", package: "corpus-census"),
                .product(name: "CorpusNormalize", package: "corpus-census"),
            ]
        )
    }
)
