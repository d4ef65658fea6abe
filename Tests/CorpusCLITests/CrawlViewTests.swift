import CorpusTestSupport
import Foundation
import Testing

/// The report's per-crawl view: each document counted under the crawl its input names (WET warcinfo, `dump`
/// field, Common Crawl path) or its date's month, adding up to the totals; capped, and the same after a resume.
@Suite struct CrawlViewTests {
    /// Distinct sentences of the samples, `count` per document.
    static func texts(_ documents: Int, lines count: Int = 4) throws -> [String] {
        let data = try Data(contentsOf: TestPaths.samples.appendingPathComponent("lines.txt.gz"))
        let lines = String(decoding: Compress.gunzipAll([UInt8](data)), as: UTF8.self).split(separator: "\n").map(String.init)
        return (0..<documents).map { d in (0..<count).map { lines[(d * count + $0) % lines.count] }.joined(separator: " ") }
    }

    static func jsonl(_ texts: [String], _ fields: [String]) -> String {
        zip(texts, fields).map { text, fields in
            let t = String(decoding: try! JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes]), as: UTF8.self).dropFirst().dropLast()
            return "{\"text\":\(t)\(fields.isEmpty ? "" : "," + fields)}\n"
        }.joined()
    }

    static func wet(_ texts: [String], crawl: String?, date: String) -> String {
        func record(_ type: String, _ body: String, _ extra: String) -> String {
            "WARC/1.0\r\nWARC-Type: \(type)\r\n\(extra)Content-Length: \(body.utf8.count)\r\n\r\n\(body)\r\n\r\n"
        }
        var out = crawl.map { record("warcinfo", "software: test\r\nisPartOf: \($0)\r\n", "") } ?? ""
        for (k, t) in texts.enumerated() {
            out += record("conversion", t, "WARC-Target-URI: https://w\(k).example/\r\nWARC-Date: \(date)\r\n")
        }
        return out
    }

    @Test func everyDocumentCountsUnderItsCrawl() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in")
        let cc = input.appendingPathComponent("crawl-data/CC-MAIN-2023-50")
        try FileManager.default.createDirectory(at: cc, withIntermediateDirectories: true)
        let t = try Self.texts(13)
        try Self.jsonl(Array(t[0..<4]), ["", "", "", #""dump":"CC-MAIN-2024-10","date":"2019-01-01""#])
            .write(to: cc.appendingPathComponent("a.jsonl"), atomically: true, encoding: .utf8)
        // The warcinfo names the crawl, over the path and the dates.
        try Self.wet(Array(t[4..<6]), crawl: "CC-MAIN-2022-05", date: "2021-07-30T10:00:00Z")
            .write(to: cc.appendingPathComponent("b.warc.wet"), atomically: true, encoding: .utf8)
        try Self.wet(Array(t[6..<8]), crawl: nil, date: "2021-07-30T10:00:00Z")
            .write(to: input.appendingPathComponent("c.warc.wet"), atomically: true, encoding: .utf8)
        try Self.jsonl(Array(t[8..<13]), [#""date":"2020-01-05""#, #""date":"2020-01-31T23:59:59Z""#, #""timestamp":"2020-02-01T00:00:00Z""#, #""date":"soon""#, ""])
            .write(to: input.appendingPathComponent("d.jsonl"), atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("out")
        let run = try runCensus(["run", "--quiet", "--out", out.path, input.path])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try RunCommandTests.report(out)
        let crawls = try #require(report["crawls"] as? [[String: Any]])
        let documents = crawls.map { ($0["path"] as! String, $0["documents"] as! Int) }
        #expect(documents.map(\.0) == ["2020-01", "2020-02", "2021-07", "CC-MAIN-2022-05", "CC-MAIN-2023-50", "CC-MAIN-2024-10", "unknown"])
        #expect(documents.map(\.1) == [2, 1, 2, 2, 3, 1, 2])
        #expect(crawls.reduce(0) { $0 + ($1["kept"] as! Int) } == report["kept"] as! Int)
        let inputs = try #require(report["inputs"] as? [[String: Any]])
        #expect(crawls.reduce(0) { $0 + ($1["words_kept"] as! Int) } == inputs.reduce(0) { $0 + ($1["words_kept"] as! Int) })
        let csv = try String(contentsOf: out.appendingPathComponent("report/crawls.csv"), encoding: .utf8)
        #expect(csv.hasPrefix("crawl,language,documents,kept,words_kept\n2020-01,"), "\(csv.prefix(200))")
        let markdown = try String(contentsOf: out.appendingPathComponent("report/report.md"), encoding: .utf8)
        #expect(markdown.contains("## Crawls") && markdown.contains("| CC-MAIN-2022-05 | 2 |"), "\(markdown.components(separatedBy: "## Crawls").last?.prefix(900) ?? "")")
        let html = try String(contentsOf: out.appendingPathComponent("report/report.html"), encoding: .utf8)
        #expect(html.contains("<table id=\"crawls\">") && html.contains("<td>CC-MAIN-2024-10</td><td>1</td>"))
    }

    /// 1,003 crawl names: the first 1,000 (in input order) are counted by name, the rest as "(other crawls)", and
    /// a run stopped after the first input and resumed numbers them the same way.
    @Test func crawlNamesAreCappedTheSameWayAcrossAResume() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        let t = try Self.texts(1003, lines: 1)
        let names = (0..<1003).map { String(format: "z%04d", 1002 - $0) }   // input order is not name order
        try Self.jsonl(Array(t[0..<998]), names[0..<998].map { "\"dump\":\"\($0)\"" }).write(to: input.appendingPathComponent("a.jsonl"), atomically: true, encoding: .utf8)
        try Self.jsonl(Array(t[998...]), names[998...].map { "\"dump\":\"\($0)\"" }).write(to: input.appendingPathComponent("b.jsonl"), atomically: true, encoding: .utf8)
        let options = ["--quiet", "--checkpoint-seconds", "0", "--quality", "off"]
        let reference = dir.appendingPathComponent("reference")
        #expect(try runCensus(["run", "--out", reference.path] + options + [input.path]).status == 0)
        let report = try RunCommandTests.report(reference)
        let crawls = try #require(report["crawls"] as? [[String: Any]])
        #expect(crawls.count == 1001)
        #expect(crawls.last?["path"] as? String == "(other crawls)" && crawls.last?["documents"] as? Int == 3)
        #expect(!crawls.contains { ["z0000", "z0001", "z0002"].contains($0["path"] as! String) } && crawls.contains { $0["path"] as! String == "z0003" })
        let markdown = try String(contentsOf: reference.appendingPathComponent("report/report.md"), encoding: .utf8)
        #expect(markdown.contains("The 100 crawls with the most documents of 1,001 are listed"))
        #expect(markdown.components(separatedBy: "## Crawls").last!.components(separatedBy: "\n| z").count == 100)
        let stopped = dir.appendingPathComponent("stopped")
        let s = try runCensus(["run", "--stop-after", "1", "--out", stopped.path] + options + [input.path])
        #expect(s.status == 1 && s.stderr.contains("--stop-after"), "\(s.stderr)")
        #expect(try runCensus(["run", "--resume", "--out", stopped.path] + options + [input.path]).status == 0)
        for file in ["report/report.json", "report/crawls.csv"] {
            #expect(try Data(contentsOf: stopped.appendingPathComponent(file)) == Data(contentsOf: reference.appendingPathComponent(file)), "\(file)")
        }
    }
}
