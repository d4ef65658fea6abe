/// The statistics of a whole run, saved as `state/stats.json` so the report can be re-rendered
/// (`census report DIR`) with other thresholds without reading the corpus again.
public struct CorpusStatistics: Sendable, Codable, Equatable {
    /// The version of this layout.
    public var version = 1
    /// Per language code (plus `und`).
    public var languages: [String: LanguageStatistics] = [:]
    /// Records read from the inputs (documents + rejected records).
    public var recordsRead = 0
    /// Rejected records by reason (they have no language).
    public var rejected: [String: Int] = [:]
    /// Records skipped by design (WARC records other than conversion), by type.
    public var skipped: [String: Int] = [:]
    /// Inputs read, and those that failed.
    public var inputs = 0
    public var failedInputs = 0
    /// How the numbers were made: option name → value, for the report's method notes.
    public var settings: [String: String] = [:]
    /// Per input (its path as read) and language code: documents, kept documents and kept words (nil in
    /// statistics saved before census counted them).
    public var byInput: [String: [String: InputLanguageCounts]]?
    /// The same per crawl (a document's crawl name or month, see the report's Crawls section), nil in statistics
    /// saved before census counted them. At most ``maxCrawls`` names; documents of later ones count under
    /// ``otherCrawls``.
    public var byCrawl: [String: [String: InputLanguageCounts]]?

    /// Distinct crawl names counted before the rest go to ``otherCrawls`` (a `dump` field with a new value in every
    /// record must not grow the statistics with the corpus).
    public static let maxCrawls = 1000
    public static let otherCrawls = "(other crawls)"

    public init() {}

    /// Adds everything in `other` (settings are taken from `self`, or `other` when `self` has none).
    public mutating func merge(_ other: CorpusStatistics) {
        for (code, s) in other.languages { languages[code, default: LanguageStatistics()].merge(s) }
        recordsRead += other.recordsRead
        for (k, v) in other.rejected { rejected[k, default: 0] += v }
        for (k, v) in other.skipped { skipped[k, default: 0] += v }
        inputs += other.inputs
        failedInputs += other.failedInputs
        if settings.isEmpty { settings = other.settings }
        if let more = other.byInput { Self.add(more, to: &byInput) }
        if let more = other.byCrawl { Self.add(more, to: &byCrawl) }
    }

    private static func add(_ more: [String: [String: InputLanguageCounts]], to table: inout [String: [String: InputLanguageCounts]]?) {
        var all = table ?? [:]
        for (key, languages) in more {
            for (code, c) in languages { all[key, default: [:]][code, default: InputLanguageCounts()].add(c) }
        }
        table = all
    }

    /// Documents in all languages, before deduplication.
    public var documents: Int { languages.values.reduce(0) { $0 + $1.all.documents } }
    /// Kept documents in all languages.
    public var keptDocuments: Int { languages.values.reduce(0) { $0 + $1.kept.documents } }
    /// Exact and near duplicates in all languages.
    public var exactDuplicates: Int { languages.values.reduce(0) { $0 + $1.exactDuplicates } }
    public var nearDuplicates: Int { languages.values.reduce(0) { $0 + $1.nearDuplicates } }
    /// Unique documents the quality rules removed, in all languages.
    public var qualityRemoved: Int { languages.values.reduce(0) { $0 + ($1.quality?.removed.documents ?? 0) } }
    /// Rejected records.
    public var rejectedRecords: Int { rejected.values.reduce(0, +) }

    /// Whether `records read = kept + exact duplicates + near duplicates + quality-removed + rejected` holds.
    public var accountingHolds: Bool {
        recordsRead == keptDocuments + exactDuplicates + nearDuplicates + qualityRemoved + rejectedRecords
    }
}

/// One input's documents in one language: identified, kept, and the kept ones' words.
public struct InputLanguageCounts: Sendable, Codable, Equatable {
    public var documents = 0
    public var kept = 0
    public var wordsKept = 0

    public init(documents: Int = 0, kept: Int = 0, wordsKept: Int = 0) {
        self.documents = documents
        self.kept = kept
        self.wordsKept = wordsKept
    }

    public mutating func add(_ other: InputLanguageCounts) {
        documents += other.documents
        kept += other.kept
        wordsKept += other.wordsKept
    }
}
