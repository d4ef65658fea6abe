import CorpusIO
import CorpusTestSupport
import Foundation
import Testing

/// The shard writer's checkpoint, restore and finish (regression tests of issue 15).
@Suite struct PartWriterTests {
    static func names(_ dir: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).sorted()
    }

    /// Issue 15, item 1: a writer restored at a checkpoint and given no record since must still complete its
    /// `.partial` shard under the final name when finished.
    @Test func aRestoredWriterWithNoNewRecordCompletesItsShard() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = PartWriter(directory: dir.path)
        try first.append(Array(#"{"text":"one"}"#.utf8) + [0x0A])
        let position = try first.checkpoint()
        #expect(Self.names(dir) == ["part-00000.jsonl.gz.partial"])
        // A crash: the process is gone; a new one restores the folder and continues at the position.
        try PartWriter.restore(directory: dir.path, to: position)
        let resumed = PartWriter(directory: dir.path, position: position)
        try resumed.finish()
        #expect(Self.names(dir) == ["part-00000.jsonl.gz"])
        let data = try Data(contentsOf: dir.appendingPathComponent("part-00000.jsonl.gz"))
        #expect(Compress.gunzipAll([UInt8](data)) == Array(#"{"text":"one"}"#.utf8) + [0x0A])
    }

    @Test func aWriterThatNeverBeganWritesNothing() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let writer = PartWriter(directory: dir.appendingPathComponent("x").path)
        try writer.finish()
        #expect(Self.names(dir).isEmpty)
    }
}

/// Issue 15, item 3: an input cut while it is read is an error, not a quietly shorter input.
@Suite struct ShrinkingInputTests {
    @Test func anInputCutWhileReadFails() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("in.txt").path
        try Data(String(repeating: "eine Zeile Text\n", count: 100_000).utf8).write(to: URL(fileURLWithPath: path))
        var options = ReaderOptions()
        options.chunkSize = 64 << 10
        var cut = false
        let summary = InputReader.read(InputSource(path: path), options: options, onDocument: { _ in }, onProgress: { _ in
            if !cut { cut = truncate(path, 100_000) == 0 }
        })
        #expect(cut)
        #expect(summary.errors.first?.message.contains("shrank while being read") == true, "\(summary.errors)")
    }
}
