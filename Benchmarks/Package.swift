// swift-tools-version:6.1
//
// Benchmarks for corpus-census, a package of their own so the library never depends on package-benchmark.
//   cd Benchmarks && swift package benchmark                 # all targets, release build
//   swift package benchmark --target ReadingBenchmarks
// Inputs come from scripts/make-input.py (see README.md); nothing large is committed.
import PackageDescription

let package = Package(
    name: "corpus-census-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "corpus-census", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "CorpusIO", package: "corpus-census"),
                .product(name: "CorpusNormalize", package: "corpus-census"),
            ],
            path: "Benchmarks/BenchmarkSupport"
        ),
        benchmarkTarget("ReadingBenchmarks", ["CorpusIO", "CorpusCore"]),
        benchmarkTarget("TokenizerBenchmarks", ["CorpusCore", "CorpusNormalize"]),
        benchmarkTarget("NormalizationBenchmarks", ["CorpusCore", "CorpusNormalize"]),
        benchmarkTarget("DedupBenchmarks", ["CorpusIO", "CorpusNormalize", "Dedup"]),
        benchmarkTarget("LanguageIDBenchmarks", ["CorpusIO", "CorpusNormalize", "LanguageID"]),
        benchmarkTarget("StatisticsBenchmarks", ["CorpusCore", "CorpusStats"]),
        benchmarkTarget("PipelineBenchmarks", ["CorpusIO", "CorpusCore", "CorpusPipeline"]),
    ]
)

/// One executable per area, each with package-benchmark's plugin.
func benchmarkTarget(_ name: String, _ libraries: [String]) -> Target {
    .executableTarget(
        name: name,
        dependencies: [
            .product(name: "Benchmark", package: "package-benchmark"),
            "BenchmarkSupport",
        ] + libraries.map { .product(name: $0, package: "corpus-census") },
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
    )
}
