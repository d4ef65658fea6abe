import Benchmark
import BenchmarkSupport
import CorpusCore
import CorpusStats
import Foundation

/// The statistics that see every word: HyperLogLog (vocabulary) and Count-Min (top words) over case-folded
/// word hashes, and merging per-language statistics (what threads and shards do).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, BenchmarkSupport.megabytesPerSecond],
        maxDuration: .seconds(10), maxIterations: 20,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 5.0])])
    var state: UInt64 = 1
    let hashes: [UInt64] = (0..<4_000_000).map { _ in
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Hash64.combine(state >> 40, 7)   // ~16 M distinct words, Zipf-free: a worst case for caches
    }

    Benchmark("vocabulary-and-top-words-4M-hashes") { benchmark in
        for _ in benchmark.scaledIterations {
            var s = LanguageStatistics()
            let seconds = BenchmarkSupport.seconds {
                hashes.withUnsafeBufferPointer {
                    s.vocabulary.add(contentsOf: $0)
                    s.wordCounts.add(contentsOf: $0)
                }
            }
            // 6 bytes of text per word on average in the sample corpora.
            benchmark.measurement(BenchmarkSupport.megabytesPerSecond, Int(Double(hashes.count) * 6 / 1e6 / seconds))
            blackHole(s.vocabulary.estimate)
        }
    }

    Benchmark("merge-1000-language-statistics") { benchmark in
        var part = LanguageStatistics()
        hashes.prefix(10_000).withUnsafeBufferPointer {
            part.vocabulary.add(contentsOf: $0)
            part.wordCounts.add(contentsOf: $0)
        }
        for _ in benchmark.scaledIterations {
            var total = LanguageStatistics()
            for _ in 0..<1_000 { total.merge(part) }
            blackHole(total.wordCounts.estimate(hashes[0]))
        }
    }
}
