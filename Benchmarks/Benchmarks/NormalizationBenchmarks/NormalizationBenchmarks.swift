import Benchmark
import BenchmarkSupport
import CorpusCore
import CorpusNormalize
import Foundation

/// Normalisation: clean-up + NFC on text that is already NFC (the common case: quick check only), and on the
/// same text decomposed (NFD), which ICU must recompose. Latin and Cyrillic/Greek documents from
/// `corpora-samples/`, about 16 MB each, buffers reused (expected steady-state allocations: 0).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, BenchmarkSupport.megabytesPerSecond],
        maxDuration: .seconds(10), maxIterations: 30,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 5.0])])

    for (label, script) in [("Latin", BenchmarkSupport.Script.latin), ("Cyrillic+Greek", .cyrillicGreek)] {
        let texts = BenchmarkSupport.repeated(BenchmarkSupport.sampleTexts(script), toAtLeast: 16_000_000)
        var prepare = TextNormalizer(form: .nfc)
        let nfc: [[UInt8]] = texts.map { t in
            var out: [UInt8] = []
            t.withUnsafeBytes { _ = prepare.normalize($0, into: &out) }
            return out
        }
        let nfd: [[UInt8]] = nfc.map { Array(String(decoding: $0, as: UTF8.self).decomposedStringWithCanonicalMapping.utf8) }

        for (kind, documents) in [("already NFC", nfc), ("NFD input", nfd)] {
            let bytes = documents.reduce(0) { $0 + $1.count }
            Benchmark("nfc-\(slug(label))-\(slug(kind))") { benchmark in
                var normalizer = TextNormalizer(form: .nfc)
                var out: [UInt8] = []
                out.reserveCapacity(1 << 20)
                for d in documents.prefix(50) { d.withUnsafeBytes { _ = normalizer.normalize($0, into: &out) } }  // warm up
                for _ in benchmark.scaledIterations {
                    var changed = 0
                    let s = BenchmarkSupport.seconds {
                        for d in documents where d.withUnsafeBytes({ normalizer.normalize($0, into: &out) }) { changed &+= 1 }
                    }
                    benchmark.measurement(BenchmarkSupport.megabytesPerSecond, Int(Double(bytes) / 1e6 / s))
                    blackHole(changed)
                }
            }
        }
    }
}
