import CorpusPipeline
import CorpusTestSupport
import Foundation
import Testing

/// `census dedup` as a library call: on the same parallel stage as a run, so the same for any threads, and
/// the same decisions as `census run` makes in one pass.
@Suite struct DuplicateRemovalTests {
    @Test func theOutputsAreTheSameForAnyThreadsAndAgreeWithARun() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = TestPaths.samples.appendingPathComponent("web-docs.jsonl.gz").path
        var outputs: [[String: Data]] = []
        var summaries: [DuplicateRemoval.Summary] = []
        for threads in [1, 4] {
            var removal = DuplicateRemoval(inputs: [input], out: dir.appendingPathComponent("t\(threads)").path)
            removal.threads = threads
            removal.quiet = true
            var removed: [String] = []
            summaries.append(try removal.run(removed: { removed.append(String(decoding: $0, as: UTF8.self)) }))
            #expect(removed.count == summaries.last!.exactDuplicates + summaries.last!.nearDuplicates)
            outputs.append(try CorpusRunTests.files(dir.appendingPathComponent("t\(threads)")))
        }
        #expect(outputs[0] == outputs[1])
        #expect(Set(outputs[0].keys) == ["kept.jsonl.gz", "removed.jsonl", "summary.json"])
        let s = summaries[0]
        #expect(s == summaries[1])
        #expect(s.exactDuplicates > 0 && s.nearDuplicates > 0 && s.kept + s.exactDuplicates + s.nearDuplicates == s.documents)
        // One pass of `census run` removes the same numbers (its rule is the same, decided as the documents come).
        var options = RunOptions(inputs: [input], out: dir.appendingPathComponent("run").path)
        options.quiet = true
        let run = try CorpusRun(options).run().statistics
        #expect(run.exactDuplicates == s.exactDuplicates && run.nearDuplicates == s.nearDuplicates)
    }

    @Test func aFailedInputStopsBeforeAnythingIsWritten() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        var problems: [String] = []
        let removal = DuplicateRemoval(inputs: [dir.appendingPathComponent("missing.jsonl").path], out: out.path)
        do {
            _ = try removal.run(events: { if case .problem(let line) = $0 { problems.append(line) } })
            Issue.record("a missing input must fail the removal")
        } catch { #expect(error.kind == .failed) }
        #expect(problems.count == 1 && problems[0].contains("missing.jsonl: cannot open"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("kept.jsonl.gz").path))
    }
}
