import CorpusIO
import CorpusStats

/// What a run tells its caller as it goes. The engine prints nothing: a command line prints these, a library
/// user may log, count or ignore them. Events come on the thread that called ``CorpusRun/run(_:events:)``.
public enum PipelineEvent: Sendable {
    /// A rejected record, an input error or a warning, as one line without a prefix
    /// (`web.jsonl.gz: line 57: invalid_json: ...`). Rejected records are capped per input
    /// (``RunOptions/maxMessages``); every one is in `errors.log` and counted in the statistics.
    case problem(String)
    /// Something worth knowing that is not a problem ("resuming after 3 of 10 inputs"). None when
    /// ``RunOptions/quiet``.
    case note(String)
    /// How far the run is, after every analysed batch (about 1,000 documents).
    case progress(RunProgress)
}

/// How far a run is (``PipelineEvent/progress(_:)``).
public struct RunProgress: Sendable, Equatable {
    /// Inputs completed, and the inputs this run reads.
    public var inputsDone: Int
    public var inputs: Int
    /// Input bytes read (compressed, as on disk), and the size of all inputs (0 when unknown: standard input).
    public var inputBytes: Int
    public var totalInputBytes: Int
    /// Bytes of document text read, and documents.
    public var textBytes: Int
    public var documents: Int
    /// Bytes of document text still to read, estimated from the inputs' sizes and the text per byte learnt so far
    /// (``TextEstimate``); nil when an input's size is unknown (standard input). With ``textBytes`` and a clock
    /// it gives an ETA that holds for mixed plain and compressed inputs.
    public var remainingTextBytes: Int?
}

/// Why a run, a merge or a report could not be made.
public struct PipelineError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, in kind.
    public enum Kind: Sendable, Equatable {
        /// The request cannot be carried out as asked (an output folder holding another run, a resume with
        /// other options, a folder census did not write): nothing was changed. The command line exits 64.
        case usage
        /// An input, an output or saved state failed; what was written so far is as of the last checkpoint.
        /// The command line exits 1.
        case failed
    }

    public var kind: Kind
    /// One line, naming the file: `out/: the run there had other inputs or options (seed)`.
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    init(_ error: InputError) { self.init(.failed, error.description) }

    public var description: String { message }
}

/// What a finished run, slice or merge did.
public struct RunSummary: Sendable {
    /// The folder the outputs went to (DIR, or DIR/shards/I for a slice).
    public var folder: String
    /// Every record read, counted as kept, duplicate or rejected, per language; the report is made from these.
    public var statistics: CorpusStatistics
    /// Inputs this run read (a slice's share of them).
    public var inputs: Int
    /// Bytes of document text read.
    public var textBytes: Int
    /// Slices merged (``SliceMerge``); 1 for a run.
    public var slices = 1
    /// True when the folder held a complete run already and nothing was done.
    public var alreadyComplete = false
    /// Wall-clock seconds.
    public var seconds: Double = 0
}
