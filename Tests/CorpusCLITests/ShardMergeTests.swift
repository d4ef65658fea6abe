import CorpusTestSupport
import Foundation
import Testing

/// Sharded runs (`census run --shard I/N`) merged by `census merge` equal one run, byte for byte.
@Suite struct ShardMergeTests {
    static let options = ["--quiet", "--shard-size", "60K", "--keep-removed", "--threads", "2"]

    /// The outputs that must match: kept documents, removed ones, samples, report.json, errors.log.
    static func outputs(_ dir: URL) throws -> [String: Data] {
        try RunCommandTests.files(dir, except: ["state", "shards", "report/report.md", "report/report.html", "report/report.csv"])
    }

    @Test(arguments: [1, 2, 3, 7])
    func shardsMergedEqualOneRun(_ count: Int) throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try RunCommandTests.splitSamples(into: input, parts: 10)
        let single = dir.appendingPathComponent("single")
        let r = try runCensus(["run", "--out", single.path] + Self.options + [input.path])
        #expect(r.status == 0, "\(r.stderr)")
        let sharded = dir.appendingPathComponent("sharded")
        for i in 0..<count {
            let s = try runCensus(["run", "--shard", "\(i)/\(count)", "--out", sharded.path] + Self.options + [input.path])
            #expect(s.status == 0, "\(s.stderr)")
        }
        // A small --memory makes the key sort spill runs to disk and merge them.
        let m = try runCensus(["merge", "--quiet", "--memory", "1M", sharded.path])
        #expect(m.status == 0, "\(m.stderr)")
        let expected = try Self.outputs(single), got = try Self.outputs(sharded)
        #expect(expected.keys.sorted() == got.keys.sorted())
        for (path, data) in expected { #expect(got[path] == data, "N = \(count): \(path) differs") }
        #expect(expected.keys.contains("data/en/part-00000.jsonl.gz") && expected.keys.contains("report/report.json"))
        // The per-input view (equal above, inputs.csv too): one row per input, adding up to the totals.
        let report = try RunCommandTests.report(single)
        let inputs = try #require(report["inputs"] as? [[String: Any]])
        #expect(inputs.count == 12 && expected.keys.contains("report/inputs.csv"))   // 10 parts + 2 samples
        #expect(inputs.reduce(0) { $0 + ($1["kept"] as! Int) } == report["kept"] as! Int)
        let rejected = (report["rejected"] as! [String: Int]).values.reduce(0, +)
        #expect(inputs.reduce(0) { $0 + ($1["documents"] as! Int) } == (report["records_read"] as! Int) - rejected)

        if count == 7 {
            // Duplicates span shards: each shard's inputs alone hold fewer duplicates than the merge found.
            let names = try FileManager.default.contentsOfDirectory(atPath: input.path).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            var withinShards = 0
            for i in 0..<count {
                let slice = names.enumerated().filter { $0.offset % count == i }.map { input.appendingPathComponent($0.element).path }
                let out = dir.appendingPathComponent("slice\(i)")
                #expect(try runCensus(["stats", "--quiet", "--out", out.path] + slice).status == 0)
                let report = try RunCommandTests.report(out)
                withinShards += (report["exact_duplicates"] as! Int) + (report["near_duplicates"] as! Int)
            }
            let merged = try RunCommandTests.report(sharded)
            let total = (merged["exact_duplicates"] as! Int) + (merged["near_duplicates"] as! Int)
            #expect(total > withinShards + 20, "cross-shard duplicates: \(total) found, \(withinShards) within shards")
        }
    }

    @Test func mergeRefusesIncompleteOrMissingShards() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = TestPaths.samples.appendingPathComponent("lines.txt.gz").path
        let out = dir.appendingPathComponent("out").path
        #expect(try runCensus(["run", "--quiet", "--shard", "1/2", "--out", out, input]).status == 0)
        let missing = try runCensus(["merge", out])
        #expect(missing.status == 1 && missing.stderr.contains("shards 0 of 2 are missing"), "\(missing.stderr)")
        #expect(try runCensus(["merge", dir.appendingPathComponent("nothing").path]).status == 64)
        #expect(try runCensus(["run", "--shard", "2/2", "--out", out, input]).status == 64)
    }
}
