import CorpusCore
import CorpusIO
import CorpusTestSupport
import Foundation
import Testing

/// Inputs that every split must decode identically.
enum Inputs {
    static let jsonl: [UInt8] = Array("""
    {"id":"a1","text":"Bonjour le monde.\\nDeuxième ligne.","url":"https://example.fr/1","n":[1,{"x":"}"}]}
    {"id":7,"text":"Emoji \\ud83d\\ude00, NUL \\u0000, quote \\" slash \\/ tab\\t","meta":{"deep":[[[]]]}}

    not json at all
    {"text":"no id here"}
    {"id":"x","body":"no text field"}
    {"id":"y","text":42}
    {"text":"lone \\ud800 surrogate"}
    {"text":"bad escape \\q"}
    {"text":"unterminated}
    {"text":"trailing"} junk
       {"text":"leading spaces and CRLF"}\r
    {"text":"no final newline"}
    """.utf8)

    static let wetRecords: [[UInt8]] = {
        func record(_ type: String, _ uri: String, _ body: String, id: Int) -> [UInt8] {
            let block = Array(body.utf8)
            let header = "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Target-URI: \(uri)\r\nWARC-Date: 2024-03-01T12:00:0\(id % 10)Z\r\n"
                + "WARC-Record-ID: <urn:uuid:0000000\(id)>\r\nContent-Type: text/plain\r\nContent-Length: \(block.count)\r\n\r\n"
            return Array(header.utf8) + block + Array("\r\n\r\n".utf8)
        }
        return [
            record("warcinfo", "", "software: test\r\n", id: 0),
            record("conversion", "https://example.de/a", "Titel\nDies ist ein Satz auf Deutsch.", id: 1),
            record("conversion", "https://example.pl/b", "Tytuł\nZażółć gęślą jaźń.", id: 2),
            record("metadata", "https://example.pl/b", "fetchTimeMs: 12\r\n", id: 3),
            record("conversion", "https://example.ga/c", "", id: 4),
            record("conversion", "https://example.ga/d", "Dia duit ar maidin.", id: 5),
        ]
    }()

    static let wet: [UInt8] = wetRecords.flatMap { $0 }

    static let lines: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("first line\r\n\nsecond line\n   \nthird\u{0}line\nfourth ".utf8)
        + [0xFF] + Array(" é\nlast".utf8) + [0x0A, 0xC3, 0x28, 0x0A]

    static let paragraphs: [UInt8] = Array("para one line one\npara one line two\n\n\n  \npara two\r\n\r\npara three\nends".utf8)
}

@Suite struct DripFeedTests {
    static let cases: [(String, [UInt8], ReaderOptions)] = [
        ("jsonl", Inputs.jsonl, ReaderOptions(format: .jsonl)),
        ("jsonl.gz", Compress.gzip(Inputs.jsonl), ReaderOptions()),
        ("jsonl.zz", Compress.gzip(Inputs.jsonl, zlib: true), ReaderOptions(format: .jsonl)),
        ("wet.gz", Compress.multiMember(Inputs.wetRecords), ReaderOptions()),
        ("wet", Inputs.wet, ReaderOptions()),
        ("lines", Inputs.lines, ReaderOptions(format: .lines)),
        ("paragraphs.gz", Compress.multiMember([Array(Inputs.paragraphs.prefix(30)), Array(Inputs.paragraphs.dropFirst(30))]),
         ReaderOptions(format: .paragraphs)),
        ("truncated.jsonl.gz", Array(Compress.gzip(Inputs.jsonl).dropLast(20)), ReaderOptions()),
        ("garbage.wet.gz", Compress.multiMember(Inputs.wetRecords) + Array("trailing garbage".utf8), ReaderOptions()),
        ("corrupt.wet.gz", corruptMiddleMember(), ReaderOptions()),
        ("small-limit.jsonl", Inputs.jsonl, ReaderOptions(format: .jsonl, maxDocumentBytes: 40)),
        ("small-limit.wet", Inputs.wet, ReaderOptions(maxDocumentBytes: 20)),
        ("large-members.wet.gz", largeMembers(), ReaderOptions()),
        ("jsonl.zst", Compress.zstd(Inputs.jsonl), ReaderOptions()),
        ("frames.wet.zst", Inputs.wetRecords.flatMap { Compress.zstd($0) }, ReaderOptions()),
        ("small-window.wet.zst", Compress.zstd(smallWindowText, level: 1, windowLog: 10), ReaderOptions()),
        ("skippable.jsonl.zst", Compress.zstdSkippable(Array("x".utf8)) + Compress.zstd(Array(Inputs.jsonl.prefix(200)))
            + Compress.zstdSkippable([]) + Compress.zstd(Array(Inputs.jsonl.dropFirst(200)), checksum: false), ReaderOptions()),
        ("truncated.jsonl.zst", Array(Compress.zstd(Array((0..<40).map { _ in Inputs.jsonl }.joined()), windowLog: 10).dropLast(7)),
         ReaderOptions()),
        ("garbage.wet.zst", Inputs.wetRecords.flatMap { Compress.zstd($0) } + Array("trailing garbage".utf8), ReaderOptions()),
        ("corrupt.wet.zst", corruptMiddleFrame(), ReaderOptions()),
        ("dictionary.jsonl.zst", dictionaryFrame + Compress.zstd(Inputs.jsonl), ReaderOptions()),
        ("header-crc.wet.gz", headerCRCMembers(), ReaderOptions()),
    ]

    /// WET records repeated to ~120 KB, for a zstd frame with a 1 KiB window (its round buffer wraps often).
    static let smallWindowText: [UInt8] = (0..<60).flatMap { k in Inputs.wetRecords[1 + k % 5] }

    /// A zstd frame that needs dictionary 7 (census has none): a 1 KiB window, one raw block "hello".
    static let dictionaryFrame: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD, 0x01, 0x00, 0x07, 0x29, 0x00, 0x00] + Array("hello".utf8)

    /// One zstd frame per WET record, the third one's data damaged.
    static func corruptMiddleFrame() -> [UInt8] {
        var frames = Inputs.wetRecords.map { Compress.zstd($0) }
        var bad = frames[2]
        for k in 12..<min(bad.count - 4, 40) { bad[k] ^= 0x5A }
        frames[2] = bad
        return frames.flatMap { $0 }
    }

    /// Members that libdeflate cannot take whole (each over 1 MiB decompressed), ten in a row so that it is
    /// given up, between small members it takes.
    static func largeMembers() -> [UInt8] {
        let filler = Array(repeating: UInt8(ascii: "x"), count: 1_100_000)
        var parts = Array(Inputs.wetRecords.prefix(3))
        for k in 0..<10 {
            parts.append(Array("WARC/1.0\r\nWARC-Type: conversion\r\nWARC-Target-URI: https://big/\(k)\r\nContent-Length: \(filler.count)\r\n\r\n".utf8)
                         + filler + Array("\r\n\r\n".utf8))
        }
        return Compress.multiMember(parts + Inputs.wetRecords.dropFirst(3))
    }

    /// Members whose header carries a CRC (FHCRC): the second one wrong. zlib checks it, so the members go
    /// through zlib however the input is split, and the wrong one is damage.
    static func headerCRCMembers() -> [UInt8] {
        Inputs.wetRecords.enumerated().flatMap { index, record -> [UInt8] in
            let member = Compress.gzip(record)
            var header = Array(member.prefix(10))
            header[3] |= 0x02
            let crc = Compress.crc32(header) ^ (index == 2 ? 0xFFFF : 0)
            return header + [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF)] + member.dropFirst(10)
        }
    }

    /// A multi-member WET file whose second conversion record's member has damaged deflate data.
    static func corruptMiddleMember() -> [UInt8] {
        var members = Inputs.wetRecords.map { Compress.gzip($0) }
        var bad = members[2]
        for k in 12..<min(bad.count - 8, 40) { bad[k] ^= 0x5A }
        members[2] = bad
        return members.flatMap { $0 }
    }

    @Test(arguments: 0..<cases.count)
    func everySplitGivesTheSameRecords(_ index: Int) {
        let (name, bytes, options) = Self.cases[index]
        let reference = DripFeed.decode(bytes, path: "x.\(name)", options: options, split: .whole)
        #expect(reference.documents.count + reference.rejections.count > 0, "\(name): nothing decoded")
        for split in DripFeed.standardSplits.dropFirst() {
            let got = DripFeed.decode(bytes, path: "x.\(name)", options: options, split: split)
            #expect(got == reference, "\(name), \(split): \(got) vs \(reference)")
        }
    }
}

@Suite struct JSONLTests {
    let decoded = DripFeed.decode(Inputs.jsonl, path: "t.jsonl")

    @Test func decodesTextIdAndMetadata() throws {
        let first = try #require(decoded.documents.first)
        #expect(first.text == "Bonjour le monde.\nDeuxième ligne.")
        #expect(first.id == "a1")
        #expect(first.metadata == #""url":"https://example.fr/1","n":[1,{"x":"}"}]"#)
        #expect(first.location == 1 && first.recordNumber == 1)
    }

    @Test func unescapesSurrogatePairsAndNUL() throws {
        let second = try #require(decoded.documents.dropFirst().first)
        #expect(second.text == "Emoji 😀, NUL \u{0}, quote \" slash / tab\t")
        #expect(second.id == "7")
        #expect(second.repaired == 0)
    }

    @Test func loneSurrogateIsRepairedAndCounted() throws {
        let doc = try #require(decoded.documents.first { $0.text.hasPrefix("lone") })
        #expect(doc.text == "lone \u{FFFD} surrogate")
        #expect(doc.repaired == 6)
    }

    @Test func rejectsWithReasonsAndLines() {
        let got = decoded.rejections.map { "\($0.location):\($0.reason.name)" }
        #expect(got == ["4:invalid_json", "6:missing_text_field", "7:text_not_string", "9:invalid_json",
                        "10:invalid_json", "11:invalid_json"])
        #expect(decoded.summary.rejected[.invalidJSON] == 4)
        #expect(decoded.summary.documents == 6)
        #expect(decoded.summary.records == 12)
        #expect(decoded.texts.contains("leading spaces and CRLF"))
        #expect(decoded.texts.last == "no final newline")
    }

    @Test func alternativeTextFieldAndInvalidUTF8() {
        let input: [UInt8] = Array(#"{"body":"x "#.utf8) + [0xC3, 0x28, 0xFF] + Array("\"}\n".utf8)
        let got = DripFeed.decode(input, path: "t.jsonl", options: ReaderOptions(textField: "body"))
        #expect(got.texts == ["x \u{FFFD}(\u{FFFD}"])
        #expect(got.summary.repairedBytes == 2)
        #expect(got.summary.warnings.count == 1)
    }

    @Test func deepNestingIsRejectedWithoutRecursion() {
        let depth = 100_000
        let line = #"{"text":"deep","m":"# + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "}\n"
        let got = DripFeed.decode(Array(line.utf8) + Array(#"{"text":"next","m":[[[{"a":[1]}]]]}"#.utf8) + [0x0A], path: "t.jsonl")
        #expect(got.texts == ["next"])
        #expect(got.summary.rejected[.tooDeep] == 1)
        #expect(got.rejections.first?.detail == "nested deeper than 128 levels at column 20")
        let limit = #"{"text":"ok","m":"# + String(repeating: "[", count: 128) + String(repeating: "]", count: 128) + "}\n"
        #expect(DripFeed.decode(Array(limit.utf8), path: "t.jsonl").texts == ["ok"])
        let unbalanced = #"{"text":"deep","m":"# + String(repeating: "[", count: depth) + "}\n"
        #expect(DripFeed.decode(Array(unbalanced.utf8), path: "t.jsonl").summary.rejected[.tooDeep] == 1)
        let shallow = #"{"text":"x","m":"# + String(repeating: "[", count: 50) + "}\n"
        #expect(DripFeed.decode(Array(shallow.utf8), path: "t.jsonl").summary.rejected[.invalidJSON] == 1)
    }

    @Test func longLineIsRejectedAndTheRestKept() {
        let long = #"{"text":""# + String(repeating: "a", count: 200_000) + "\"}\n"
        let input = Array((#"{"text":"before"}"# + "\n" + long + #"{"text":"after"}"# + "\n").utf8)
        for split in DripFeed.standardSplits.prefix(3) + [.bytes(4096)] {
            let got = DripFeed.decode(input, path: "t.jsonl", options: ReaderOptions(maxDocumentBytes: 1000), split: split)
            #expect(got.texts == ["before", "after"], "\(split)")
            #expect(got.rejections.map(\.location) == [2])
            #expect(got.summary.rejected[.tooLong] == 1)
        }
    }
}

@Suite struct WETTests {
    @Test func keepsConversionRecordsAndCountsTheRest() {
        let got = DripFeed.decode(Compress.multiMember(Inputs.wetRecords), path: "c.warc.wet.gz")
        #expect(got.summary.format == .wet && got.summary.compression == .gzip)
        #expect(got.texts == ["Titel\nDies ist ein Satz auf Deutsch.", "Tytuł\nZażółć gęślą jaźń.", "", "Dia duit ar maidin."])
        #expect(got.summary.skipped == ["warcinfo": 1, "metadata": 1])
        #expect(got.documents[0].id == "<urn:uuid:00000001>")
        #expect(got.documents[0].metadata == #""url":"https://example.de/a","warc_date":"2024-03-01T12:00:01Z""#)
        #expect(got.documents[0].location == Inputs.wetRecords[0].count)
        #expect(got.summary.errors.isEmpty)
    }

    /// A warcinfo's `isPartOf` names the crawl of the records after it, in every split of the input; a later
    /// warcinfo without one keeps it, one with another name changes it, and a record before any warcinfo has none.
    @Test func warcinfoIsPartOfNamesTheCrawl() {
        func record(_ type: String, _ body: String) -> [UInt8] {
            let block = Array(body.utf8)
            return Array("WARC/1.0\r\nWARC-Type: \(type)\r\nContent-Type: application/warc-fields\r\nContent-Length: \(block.count)\r\n\r\n".utf8)
                + block + Array("\r\n\r\n".utf8)
        }
        let input = record("conversion", "before any warcinfo")
            + record("warcinfo", "software: x\r\nisPartOf: CC-MAIN-2024-10 \r\noperator: y\r\n")
            + record("conversion", "first")
            + record("warcinfo", "software: no crawl named here\r\n")
            + record("conversion", "second")
            + record("warcinfo", "IsPartOf:CC-MAIN-2024-18\r\n")
            + record("conversion", "third")
        for split in DripFeed.standardSplits {
            let got = DripFeed.decode(Compress.gzip(input), path: "c.warc.wet.gz", split: split)
            #expect(got.texts == ["before any warcinfo", "first", "second", "third"], "\(split)")
            #expect(got.documents.map(\.crawl) == ["", "CC-MAIN-2024-10", "CC-MAIN-2024-10", "CC-MAIN-2024-18"], "\(split)")
            #expect(got.documents[1].metadata.isEmpty, "the crawl is not written into the record")
        }
    }

    @Test func contentLengthOverrunIsATruncatedRecord() {
        var bytes = Inputs.wet
        bytes.removeLast(Inputs.wetRecords.last!.count - 3)  // cut into the last record's header... keep its start
        let body = Array("WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 1000000000000\r\n\r\nonly a little".utf8)
        let got = DripFeed.decode(Inputs.wet + body, path: "o.wet")
        #expect(got.documents.count == 4)
        let last = got.rejections.last
        #expect(last?.reason == .truncated)
        #expect(last?.location == Inputs.wet.count)
        #expect(last?.detail.contains("Content-Length 1000000000000 overruns") == true)
        _ = bytes
    }

    @Test func garbageBetweenRecordsIsRejectedOnceAndDecodingResumes() {
        let input = Inputs.wetRecords[1] + Array("this is not a record\nnor this\n".utf8) + Inputs.wetRecords[2]
        let got = DripFeed.decode(input, path: "g.wet")
        #expect(got.documents.count == 2)
        #expect(got.rejections.map(\.reason) == [.invalidWARCHeader])
        #expect(got.rejections.first?.location == Inputs.wetRecords[1].count)
    }

    @Test func membersDecodedWholeOrStreamedGiveTheSameRecords() {
        let large = DripFeed.decode(DripFeedTests.largeMembers(), path: "l.wet.gz")
        #expect(large.summary.errors.isEmpty)
        #expect(large.documents.count == 4 + 10 && large.texts.filter { $0.count == 1_100_000 }.count == 10)
        #expect(large.texts.contains("Dia duit ar maidin."))
        // A wrong header CRC is damage (zlib's verdict), a right one is not.
        let crc = DripFeed.decode(DripFeedTests.headerCRCMembers(), path: "h.wet.gz")
        #expect(crc.summary.errors.map(\.code) == [.corruptCompression])
        #expect(crc.summary.errors.first?.message.contains("header crc mismatch") == true)
        #expect(crc.texts.contains("Titel\nDies ist ein Satz auf Deutsch.") && !crc.texts.contains("Tytuł\nZażółć gęślą jaźń."))
    }

    @Test func zstdFramesDecodeAndDamageIsReportedAtAFrameOrBlock() {
        let plain = DripFeed.decode(Inputs.jsonl, path: "p.jsonl")
        let zst = DripFeed.decode(Compress.zstd(Inputs.jsonl), path: "p.jsonl.zst")
        #expect(zst.documents == plain.documents && zst.rejections == plain.rejections && zst.summary.errors.isEmpty)
        #expect(zst.summary.compression == .zstd)
        let wide = DripFeed.decode(Compress.zstd(DripFeedTests.smallWindowText, level: 1, windowLog: 10), path: "w.wet.zst")
        let wideReference = DripFeed.decode(DripFeedTests.smallWindowText, path: "w.wet")
        #expect(wide.documents == wideReference.documents && wide.documents.count == 60 - 12)   // every 5th is metadata
        let corrupt = DripFeed.decode(DripFeedTests.corruptMiddleFrame(), path: "c.wet.zst")
        #expect(corrupt.summary.errors.map(\.code) == [.corruptCompression])
        #expect(corrupt.summary.errors.first?.message.contains("resuming at the zstd frame at compressed byte") == true)
        #expect(corrupt.texts.contains("Dia duit ar maidin.") && corrupt.texts.contains("Titel\nDies ist ein Satz auf Deutsch."))
        let truncated = DripFeed.decode(Array(Compress.zstd(Inputs.jsonl).dropLast(7)), path: "t.jsonl.zst")
        #expect(truncated.summary.errors.map(\.code) == [.truncatedCompression])
        let garbage = DripFeed.decode(Inputs.wetRecords.flatMap { Compress.zstd($0) } + Array("trailing garbage".utf8), path: "g.wet.zst")
        #expect(garbage.summary.errors.map(\.code) == [.trailingGarbage] && garbage.documents.count == 4)
        // A frame that needs a dictionary is damage; the frame after it is read.
        let dictionary = DripFeed.decode(DripFeedTests.dictionaryFrame + Compress.zstd(Inputs.jsonl), path: "d.jsonl.zst")
        #expect(dictionary.summary.errors.map(\.code) == [.corruptCompression])
        #expect(dictionary.summary.errors.first?.message.contains("Dictionary mismatch") == true)
        #expect(dictionary.summary.errors.first?.message.contains("resuming at the zstd frame at compressed byte \(DripFeedTests.dictionaryFrame.count)") == true)
        #expect(dictionary.documents == plain.documents)
        // A frame asking for a 2 GiB window is refused, not allocated.
        let huge = DripFeed.decode([0x28, 0xB5, 0x2F, 0xFD, 0x00, 0xA8] + Array(repeating: 0, count: 64), path: "h.jsonl.zst")
        #expect(huge.summary.errors.first?.message.contains("MiB window") == true)
    }

    @Test func corruptMemberCostsOnlyItsRecords() {
        let got = DripFeed.decode(DripFeedTests.corruptMiddleMember(), path: "c.wet.gz")
        #expect(got.summary.errors.count == 1)
        #expect(got.summary.errors.first?.code == .corruptCompression)
        #expect(got.summary.errors.first?.message.contains("resuming at the gzip member at compressed byte") == true)
        // Records after the damaged member are still read.
        #expect(got.texts.contains("Dia duit ar maidin."))
        #expect(got.texts.contains("Titel\nDies ist ein Satz auf Deutsch."))
    }
}

@Suite struct TextFormatTests {
    @Test func linesFormat() {
        let got = DripFeed.decode(Inputs.lines, path: "l.txt")
        #expect(got.summary.format == .lines)
        #expect(got.texts == ["first line", "second line", "fourth \u{FFFD} é", "last", "\u{FFFD}("])
        #expect(got.rejections.map { "\($0.location):\($0.reason.name)" } == ["5:binary_data"])
        #expect(got.summary.repairedBytes == 2)
    }

    @Test func paragraphsFormat() {
        let got = DripFeed.decode(Inputs.paragraphs, path: "p.txt", options: ReaderOptions(format: .paragraphs))
        #expect(got.texts == ["para one line one\npara one line two", "para two", "para three\nends"])
        #expect(got.documents.map(\.location) == [1, 6, 8])
    }

    @Test func tooLongParagraphIsRejected() {
        let input = Array("short\n\n\(String(repeating: "x", count: 50))\n\(String(repeating: "y", count: 50))\n\nshort again\n".utf8)
        let got = DripFeed.decode(input, path: "p", options: ReaderOptions(format: .paragraphs, maxDocumentBytes: 60))
        #expect(got.texts == ["short", "short again"])
        #expect(got.rejections.map(\.reason) == [.tooLong])
    }
}

@Suite struct DetectionTests {
    @Test(arguments: [
        ("a.jsonl.gz", RecordFormat.jsonl), ("b.ndjson", .jsonl), ("c.warc.wet.gz", .wet), ("d.WARC", .wet),
        ("e.txt.gz", .lines), ("f.bin", nil), ("g.paragraphs.txt", .paragraphs), ("h.paragraphs.gz", .paragraphs),
    ] as [(String, RecordFormat?)])
    func formatFromExtension(_ path: String, _ expected: RecordFormat?) {
        #expect(RecordFormat.fromExtension(of: path) == expected)
    }

    @Test func formatFromContent() {
        #expect(DripFeed.decode(Inputs.wet, path: "noext").summary.format == .wet)
        #expect(DripFeed.decode(Inputs.jsonl, path: "noext").summary.format == .jsonl)
        #expect(DripFeed.decode(Array("hello\n".utf8), path: "noext").summary.format == .lines)
        #expect(DripFeed.decode(Compress.gzip(Inputs.jsonl), path: "noext").summary.format == .jsonl)
    }

    @Test func binaryInputIsAnError() {
        let got = DripFeed.decode([0x00, 0x01, 0x02, 0x00] + Array("text".utf8), path: "bin")
        #expect(got.summary.errors.first?.code == .binaryData)
        #expect(got.documents.isEmpty)
    }

    @Test func emptyInputIsAWarning() {
        let got = DripFeed.decode([], path: "empty.jsonl")
        #expect(got.summary.errors.isEmpty)
        #expect(got.summary.warnings == ["empty input (0 bytes)"])
    }

    @Test func unsupportedCompressionIsNamed() {
        let got = DripFeed.decode(Array("BZh91AY&SY".utf8), path: "x.bz2")
        #expect(got.summary.errors.first?.code == .unsupportedCompression)
        #expect(got.summary.errors.first?.message.hasPrefix("bzip2") == true)
        let xz = DripFeed.decode([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], path: "x.xz")
        #expect(xz.summary.errors.first?.message.hasPrefix("xz") == true)
    }

    @Test func truncatedGzipNamesTheOffset() {
        let gz = Compress.gzip(Inputs.jsonl)
        let got = DripFeed.decode(Array(gz.prefix(gz.count - 30)), path: "t.jsonl.gz")
        #expect(got.summary.errors.first?.code == .truncatedCompression)
        #expect(got.summary.errors.first?.message.contains("at compressed byte \(gz.count - 30)") == true)
    }

    @Test func trailingGarbageNamesTheOffset() {
        let gz = Compress.gzip(Inputs.jsonl)
        let got = DripFeed.decode(gz + Array("garbage!".utf8), path: "t.jsonl.gz")
        #expect(got.summary.errors.first?.code == .trailingGarbage)
        #expect(got.summary.errors.first?.message.contains("at compressed byte \(gz.count)") == true)
        #expect(got.summary.documents == 6)
    }
}

@Suite struct InputSourceTests {
    @Test func expandsDirectoriesSortedGlobsAndMissingNames() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("sub/deeper"), withIntermediateDirectories: true)
        for name in ["b.txt", "a.txt", "sub/z.jsonl", "sub/deeper/y.txt", ".hidden"] {
            #expect(fm.createFile(atPath: dir.appendingPathComponent(name).path, contents: Data("x\n".utf8)))
        }
        let root = dir.path
        #expect(fm.createFile(atPath: dir.appendingPathComponent("sub/README.md").path, contents: Data("x\n".utf8)))
        let expansion = InputSource.expand([root, "\(root)/*.txt", "\(root)/missing.gz", "\(root)/*.none", "-"])
        #expect(expansion.passedOver == 1)
        #expect(InputSource.expand([root], allFiles: true).sources.count == 5)
        #expect(expansion.sources.map(\.path) == ["\(root)/a.txt", "\(root)/b.txt", "\(root)/sub/deeper/y.txt", "\(root)/sub/z.jsonl",
                                        "\(root)/a.txt", "\(root)/b.txt", "-"])
        #expect(expansion.errors.map(\.code) == [.notFound, .notFound])
    }

    /// Issue 15, item 5: a symbolic link loop is walked once; item 3: a name that is not UTF-8 is read, and
    /// shown with its bytes escaped.
    @Test func linkLoopsAreWalkedOnceAndNamesThatAreNotUTF8AreRead() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let fm = FileManager.default
        try fm.createDirectory(at: dir.appendingPathComponent("a/b"), withIntermediateDirectories: true)
        #expect(fm.createFile(atPath: dir.appendingPathComponent("a/b/x.txt").path, contents: Data("x\n".utf8)))
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("a/b/up").path, withDestinationPath: "..")
        try fm.createSymbolicLink(atPath: dir.appendingPathComponent("a/b/self").path, withDestinationPath: ".")
        // A file named with the Latin-1 byte 0xE9 (not UTF-8), created through its bytes.
        let raw = Array(dir.path.utf8) + Array("/a/caf".utf8) + [0xE9] + Array(".txt".utf8) + [0]
        let fd = raw.withUnsafeBufferPointer { $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) } }
        #expect(fd >= 0)
        _ = write(fd, "caf\n", 4)
        close(fd)
        let expansion = InputSource.expand([dir.path])
        #expect(expansion.sources.count == 2, "\(expansion.sources.map(\.path))")
        #expect(expansion.revisited.count == 2)
        #expect(expansion.errors.isEmpty)
        let odd = try #require(expansion.sources.first { PathBytes.hasEscapedBytes($0.path) })
        #expect(PathBytes.display(odd.path).hasSuffix("/a/caf\\xe9.txt"))
        let summary = InputReader.read(odd, onDocument: { _ in })
        #expect(summary.errors.isEmpty && summary.records == 1)
        #expect(PathBytes.bytes(odd.path) == Array(raw.dropLast()))
        #expect(PathBytes.display("a\nb\u{1B}[31m") == "a\\nb\\x1b[31m")
    }

    @Test func readErrorIsReportedWithItsOffset() {
        // Reading /proc/self/mem at offset 0 fails with EIO, even for root.
        let got = InputReader.read(InputSource(path: "/proc/self/mem"), onDocument: { _ in })
        #expect(got.errors.first?.code == .readFailed)
        #expect(got.errors.first?.message.hasPrefix("read failed at byte 0") == true)
    }

    @Test func missingFileIsNotFound() {
        let got = InputReader.read(InputSource(path: "/nonexistent/x.jsonl"), onDocument: { _ in })
        #expect(got.errors.first?.code == .notFound)
    }
}

@Suite struct AvailableCPUsTests {
    @Test func respectsAffinityAndParsesQuotas() {
        #expect(AvailableCPUs.count >= 1)
        #expect(AvailableCPUs.count <= ProcessInfo.processInfo.processorCount)
        #expect(AvailableCPUs.quota(cpuMax: "max 100000\n") == nil)
        #expect(AvailableCPUs.quota(cpuMax: "150000 100000\n") == 2)
        #expect(AvailableCPUs.quota(cpuMax: "100000 100000") == 1)
        #expect(AvailableCPUs.quota(cpuMax: "garbage") == nil)
    }
}
