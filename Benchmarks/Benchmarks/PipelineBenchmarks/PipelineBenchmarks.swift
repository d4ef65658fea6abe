import Benchmark
import BenchmarkSupport
import CorpusCore
import CorpusIO
import CorpusPipeline
import Foundation

/// The whole job in-process through the typed API (CorpusRun): `census run` (read gzip'd JSONL, clean-up + NFC, language ID, tokenise, sketches,
/// streaming dedup, statistics, per-language shards, report) and `census stats` (the same without writing
/// documents), on one thread and on two. Input: `CENSUS_BENCH_CORPUS` (e.g. a make-corpus.py file), else
/// the samples repeated to ~32 MB (written once to a temporary gzip'd JSONL file).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .peakMemoryResident, BenchmarkSupport.megabytesPerSecond,
                  BenchmarkSupport.documentsPerSecond],
        maxDuration: .seconds(20), maxIterations: 5,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 5.0])])
    let input: String
    var documents = 0
    var bytes = 0
    if let path = ProcessInfo.processInfo.environment["CENSUS_BENCH_CORPUS"] {
        input = path
        _ = InputReader.read(InputSource(path: path), onDocument: { documents += 1; bytes += $0.text.count })
    } else {
        let texts = BenchmarkSupport.repeated(BenchmarkSupport.sampleTexts(.latin) + BenchmarkSupport.sampleTexts(.cyrillicGreek),
                                              toAtLeast: 32_000_000)
        var lines: [UInt8] = []
        for (k, t) in texts.enumerated() {
            var escaped: [UInt8] = []
            JSONEscape.appendQuoted(t, to: &escaped)
            lines += Array(#"{"id":"d\#(k)","text":"#.utf8) + escaped + Array("}\n".utf8)
            bytes += t.count
        }
        documents = texts.count
        input = FileManager.default.temporaryDirectory.appendingPathComponent("census-pipeline-bench.jsonl").path
        try! Data(lines).write(to: URL(fileURLWithPath: input))
    }
    let out = FileManager.default.temporaryDirectory.appendingPathComponent("census-pipeline-bench-out").path

    for (command, threads) in [("run", 1), ("run", 2), ("stats", 1)] {
        Benchmark("census-\(command)-threads-\(threads)") { benchmark in
            for _ in benchmark.scaledIterations {
                try? FileManager.default.removeItem(atPath: out)
                let s = BenchmarkSupport.seconds {
                    var options = RunOptions(inputs: [input], out: out)
                    options.quiet = true
                    options.threads = threads
                    options.writeDocuments = command == "run"
                    _ = try! CorpusRun(options).run()
                }
                benchmark.measurement(BenchmarkSupport.megabytesPerSecond, Int(Double(bytes) / 1e6 / s))
                benchmark.measurement(BenchmarkSupport.documentsPerSecond, Int(Double(documents) / s))
            }
        }
    }
}
