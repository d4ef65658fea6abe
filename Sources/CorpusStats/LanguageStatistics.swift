/// Counts of one set of documents.
public struct TextCounts: Sendable, Hashable, Codable {
    /// Documents.
    public var documents = 0
    /// Word tokens (Unicode word segmentation, as `census tokenize`).
    public var words = 0
    /// Unicode scalar values.
    public var characters = 0
    /// UTF-8 bytes.
    public var bytes = 0
    /// Lines (newline characters + 1 per non-empty document).
    public var lines = 0
    /// LLM tokens of the run's tokenizer (`--tokenizer`; nil without one).
    public var tokens: Int?

    public init() {}

    /// Adds one document.
    @inlinable
    public mutating func add(words: Int, characters: Int, bytes: Int, lines: Int) {
        documents += 1
        self.words += words
        self.characters += characters
        self.bytes += bytes
        self.lines += lines
    }

    /// Adds everything in `other`.
    public mutating func merge(_ other: TextCounts) {
        documents += other.documents
        words += other.words
        characters += other.characters
        bytes += other.bytes
        lines += other.lines
        if let more = other.tokens { tokens = (tokens ?? 0) + more }
    }

    /// Adds one document's LLM tokens.
    @inlinable
    public mutating func add(tokens more: Int) { tokens = (tokens ?? 0) + more }
}

/// Log-spaced document-length buckets by word count: bucket 0 holds 0 words, bucket k ≥ 1 holds
/// 2^(k−1) ... 2^k − 1 words; the last bucket holds everything longer.
public enum LengthBuckets {
    /// Number of buckets (the last one: 2^20 words and more).
    public static let count = 22

    /// The bucket of a word count.
    @inlinable
    public static func bucket(_ words: Int) -> Int {
        words <= 0 ? 0 : min(count - 1, Int.bitWidth - words.leadingZeroBitCount)
    }

    /// A readable label ("4–7").
    public static func label(_ k: Int) -> String {
        if k == 0 { return "0" }
        if k == count - 1 { return "≥\(1 << (k - 1))" }
        let low = 1 << (k - 1), high = (1 << k) - 1
        return low == high ? "\(low)" : "\(low)–\(high)"
    }
}

/// Everything census counts for one language; every field merges by addition (or union), so statistics of
/// threads and shards combine exactly and in any grouping (`merge` is associative and commutative).
public struct LanguageStatistics: Sendable, Codable, Equatable {
    /// All documents identified as the language, before deduplication.
    public var all = TextCounts()
    /// Documents kept after deduplication.
    public var kept = TextCounts()
    /// Documents removed as exact duplicates of an earlier document.
    public var exactDuplicates = 0
    /// Documents removed as near duplicates.
    public var nearDuplicates = 0
    /// Distinct case-folded words of the kept documents (estimate).
    public var vocabulary = HyperLogLog()
    /// Kept documents per length bucket (``LengthBuckets``).
    public var lengths = [Int](repeating: 0, count: LengthBuckets.count)
    /// Documents per language-ID confidence decile (0–0.1, ..., 0.9–1).
    public var confidences = [Int](repeating: 0, count: 10)
    /// Documents whose confidence was below the threshold (counted under `und`).
    public var belowThreshold = 0
    /// Documents per dominant script (ISO 15924).
    public var scripts: [String: Int] = [:]
    /// Documents per runner-up language of the identifier (`und` for other languages) where the runner-up had
    /// at least 5 % confidence: the main confusions.
    /// Nil in statistics of earlier versions and with `--lang-field`.
    public var runnersUp: [String: Int]?
    /// Documents counted as this language because they were surely in its set of close languages but below
    /// the confidence threshold for any one member (nil in statistics of earlier versions).
    public var decidedInSet: Int?
    /// Documents per source host (from a `url` field or WARC-Target-URI): exact while a language has at most
    /// ``domainLimit`` hosts, then a Misra–Gries summary of that many (see ``mergeDomains(_:)``).
    public var domains: [String: Int] = [:]
    /// Hosts kept per language (the report shows the top 10).
    public static let domainLimit = 500
    /// Occurrences of case-folded words (hashes), for the top words of the report.
    public var wordCounts = CountMinSketch()
    /// A reproducible sample of kept documents: the `sampleLimit` with the smallest priorities (a hash of the
    /// text and the seed), as JSONL records. Merging keeps the smallest of the union, so a sharded run
    /// samples exactly what one run would.
    public var samples: [Sample] = []
    /// How many samples to keep.
    public var sampleLimit = 0
    /// Unique documents the quality rules removed (nil when no quality rule ran: `--quality off`, statistics
    /// of earlier versions).
    public var quality: QualityCounts?

    /// What the quality rules removed of a language: documents by rule, their text, and a few of them per rule
    /// (the smallest priorities, as the samples) for a linguist to judge the rules.
    public struct QualityCounts: Sendable, Codable, Equatable {
        /// Removed documents (and their words, characters, bytes, lines).
        public var removed = TextCounts()
        /// Removed documents by rule (its datatrove name).
        public var byRule: [String: Int] = [:]
        /// Up to ``examplesPerRule`` removed documents per rule.
        public var examples: [String: [Sample]] = [:]
        /// Removed documents kept per rule as examples.
        public static let examplesPerRule = 3

        public init() {}

        public mutating func merge(_ other: QualityCounts) {
            removed.merge(other.removed)
            for (rule, n) in other.byRule { byRule[rule, default: 0] += n }
            for (rule, more) in other.examples { addExamples(more, rule: rule) }
        }

        /// Keeps the ``examplesPerRule`` smallest of the rule's examples and `more`.
        public mutating func addExamples(_ more: [Sample], rule: String) {
            examples[rule] = Array(((examples[rule] ?? []) + more).sorted().prefix(Self.examplesPerRule))
        }
    }

    /// One sampled document.
    public struct Sample: Sendable, Codable, Hashable, Comparable {
        public var priority: UInt64
        public var record: String

        public init(priority: UInt64, record: String) {
            self.priority = priority
            self.record = record
        }

        public static func < (a: Sample, b: Sample) -> Bool { (a.priority, a.record) < (b.priority, b.record) }
    }

    public init() {}

    /// Keeps the `sampleLimit` smallest of `samples` and `more`.
    public mutating func addSamples(_ more: [Sample]) {
        samples = Array((samples + more).sorted().prefix(sampleLimit))
    }

    /// The `count` hosts with most documents (ties by name).
    public func topDomains(_ count: Int) -> [(String, Int)] {
        Array(domains.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }.prefix(count))
    }

    /// Adds everything in `other`.
    public mutating func merge(_ other: LanguageStatistics) {
        all.merge(other.all)
        kept.merge(other.kept)
        exactDuplicates += other.exactDuplicates
        nearDuplicates += other.nearDuplicates
        vocabulary.merge(other.vocabulary)
        for k in lengths.indices { lengths[k] += other.lengths[k] }
        for k in confidences.indices { confidences[k] += other.confidences[k] }
        belowThreshold += other.belowThreshold
        for (s, n) in other.scripts { scripts[s, default: 0] += n }
        if let more = other.runnersUp {
            var mine = runnersUp ?? [:]
            for (code, n) in more { mine[code, default: 0] += n }
            runnersUp = mine
        }
        if let more = other.decidedInSet { decidedInSet = (decidedInSet ?? 0) + more }
        mergeDomains(other.domains)
        wordCounts.merge(other.wordCounts)
        sampleLimit = max(sampleLimit, other.sampleLimit)
        addSamples(other.samples)
        if let q = other.quality {
            var mine = quality ?? QualityCounts()
            mine.merge(q)
            quality = mine
        }
    }

    /// Adds host counts, keeping at most ``domainLimit`` hosts: when more are held, the (limit + 1)-th largest
    /// count is subtracted from every host and those left at zero or below are dropped (Misra–Gries, as
    /// merged by Agarwal et al. 2012). Counts stay exact until a language has more hosts than the limit;
    /// after that each kept count is low by at most documents / (limit + 1), and every host with more than
    /// that share is kept. Deterministic for a given sequence of merges (ties are dropped together); census
    /// merges in input order, also when it merges shards.
    public mutating func mergeDomains(_ other: [String: Int]) {
        for (d, n) in other { domains[d, default: 0] += n }
        guard domains.count > Self.domainLimit else { return }
        let cut = domains.values.sorted(by: >)[Self.domainLimit]
        domains = domains.compactMapValues { $0 > cut ? $0 - cut : nil }
    }

    /// Bytes held (about), for memory accounting.
    public var memoryBytes: Int {
        vocabulary.memoryBytes + wordCounts.memoryBytes + domains.count * 64 + samples.reduce(0) { $0 + $1.record.utf8.count + 32 } + 512
    }

    /// The host of a URL ("https://www.example.org/a" → "www.example.org"), lower-cased, or nil.
    public static func host(of url: String) -> String? {
        guard let scheme = url.range(of: "://") else { return nil }
        var rest = url[scheme.upperBound...]
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if let colon = rest.lastIndex(of: ":"), !rest.contains("]") { rest = rest[..<colon] }
        let host = rest.lowercased()
        return host.isEmpty ? nil : host
    }

    /// Records the language-ID confidence of one document.
    public mutating func addConfidence(_ confidence: Double, belowThreshold below: Bool) {
        confidences[min(9, max(0, Int(confidence * 10)))] += 1
        if below { belowThreshold += 1 }
    }
}
