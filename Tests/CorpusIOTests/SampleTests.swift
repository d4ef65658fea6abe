import CorpusIO
import CorpusTestSupport
import Foundation
import Testing

/// The bundled samples: reference counts from `corpora-samples/counts.tsv` (computed by the script that
/// built them, independently of census) and drip-feed checks on real data.
@Suite struct SampleTests {
    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: TestPaths.samples.appendingPathComponent(name)))
    }

    /// counts.tsv as [file: [measure: value]].
    static func referenceCounts() throws -> [String: [String: Int]] {
        let text = try String(contentsOf: TestPaths.samples.appendingPathComponent("counts.tsv"), encoding: .utf8)
        var counts: [String: [String: Int]] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false)
            if f.count >= 3, let v = Int(f[2]) { counts[String(f[0]), default: [:]][String(f[1])] = v }
        }
        return counts
    }

    @Test func countsMatchTheReference() throws {
        let reference = try Self.referenceCounts()
        let wet = DripFeed.decode(try Self.bytes("crawl.warc.wet.gz"), path: "crawl.warc.wet.gz")
        #expect(wet.summary.documents == reference["crawl.warc.wet.gz"]?["conversion_records"])
        #expect(wet.summary.skipped.values.reduce(0, +) == reference["crawl.warc.wet.gz"]?["other_records"])
        #expect(wet.summary.errors.isEmpty && wet.rejections.isEmpty)
        let lines = DripFeed.decode(try Self.bytes("lines.txt.gz"), path: "lines.txt.gz")
        #expect(lines.summary.documents == reference["lines.txt.gz"]?["nonempty_lines"])
        let paragraphs = DripFeed.decode(try Self.bytes("help.paragraphs.txt"), path: "help.paragraphs.txt")
        #expect(paragraphs.summary.documents == reference["help.paragraphs.txt"]?["paragraphs"])
        let jsonl = DripFeed.decode(try Self.bytes("web-docs.jsonl.gz"), path: "web-docs.jsonl.gz")
        // Invalid UTF-8 is repaired, not rejected: census keeps the "lossy" records.
        #expect(jsonl.summary.documents == reference["web-docs.jsonl.gz"]?["records_lossy"])
        #expect(jsonl.summary.rejected.values.reduce(0, +) + jsonl.summary.documents
                == (reference["web-docs.jsonl.gz"]?["lines"] ?? 0) - (reference["web-docs.jsonl.gz"]?["blank_lines"] ?? 0))
    }

    /// The acceptance check of the foundation issue: the document count of the multi-member WET sample equals
    /// a reference count of its `WARC-Type: conversion` records, decompressed member by member with zlib here.
    @Test func wetDocumentCountEqualsConversionRecordCount() throws {
        let compressed = try Self.bytes("crawl.warc.wet.gz")
        let text = Compress.gunzipAll(compressed)
        let conversions = text.split(separator: 0x0A).filter { $0.elementsEqual("WARC-Type: conversion\r".utf8) }.count
        #expect(conversions > 100)
        let result = try runCensus(["count", "--json", TestPaths.samples.appendingPathComponent("crawl.warc.wet.gz").path])
        #expect(result.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect((json["total"] as? [String: Any])?["documents"] as? Int == conversions)
    }

    @Test(arguments: ["crawl.warc.wet.gz", "lines.txt.gz", "help.paragraphs.txt", "web-docs.jsonl.gz"])
    func samplesDecodeTheSameInEverySplit(_ name: String) throws {
        let input = try Self.bytes(name)
        let reference = DripFeed.decode(input, path: name)
        let splits: [DripFeed.Split] = input.count < 400_000 ? [.bytes(1), .random(seed: 9)] : [.bytes(13), .random(seed: 9)]
        for split in splits {
            #expect(DripFeed.decode(input, path: name, split: split) == reference, "\(name), \(split)")
        }
    }
}
