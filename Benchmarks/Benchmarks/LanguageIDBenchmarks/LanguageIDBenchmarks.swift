import Benchmark
import BenchmarkSupport
import CorpusNormalize
import Foundation
import LanguageID

/// Language identification of whole documents (the first --max-letters letters of each, as `census run`
/// scores them): the sample documents of both script groups repeated to ~16 MB, normalised first.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, BenchmarkSupport.megabytesPerSecond, BenchmarkSupport.documentsPerSecond],
        maxDuration: .seconds(10), maxIterations: 10,
        thresholds: [.mallocCountTotal: .init(relative: [.p90: 5.0])])
    let texts = BenchmarkSupport.repeated(BenchmarkSupport.sampleTexts(.latin) + BenchmarkSupport.sampleTexts(.cyrillicGreek),
                                          toAtLeast: 16_000_000)
    let documents = BenchmarkSupport.nfc(texts)
    let bytes = documents.reduce(0) { $0 + $1.count }
    let model = try! LanguageModel.bundled.get()

    Benchmark("identify-documents") { benchmark in
        var identifier = LanguageIdentifier(model: model)
        for _ in benchmark.scaledIterations {
            var und = 0
            let s = BenchmarkSupport.seconds {
                for d in documents where d.withUnsafeBytes({ identifier.identify($0) }).code == LanguageGuess.undetermined { und += 1 }
            }
            benchmark.measurement(BenchmarkSupport.megabytesPerSecond, Int(Double(bytes) / 1e6 / s))
            benchmark.measurement(BenchmarkSupport.documentsPerSecond, Int(Double(documents.count) / s))
            blackHole(und)
        }
    }
}
