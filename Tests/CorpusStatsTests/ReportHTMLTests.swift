import CorpusStats
import Foundation
import Testing

/// The speaker figures and the HTML report's parts on the hand-made fixture of ``ReportFigureTests``.
@Suite struct ReportSpeakerAndHTMLTests {
    @Test func speakersL1AndL1PlusL2WithBothRatios() throws {
        let r = ReportFigureTests.report()
        let hr = try #require(r.rows.first { $0.code == "hr" })
        let en = try #require(r.rows.first { $0.code == "en" })
        // L1: hr 4 + en 6 = 10 M; L1 + L2: hr 4 (no L2 published) + en 6 + 170 = 180 M. hr has all 35 kept words.
        #expect(hr.euSpeakersL1L2Millions == 4 && en.euSpeakersL1L2Millions == 176)
        #expect(hr.speakerShare == 0.4 && hr.shareRatio == 2.5)
        #expect(hr.speakerShareL1L2 == 4.0 / 180 && abs(hr.shareRatioL1L2! - 45) < 1e-9)
        #expect(en.speakerShareL1L2 == 176.0 / 180 && en.shareRatioL1L2 == 0)
        // Neighbour and regional languages: no shares.
        let ru = r.rows.first { $0.code == "ru" }
        #expect(ru == nil || ru?.speakerShareL1L2 == nil)
        let md = r.markdown()
        #expect(md.contains("## Speakers"))
        #expect(md.contains("| hr | 4.0 M | 4.0 M | 100 % | 40 % | 2.50 | 2.2 % | 45.00 |"))
        #expect(md.contains("neither ratio sorts the tables"))
        let csv = r.csv().split(separator: "\n")
        let header = csv[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let hrRow = try #require(csv.first { $0.hasPrefix("hr,") }).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(hrRow[header.firstIndex(of: "eu_speakers_l1l2_millions")!] == "4")
        #expect(hrRow[header.firstIndex(of: "share_ratio_l1l2")!] == "45")
    }

    @Test func chartHasAxisTierLinesTargetAndValues() {
        let html = ReportFigureTests.report().html()
        // The fixture's target (35 M) differs from every tier boundary: four lines.
        for (tier, words) in [("critical", 10_000_000), ("scarce", 1_000_000_000), ("moderate", 100_000_000_000), ("target", 35_000_000)] {
            #expect(html.contains("class=\"tier-line\" data-tier=\"\(tier)\" data-words=\"\(words)\""), "\(tier)")
        }
        #expect(html.contains("<text class=\"tick\""))
        #expect(html.contains(">words kept (log scale)</text>"))
        #expect(html.contains("<text class=\"value\""))
        // With the default target (= the scarce boundary) the two share one line and one label.
        var stats = ReportFigureTests.statistics()
        stats.settings["min_confidence"] = "0.5"
        let defaults = ScarcityReport(stats, languages: ReportFigureTests.languages, thresholds: ScarcityThresholds(), speakerSource: "t").html()
        #expect(defaults.contains("data-tier=\"scarce target\""))
        #expect(defaults.contains(">scarce &lt; 1 B, target</text>"))
        #expect(defaults.components(separatedBy: "class=\"tier-line\"").count - 1 == 3)
    }

    @Test func histogramsHaveYAxisEveryLabelAndTheThreshold() throws {
        let html = ReportFigureTests.report().html(samples: ["hr": ["Prvi dokument.", "Drugi <b>dokument</b>."]])
        let conf = try #require(html.range(of: "<svg id=\"confidence-hr\""))
        let svg = html[conf.lowerBound...]
        let body = String(svg[..<svg.range(of: "</svg>")!.upperBound])
        #expect(body.contains("class=\"y-axis\""))
        // y ticks 0, half and max (hr: 1 document per bucket used).
        #expect(body.components(separatedBy: "class=\"y-tick\"").count - 1 == 2)   // 0 and 1 (half rounds to 0)
        #expect(body.components(separatedBy: "class=\"x-tick\"").count - 1 == 10)
        #expect(body.contains("rotate(-50"))
        #expect(body.contains("class=\"threshold\"") && body.contains(">threshold 0.5</text>"))
        #expect(html.contains("<svg id=\"length-hr\""))
    }

    @Test func samplesAreEmbeddedEscapedAndLinkedInThePage() {
        let html = ReportFigureTests.report().html(sampleLinks: ["hr": "../samples/hr.jsonl"],
                                                   samples: ["hr": ["Prvi dokument.", "Drugi <b>dokument</b>."]])
        #expect(html.contains("<a href=\"#sample-hr\">read</a>"))
        #expect(html.contains("<details class=\"samples\" id=\"sample-hr\"><summary>2 sampled documents (records: <a href=\"../samples/hr.jsonl\">"))
        #expect(html.contains("<blockquote class=\"note sample\">Drugi &lt;b&gt;dokument&lt;/b&gt;.</blockquote>"))
        #expect(!html.contains("<b>dokument</b>"))
        // A long sample is cut.
        let long = String(repeating: "riječ ", count: 1_000)
        let cut = ReportFigureTests.report().html(samples: ["hr": [long]])
        #expect(cut.contains(String(long.prefix(ScarcityReport.embeddedSampleCharacters)) + "…</blockquote>"))
    }

    @Test func noLiteralMarkdownAndAPrintLayout() {
        let html = ReportFigureTests.report().html()
        let method = String(html[html.range(of: "<h2>Method</h2>")!.lowerBound...])
        #expect(!method.contains("`"))
        #expect(method.contains("<code>census langid</code>"))
        #expect(html.contains("@media print{"))
        #expect(html.contains("addEventListener(\"beforeprint\""))
        #expect(html.contains("details:not(.samples)"))   // printing opens the removed examples, not the samples
    }
}

/// The per-input view on hand-made statistics.
@Suite struct ReportInputTests {
    static func report(inputs: Int = 2) -> ScarcityReport {
        var stats = ReportFigureTests.statistics()
        var byInput: [String: [String: InputLanguageCounts]] = [:]
        byInput["b/web.jsonl"] = ["hr": InputLanguageCounts(documents: 2, kept: 2, wordsKept: 30), "xx": InputLanguageCounts(documents: 1, kept: 1, wordsKept: 4)]
        byInput["a/crawl.wet"] = ["hr": InputLanguageCounts(documents: 1, kept: 1, wordsKept: 5), "und": InputLanguageCounts(documents: 1, kept: 1, wordsKept: 7)]
        for k in 2..<inputs { byInput["c\(k % 3)/f\(k).txt"] = ["hr": InputLanguageCounts(documents: 1, kept: 0, wordsKept: 0)] }
        stats.byInput = byInput
        return ScarcityReport(stats, languages: ReportFigureTests.languages, thresholds: ScarcityThresholds(), speakerSource: "t")
    }

    @Test func perInputRowsWithLanguagesAndOtherFolded() throws {
        let r = Self.report()
        let inputs = try #require(r.inputs)
        #expect(inputs.map(\.path) == ["a/crawl.wet", "b/web.jsonl"])
        // a: und has more kept words than hr, so it comes first.
        #expect(inputs[0].languages.map(\.code) == ["und", "hr"] && inputs[0].documents == 2 && inputs[0].wordsKept == 12)
        // xx has no statistics row: it is counted under _other.
        #expect(inputs[1].languages.map(\.code) == ["hr", "_other"] && inputs[1].kept == 3 && inputs[1].wordsKept == 34)
        let md = r.markdown()
        #expect(md.contains("| b/web.jsonl | 3 | 3 | 34 | hr 88 %, _other 12 % |"))
        #expect(r.inputsCSV() == "input,language,documents,kept,words_kept\na/crawl.wet,und,1,1,7\na/crawl.wet,hr,1,1,5\nb/web.jsonl,hr,2,2,30\nb/web.jsonl,_other,1,1,4\n")
        #expect(r.html().contains("<table id=\"inputs\">"))
    }

    @Test func manyInputsAreListedByFolder() throws {
        let r = Self.report(inputs: 150)
        #expect(r.inputs?.count == 150)
        let groups = r.inputGroups
        #expect(groups.grouped && groups.rows.map(\.path) == ["a/", "b/", "c0/", "c1/", "c2/"])
        #expect(groups.rows.reduce(0) { $0 + $1.documents } == r.inputs!.reduce(0) { $0 + $1.documents })
        #expect(r.markdown().contains("The run read 150 inputs, listed here by folder (5 folders)"))
    }

    @Test func statisticsWithoutPerInputCountsHaveNoInputView() {
        let r = ScarcityReport(ReportFigureTests.statistics(), languages: ReportFigureTests.languages, thresholds: ScarcityThresholds(), speakerSource: "t")
        #expect(r.inputs == nil && r.inputsCSV() == nil && !r.markdown().contains("## Inputs"))
    }
}
