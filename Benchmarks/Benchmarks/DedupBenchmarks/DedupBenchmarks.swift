import Benchmark
import BenchmarkSupport
import CorpusIO
import CorpusNormalize
import Dedup
import Foundation

/// Near-duplicate detection: shingling + MinHash signatures + LSH band keys + resolution (sort, union-find),
/// the part the peers (datasketch, rensa, datatrove) are timed on. Input: the documents of
/// `CENSUS_BENCH_JSONL` (e.g. the peers' `docs.jsonl.gz`) or, by default, `corpora-samples/` repeated to
/// about 16 MB; normalised (NFC) before timing. Defaults: 5-grams, 14 bands × 8 rows.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, BenchmarkSupport.megabytesPerSecond],
        maxDuration: .seconds(10), maxIterations: 10,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 5.0])])
    var texts: [[UInt8]] = []
    if let path = ProcessInfo.processInfo.environment["CENSUS_BENCH_JSONL"] {
        _ = InputReader.read(InputSource(path: path), onDocument: { texts.append($0.text) })
    } else {
        texts = BenchmarkSupport.repeated(BenchmarkSupport.sampleTexts(.latin) + BenchmarkSupport.sampleTexts(.cyrillicGreek),
                                          toAtLeast: 16_000_000)
    }
    let documents = BenchmarkSupport.nfc(texts)
    let bytes = documents.reduce(0) { $0 + $1.count }

    Benchmark("minhash-lsh-resolve") { benchmark in
        var sketcher = DocumentSketcher(configuration: DedupConfiguration())
        for _ in benchmark.scaledIterations {
            var removed = 0
            let s = BenchmarkSupport.seconds {
                var index = DedupIndex(configuration: DedupConfiguration())
                for d in documents { index.add(d.withUnsafeBytes { sketcher.sketch($0) }) }
                let result = index.resolve()
                removed = result.removedCounts.exact + result.removedCounts.near
            }
            benchmark.measurement(BenchmarkSupport.megabytesPerSecond, Int(Double(bytes) / 1e6 / s))
            blackHole(removed)
        }
    }
}
