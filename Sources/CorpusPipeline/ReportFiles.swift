import CorpusCore
import CorpusIO
import CorpusNormalize
import CorpusStats
import Foundation
import LanguageID

/// The files made from the statistics: DIR/state/stats.json, DIR/report/report.{json,csv,md,html} and
/// DIR/samples/<lang>.jsonl. `census report` re-renders them with other thresholds.
public enum ReportFiles {
    /// Saves statistics as DIR/state/stats.json (sorted keys: the same statistics give the same bytes).
    public static func save(_ stats: CorpusStatistics, in directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory + "/state", withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try writeDurably(Data(StateFile.seal([UInt8](try encoder.encode(stats)), name: "statistics")), to: directory + "/state/stats.json")
    }

    /// The statistics saved in DIR/state/stats.json (by `census run`, `stats`, `merge` or ``save(_:in:)``).
    ///
    /// - Throws: ``PipelineError`` (failed) naming the file when it is missing, damaged or not statistics.
    public static func load(from folder: String) throws(PipelineError) -> CorpusStatistics {
        let path = folder + "/state/stats.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PipelineError(.failed, "\(path): cannot read the saved statistics")
        }
        let body: [UInt8]
        do throws(InputError) { body = try StateFile.unseal([UInt8](data), name: "statistics", path: path) } catch { throw PipelineError(error) }
        guard let stats = try? JSONDecoder().decode(CorpusStatistics.self, from: Data(body)) else {
            throw PipelineError(StateFile.damaged(path, "not census statistics"))
        }
        return stats
    }

    /// Writes the samples (DIR/samples/<lang>.jsonl) and report.json, report.csv, report.md and report.html
    /// (DIR/report), all from the statistics.
    public static func write(_ stats: CorpusStatistics, to directory: String, thresholds: ScarcityThresholds) throws {
        try FileManager.default.createDirectory(atPath: directory + "/samples", withIntermediateDirectories: true)
        var links: [String: String] = [:]
        var texts: [String: [String]] = [:]
        var removed: [String: [String: [String]]] = [:]
        for (code, s) in stats.languages.sorted(by: { $0.key < $1.key })
        where !s.samples.isEmpty && code.allSatisfy({ $0.isLetter && $0.isASCII }) {   // codes become file names
            try writeDurably(Data(s.samples.map { $0.record }.joined().utf8), to: directory + "/samples/\(code).jsonl")
            links[code] = "../samples/\(code).jsonl"
            texts[code] = s.samples.compactMap { sampleText($0.record) }
        }
        // A few documents each quality rule removed, for a linguist to judge the rules: samples/<lang>.removed.jsonl
        // ({"rule", "record"}) and excerpts in the HTML report.
        for (code, s) in stats.languages.sorted(by: { $0.key < $1.key })
        where !(s.quality?.examples.isEmpty ?? true) && code.allSatisfy({ $0.isLetter && $0.isASCII }) {
            var lines = ""
            for (rule, examples) in s.quality!.examples.sorted(by: { $0.key < $1.key }) {
                for e in examples {
                    lines += "{\"rule\":\"\(rule)\",\"record\":" + e.record.trimmingCharacters(in: .newlines) + "}\n"
                    if let text = sampleText(e.record) {
                        removed[code, default: [:]][rule, default: []].append(text.count > 240 ? String(text.prefix(240)) + "…" : text)
                    }
                }
            }
            try writeDurably(Data(lines.utf8), to: directory + "/samples/\(code).removed.jsonl")
        }
        let languages = LanguageRegistry.all.map {
            ReportLanguage(code: $0.code, name: $0.name, endonym: $0.endonym, euStatus: $0.euStatus.rawValue,
                           joshiClass: $0.joshiClass, euSpeakersMillions: $0.euSpeakersMillions,
                           euSecondLanguageSpeakersMillions: $0.euSecondLanguageSpeakersMillions,
                           reference: $0.reference, modelData: $0.trainingData?.summary)
        }
        let report = ScarcityReport(stats, languages: languages, thresholds: thresholds,
                                    speakerSource: LanguageRegistry.speakerSource + " " + LanguageRegistry.secondLanguageSource, topWords: topWords)
        let dir = directory + "/report"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try writeDurably(report.json(), to: dir + "/report.json")
        try writeDurably(Data(report.csv().utf8), to: dir + "/report.csv")
        try writeDurably(Data(report.markdown().utf8), to: dir + "/report.md")
        if let inputs = report.inputsCSV() { try writeDurably(Data(inputs.utf8), to: dir + "/inputs.csv") }
        if let crawls = report.crawlsCSV() { try writeDurably(Data(crawls.utf8), to: dir + "/crawls.csv") }
        try writeDurably(Data(report.html(sampleLinks: links, samples: texts, qualityExamples: removed).utf8), to: dir + "/report.html")
    }
}

/// The text of a JSONL sample record.
package func sampleText(_ record: String) -> String? {
    (try? JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])?["text"] as? String
}

/// A language's ten most frequent words: the case-folded words of its sampled documents, ranked by their
/// Count-Min estimate over the whole corpus (ties by the word). Words of one letter or digits only are left out.
package func topWords(_ s: LanguageStatistics) -> [ScarcityReport.WordCount] {
    var candidates: [String: UInt64] = [:]
    var tokens: [Token] = []
    var folded: [UInt8] = []
    var scratch: [UInt8] = []
    for sample in s.samples {
        guard let text = sampleText(sample.record) else { continue }
        let bytes = Array(text.utf8)
        tokens.removeAll(keepingCapacity: true)
        bytes.withUnsafeBytes { raw in
            WordTokenizer.icu.tokenize(raw, into: &tokens)
            for t in tokens {
                let original = UnsafeRawBufferPointer(rebasing: raw[t.range])
                folded.removeAll(keepingCapacity: true)
                CaseFolding.icu.append(original, to: &folded)
                let word = String(decoding: folded, as: UTF8.self)
                if word.unicodeScalars.count < 2 || word.allSatisfy({ $0.isNumber }) { continue }
                // The key the sketch was filled with (State.process).
                candidates[word] = Hash64.hashFolded(original, folding: .icu, scratch: &scratch)
            }
        }
    }
    var counted: [ScarcityReport.WordCount] = []
    counted.reserveCapacity(candidates.count)
    for (word, hash) in candidates {
        counted.append(ScarcityReport.WordCount(word: word, count: s.wordCounts.estimate(hash)))
    }
    counted.sort { (a: ScarcityReport.WordCount, b: ScarcityReport.WordCount) -> Bool in
        if a.count != b.count { return a.count > b.count }
        return a.word < b.word
    }
    return Array(counted.prefix(10))
}
