import Foundation

/// What the report needs to know about a language (from the language registry).
public struct ReportLanguage: Sendable, Codable, Equatable {
    public var code: String
    public var name: String
    public var endonym: String
    /// "official", "regional" or "neighbour".
    public var euStatus: String
    public var joshiClass: Int?
    public var euSpeakersMillions: Double?
    /// Second-language speakers in the EU, in millions, where published.
    public var euSecondLanguageSpeakersMillions: Double?
    /// The largest public web corpus of the language, beside which the report sets its figures.
    public var reference: ReferenceSize?
    /// What the language model learned the language from ("5.0 MB: 45 % prose, ..."), or nil.
    public var modelData: String?

    public init(code: String, name: String, endonym: String, euStatus: String, joshiClass: Int?, euSpeakersMillions: Double?,
                euSecondLanguageSpeakersMillions: Double? = nil, reference: ReferenceSize? = nil, modelData: String? = nil) {
        self.euSecondLanguageSpeakersMillions = euSecondLanguageSpeakersMillions
        self.code = code
        self.name = name
        self.endonym = endonym
        self.euStatus = euStatus
        self.joshiClass = joshiClass
        self.euSpeakersMillions = euSpeakersMillions
        self.reference = reference
        self.modelData = modelData
    }
}

/// A reference corpus's published size for one language (FineWeb-2's words and documents; FineWeb's tokens).
public struct ReferenceSize: Sendable, Codable, Equatable {
    public var corpus: String
    public var words: Int?
    public var documents: Int?
    /// Documents the reference's own filters removed, where it publishes them.
    public var removedDocuments: Int?
    /// Published LLM tokens (FineWeb: GPT-2 tokens), where that is the figure.
    public var tokens: Int?
    /// The reference's subsets counted for the language ("hrv_Latn").
    public var subsets: String
    /// Where the figure comes from, and when it was read.
    public var source: String

    public init(corpus: String, words: Int?, documents: Int?, removedDocuments: Int?, tokens: Int?, subsets: String, source: String) {
        self.corpus = corpus
        self.words = words
        self.documents = documents
        self.removedDocuments = removedDocuments
        self.tokens = tokens
        self.subsets = subsets
        self.source = source
    }
}

/// The scarcity report: one row per EU official language (always) and per other language found, sorted by
/// scarcity; the `report.json` schema (`schema` = "census-report/2"; README's "Report schema" lists what
/// changed from /1).
public struct ScarcityReport: Sendable, Codable, Equatable {
    public struct Row: Sendable, Codable, Equatable {
        public var code: String
        public var name: String
        public var endonym: String
        public var euStatus: String
        public var joshiClass: Int?
        public var euSpeakersMillions: Double?
        public var documents: Int
        public var documentsKept: Int
        public var words: Int
        public var wordsKept: Int
        public var characters: Int
        public var charactersKept: Int
        public var bytes: Int
        public var bytesKept: Int
        public var lines: Int
        public var exactDuplicates: Int
        public var nearDuplicates: Int
        /// The funnel valid → unique → usable: unique documents and words (after deduplication, before the
        /// quality rules); usable ones are the kept (`documentsKept`, `wordsKept`).
        public var documentsUnique: Int
        public var wordsUnique: Int
        /// Unique documents the quality rules removed, in total and by rule (datatrove's names).
        public var qualityRemoved: Int
        public var qualityRemovedByRule: [String: Int]
        /// Removed duplicates / documents.
        public var duplicateRate: Double
        public var vocabularyEstimate: Int
        public var vocabularyStandardError: Double
        public var lengthHistogram: [Int]
        public var confidenceHistogram: [Int]
        /// Documents whose best guess was this language but below the confidence threshold (counted as und).
        public var belowThreshold: Int
        public var scripts: [String: Int]
        /// The 10 hosts with most documents (before deduplication), with their counts.
        public var topDomains: [DomainCount]
        /// The most frequent case-folded words among those of the sampled documents, with their estimated
        /// counts (Count-Min sketch over all documents before deduplication).
        public var topWords: [WordCount]
        public var tier: ScarcityTier
        /// This language's share of all kept words, and of EU L1 speakers (of the languages with figures).
        public var wordShare: Double
        public var speakerShare: Double?
        /// wordShare / speakerShare: below 1, the language has less text than its speakers would suggest.
        public var shareRatio: Double?
        /// target / kept words (nil when absent: infinitely far).
        public var factorToTarget: Double?
        /// kept words / target (0 when absent): "has 0.0002 % of the target".
        public var shareOfTarget: Double
        /// The reference corpus's size, and kept words / its words (nil where it publishes no words).
        public var reference: ReferenceSize?
        public var shareOfReference: Double?
        /// Kept documents / the reference's documents.
        public var documentShareOfReference: Double?
        /// What the language model learned this language from.
        public var modelData: String?
        /// Trust: documents identified with a confidence less than 0.1 above the threshold (the histogram's
        /// deciles up to the one holding the threshold), their share of the documents, the runners-up of the
        /// identifier with their documents (most first, at most 3), and the documents counted here because
        /// they were surely in the language's close set but below the threshold for any one member.
        public var nearThreshold: Int
        public var nearThresholdShare: Double
        public var runnersUp: [LanguageCount]
        public var decidedInSet: Int?
        /// LLM tokens of the kept documents, and tokens per kept word (fertility); nil without `--tokenizer`.
        public var tokensKept: Int? = nil
        public var tokensPerWord: Double? = nil
        /// L1 + L2 speakers in the EU (millions; L2 where Eurobarometer publishes it, else L1 alone), this
        /// language's share of the official languages' L1 + L2 speakers, and wordShare over it. The table's order
        /// uses neither ratio: rows sort by tier, then kept words.
        public var euSpeakersL1L2Millions: Double? = nil
        public var speakerShareL1L2: Double? = nil
        public var shareRatioL1L2: Double? = nil
    }

    /// A language code and a count of documents.
    public struct LanguageCount: Sendable, Codable, Equatable {
        public var code: String
        public var documents: Int
    }

    /// A host and its documents.
    public struct DomainCount: Sendable, Codable, Equatable {
        public var host: String
        public var documents: Int
    }

    /// A word and its estimated occurrences.
    public struct WordCount: Sendable, Codable, Equatable {
        public var word: String
        public var count: Int
        public init(word: String, count: Int) {
            self.word = word
            self.count = count
        }
    }

    public var schema = "census-report/2"
    public var rows: [Row]
    /// Documents identified as no language (`und`) and their words.
    public var undetermined: TextCounts
    public var recordsRead: Int
    public var kept: Int
    public var exactDuplicates: Int
    public var nearDuplicates: Int
    /// Unique documents the quality rules removed, and by rule.
    public var qualityRemoved: Int
    public var qualityRemovedByRule: [String: Int]
    public var rejected: [String: Int]
    public var skipped: [String: Int]
    public var accountingHolds: Bool
    /// Per language code found (also `und` and codes outside the registry): documents = kept + exact + near +
    /// quality-removed.
    public var accounting: [AccountingRow]

    /// One language's share of the accounting identity.
    public struct AccountingRow: Sendable, Codable, Equatable {
        public var code: String
        public var documents: Int
        public var kept: Int
        public var exactDuplicates: Int
        public var nearDuplicates: Int
        public var qualityRemoved: Int
        public var holds: Bool { documents == kept + exactDuplicates + nearDuplicates + qualityRemoved }
    }
    /// Per input (sorted by path): its documents, kept documents and kept words, in total and per language (nil
    /// for statistics saved before census counted them). Language codes the statistics folded into `_other`
    /// are counted there.
    public var inputs: [InputRow]?
    /// Per crawl (``CorpusStatistics/byCrawl``; `path` holds the crawl's name), sorted by name with `unknown` and
    /// the capped rest last; nil for statistics saved before census counted them.
    public var crawls: [InputRow]?

    /// One input's figures.
    public struct InputRow: Sendable, Codable, Equatable {
        public var path: String
        public var documents: Int
        public var kept: Int
        public var wordsKept: Int
        /// Per language code, most kept words first (ties by code).
        public var languages: [InputLanguage]
    }

    /// One input's documents in one language.
    public struct InputLanguage: Sendable, Codable, Equatable {
        public var code: String
        public var documents: Int
        public var kept: Int
        public var wordsKept: Int
    }

    public var thresholds: ScarcityThresholds
    public var tierExplanation: String
    public var settings: [String: String]
    public var speakerSource: String

    /// Builds the report from statistics; `languages` lists every known language in registry order;
    /// `topWords` gives a language's most frequent words from its statistics (it needs a tokeniser).
    public init(_ stats: CorpusStatistics, languages: [ReportLanguage], thresholds: ScarcityThresholds, speakerSource: String,
                topWords: (LanguageStatistics) -> [WordCount] = { _ in [] }) {
        let totalKeptWords = stats.languages.filter { $0.key != "und" }.values.reduce(0) { $0 + $1.kept.words }
        let speakerTotal = languages.filter { $0.euStatus == "official" }.compactMap(\.euSpeakersMillions).reduce(0, +)
        func l1l2(_ l: ReportLanguage) -> Double? { l.euSpeakersMillions.map { $0 + (l.euSecondLanguageSpeakersMillions ?? 0) } }
        let speakerTotalL1L2 = languages.filter { $0.euStatus == "official" }.compactMap(l1l2).reduce(0, +)
        var rows: [Row] = []
        let threshold = Double(stats.settings["min_confidence"] ?? "") ?? 0.5
        let nearDeciles = min(10, max(0, Int((threshold * 10).rounded(.down)) + 1))
        for l in languages {
            let s = stats.languages[l.code] ?? LanguageStatistics()
            // EU official and regional languages are always listed: an absent regional language is a finding.
            guard l.euStatus == "official" || l.euStatus == "regional" || s.all.documents > 0 else { continue }
            let near = s.confidences.prefix(nearDeciles).reduce(0, +)
            let wordShare = totalKeptWords > 0 ? Double(s.kept.words) / Double(totalKeptWords) : 0
            let speakerShare = l.euStatus == "official" ? l.euSpeakersMillions.map { $0 / speakerTotal } : nil
            let speakerShareL1L2 = l.euStatus == "official" ? l1l2(l).map { $0 / speakerTotalL1L2 } : nil
            rows.append(Row(
                code: l.code, name: l.name, endonym: l.endonym, euStatus: l.euStatus, joshiClass: l.joshiClass,
                euSpeakersMillions: l.euSpeakersMillions, documents: s.all.documents, documentsKept: s.kept.documents,
                words: s.all.words, wordsKept: s.kept.words, characters: s.all.characters, charactersKept: s.kept.characters,
                bytes: s.all.bytes, bytesKept: s.kept.bytes, lines: s.all.lines,
                exactDuplicates: s.exactDuplicates, nearDuplicates: s.nearDuplicates,
                documentsUnique: s.kept.documents + (s.quality?.removed.documents ?? 0), wordsUnique: s.kept.words + (s.quality?.removed.words ?? 0),
                qualityRemoved: s.quality?.removed.documents ?? 0, qualityRemovedByRule: s.quality?.byRule ?? [:],
                duplicateRate: s.all.documents > 0 ? Double(s.exactDuplicates + s.nearDuplicates) / Double(s.all.documents) : 0,
                vocabularyEstimate: s.all.words > 0 ? Int(s.vocabulary.estimate.rounded()) : 0,
                vocabularyStandardError: s.vocabulary.standardError,
                lengthHistogram: s.lengths, confidenceHistogram: s.confidences, belowThreshold: s.belowThreshold,
                scripts: s.scripts, topDomains: s.topDomains(10).map { DomainCount(host: $0.0, documents: $0.1) },
                topWords: topWords(s),
                tier: thresholds.tier(s.kept.words), wordShare: wordShare, speakerShare: speakerShare,
                shareRatio: speakerShare.flatMap { $0 > 0 ? wordShare / $0 : nil },
                factorToTarget: s.kept.words > 0 ? thresholds.target / Double(s.kept.words) : nil,
                shareOfTarget: Double(s.kept.words) / thresholds.target,
                reference: l.reference,
                shareOfReference: l.reference?.words.flatMap { $0 > 0 ? Double(s.kept.words) / Double($0) : nil },
                documentShareOfReference: l.reference?.documents.flatMap { $0 > 0 ? Double(s.kept.documents) / Double($0) : nil },
                modelData: l.modelData,
                nearThreshold: near,
                nearThresholdShare: s.all.documents > 0 ? Double(near) / Double(s.all.documents) : 0,
                runnersUp: (s.runnersUp ?? [:]).sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3)
                    .map { LanguageCount(code: $0.key, documents: $0.value) },
                decidedInSet: s.decidedInSet,
                tokensKept: s.kept.tokens,
                tokensPerWord: s.kept.tokens.flatMap { s.kept.words > 0 ? Double($0) / Double(s.kept.words) : nil },
                euSpeakersL1L2Millions: l1l2(l), speakerShareL1L2: speakerShareL1L2,
                shareRatioL1L2: speakerShareL1L2.flatMap { $0 > 0 ? wordShare / $0 : nil }))
        }
        rows.sort { ($0.tier, $0.wordsKept, $0.code) < ($1.tier, $1.wordsKept, $1.code) }
        self.rows = rows
        undetermined = stats.languages["und"]?.all ?? TextCounts()
        recordsRead = stats.recordsRead
        kept = stats.keptDocuments
        exactDuplicates = stats.exactDuplicates
        nearDuplicates = stats.nearDuplicates
        qualityRemoved = stats.qualityRemoved
        var byRule: [String: Int] = [:]
        for l in stats.languages.values { for (rule, n) in l.quality?.byRule ?? [:] { byRule[rule, default: 0] += n } }
        qualityRemovedByRule = byRule
        rejected = stats.rejected
        skipped = stats.skipped
        accountingHolds = stats.accountingHolds
        accounting = stats.languages.sorted { $0.key < $1.key }.map {
            AccountingRow(code: $0.key, documents: $0.value.all.documents, kept: $0.value.kept.documents,
                          exactDuplicates: $0.value.exactDuplicates, nearDuplicates: $0.value.nearDuplicates,
                          qualityRemoved: $0.value.quality?.removed.documents ?? 0)
        }
        func viewRows(_ table: [String: [String: InputLanguageCounts]], by order: (String, String) -> Bool) -> [InputRow] {
            table.sorted { order($0.key, $1.key) }.map { path, counts in
                var merged: [String: InputLanguageCounts] = [:]
                for (code, c) in counts { merged[stats.languages[code] != nil ? code : "_other", default: InputLanguageCounts()].add(c) }
                let languages = merged.map { InputLanguage(code: $0.key, documents: $0.value.documents, kept: $0.value.kept, wordsKept: $0.value.wordsKept) }
                    .sorted { ($1.wordsKept, $0.code) < ($0.wordsKept, $1.code) }
                return InputRow(path: path, documents: languages.reduce(0) { $0 + $1.documents }, kept: languages.reduce(0) { $0 + $1.kept },
                                wordsKept: languages.reduce(0) { $0 + $1.wordsKept }, languages: languages)
            }
        }
        inputs = stats.byInput.map { viewRows($0, by: <) }
        crawls = stats.byCrawl.map { viewRows($0, by: Self.crawlOrder) }
        self.thresholds = thresholds
        tierExplanation = thresholds.explanation
        settings = stats.settings
        self.speakerSource = speakerSource
    }

    /// `report.json`: sorted keys, so the same statistics give the same bytes.
    public func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return (try? encoder.encode(self)) ?? Data()
    }

    /// `report.csv`: one row per language of the table, then `und` (eu_status `undetermined`) and one row per
    /// rejection reason (eu_status `rejected`, the reason as name, its records as documents). Integers are
    /// written in full and fractions in plain decimal (never `2.85714e+07`), fields quoted where they need it.
    public func csv() -> String {
        let columns = ["code", "name", "eu_status", "tier", "words_kept", "words", "documents_kept", "documents", "exact_duplicates",
                       "near_duplicates", "characters_kept", "bytes_kept", "vocabulary_estimate", "below_threshold", "word_share",
                       "speaker_share", "share_ratio", "factor_to_target", "documents_unique", "words_unique", "quality_removed",
                       "share_of_target", "reference_corpus", "reference_words", "reference_documents", "share_of_reference",
                       "eu_speakers_millions", "eu_speakers_l1l2_millions", "speaker_share_l1l2", "share_ratio_l1l2"]
        let tokenColumns = hasTokens ? ["tokens_kept", "tokens_per_word"] : []   // only with --tokenizer
        var out = (columns + tokenColumns).joined(separator: ",") + "\n"
        func f(_ v: Double?) -> String { v.map(Self.decimal) ?? "" }
        func i(_ v: Int?) -> String { v.map { String($0) } ?? "" }
        for r in rows {
            let fields = [Self.csvField(r.code), Self.csvField(r.name), r.euStatus, r.tier.rawValue, i(r.wordsKept), i(r.words),
                          i(r.documentsKept), i(r.documents), i(r.exactDuplicates), i(r.nearDuplicates), i(r.charactersKept),
                          i(r.bytesKept), i(r.vocabularyEstimate), i(r.belowThreshold), f(r.wordShare), f(r.speakerShare),
                          f(r.shareRatio), f(r.factorToTarget), i(r.documentsUnique), i(r.wordsUnique), i(r.qualityRemoved),
                          f(r.shareOfTarget), Self.csvField(r.reference?.corpus ?? ""), i(r.reference?.words),
                          i(r.reference?.documents), f(r.shareOfReference), f(r.euSpeakersMillions), f(r.euSpeakersL1L2Millions),
                          f(r.speakerShareL1L2), f(r.shareRatioL1L2)] + (hasTokens ? [i(r.tokensKept), f(r.tokensPerWord)] : [])
            out += fields.joined(separator: ",") + "\n"
        }
        func extra(_ code: String, _ name: String, _ status: String, documents: Int, words: Int?) -> String {
            var fields = [String](repeating: "", count: columns.count + tokenColumns.count)
            func set(_ column: String, _ value: String) { fields[columns.firstIndex(of: column)!] = value }
            set("code", Self.csvField(code)); set("name", Self.csvField(name)); set("eu_status", status)
            set("words", i(words)); set("documents", String(documents))
            return fields.joined(separator: ",") + "\n"
        }
        out += extra("und", "undetermined", "undetermined", documents: undetermined.documents, words: undetermined.words)
        for (reason, n) in rejected.sorted(by: { $0.key < $1.key }) {
            out += extra("", reason, "rejected", documents: n, words: nil)
        }
        return out
    }

    /// A CSV field: quoted (inner quotes doubled) when it holds a comma, quote or line break.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A fraction in plain decimal with six significant digits, trailing zeros dropped: 28571428.6 → "28571429",
    /// 0.000002 → "0.000002".
    static func decimal(_ v: Double) -> String {
        guard v.isFinite else { return "" }
        if v == 0 { return "0" }
        let magnitude = Int(floor(log10(abs(v))))
        let digits = min(15, max(0, 5 - magnitude))
        var text = String(format: "%.\(digits)f", v)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text
    }
}

extension ScarcityReport {
    /// ``decimal(_:)`` and ``csvField(_:)`` for the tests.
    package static func decimalForTesting(_ v: Double) -> String { decimal(v) }
    package static func csvFieldForTesting(_ s: String) -> String { csvField(s) }
}
