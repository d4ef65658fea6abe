import CorpusPipeline
import Testing

/// The text a run has left, estimated from the inputs' sizes with the text per byte on disk learnt as it goes.
@Suite struct TextEstimateTests {
    @Test func kindsComeFromNames() {
        #expect(TextEstimate.Kind(path: "a/web.JSONL.GZ") == .gzip && TextEstimate.Kind(path: "x.zz") == .gzip)
        #expect(TextEstimate.Kind(path: "b.jsonl.zst") == .zstd && TextEstimate.Kind(path: "c.warc.wet") == .plain)
        #expect(TextEstimate.Kind(path: "d.xz") == .other)
    }

    /// A plain input (1 text byte per byte) then two gzip inputs (4 text bytes per byte): before any gzip input
    /// is read the typical ratio (3) stands in; once one is read its own ratio does.
    @Test func learnsTheRatioPerKind() {
        let mb = 1 << 20
        var e = TextEstimate(paths: ["a.jsonl", "b.jsonl.gz", "c.jsonl.gz"], sizes: [8 * mb, 2 * mb, 2 * mb])
        e.observe(inputsDone: 0, offset: 0, textBytes: 0)
        #expect(e.remainingText == Int(0.9 * Double(8 * mb)) + 3 * 4 * mb)
        // Half of the plain input read, at 1 text byte per byte: its own ratio now counts.
        e.observe(inputsDone: 0, offset: 4 * mb, textBytes: 4 * mb)
        #expect(e.remainingText == 4 * mb + 3 * 4 * mb)
        // It ended (8 MB of text); the first gzip input is begun.
        e.observe(inputsDone: 1, offset: 0, textBytes: 8 * mb)
        #expect(e.remainingText == 3 * 4 * mb)
        // Read in full at 4 text bytes per byte; the second one is estimated with that ratio.
        e.observe(inputsDone: 2, offset: 0, textBytes: 16 * mb)
        #expect(e.remainingText == 8 * mb)
        e.observe(inputsDone: 2, offset: 1 * mb, textBytes: 20 * mb)
        #expect(e.remainingText == 4 * mb)
        // More text than estimated: never negative.
        e.observe(inputsDone: 2, offset: 2 * mb, textBytes: 40 * mb)
        #expect(e.remainingText == 0)
        e.observe(inputsDone: 3, offset: 0, textBytes: 40 * mb)
        #expect(e.remainingText == 0)
    }

    @Test func inputsThatEndTogetherAndUnknownSizes() {
        var e = TextEstimate(paths: ["a.gz", "b.gz", "c.gz", "d"], sizes: [100, 100, 100, 1000])
        // Three inputs ended between two observations: their text (600) over their bytes (300).
        e.observe(inputsDone: 3, offset: 0, textBytes: 600)
        #expect(e.remainingText == 900)
        var stdin = TextEstimate(paths: ["a.gz", "-"], sizes: [100, nil])
        #expect(stdin.remainingText == nil)
        stdin.observe(inputsDone: 1, offset: 10, textBytes: 300)
        #expect(stdin.remainingText == nil)
        #expect(TextEstimate(paths: [], sizes: []).remainingText == 0)
    }
}
