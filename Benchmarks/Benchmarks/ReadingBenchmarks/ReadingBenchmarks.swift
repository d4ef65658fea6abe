import Benchmark
import CorpusCore
import CorpusIO
import Foundation

/// Reading: gzip'd and plain JSONL, multi-member gzip WET, and UTF-8 validation alone.
///
/// Inputs are files made by `Benchmarks/scripts/make-input.py` from the text of `corpora-samples/`
/// (set CENSUS_BENCH_DIR to use another folder). Each iteration decodes the whole input from memory, so the
/// figures measure decompression and parsing, not the disk. Besides package-benchmark's own metrics each
/// benchmark records "MB/s" of decompressed input per iteration.
let benchmarks: @Sendable () -> Void = {
    let dir = ProcessInfo.processInfo.environment["CENSUS_BENCH_DIR"]
        ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("data").path
    func load(_ name: String) -> [UInt8]? {
        FileManager.default.contents(atPath: dir + "/" + name).map { [UInt8]($0) }
    }
    let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident, megabytesPerSecond]
    Benchmark.defaultConfiguration = .init(metrics: metrics, maxDuration: .seconds(10), maxIterations: 20,
                                           thresholds: [.mallocCountTotal: .init(relative: [.p90: 5.0])])

    Benchmark("empty", configuration: .init(metrics: [.mallocCountTotal])) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(0) }
    }

    /// Decodes `bytes` as the input `name` once per iteration, recording MB/s of decompressed text.
    func readBenchmark(_ title: String, file: String, options: ReaderOptions = ReaderOptions()) {
        guard let bytes = load(file) else {
            print("skipping \(title): \(dir)/\(file) not found (run Benchmarks/scripts/make-input.py)")
            return
        }
        Benchmark(title) { benchmark in
            for _ in benchmark.scaledIterations {
                var documents = 0
                let start = ContinuousClock.now
                let decoder = InputDecoder(path: file, options: options, onDocument: { _ in documents &+= 1 })
                bytes.withUnsafeBytes { raw in
                    var i = 0
                    while i < raw.count {  // 256 KiB reads, as from a file
                        let n = min(256 * 1024, raw.count - i)
                        decoder.consume(UnsafeRawBufferPointer(rebasing: raw[i..<(i + n)]))
                        i += n
                    }
                }
                let summary = decoder.finish()
                let elapsed = start.duration(to: .now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                benchmark.measurement(megabytesPerSecond, Int(Double(summary.decompressedBytes) / 1e6 / seconds))
                blackHole(documents)
            }
        }
    }

    readBenchmark("read-gzip-jsonl", file: "bench.jsonl.gz")
    readBenchmark("read-plain-jsonl", file: "bench.jsonl")
    readBenchmark("read-multi-member-gzip-wet", file: "bench.warc.wet.gz")

    if let text = load("bench.jsonl") {
        Benchmark("validate-utf8") { benchmark in
            for _ in benchmark.scaledIterations {
                let start = ContinuousClock.now
                let valid = text.withUnsafeBytes { UTF8Repair.firstInvalidOffset(in: $0) } == nil
                let elapsed = start.duration(to: .now)
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                benchmark.measurement(megabytesPerSecond, Int(Double(text.count) / 1e6 / seconds))
                blackHole(valid)
            }
        }
    }
}
