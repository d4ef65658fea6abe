import CorpusTestSupport
import Foundation
import Testing

@Suite struct StatsCommandTests {
    /// Writes a JSONL fixture with a language field.
    static func write(_ lines: [String], to url: URL) throws {
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    }

    static func report(_ dir: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: dir.appendingPathComponent("report/report.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    static func row(_ report: [String: Any], _ code: String) throws -> [String: Any] {
        let rows = try #require(report["rows"] as? [[String: Any]])
        return try #require(rows.first { $0["code"] as? String == code })
    }

    @Test func handMadeFixtureGivesHandComputedNumbers() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("fixture.jsonl")
        try Self.write([
            #"{"id":"1","lang":"de","text":"Guten Morgen, liebe Welt."}"#,           // 4 words, 25 chars, 1 line
            #"{"id":"2","lang":"de","text":"Zweite Zeile\nmit Umlaut: Größe."}"#,    // 5 words, 31 chars, 2 lines
            #"{"id":"3","lang":"de","text":"guten morgen liebe welt"}"#,             // exact duplicate of 1
            #"{"id":"4","lang":"fr","text":"Bonjour à tous <script>alert(1)</script>"}"#,
            #"{"id":"5","lang":"de"}"#,                                               // rejected: no text
        ], to: input)
        let out = dir.appendingPathComponent("out")
        let result = try runCensus(["stats", "--quiet", "--lang-field", "lang", "--quality", "off", "--out", out.path, input.path])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.report(out)
        #expect(report["records_read"] as? Int == 5)
        #expect(report["kept"] as? Int == 3)
        #expect(report["exact_duplicates"] as? Int == 1)
        #expect(report["accounting_holds"] as? Bool == true)
        #expect((report["rejected"] as? [String: Int])?["missing_text_field"] == 1)
        let de = try Self.row(report, "de")
        #expect(de["documents"] as? Int == 3)
        #expect(de["documents_kept"] as? Int == 2)
        #expect(de["words_kept"] as? Int == 9)
        #expect(de["characters_kept"] as? Int == 25 + 31)
        #expect(de["bytes_kept"] as? Int == 25 + 33)
        #expect(de["exact_duplicates"] as? Int == 1)
        #expect(de["tier"] as? String == "critical")
        // Top words count every document (the duplicate too), case-folded, ties by the word.
        let top = (de["top_words"] as? [[String: Any]])?.map { "\($0["word"]!)=\($0["count"]!)" }
        #expect(top == ["guten=2", "liebe=2", "morgen=2", "welt=2", "größe=1", "mit=1", "umlaut=1", "zeile=1", "zweite=1"])
        // Every official language is listed, also when absent.
        let mt = try Self.row(report, "mt")
        #expect(mt["tier"] as? String == "absent" && mt["documents"] as? Int == 0)
        let html = try String(contentsOf: out.appendingPathComponent("report/report.html"), encoding: .utf8)
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        // The only script is the report's own (open the examples for print, a sample on its link), none from the data.
        let scripts = html.components(separatedBy: "<script>").dropFirst()
        #expect(scripts.count == 1 && scripts.allSatisfy { !$0.prefix { $0 != "<" }.contains("alert") })
        #expect(html.components(separatedBy: "class=\"bar\"").count - 1 == (report["rows"] as! [Any]).count)
    }

    /// `census report` re-renders with other thresholds, given plainly or with K/M/B suffixes.
    @Test func reportReRendersWithThresholdsGivenWithSuffixes() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("fixture.jsonl")
        try Self.write([#"{"lang":"de","text":"eins zwei drei vier"}"#, #"{"lang":"de","text":"fünf sechs"}"#], to: input)
        let out = dir.appendingPathComponent("out")
        #expect(try runCensus(["stats", "--quiet", "--lang-field", "lang", "--quality", "off", "--out", out.path, input.path]).status == 0)
        #expect(try Self.row(Self.report(out), "de")["tier"] as? String == "critical")
        let result = try runCensus(["report", out.path, "--critical-words", "5", "--scarce-words", "1K", "--moderate-words", "2.5M",
                                    "--target-words", "1e3"])
        #expect(result.status == 0, "\(result.stderr)")
        let report = try Self.report(out)
        #expect(try Self.row(report, "de")["tier"] as? String == "scarce")   // 6 words: at least 5, below 1,000
        let thresholds = try #require(report["thresholds"] as? [String: Double])
        #expect(thresholds["critical"] == 5 && thresholds["scarce"] == 1000 && thresholds["moderate"] == 2_500_000 && thresholds["target"] == 1000)
        #expect(try runCensus(["report", out.path, "--target-words", "1X"]).status == 64)
        #expect(try runCensus(["report", out.path, "--critical-words", "2K", "--scarce-words", "1K"]).status == 64)
    }

    @Test func mergingTheStatisticsOfTwoHalvesEqualsTheWhole() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let sample = TestPaths.samples
        let halves = [sample.appendingPathComponent("crawl.warc.wet.gz").path, sample.appendingPathComponent("lines.txt.gz").path]
        for (k, path) in halves.enumerated() {
            let r = try runCensus(["stats", "--quiet", "--out", dir.appendingPathComponent("half\(k)").path, path])
            #expect(r.status == 0)
        }
        let whole = try runCensus(["stats", "--quiet", "--out", dir.appendingPathComponent("whole").path] + halves)
        #expect(whole.status == 0)
        // Merge the saved statistics of the halves, then render: the bytes must equal the whole's report.json.
        let merged = try runCensus(["report", "--merge", dir.appendingPathComponent("half0").path,
                                    "--merge", dir.appendingPathComponent("half1").path, dir.appendingPathComponent("merged").path])
        #expect(merged.status == 0, "\(merged.stderr)")
        let a = try Data(contentsOf: dir.appendingPathComponent("whole/report/report.json"))
        let b = try Data(contentsOf: dir.appendingPathComponent("merged/report/report.json"))
        #expect(a == b)
    }
}
