import CorpusTestSupport
import Foundation
import Testing

/// `census run --memory SIZE`: when the duplicate keys would not fit, duplicates are decided by sorting keys on
/// disk (one slice, merged), and the outputs are the same bytes as a run with the keys in memory; stopped and
/// resumed too; the slice is gone at the end.
@Suite struct MemoryBoundTests {
    static let options = ["--keep-removed", "--shard-size", "60K", "--threads", "2", "--checkpoint-seconds", "0"]

    @Test func keysOnDiskGiveTheSameOutputs() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try RunCommandTests.splitSamples(into: input, parts: 6)
        let free = dir.appendingPathComponent("free")
        let r = try runCensus(["run", "--out", free.path] + Self.options + [input.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("sorting keys on disk"))
        let bounded = dir.appendingPathComponent("bounded")
        let b = try runCensus(["run", "--memory", "1M", "--out", bounded.path] + Self.options + [input.path])
        #expect(b.status == 0, "\(b.stderr)")
        #expect(b.stderr.contains("documents do not fit in --memory 1 MB: duplicates are decided by sorting keys on disk"), "\(b.stderr)")
        #expect(b.stderr.contains("deciding duplicates by sorting the keys within 1 MB, then writing the outputs"))
        // The same messages otherwise (each rejected record once, not once per phase), and the same outputs.
        func messages(_ s: String, _ out: URL) -> [String] {
            s.split(separator: "\n").map { $0.replacingOccurrences(of: out.path, with: "OUT") }
                .filter { !$0.contains("sorting keys on disk") && !$0.contains("deciding duplicates by sorting the keys") }.map { $0.replacingOccurrences(of: #" in [0-9.]+ s \([0-9.]+ MB/s\)"#, with: "", options: .regularExpression) }
        }
        #expect(messages(b.stderr, bounded) == messages(r.stderr, free))
        let expected = try ShardMergeTests.outputs(free), got = try ShardMergeTests.outputs(bounded)
        #expect(expected.keys.sorted() == got.keys.sorted())
        for (path, data) in expected { #expect(got[path] == data, "\(path) differs") }
        #expect(expected.keys.contains("removed/part-00000.jsonl.gz") && expected.keys.contains("report/crawls.csv"))
        #expect(!FileManager.default.fileExists(atPath: bounded.appendingPathComponent("shards").path))
        // Done: a resume says so; a new run into the folder is refused; other options are refused.
        let again = try runCensus(["run", "--resume", "--out", bounded.path] + Self.options + [input.path])
        #expect(again.status == 0 && again.stderr.contains("the run is already complete"), "\(again.stderr)")
        #expect(try runCensus(["run", "--memory", "1M", "--out", bounded.path] + Self.options + [input.path]).status == 64)
        #expect(try runCensus(["run", "--resume", "--seed", "7", "--out", bounded.path] + Self.options + [input.path]).status == 64)
        #expect(try runCensus(["run", "--memory", "100K", "--out", bounded.path, input.path]).status == 64)
    }

    /// Stopped in the slice (after 2 of its 8 inputs) and resumed: the same outputs.
    @Test func keysOnDiskResumeToTheSameOutputs() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try RunCommandTests.splitSamples(into: input, parts: 6)
        let free = dir.appendingPathComponent("free")
        #expect(try runCensus(["run", "--quiet", "--out", free.path] + Self.options + [input.path]).status == 0)
        let expected = try ShardMergeTests.outputs(free)
        let stopped = dir.appendingPathComponent("stopped")
        let s = try runCensus(["run", "--quiet", "--memory", "1M", "--stop-after", "2", "--out", stopped.path] + Self.options + [input.path])
        #expect(s.status == 1 && s.stderr.contains("--stop-after"), "\(s.stderr)")
        #expect(FileManager.default.fileExists(atPath: stopped.appendingPathComponent("shards/0/state/checkpoint.json").path))
        // The resume goes on on disk without --memory: the slice in the folder says how the run began.
        let resumed = try runCensus(["run", "--quiet", "--resume", "--out", stopped.path] + Self.options + [input.path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let got = try ShardMergeTests.outputs(stopped)
        #expect(expected.keys.sorted() == got.keys.sorted())
        for (path, data) in expected { #expect(got[path] == data, "\(path) differs after a resume") }
    }
}
