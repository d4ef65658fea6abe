import CorpusIO
import CorpusNormalize
import CorpusStats
import CorpusQuality
import Dedup
import LanguageID
import TokenCount

/// Everything that shapes a run of ``CorpusRun``: what it reads, how it cleans, identifies and deduplicates
/// documents, and what it writes. Plain values with the defaults of `census run`; each `census run` option
/// has its property here.
///
/// ```swift
/// var options = RunOptions(inputs: ["corpora-samples/web-docs.jsonl.gz"], out: "out")
/// options.threads = 2
/// options.samples = 5
/// let summary = try CorpusRun(options).run(.replace)
/// print(summary.statistics.keptDocuments)
/// ```
public struct RunOptions: Sendable {
    /// Files, directories (walked recursively), globs, or `-` for standard input, as `census run` takes them.
    public var inputs: [String]
    /// In directories, read every file, not only those with a corpus extension.
    public var allFiles = false
    /// Record format, text field and the record size limit.
    public var reader = ReaderOptions()
    /// Clean-up and Unicode normalisation of every document.
    public var text = TextOptions()
    /// The language identifier's settings (unused with ``languageField``).
    public var languageID = LanguageIDSettings()
    /// Shingles, bands and rows of near-duplicate detection (its seed is ``seed``).
    public var dedup = DedupConfiguration()
    /// Quality rules: remove the documents that fail one (`filter`, after deduplication), annotate them, or off.
    public var quality = QualityMode.filter
    /// Thresholds per language (FineWeb-2's where it has them; see ``QualityThresholds``), with overrides.
    public var qualityConfiguration = QualityConfiguration()
    /// Count LLM tokens per language with this tokenizer (``TokenCounter``); `tokenizerName` names it in the method notes.
    public var tokenizer: TokenCounter?
    public var tokenizerName: String?
    /// Take the language from this JSONL field instead of identifying it.
    public var languageField: String?
    /// Seed of the samples and of the MinHash functions.
    public var seed: UInt64 = 1
    /// Worker threads of the parallel stage (nil: the CPUs this process may use). The output is the same for any.
    public var threads: Int?

    /// The output folder.
    public var out: String
    /// False: statistics and report only (`census stats`): no documents, no checkpoints, no `--resume`.
    public var writeDocuments = true
    /// Documents sampled per language for reading (reproducible from ``seed``).
    public var samples = 20
    /// Statistics rows for language values census does not know (``languageField``); the rest share `_other`.
    public var maxLanguages = 1000
    /// Start a new output part after this many bytes of records (uncompressed).
    public var partBytes = 256 << 20
    /// gzip level of the output parts, 1 to 12.
    public var compressionLevel = 1
    /// Also write the removed duplicates to DIR/removed/.
    public var keepRemoved = false
    /// The field names of the records written (census's own, or FineWeb-2's).
    public var schema = JSONLRecord.Schema.census
    /// Process only one slice of the inputs, for ``SliceMerge`` to combine (`--shard I/N`).
    public var slice: RunSlice?
    /// Rejected-record messages per input sent as events (every one goes to `errors.log`).
    public var maxMessages = 20
    /// No ``PipelineEvent/note(_:)`` events, no rejected-record messages and no warnings (input failures only).
    public var quiet = false
    /// The report's thresholds.
    public var thresholds = ScarcityThresholds()
    /// Seconds between checkpoints (taken between inputs).
    public var checkpointSeconds = 10.0
    /// Stop with a checkpoint once this many inputs are complete, as if interrupted (for tests of resuming).
    public var stopAfter: Int?
    /// Stop with a checkpoint inside an input once this many of its batches are consumed (for tests of resuming).
    public var stopAfterBatches: Int?
    /// Batches between the points inside an input where output members end and a checkpoint may be taken
    /// (default 64; changes where members end, so it is part of the run's fingerprint when not the default).
    public var checkpointBatches = 64
    /// The memory the run may use (``MemoryPlan``): when the duplicate keys of the documents the inputs are
    /// estimated to hold would not fit, duplicates are decided by sorting the keys on disk instead, with the same
    /// outputs. Nil: half of what the process may use (its cgroup's limit or the RAM). Not used by `census stats`.
    public var memoryBytes: Int?

    public init(inputs: [String], out: String) {
        self.inputs = inputs
        self.out = out
    }

    /// How the numbers were made, for the report's method notes (option name → value).
    var methodSettings: [String: String] {
        var settings = [
            "normalization": text.form.rawValue, "min_confidence": "\(languageID.minConfidence)",
            "ngram": "\(dedup.ngram)", "bands": "\(dedup.bands)", "rows": "\(dedup.rows)", "seed": "\(seed)",
        ]
        if let languageField { settings["lang_field"] = languageField }
        settings["quality"] = quality.rawValue
        if tokenizer != nil, let tokenizerName { settings["tokenizer"] = tokenizerName }
        if let source = qualityConfiguration.source, quality != .off { settings["quality_config"] = source }
        return settings
    }

    /// The near-duplicate settings with the run's seed.
    var dedupConfiguration: DedupConfiguration {
        var c = dedup
        c.seed = seed
        return c
    }
}

/// One slice of a sharded run: input k (in sorted order) belongs to slice k mod `count`.
public struct RunSlice: Sendable, Equatable {
    /// The slice's number, 0 ..< `count`.
    public var index: Int
    public var count: Int

    /// Nil unless 0 ≤ index < count.
    public init?(index: Int, count: Int) {
        guard count >= 1, (0..<count).contains(index) else { return nil }
        self.index = index
        self.count = count
    }
}

/// How a run treats what its output folder holds already.
public enum RunStart: Sendable {
    /// Start in a new or empty folder; a folder holding an earlier run is refused (``PipelineError/Kind/usage``).
    case new
    /// Continue the interrupted run there (same inputs and options), or start when there is none.
    case resume
    /// Delete the earlier run's outputs first (only in a folder census marked as its own).
    case replace
}

/// Clean-up and normalisation of document text (`--normalize`, `--keep-controls`, ...).
public struct TextOptions: Sendable, Equatable {
    public var form: NormalizationForm = .nfc
    /// Keep C0/C1 control characters (default: strip all but tab and newline).
    public var keepControls = false
    /// Keep CR, CR LF, VT, FF, NEL, U+2028, U+2029 (default: fold them to `\n`).
    public var keepLineBreaks = false
    /// Keep runs of horizontal white space (default: collapse each run to one space).
    public var keepSpaces = false

    public init() {}

    public func makeNormalizer() -> TextNormalizer {
        TextNormalizer(form: form, stripControls: !keepControls, foldLineBreaks: !keepLineBreaks, collapseSpaces: !keepSpaces)
    }
}

/// The language identifier's settings (`--model`, `--min-confidence`, `--max-letters`, `--prior-strength`,
/// `--first-look`, `--early-confidence`).
public struct LanguageIDSettings: Sendable, Equatable {
    /// A model file (nil: the one built into census).
    public var model: String?
    public var minConfidence = LanguageIdentifier.defaultMinConfidence
    public var maxLetters = LanguageIdentifier.defaultMaxLetters
    public var priorStrength = LanguageIdentifier.defaultPriorStrength
    public var firstLook = LanguageIdentifier.defaultFirstLook
    public var earlyConfidence = LanguageIdentifier.defaultEarlyConfidence

    public init() {}

    /// Loads the model.
    /// - Throws: ``PipelineError`` (failed) naming the model file when it cannot be read.
    public func makeIdentifier() throws(PipelineError) -> LanguageIdentifier {
        do {
            let loaded = try model.map { try LanguageModel(contentsOf: $0) } ?? LanguageModel.bundled.get()
            var identifier = LanguageIdentifier(model: loaded, minConfidence: minConfidence, maxLetters: maxLetters,
                                                priorStrength: priorStrength)
            identifier.firstLook = firstLook
            identifier.earlyConfidence = earlyConfidence
            return identifier
        } catch {
            throw PipelineError(.failed, "\(error)")
        }
    }
}
