import CorpusCore
import CorpusIO
import CorpusNormalize
import CorpusStats
import CorpusQuality
import Dedup
import LanguageID
import TokenCount

/// A document copied out of the reader's reusable storage.
package struct RawDocument: Sendable {
    package var text: [UInt8]
    package var id: [UInt8]
    package var metadata: [UInt8]
    package var recordNumber: Int
    /// ``Document/crawl``: the crawl its input names (empty: none).
    package var crawl: [UInt8] = []

    package init(text: [UInt8], id: [UInt8], metadata: [UInt8], recordNumber: Int, crawl: [UInt8] = []) {
        self.text = text
        self.id = id
        self.metadata = metadata
        self.recordNumber = recordNumber
        self.crawl = crawl
    }
}

/// Consecutive records of one input: at most ``RawBatch/maxDocuments`` documents or ``RawBatch/maxBytes``
/// of text. Where batches are cut depends only on the input, so everything decided per batch is the same
/// for any number of threads.
package struct RawBatch: Sendable {
    package static let maxDocuments = 1024
    package static let maxBytes = 4 << 20

    /// The input's number (in the sorted input list) and the batch's number within the input.
    package var file: Int
    package var index: Int
    package var documents: [RawDocument] = []
    package var rejections: [Rejection] = []
    package var textBytes = 0
    /// Input bytes read when the batch was cut (for progress).
    package var inputOffset = 0
    /// Set on the input's last batch.
    package var summary: InputSummary?
    /// The input holds one record per line (the `lines` format): its records are sentences, not documents.
    package var lineRecords = false
    /// A batch consumed before the checkpoint a run resumes from: its documents were counted (``skippedDocuments``
    /// of them, not kept here) and it is passed on only for its place and the input's progress.
    package var skipped = false
    package var skippedDocuments = 0

    package var isFull: Bool { documents.count + skippedDocuments >= Self.maxDocuments || textBytes >= Self.maxBytes }
}

/// One analysed document: its output record, language, counts and dedup keys.
package struct AnalyzedDocument: Sendable {
    /// The output JSONL record: `records[recordStart..<recordEnd]` of its batch.
    package var recordStart: Int
    package var recordEnd: Int
    /// Index into the batch's `codes`.
    package var language: Int
    package var exactKey: (UInt64, UInt64)
    /// `bandKeys[bandStart..<bandEnd]` of its batch.
    package var bandStart: Int
    package var bandEnd: Int
    package var words: Int
    package var characters: Int
    package var bytes: Int
    package var lines: Int
    /// Sample priority: the exact key mixed with the seed (content-based, so samples merge exactly).
    package var priority: UInt64
    /// The language-ID confidence (NaN when the language came from a field).
    package var confidence: Double = .nan
    /// The quality rule the document fails (``QualityRule`` raw value; 0: none, or not filtered).
    package var quality: UInt8 = 0
    /// LLM tokens (nil without a tokenizer).
    package var llmTokens: Int?
    /// Index into the batch's `crawls`: the document's crawl (see ``DocumentAnalyzer/crawl(of:pathCrawl:)``).
    package var crawl: Int = 0
}

/// A batch after the parallel stage: records, keys, and the statistics of its documents that do not depend
/// on deduplication (``LanguageStatistics/all``, vocabulary, top words, confidence, scripts, domains).
package struct AnalyzedBatch: Sendable {
    package var file: Int
    package var index: Int
    package var documents: [AnalyzedDocument] = []
    package var records: [UInt8] = []
    package var bandKeys: [UInt64] = []
    package var codes: [String] = []
    /// The crawls its documents belong to (each document's `crawl` indexes this).
    package var crawls: [String] = []
    package var statistics: [LanguageStatistics] = []
    /// Per code, documents per host: what a merge replays of the statistics (`statistics` stays empty there),
    /// so hosts are counted in input order as in one run.
    package var domains: [[String: Int]] = []
    /// When records are built lazily (`census stats`): `records` holds each document's normalised text, and
    /// `sources` its id, metadata and record number, so ``record(_:path:)`` can build the JSONL record of the few
    /// documents that need one (samples).
    package var lazyRecords = false
    package var sources: [RawDocument] = []
    package var rejections: [Rejection] = []
    package var textBytes = 0
    package var inputOffset = 0
    package var summary: InputSummary?
    /// See ``RawBatch/skipped``: nothing in it but its place, progress and (never, in practice) the summary.
    package var skipped = false
}

/// The per-document work of `census run` and `census stats`, done by each worker on its own copy:
/// clean-up and normalisation, language, one tokenisation for counts, vocabulary, top words and the
/// duplicate sketch, and the output record.
package struct DocumentAnalyzer {
    package var identifier: LanguageIdentifier
    package var normalizer: TextNormalizer
    package var sketcher: DocumentSketcher
    package let langField: String?
    package let seed: UInt64
    /// False for `census stats`: records are built only for the documents that become samples.
    package var buildRecords = true
    /// The field names of the records built.
    package var schema = JSONLRecord.Schema.census
    private var text: [UInt8] = []
    private var tokens: [Token] = []
    private var wordKeys = WordKeys()
    private var wordHashes: [UInt64] = []
    private var vocabularyHashes: [UInt64] = []
    private var codeIndex: [String: Int] = [:]
    private var crawlIndex: [String: Int] = [:]
    /// The quality rules (off unless set).
    package var quality = QualityJudge()
    private var metadata: [UInt8] = []
    /// Counts LLM tokens of every document (nil: none counted).
    package var tokenCounter: TokenCounter?
    private var tokenScratch = TokenCounter.Scratch()

    /// A runner-up with at least this confidence counts as a confusion in the report's trust table.
    package static let contestedConfidence = 0.05

    package init(identifier: LanguageIdentifier, normalizer: TextNormalizer, sketcher: DocumentSketcher, langField: String?, seed: UInt64) {
        self.identifier = identifier
        self.normalizer = normalizer
        self.sketcher = sketcher
        self.langField = langField
        self.seed = seed
    }

    package mutating func analyze(_ raw: RawBatch, path: String) -> AnalyzedBatch {
        var out = AnalyzedBatch(file: raw.file, index: raw.index)
        out.skipped = raw.skipped
        out.rejections = raw.rejections
        out.textBytes = raw.textBytes
        out.inputOffset = raw.inputOffset
        out.summary = raw.summary
        out.documents.reserveCapacity(raw.documents.count)
        out.records.reserveCapacity(raw.textBytes + raw.documents.count * 160)
        codeIndex.removeAll(keepingCapacity: true)
        crawlIndex.removeAll(keepingCapacity: true)
        let pathCrawl = Self.commonCrawlName(in: path)
        out.lazyRecords = !buildRecords
        if !buildRecords {
            out.sources = raw.documents.map { RawDocument(text: [], id: $0.id, metadata: $0.metadata, recordNumber: $0.recordNumber) }
        }
        for document in raw.documents {
            analyze(document, path: path, lineRecords: raw.lineRecords, into: &out)
            let crawl = Self.crawl(of: document, pathCrawl: pathCrawl)
            if let known = crawlIndex[crawl] {
                out.documents[out.documents.count - 1].crawl = known
            } else {
                crawlIndex[crawl] = out.crawls.count
                out.documents[out.documents.count - 1].crawl = out.crawls.count
                out.crawls.append(crawl)
            }
        }
        return out
    }

    /// The label of a document without a crawl name or date.
    package static let unknownCrawl = ScarcityReport.unknownCrawlLabel

    /// The crawl a document belongs to, for the report's Crawls view, from the first of: the crawl its input
    /// names (a WET warcinfo's `isPartOf`), its `dump` or `crawl` field (FineWeb's `dump`: `CC-MAIN-2024-10`), a
    /// Common Crawl name in its input's path (`crawl-data/CC-MAIN-2024-10/…`), the month of its `warc_date` or
    /// `date` or `timestamp` field (`2024-03`); else ``unknownCrawl``. Names are cut at 64 bytes.
    package static func crawl(of document: RawDocument, pathCrawl: String?) -> String {
        if !document.crawl.isEmpty { return name(String(decoding: document.crawl, as: UTF8.self)) }
        let fields = document.metadata.isEmpty ? nil : JSONMembers.strings(document.metadata, fields: crawlFields)
        for k in 0..<2 { if let v = fields?[k], !v.isEmpty { return name(v) } }
        if let pathCrawl { return pathCrawl }
        for k in 2..<crawlFields.count { if let v = fields?[k], let month = month(of: v) { return month } }
        return unknownCrawl
    }

    /// The fields that name a crawl (the first two) or date a document (the rest), in order of precedence.
    private static let crawlFields = ["dump", "crawl", "warc_date", "date", "timestamp"]

    private static func name(_ s: String) -> String {
        var scalars = Substring(s).unicodeScalars
        while let f = scalars.first, f.properties.isWhitespace || f.value < 0x20 { scalars.removeFirst() }
        while let l = scalars.last, l.properties.isWhitespace || l.value < 0x20 { scalars.removeLast() }
        var cut = String(String.UnicodeScalarView(scalars.prefix(64)))
        while cut.utf8.count > 64 { cut.unicodeScalars.removeLast() }
        return cut.isEmpty ? unknownCrawl : cut
    }

    /// "2024-03" of a date that starts `YYYY-MM` (ISO 8601, as WARC-Date and FineWeb's `date`), else nil.
    package static func month(of date: String) -> String? {
        let b = Array(date.utf8.prefix(7))
        func digit(_ k: Int) -> Bool { b[k] >= 0x30 && b[k] <= 0x39 }
        guard b.count == 7, digit(0), digit(1), digit(2), digit(3), b[4] == 0x2D, digit(5), digit(6) else { return nil }
        let m = (Int(b[5]) - 0x30) * 10 + Int(b[6]) - 0x30
        guard m >= 1 && m <= 12 else { return nil }
        return String(decoding: b, as: UTF8.self)
    }

    /// The Common Crawl name (`CC-MAIN-YYYY-WW`) in a path, such as `crawl-data/CC-MAIN-2024-10/segments/…`.
    /// (File names' `CC-MAIN-20240220211055-…` are segment timestamps, not crawls, and are not matched.)
    package static func commonCrawlName(in path: String) -> String? {
        let b = Array(path.utf8)
        let prefix = Array("CC-MAIN-".utf8)
        guard b.count >= 15 else { return nil }
        func digits(_ from: Int, _ n: Int) -> Bool { (from..<(from + n)).allSatisfy { b[$0] >= 0x30 && b[$0] <= 0x39 } }
        for k in 0...(b.count - 15) where b[k] == 0x43 && Array(b[k..<(k + 8)]) == prefix {
            let end = k + 15
            guard digits(k + 8, 4), b[k + 12] == 0x2D, digits(k + 13, 2) else { continue }
            if end < b.count && b[end] >= 0x30 && b[end] <= 0x39 { continue }
            return String(decoding: b[k..<end], as: UTF8.self)
        }
        return nil
    }

    private mutating func language(_ code: String, _ out: inout AnalyzedBatch) -> Int {
        if let known = codeIndex[code] { return known }
        codeIndex[code] = out.codes.count
        out.codes.append(code)
        out.statistics.append(LanguageStatistics())
        return out.codes.count - 1
    }

    private mutating func analyze(_ document: RawDocument, path: String, lineRecords: Bool, into out: inout AnalyzedBatch) {
        document.text.withUnsafeBytes { _ = normalizer.normalize($0, into: &text) }
        var code = LanguageGuess.undetermined
        var script = "Zyyy"
        var confidence: Double?
        var belowBest: String?
        var runnerUp: String?
        if let field = langField {
            code = JSONMembers.string(document.metadata, field: field) ?? LanguageGuess.undetermined
        } else {
            let guess = text.withUnsafeBytes { identifier.identify($0) }
            code = guess.code
            script = guess.script?.code ?? "Zyyy"
            confidence = guess.confidence
            if guess.code == LanguageGuess.undetermined && guess.best != LanguageGuess.undetermined { belowBest = guess.best }
            // The runner-up counts as a confusion when it had a real share of the probability.
            if guess.runnerUpConfidence >= Self.contestedConfidence { runnerUp = guess.runnerUp }
        }
        let l = language(code, &out)
        if let best = belowBest { out.statistics[language(best, &out)].belowThreshold += 1 }
        tokens.removeAll(keepingCapacity: true)
        var characters = 0, lines = 0
        let bandStart = out.bandKeys.count
        var exactKey: (UInt64, UInt64) = (0, 0)
        var failed: QualityRule?
        var llmTokens: Int?
        metadata.removeAll(keepingCapacity: true)
        metadata.append(contentsOf: document.metadata)
        let folding = CaseFolding.icu
        text.withUnsafeBytes { raw in
            WordTokenizer.icu.tokenize(raw, into: &tokens)
            let counts = TextCounting.scalarsAndNewlines(raw)
            characters = counts.scalars
            lines = raw.isEmpty ? 0 : counts.newlines + 1
            // One pass over the words: the folded hash for the vocabulary and top words, and the same with
            // digits as 0 (differs only for words with digits 1-9) for the duplicate sketch.
            wordHashes.removeAll(keepingCapacity: true)
            vocabularyHashes.removeAll(keepingCapacity: true)
            wordKeys.append(raw, tokens: tokens, folding: folding, plain: &vocabularyHashes, digitsAsZero: &wordHashes)
            vocabularyHashes.withUnsafeBufferPointer {
                out.statistics[l].vocabulary.add(contentsOf: $0)
                out.statistics[l].wordCounts.add(contentsOf: $0)
            }
            out.statistics[l].all.add(words: tokens.count, characters: characters, bytes: raw.count, lines: lines)
            out.statistics[l].addConfidence(confidence ?? 1, belowThreshold: false)
            out.statistics[l].scripts[script, default: 0] += 1
            if langField == nil {   // identified here: the trust figures count
                if out.statistics[l].runnersUp == nil { out.statistics[l].runnersUp = [:] }
                if let runnerUp { out.statistics[l].runnersUp![runnerUp, default: 0] += 1 }
                let inSet = code != LanguageGuess.undetermined && (confidence ?? 1) < identifier.minConfidence
                out.statistics[l].decidedInSet = (out.statistics[l].decidedInSet ?? 0) + (inSet ? 1 : 0)
            }
            if let url = JSONMembers.string(document.metadata, field: "url"), let host = LanguageStatistics.host(of: url) {
                out.statistics[l].domains[host, default: 0] += 1
            }
            let sketch = wordHashes.withUnsafeBufferPointer { sketcher.sketch(wordHashes: $0) }
            exactKey = sketch.exactKey
            out.bandKeys.append(contentsOf: sketch.bandKeys)
            failed = quality.assess(raw, code: code, lineRecords: lineRecords, metadata: &metadata)
        }
        if tokenCounter != nil {
            let n = countTokens()
            out.statistics[l].all.add(tokens: n)
            llmTokens = n
        }
        // The sample priority: the exact key mixed with the seed. Content-based, so shards merge exactly, and
        // distinct among kept documents (equal keys make exact duplicates).
        let priority = Hash64.combine(exactKey.0 ^ seed, exactKey.1)
        let recordStart = out.records.count
        if buildRecords {
            text.withUnsafeBytes {
                switch schema {
                case .census:
                    JSONLRecord.append(text: $0, id: document.id, metadata: metadata, path: path, recordNumber: document.recordNumber,
                                       language: code, score: confidence, to: &out.records)
                case .fineweb2:
                    JSONLRecord.appendFineWeb2(text: $0, id: document.id, metadata: metadata, path: path, recordNumber: document.recordNumber,
                                               language: LanguageRegistry.fineWeb2Codes[code] ?? code, score: confidence,
                                               script: langField == nil ? script : nil, to: &out.records)
                }
            }
        } else {
            out.records.append(contentsOf: text)
        }
        out.documents.append(AnalyzedDocument(
            recordStart: recordStart, recordEnd: out.records.count, language: l, exactKey: exactKey,
            bandStart: bandStart, bandEnd: out.bandKeys.count, words: tokens.count, characters: characters,
            bytes: text.count, lines: lines, priority: priority, confidence: confidence ?? .nan, quality: failed?.rawValue ?? 0, llmTokens: llmTokens))
    }
}

extension DocumentAnalyzer {
    /// LLM tokens of the normalised text (a tokenizer is set).
    @inline(never)
    private mutating func countTokens() -> Int {
        guard let counter = tokenCounter else { return 0 }
        var scratch = tokenScratch
        tokenScratch = TokenCounter.Scratch()   // moved out and back: no copy of its buffers
        let n = text.withUnsafeBufferPointer { counter.count($0, scratch: &scratch) }
        tokenScratch = scratch
        return n
    }
}

extension AnalyzedBatch {
    /// The JSONL record of document `d` (built now when the batch's records are built lazily).
    package func record(_ d: Int, path: String) -> ArraySlice<UInt8> {
        let doc = documents[d]
        guard lazyRecords else { return records[doc.recordStart..<doc.recordEnd] }
        var out: [UInt8] = []
        records.withUnsafeBytes { all in
            let source = sources[d]
            JSONLRecord.append(text: UnsafeRawBufferPointer(rebasing: all[doc.recordStart..<doc.recordEnd]), id: source.id,
                               metadata: source.metadata, path: path, recordNumber: source.recordNumber, language: codes[doc.language],
                               score: doc.confidence.isNaN ? nil : doc.confidence, to: &out)
        }
        return out[...]
    }
}
