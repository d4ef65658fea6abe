import CorpusIO
import CorpusNormalize
import CorpusPipeline
import CorpusStats
import CorpusTestSupport
import Dedup
import Foundation
import LanguageID
import Testing

/// The engine driven in-process, without the command line (issue 17): the parallel stage feeds the ordered
/// stage, problems come out as events, and the outputs are the same for any number of threads.
@Suite struct EngineTests {
    /// Runs the engine over `inputs` into `out` with `threads` workers; returns the events and the statistics.
    static func run(_ inputs: [String], out: String, threads: Int) throws -> (events: [String], statistics: CorpusStatistics) {
        let expansion = InputSource.expand(inputs)
        var configuration = OrderedStage.Configuration(out: out)
        nonisolated(unsafe) var events: [String] = []
        configuration.events = { if case .problem(let line) = $0 { events.append(line) } }
        var dedup = DedupConfiguration()
        dedup.seed = 1
        let engine = OrderedStage(configuration: configuration, sources: expansion.sources, dedup: dedup)
        try engine.start()
        let model = try LanguageModel.bundled.get()
        let pipeline = ParallelStage(sources: expansion.sources, readerOptions: ReaderOptions(), threads: threads) {
            DocumentAnalyzer(identifier: LanguageIdentifier(model: model), normalizer: TextNormalizer(),
                             sketcher: DocumentSketcher(configuration: dedup), langField: nil, seed: 1)
        }
        try pipeline.run(inputs: engine.inputs, from: 0) { try engine.consume($0) }
        try engine.finish(thresholds: ScarcityThresholds())
        return (events, engine.currentStatistics)
    }

    @Test func theEngineRunsInProcessAndReportsProblemsAsEvents() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = TestPaths.samples.appendingPathComponent("web-docs.jsonl.gz").path
        let one = try Self.run([input], out: dir.appendingPathComponent("one").path, threads: 1)
        let two = try Self.run([input], out: dir.appendingPathComponent("two").path, threads: 2)
        // The sample holds two bad records and repaired UTF-8: three problems, one line each, in input order.
        #expect(one.events.count == 3, "\(one.events)")
        #expect(one.events.first?.contains("line 101: invalid_json") == true)
        #expect(one.events == two.events)
        let s = one.statistics
        #expect(s.recordsRead == s.keptDocuments + s.exactDuplicates + s.nearDuplicates + s.rejectedRecords)
        #expect(s.rejectedRecords == 2 && s.keptDocuments > 0)
        #expect(s == two.statistics, "the same statistics for 1 and 2 threads")
        let report = try Data(contentsOf: dir.appendingPathComponent("one/report/report.json"))
        #expect(report == (try Data(contentsOf: dir.appendingPathComponent("two/report/report.json"))))
    }
}
