import CorpusStats
import Foundation
import Testing

/// The report's figures on a hand-made fixture: reference corpora, the target both ways round, trust, the
/// always-listed regional languages and the machine-readable CSV.
@Suite struct ReportFigureTests {
    static let languages = [
        ReportLanguage(code: "hr", name: "Croatian", endonym: "hrvatski", euStatus: "official", joshiClass: 4, euSpeakersMillions: 4,
                       reference: ReferenceSize(corpus: "FineWeb-2", words: 7_000_000, documents: 1_000, removedDocuments: 9_000,
                                                tokens: nil, subsets: "hrv_Latn", source: "test figures"),
                       modelData: "2.7 MB, mostly interface strings"),
        ReportLanguage(code: "en", name: "English", endonym: "English", euStatus: "official", joshiClass: 5, euSpeakersMillions: 6,
                       euSecondLanguageSpeakersMillions: 170,
                       reference: ReferenceSize(corpus: "FineWeb", words: nil, documents: nil, removedDocuments: nil,
                                                tokens: 18_500_000_000_000, subsets: "v1.3", source: "test tokens")),
        ReportLanguage(code: "hsb", name: "Upper Sorbian", endonym: "hornjoserbšćina", euStatus: "regional", joshiClass: nil, euSpeakersMillions: nil),
        ReportLanguage(code: "ru", name: "Russian", endonym: "русский", euStatus: "neighbour", joshiClass: nil, euSpeakersMillions: nil),
    ]

    static func statistics() -> CorpusStatistics {
        var stats = CorpusStatistics()
        var hr = LanguageStatistics()
        for words in [10, 20, 5] { hr.all.add(words: words, characters: words * 6, bytes: words * 6, lines: 1) }
        hr.kept.add(words: 35, characters: 210, bytes: 210, lines: 3)
        hr.kept.documents = 3
        // Confidences 0.45 (counted through the close-set rule), 0.55 (near the 0.5 threshold) and 0.95.
        hr.addConfidence(0.45, belowThreshold: false)
        hr.addConfidence(0.55, belowThreshold: false)
        hr.addConfidence(0.95, belowThreshold: false)
        hr.belowThreshold = 4
        hr.runnersUp = ["sr": 1, "bs": 2, "sl": 1, "und": 1]
        hr.decidedInSet = 1
        stats.languages["hr"] = hr
        var und = LanguageStatistics()
        und.all.add(words: 7, characters: 30, bytes: 30, lines: 1)
        und.kept = und.all
        stats.languages["und"] = und
        stats.recordsRead = 6
        stats.rejected = ["invalid_json": 2]
        stats.settings = ["min_confidence": "0.5"]
        return stats
    }

    static func report() -> ScarcityReport {
        var thresholds = ScarcityThresholds()
        thresholds.target = 35_000_000   // hr has 35 words: 1,000,000× short, 0.0001 % of it
        return ScarcityReport(statistics(), languages: languages, thresholds: thresholds, speakerSource: "test")
    }

    @Test func referenceShareAndTargetBothWaysRound() throws {
        let r = Self.report()
        let hr = try #require(r.rows.first { $0.code == "hr" })
        #expect(hr.shareOfReference == 35.0 / 7_000_000)
        #expect(hr.documentShareOfReference == 3.0 / 1_000)
        #expect(hr.shareOfTarget == 35.0 / 35_000_000)
        #expect(hr.factorToTarget == 1_000_000)
        let en = try #require(r.rows.first { $0.code == "en" })
        #expect(en.shareOfReference == nil && en.reference?.tokens == 18_500_000_000_000)
        let md = r.markdown()
        #expect(md.contains("1,000,000× more (has 0.00010 %)"))
        #expect(md.contains("0.00050 % of FineWeb-2 (7 M words)"))
        #expect(md.contains("– (FineWeb gives tokens)"))
        #expect(md.contains("test figures") && md.contains("test tokens"))
    }

    @Test func regionalLanguagesAreListedWhenAbsentNeighboursAreNot() {
        let codes = Self.report().rows.map(\.code)
        #expect(codes.contains("hsb"))
        #expect(!codes.contains("ru"))
    }

    @Test func trustFigures() throws {
        let hr = try #require(Self.report().rows.first { $0.code == "hr" })
        #expect(hr.nearThreshold == 2)                 // deciles 0.0–0.5 and 0.5–0.6
        #expect(hr.nearThresholdShare == 2.0 / 3.0)
        #expect(hr.runnersUp.map(\.code) == ["bs", "sl", "sr"])   // most first, ties by code, at most 3
        #expect(hr.runnersUp.first?.documents == 2)
        #expect(hr.decidedInSet == 1 && hr.belowThreshold == 4)
        let md = Self.report().markdown()
        #expect(md.contains("| hr | 3 | 2 (67 %) | 4 | bs 67 %, sl 33 %, sr 33 % | 1 | 2.7 MB, mostly interface strings |"))
        #expect(Self.report().html().contains("<table id=\"trust\">"))
    }

    @Test func csvWritesNumbersInFullWithUndAndRejectedRows() throws {
        let csv = Self.report().csv()
        let lines = csv.split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",").map(String.init)
        let hr = try #require(lines.first { $0.hasPrefix("hr,") }).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(hr.count == header.count)
        #expect(hr[header.firstIndex(of: "factor_to_target")!] == "1000000")
        #expect(hr[header.firstIndex(of: "share_of_target")!] == "0.000001")
        #expect(hr[header.firstIndex(of: "reference_words")!] == "7000000")
        #expect(!csv.contains("e+") && !csv.contains("e-"))
        #expect(lines.contains { $0.hasPrefix("und,undetermined,undetermined,") })
        let rejected = try #require(lines.first { $0.contains(",invalid_json,rejected,") })
        #expect(rejected.split(separator: ",", omittingEmptySubsequences: false)[7] == "2")
    }

    @Test(arguments: [(28_571_428.571, "28571429"), (0.000002, "0.000002"), (1.5, "1.5"), (0.0, "0"), (123.456789, "123.457")])
    func decimalsArePlain(_ value: Double, _ text: String) {
        #expect(ScarcityReport.decimalForTesting(value) == text)
    }

    @Test func csvQuotesFieldsThatNeedIt() {
        #expect(ScarcityReport.csvFieldForTesting("a,\"b\"") == "\"a,\"\"b\"\"\"")
        #expect(ScarcityReport.csvFieldForTesting("plain") == "plain")
    }

    @Test func schemaIsVersionTwo() {
        #expect(Self.report().schema == "census-report/2")
    }
}
