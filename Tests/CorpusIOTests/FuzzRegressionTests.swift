import CorpusIO
import CorpusTestSupport
import Foundation
import Testing

/// Inputs the fuzzers (Fuzz/) found, reduced to what broke: each must now decode the same however it is split.
@Suite struct FuzzRegressionTests {
    /// FuzzWET, crash-93ad6897: NUL bytes just after the first 8 KiB. Binary detection counted the NULs in
    /// everything read before it decided (all 8.6 KB at once, but only the first 8,192 + a few bytes when
    /// the input came in pieces), so one reading called the input binary and skipped it, the other did not.
    @Test func binaryDetectionLooksAtExactlyTheFirst8KiB() {
        var bytes = Array(String(repeating: "a b\n", count: 2048).utf8)          // 8,192 bytes of text
        bytes += [UInt8](repeating: 0, count: 400) + Array("\nlast line\n".utf8)  // then 400 NULs
        for format in [RecordFormat.lines, .wet, .jsonl] {
            let whole = DripFeed.decode(bytes, path: "x", options: ReaderOptions(format: format), split: .whole)
            #expect(!whole.summary.failed, "\(format): the first 8 KiB are text")
            for split in DripFeed.standardSplits {
                let other = DripFeed.decode(bytes, path: "x", options: ReaderOptions(format: format), split: split)
                #expect(other.documents.map(\.text) == whole.documents.map(\.text), "\(format), \(split)")
                #expect(other.rejections.count == whole.rejections.count && other.summary.failed == whole.summary.failed)
            }
        }
        // NULs inside the first 8 KiB still make it binary, however split.
        let binary = [UInt8](repeating: 0, count: 300) + bytes
        for split in DripFeed.standardSplits {
            #expect(DripFeed.decode(binary, path: "x", options: ReaderOptions(format: .lines), split: split).summary.failed)
        }
    }
}
