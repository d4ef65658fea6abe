import ArgumentParser
import CorpusCore
import CorpusIO
import CorpusNormalize
import CorpusStats
import Dedup
import Foundation
import LanguageID

/// Options of the scarcity analysis, shared by `census stats` and `census report`.
struct ScarcityOptions: ParsableArguments {
    @Option(help: "Words each language should reach (the report's target).")
    var targetWords: Double = 1e9
    @Option(help: "Below this many words (after deduplication) a language is critical.")
    var criticalWords: Double = 10e6
    @Option(help: "Below this many words a language is scarce.")
    var scarceWords: Double = 1e9
    @Option(help: "Below this many words a language is moderate; at or above, rich.")
    var moderateWords: Double = 100e9

    func validate() throws {
        guard 0 < criticalWords, criticalWords <= scarceWords, scarceWords <= moderateWords else {
            throw ValidationError("Thresholds must grow: 0 < --critical-words <= --scarce-words <= --moderate-words.")
        }
        guard targetWords > 0 else { throw ValidationError("--target-words must be positive.") }
    }

    var thresholds: ScarcityThresholds {
        var t = ScarcityThresholds()
        t.critical = criticalWords
        t.scarce = scarceWords
        t.moderate = moderateWords
        t.target = targetWords
        return t
    }
}

/// Saves statistics as DIR/state/stats.json (sorted keys: the same statistics give the same bytes).
func saveStatistics(_ stats: CorpusStatistics, in directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory + "/state", withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try encoder.encode(stats).write(to: URL(fileURLWithPath: directory + "/state/stats.json"), options: .atomic)
}

/// Writes the samples (DIR/samples/<lang>.jsonl) and report.json, report.csv, report.md and report.html
/// (DIR/report), all from the statistics.
func writeReport(_ stats: CorpusStatistics, to directory: String, scarcity: ScarcityOptions) throws {
    try FileManager.default.createDirectory(atPath: directory + "/samples", withIntermediateDirectories: true)
    var links: [String: String] = [:]
    var excerpts: [String: String] = [:]
    for (code, s) in stats.languages.sorted(by: { $0.key < $1.key })
    where !s.samples.isEmpty && code.allSatisfy({ $0.isLetter && $0.isASCII }) {   // codes become file names
        try Data(s.samples.map { $0.record }.joined().utf8).write(to: URL(fileURLWithPath: directory + "/samples/\(code).jsonl"), options: .atomic)
        links[code] = "../samples/\(code).jsonl"
        if let text = sampleText(s.samples[0].record) {
            excerpts[code] = text.count > 240 ? String(text.prefix(240)) + "…" : text
        }
    }
    let languages = LanguageRegistry.all.map {
        ReportLanguage(code: $0.code, name: $0.name, endonym: $0.endonym, euStatus: $0.euStatus.rawValue,
                       joshiClass: $0.joshiClass, euSpeakersMillions: $0.euSpeakersMillions)
    }
    let report = ScarcityReport(stats, languages: languages, thresholds: scarcity.thresholds,
                                speakerSource: LanguageRegistry.speakerSource, topWords: topWords)
    let dir = directory + "/report"
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    try report.json().write(to: URL(fileURLWithPath: dir + "/report.json"), options: .atomic)
    try Data(report.csv().utf8).write(to: URL(fileURLWithPath: dir + "/report.csv"), options: .atomic)
    try Data(report.markdown().utf8).write(to: URL(fileURLWithPath: dir + "/report.md"), options: .atomic)
    try Data(report.html(sampleLinks: links, excerpts: excerpts).utf8).write(to: URL(fileURLWithPath: dir + "/report.html"), options: .atomic)
}

/// The text of a JSONL sample record.
func sampleText(_ record: String) -> String? {
    (try? JSONSerialization.jsonObject(with: Data(record.utf8)) as? [String: Any])?["text"] as? String
}

/// A language's ten most frequent words: the case-folded words of its sampled documents, ranked by their
/// Count-Min estimate over the whole corpus (ties by the word). Words of one letter or digits only are left out.
func topWords(_ s: LanguageStatistics) -> [ScarcityReport.WordCount] {
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

/// `census stats`: per-language statistics and the scarcity report, without writing documents.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compute per-language statistics and the EU data-scarcity report.",
        discussion: """
        For every document: clean-up and normalisation, language (census's identifier, or --lang-field), \
        words, characters, bytes, lines, vocabulary (HyperLogLog), top words (Count-Min), confidence, script, \
        and exact/near duplicates (as `census dedup`). Writes DIR/report/report.{json,csv,md,html}, DIR/samples/<lang>.jsonl \
        (--samples per language, chosen reproducibly from --seed among kept documents) and DIR/state/stats.json, \
        from which `census report DIR` re-renders the report with other thresholds.
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var normalization: NormalizationOptions
    @OptionGroup var identification: LanguageIDOptions
    @OptionGroup var scarcity: ScarcityOptions

    @Option(help: "Output folder.")
    var out: String
    @Option(help: "Take the language from this JSONL field instead of identifying it.")
    var langField: String?
    @Option(help: "Documents to sample per language for reading.")
    var samples = 20
    @Option(help: "Seed of the samples and of the MinHash functions.")
    var seed: UInt64 = 1

    /// Everything the per-document work mutates, in one value: one access per document.
    struct State {
        var identifier: LanguageIdentifier
        var normalizer: TextNormalizer
        var sketcher: DocumentSketcher
        var index: DedupIndex
        var languages: [LanguageStatistics] = []
        var codes: [String] = []
        var codeIndex: [String: Int] = [:]
        var perDocument: [(language: UInt16, words: Int32, characters: Int32, bytes: Int32, lines: Int32)] = []
        var candidates: [Int: [(UInt64, Int, [UInt8])]] = [:]   // per language: (priority, document, line)
        var text: [UInt8] = []
        var tokens: [Token] = []
        var scratch: [UInt8] = []
        var wordHashes: [UInt64] = []
        var vocabularyHashes: [UInt64] = []
        let folding = CaseFolding.icu
        let langField: String?
        let samples: Int
        let seed: UInt64

        mutating func language(_ code: String) -> Int {
            if let known = codeIndex[code] { return known }
            codeIndex[code] = codes.count
            codes.append(code)
            languages.append(LanguageStatistics())
            return codes.count - 1
        }

        mutating func process(_ document: Document, source: InputSource) {
            document.text.withUnsafeBytes { _ = normalizer.normalize($0, into: &text) }
            var code = LanguageGuess.undetermined
            var script = "Zyyy"
            var confidence = 1.0
            var belowBest: String?
            if let field = langField {
                code = metadataString(document.metadata, field) ?? LanguageGuess.undetermined
            } else {
                let guess = text.withUnsafeBytes { identifier.identify($0) }
                code = guess.code
                script = guess.script?.code ?? "Zyyy"
                confidence = guess.confidence
                if guess.code == LanguageGuess.undetermined && guess.best != LanguageGuess.undetermined { belowBest = guess.best }
            }
            let l = language(code)
            if let best = belowBest { languages[language(best)].belowThreshold += 1 }
            tokens.removeAll(keepingCapacity: true)
            var characters = 0, lines = 0
            text.withUnsafeBytes { raw in
                WordTokenizer.icu.tokenize(raw, into: &tokens)
                let counts = TextCounting.scalarsAndNewlines(raw)
                characters = counts.scalars
                lines = raw.isEmpty ? 0 : counts.newlines + 1
                // One pass over the words: the folded hash for the vocabulary, and the same with digits as 0
                // (differs only for words with digits 1-9) for the duplicate sketch.
                wordHashes.removeAll(keepingCapacity: true)
                vocabularyHashes.removeAll(keepingCapacity: true)
                for t in tokens {
                    let word = UnsafeRawBufferPointer(rebasing: raw[t.range])
                    let h = Hash64.hashFolded(word, folding: folding, scratch: &scratch)
                    vocabularyHashes.append(h)
                    var digit = false
                    for b in word where b &- 0x31 < 9 { digit = true; break }
                    wordHashes.append(digit ? Hash64.hashFolded(word, folding: folding, scratch: &scratch, digitsToZero: true) : h)
                }
                vocabularyHashes.withUnsafeBufferPointer {
                    languages[l].vocabulary.add(contentsOf: $0)
                    languages[l].wordCounts.add(contentsOf: $0)
                }
                languages[l].all.add(words: tokens.count, characters: characters, bytes: raw.count, lines: lines)
                languages[l].addConfidence(confidence, belowThreshold: false)
                languages[l].scripts[script, default: 0] += 1
                if let url = metadataString(document.metadata, "url"), let host = LanguageStatistics.host(of: url) {
                    languages[l].domains[host, default: 0] += 1
                }
                index.add(wordHashes.withUnsafeBufferPointer { sketcher.sketch(wordHashes: $0) })
            }
            let d = perDocument.count
            perDocument.append((UInt16(l), Int32(clamping: tokens.count), Int32(clamping: characters), Int32(clamping: text.count), Int32(clamping: lines)))
            if samples > 0 {
                let priority = text.withUnsafeBytes { Hash64.hash($0, seed: seed) }   // by content: merges exactly
                var list = candidates.removeValue(forKey: l) ?? []
                if list.count < 2 * samples || priority < list.last!.0 {
                    var line: [UInt8] = []
                    var doc = document
                    doc.text = text
                    appendJSONRecord(doc, source: source, to: &line)
                    list.append((priority, d, line))
                    list.sort { $0.0 < $1.0 }
                    if list.count > 2 * samples { list.removeLast() }
                }
                candidates[l] = list
            }
        }
    }

    func run() throws {
        var dedup = DedupConfiguration()
        dedup.seed = seed
        var state = State(identifier: try identification.makeIdentifier(), normalizer: normalization.makeNormalizer(),
                          sketcher: DocumentSketcher(configuration: dedup), index: DedupIndex(configuration: dedup),
                          langField: langField, samples: samples, seed: seed)
        let summaries = InputLoop(options: input).run { source, document in
            state.process(document, source: source)
        }
        var stats = CorpusStatistics()
        var index = state.index
        let codes = state.codes
        let perDocument = state.perDocument
        let candidates = state.candidates
        for (l, code) in codes.enumerated() { stats.languages[code] = state.languages[l] }
        let result = index.resolve()
        for (d, r) in perDocument.enumerated() {
            let code = codes[Int(r.language)]
            var s = stats.languages[code]!
            switch result.reason(d) {
            case nil:
                s.kept.add(words: Int(r.words), characters: Int(r.characters), bytes: Int(r.bytes), lines: Int(r.lines))
                s.lengths[LengthBuckets.bucket(Int(r.words))] += 1
            case .exact?: s.exactDuplicates += 1
            case .near?: s.nearDuplicates += 1
            }
            stats.languages[code] = s
        }
        for summary in summaries {
            stats.inputs += 1
            if summary.failed { stats.failedInputs += 1 }
            stats.recordsRead += summary.records
            for (reason, n) in summary.rejected { stats.rejected[reason.name, default: 0] += n }
            for (type, n) in summary.skipped { stats.skipped[type, default: 0] += n }
        }
        stats.settings = [
            "normalization": normalization.form.rawValue, "min_confidence": "\(identification.minConfidence)",
            "ngram": "\(dedup.ngram)", "bands": "\(dedup.bands)", "rows": "\(dedup.rows)", "seed": "\(seed)",
        ]
        if let langField { stats.settings["lang_field"] = langField }

        // Samples: the kept candidates with the smallest priorities, into the statistics (they merge).
        for (l, list) in candidates {
            let code = codes[l]
            stats.languages[code]!.sampleLimit = samples
            stats.languages[code]!.addSamples(list.filter { result.isKept($0.1) }.map {
                LanguageStatistics.Sample(priority: $0.0, record: String(decoding: $0.2, as: UTF8.self))
            })
        }
        try saveStatistics(stats, in: out)
        try writeReport(stats, to: out, scarcity: scarcity)
        if !input.quiet {
            Diagnostics.error("stats: \(stats.recordsRead) records, \(stats.keptDocuments) kept, \(stats.exactDuplicates) exact and \(stats.nearDuplicates) near duplicates, \(stats.rejectedRecords) rejected -> \(out.hasSuffix("/") ? out : out + "/")report")
        }
        if summaries.contains(where: \.failed) { throw ExitCode.failure }
    }
}

/// `census report`: re-renders the report from saved statistics.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-render the scarcity report of DIR from DIR/state/stats.json (e.g. with other thresholds).",
        discussion: "With --merge DIR2 (repeatable), the statistics saved in those folders are added up (exactly: every statistic merges by addition or union), saved in DIR and rendered there. Duplicates are not looked for across the merged folders."
    )

    @Argument(help: "A folder written by `census stats` or `census run` (or the folder to create with --merge).")
    var directory: String
    @Option(help: "Add the statistics saved in this folder (repeatable).")
    var merge: [String] = []
    @OptionGroup var scarcity: ScarcityOptions

    static func load(_ folder: String) throws -> CorpusStatistics {
        let path = folder + "/state/stats.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            Diagnostics.error("\(path): cannot read the saved statistics")
            throw ExitCode.failure
        }
        do { return try JSONDecoder().decode(CorpusStatistics.self, from: data) } catch {
            Diagnostics.error("\(path): not census statistics (\(error))")
            throw ExitCode.failure
        }
    }

    func run() throws {
        var stats: CorpusStatistics
        if merge.isEmpty {
            stats = try Self.load(directory)
        } else {
            stats = CorpusStatistics()
            for folder in merge { stats.merge(try Self.load(folder)) }
            try saveStatistics(stats, in: directory)
        }
        try writeReport(stats, to: directory, scarcity: scarcity)
    }
}

/// The string value of a top-level member `"field": "value"` in metadata (raw JSON members), or nil.
func metadataString(_ metadata: [UInt8], _ field: String) -> String? {
    let key = Array("\"\(field)\"".utf8)
    guard metadata.count > key.count else { return nil }
    var i = 0
    while i + key.count <= metadata.count {
        if metadata[i..<(i + key.count)].elementsEqual(key) && (i == 0 || metadata[i - 1] == UInt8(ascii: ",")) {
            var j = i + key.count
            while j < metadata.count && (metadata[j] == 0x20 || metadata[j] == UInt8(ascii: ":")) { j += 1 }
            guard j < metadata.count, metadata[j] == 0x22 else { return nil }
            var k = j + 1
            while k < metadata.count && metadata[k] != 0x22 { k += 1 }
            return String(decoding: metadata[(j + 1)..<k], as: UTF8.self)
        }
        i += 1
    }
    return nil
}
