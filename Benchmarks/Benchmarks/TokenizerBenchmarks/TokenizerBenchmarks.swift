import Benchmark
import BenchmarkSupport
import CorpusCore
import CorpusNormalize

/// Tokenising: the census tokeniser against ICU's word BreakIterator on the same normalised documents, Latin
/// script and Cyrillic/Greek script separately, plus case-folded hashing of every token.
///
/// Documents come from `corpora-samples/` (repeated to about 16 MB). Buffers are reused across documents, as
/// in the pipeline, so the malloc count per iteration shows steady-state allocations (expected: 0).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, BenchmarkSupport.megabytesPerSecond, BenchmarkSupport.tokens],
        maxDuration: .seconds(10), maxIterations: 30,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 5.0])])

    let tokenizer = WordTokenizer.icu
    for (label, script) in [("Latin", BenchmarkSupport.Script.latin), ("Cyrillic+Greek", .cyrillicGreek)] {
        let documents = BenchmarkSupport.nfc(BenchmarkSupport.repeated(BenchmarkSupport.sampleTexts(script), toAtLeast: 16_000_000))
        let bytes = documents.reduce(0) { $0 + $1.count }

        Benchmark("tokenize-\(slug(label))-census") { benchmark in
            var tokens: [Token] = []
            tokens.reserveCapacity(1 << 16)
            for _ in benchmark.scaledIterations {
                var count = 0
                let s = BenchmarkSupport.seconds {
                    for d in documents {
                        tokens.removeAll(keepingCapacity: true)
                        d.withUnsafeBytes { tokenizer.tokenize($0, into: &tokens) }
                        count &+= tokens.count
                    }
                }
                benchmark.measurement(BenchmarkSupport.megabytesPerSecond, Int(Double(bytes) / 1e6 / s))
                benchmark.measurement(BenchmarkSupport.tokens, count)
            }
        }

        Benchmark("tokenize-\(slug(label))-icu-breakiterator", configuration: .init(maxIterations: 3)) { benchmark in
            var tokens: [Token] = []
            var scratch: [Int32] = []
            tokens.reserveCapacity(1 << 16)
            for _ in benchmark.scaledIterations {
                var count = 0
                let s = BenchmarkSupport.seconds {
                    for d in documents {
                        tokens.removeAll(keepingCapacity: true)
                        d.withUnsafeBytes { raw in
                            do throws(ICUError) { try ICUWordSegmenter.tokenize(raw, into: &tokens, scratch: &scratch) } catch {}
                        }
                        count &+= tokens.count
                    }
                }
                benchmark.measurement(BenchmarkSupport.megabytesPerSecond, Int(Double(bytes) / 1e6 / s))
                benchmark.measurement(BenchmarkSupport.tokens, count)
            }
        }

        Benchmark("tokenize-fold-hash-\(slug(label))-census") { benchmark in
            var tokens: [Token] = []
            var keys = WordKeys()
            keys.reserveCapacity(textBytes: documents.reduce(0) { max($0, $1.count) })   // as the pipeline's, grown once
            var plain: [UInt64] = [], digitsAsZero: [UInt64] = []
            tokens.reserveCapacity(1 << 16)
            plain.reserveCapacity(1 << 16)
            digitsAsZero.reserveCapacity(1 << 16)
            let folding = CaseFolding.icu
            for _ in benchmark.scaledIterations {
                var sum: UInt64 = 0
                let s = BenchmarkSupport.seconds {
                    for d in documents {
                        tokens.removeAll(keepingCapacity: true)
                        plain.removeAll(keepingCapacity: true)
                        digitsAsZero.removeAll(keepingCapacity: true)
                        d.withUnsafeBytes { raw in
                            tokenizer.tokenize(raw, into: &tokens)
                            // As the pipeline does: the text folded once, both keys of each word where it lies.
                            keys.append(raw, tokens: tokens, folding: folding, plain: &plain, digitsAsZero: &digitsAsZero)
                        }
                        for k in plain.indices { sum &+= plain[k] ^ digitsAsZero[k] }
                    }
                }
                benchmark.measurement(BenchmarkSupport.megabytesPerSecond, Int(Double(bytes) / 1e6 / s))
                blackHole(sum)
            }
        }
    }
}
