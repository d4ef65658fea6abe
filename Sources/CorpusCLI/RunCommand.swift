import ArgumentParser
import CorpusPipeline
import CorpusIO
import Dedup
import Foundation

/// A byte count with an optional binary suffix: `256M`, `1G`, `64k`, `1048576`.
struct ByteSize: ExpressibleByArgument, Sendable {
    var bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        var text = argument.uppercased()
        if text.hasSuffix("IB") { text.removeLast(2) } else if text.hasSuffix("B") { text.removeLast() }
        var scale = 1
        if let unit = text.last, let shift = ["K": 10, "M": 20, "G": 30, "T": 40][String(unit)] {
            scale = 1 << shift
            text.removeLast()
        }
        guard let value = Double(text), value > 0, value * Double(scale) < 9e18 else { return nil }
        bytes = Int(value * Double(scale))
    }

    var defaultValueDescription: String { bytes % (1 << 20) == 0 ? "\(bytes >> 20)M" : "\(bytes)" }
}

/// `I/N`: the I-th (from 0) of N slices.
struct ShardSpec: ExpressibleByArgument, Sendable, Equatable {
    var index: Int
    var count: Int

    init?(argument: String) {
        let parts = argument.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (0..<n).contains(i) else { return nil }
        index = i
        count = n
    }
}

/// What `census run` and `census stats` share: the options that shape the statistics, and the parallel stage.
protocol CorpusJob {
    var input: InputOptions { get }
    var normalization: NormalizationOptions { get }
    var identification: LanguageIDOptions { get }
    var dedup: DedupOptions { get }
    var job: JobOptions { get }
}

/// The output folder, language source, samples, seed and threads of `census run` and `census stats`.
struct JobOptions: ParsableArguments {
    @Option(help: "Output folder.")
    var out: String
    @Option(help: "Take the language from this JSONL field instead of identifying it.")
    var langField: String?
    @Option(help: "Documents to sample per language for reading.")
    var samples = 20
    @Option(help: "Seed of the samples and of the MinHash functions.")
    var seed: UInt64 = 1
    @Option(help: "Worker threads (default: the CPUs this process may use: affinity and cgroup quota).")
    var threads: Int?
    @Option(help: "Statistics rows for language values census does not know (from --lang-field); the others share the row _other.")
    var maxLanguages = 1000

    func validate() throws {
        try OutputFolder.validate(out)
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1.") }
        guard samples >= 0 else { throw ValidationError("--samples must not be negative.") }
        if let langField, langField.isEmpty { throw ValidationError("--lang-field must not be empty.") }
        guard (1...100_000).contains(maxLanguages) else { throw ValidationError("--max-languages must be between 1 and 100000.") }
    }
}

extension CorpusJob {
    var out: String { job.out }
    var langField: String? { job.langField }
    var samples: Int { job.samples }
    var seed: UInt64 { job.seed }
    var threads: Int? { job.threads }

    /// How the numbers were made, for the report's method notes (option name → value).
    var methodSettings: [String: String] {
        var settings = [
            "normalization": normalization.form.rawValue, "min_confidence": "\(identification.minConfidence)",
            "ngram": "\(dedup.ngram)", "bands": "\(dedup.bands)", "rows": "\(dedup.rows)", "seed": "\(seed)",
        ]
        if let langField { settings["lang_field"] = langField }
        return settings
    }

    /// Readers and `--threads` workers, each with its own identifier, normaliser and sketcher.
    func makePipeline(_ sources: [InputSource], buildRecords: Bool = true) throws -> ParallelStage {
        let identifier = try identification.makeIdentifier()
        let normalizer = normalization.makeNormalizer()
        let sketching = dedup.configuration(seed: seed)
        let field = langField, seed = seed
        return ParallelStage(sources: sources, readerOptions: input.readerOptions, threads: WorkerThreads.resolve(threads, quiet: input.quiet)) {
            var analyzer = DocumentAnalyzer(identifier: identifier, normalizer: normalizer,
                                            sketcher: DocumentSketcher(configuration: sketching), langField: field, seed: seed)
            analyzer.buildRecords = buildRecords
            return analyzer
        }
    }
}

/// How many worker threads to start.
enum WorkerThreads {
    /// `requested` (default: the CPUs this process may use), capped at 4 per usable CPU and at least 64:
    /// more threads than that only cost memory and start-up time (`--threads 100000` would start 100,000
    /// workers). The output is the same for any number, so the cap changes nothing but speed; it is noted.
    static func resolve(_ requested: Int?, quiet: Bool) -> Int {
        let cpus = AvailableCPUs.count
        guard let requested else { return cpus }
        let limit = max(64, 4 * cpus)
        if requested > limit && !quiet {
            Diagnostics.error("note: --threads \(requested) capped at \(limit) (4 per CPU this process may use, at least 64)")
        }
        return min(requested, limit)
    }
}

/// Settings of near-duplicate detection shared by `census run` and `census stats`.
struct DedupOptions: ParsableArguments {
    @Option(help: "Words per shingle (MinHash).")
    var ngram = 5
    @Option(help: "LSH bands.")
    var bands = 14
    @Option(help: "Hash values per band.")
    var rows = 8

    func validate() throws {
        guard ngram >= 1 else { throw ValidationError("--ngram must be at least 1.") }
        guard bands >= 1, rows >= 1, bands * rows <= 4096 else {
            throw ValidationError("--bands (\(bands)) times --rows (\(rows)) must be between 1 and 4096.")
        }
    }

    func configuration(seed: UInt64) -> DedupConfiguration {
        var c = DedupConfiguration()
        c.ngram = ngram
        c.bands = bands
        c.rows = rows
        c.seed = seed
        return c
    }
}

/// `census run`: the whole job in one streaming pass.
struct Run: ParsableCommand, CorpusJob {
    static let configuration = CommandConfiguration(
        abstract: "Clean, identify, deduplicate and count a corpus, writing per-language shards and the report.",
        discussion: """
        One pass over the inputs (sorted as `census cat` reads them). Every document is cleaned and normalised, \
        its language identified (or taken from --lang-field), tokenised once for counts, vocabulary and its \
        duplicate sketch, and then, in input order, kept or removed: an exact duplicate when an earlier document \
        had the same words (case-folded, digits as 0), a near duplicate when it shares a MinHash LSH band with an \
        earlier document (5-grams, 14 bands x 8 rows by default, as datatrove and FineWeb). The output is the \
        same for any --threads.

        Output in DIR:
          data/<lang>/part-NNNNN.jsonl.gz  kept documents, {"id","text","lang","lang_score","source","metadata"}
                                           per line; a new part every --shard-size of records
          report/                          report.json, report.csv, report.md, report.html
          samples/<lang>.jsonl             --samples documents per language (reproducible from --seed)
          removed/part-NNNNN.jsonl.gz      with --keep-removed: duplicates, each with "reason"
          errors.log                       every rejected record and input problem, with file and position
          state/                           checkpoint.json, keys.bin and stats.json (for --resume and `census report`)

        Every record read is counted as kept, exact duplicate, near duplicate or rejected (by reason); the report \
        shows the sum. After a crash or kill, run the same command with --resume: completed inputs are not read \
        again and the outputs end up identical to an uninterrupted run's. Files being written carry a .partial \
        or .tmp suffix until they are complete.
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var normalization: NormalizationOptions
    @OptionGroup var identification: LanguageIDOptions
    @OptionGroup var dedup: DedupOptions
    @OptionGroup var scarcity: ScarcityOptions
    @OptionGroup var job: JobOptions

    @Option(help: "Start a new part after this many bytes of records (uncompressed; K, M, G suffixes).")
    var shardSize = ByteSize(bytes: 256 << 20)
    @Option(help: "gzip level of the shards, 1 (fastest) to 12 (smallest; 6 is gzip's default).")
    var compressionLevel = 1
    @Flag(help: "Also write the removed duplicates to DIR/removed/.")
    var keepRemoved = false
    @Flag(help: "Continue the interrupted run in DIR (same inputs and options).")
    var resume = false
    @Flag(help: "Start over: delete the earlier run's outputs in DIR first.")
    var force = false
    @Flag(help: "Print a progress line every 10 seconds (default: a live line when standard error is a terminal).")
    var progress = false
    @Option(help: ArgumentHelp("Process only slice I of N (0 <= I < N; input k, in sorted order, belongs to slice k mod N) and save partial results in DIR/shards/I/ for `census merge DIR`.", valueName: "I/N"))
    var shard: ShardSpec?
    @Option(help: .hidden)
    var checkpointSeconds: Double = 10
    @Option(help: .hidden)
    var stopAfter: Int?

    func validate() throws {
        guard (1...12).contains(compressionLevel) else { throw ValidationError("--compression-level must be between 1 and 12.") }
        if resume && force { throw ValidationError("--resume and --force exclude each other.") }
        if resume && (input.inputs.isEmpty || input.inputs.contains("-")) {
            throw ValidationError("--resume cannot continue reading standard input; give files.")
        }
    }

    func run() throws {
        do { try runJob() } catch let error as InputError {
            Diagnostics.error(error.description)
            throw ExitCode.failure
        }
    }

    private func runJob() throws {
        let started = Date()
        let expansion = input.expand()
        let expandErrors = expansion.errors
        // A run never reads its own outputs (an --out inside an input folder).
        let (sources, insideOut) = OutputFolder.excludingOutputs(expansion.sources, of: out)
        if insideOut > 0 && !input.quiet {
            Diagnostics.error("note: passed over \(insideOut) files inside the output folder \(out)")
        }
        // A shard works in DIR/shards/I (shards of one run write side by side), a whole run in DIR.
        let out = shard.map { self.out + "/shards/\($0.index)" } ?? self.out
        try OutputFiles.makeDirectories(out)
        let lock = try OutputLock(directory: out)
        defer { lock.release() }

        let dedupConfiguration = dedup.configuration(seed: seed)
        let settings = methodSettings
        var fingerprint = settings
        fingerprint["inputs"] = sources.map { "\($0.path) \($0.contentStamp)" }.joined(separator: "\n")
        fingerprint["input_errors"] = expandErrors.map(\.description).joined(separator: "\n")
        fingerprint["reader"] = "\(input.format?.rawValue ?? "auto") \(input.textField) \(input.maxDocBytes) \(input.allFiles)"
        fingerprint["output"] = "shard \(shardSize.bytes) level \(compressionLevel) removed \(keepRemoved) samples \(samples) languages \(job.maxLanguages)"
        fingerprint["text"] = "controls \(normalization.keepControls) breaks \(normalization.keepLineBreaks) spaces \(normalization.keepSpaces)"
        fingerprint["language_id"] = "\(identification.model ?? "built-in") \(identification.maxLetters) \(identification.priorStrength)"

        var engineConfiguration = OrderedStage.Configuration(out: out)
        engineConfiguration.events = { if case .problem(let line) = $0 { Diagnostics.error(line) } }
        engineConfiguration.partBytes = shardSize.bytes
        engineConfiguration.compressionLevel = compressionLevel
        engineConfiguration.keepRemoved = keepRemoved && shard == nil   // a shard decides nothing; its merge writes removed/
        engineConfiguration.samples = samples
        engineConfiguration.maxLanguages = job.maxLanguages
        engineConfiguration.checkpointSeconds = checkpointSeconds
        engineConfiguration.stopAfter = stopAfter
        engineConfiguration.maxMessages = input.maxMessages
        engineConfiguration.quiet = input.quiet
        engineConfiguration.settings = settings
        engineConfiguration.fingerprint = fingerprint
        var mode = OrderedStage.Mode.single
        var inputs = Array(sources.indices)
        if let shard {
            mode = .slice
            inputs = inputs.filter { $0 % shard.count == shard.index }
            engineConfiguration.slice = SliceInfo(
                index: shard.index, count: shard.count, inputs: sources.map(\.path),
                inputErrors: expandErrors.map { [$0.code.description, $0.path, $0.message] },
                partBytes: shardSize.bytes, compressionLevel: compressionLevel, keepRemoved: keepRemoved,
                samples: samples, maxMessages: input.maxMessages, maxLanguages: job.maxLanguages)
        }
        let engine = OrderedStage(configuration: engineConfiguration, sources: sources, dedup: dedupConfiguration, mode: mode, inputs: inputs)

        // (With --force the earlier run is replaced whatever its state, damaged or not.)
        let checkpoint = force ? nil : try OrderedStage.loadCheckpoint(out)
        if let checkpoint, resume {
            if !Self.matches(checkpoint, fingerprint: fingerprint, shard: shard) {
                let differing = Set(checkpoint.fingerprint.keys).union(fingerprint.keys).filter { checkpoint.fingerprint[$0] != fingerprint[$0] }.sorted()
                Diagnostics.error("\(out): the run there had other inputs or options (\(differing.joined(separator: ", "))); run it as before, or start over with --force")
                throw ExitCode(64)
            }
            if checkpoint.complete {
                if !input.quiet { Diagnostics.error("\(out): the run is already complete") }
                return
            }
            try engine.resume(from: checkpoint)
            if !input.quiet { Diagnostics.error("resuming after \(checkpoint.inputsDone) of \(inputs.count) inputs") }
        } else {
            if checkpoint != nil && !force {
                Diagnostics.error("\(out): holds an earlier census run; continue it with --resume or start over with --force")
                throw ExitCode(64)
            }
            if checkpoint == nil && !force && !resume, let entries = try? FileManager.default.contentsOfDirectory(atPath: out + "/data"), !entries.isEmpty {
                Diagnostics.error("\(out)/data: not empty; choose another --out, or use --force to replace it")
                throw ExitCode(64)
            }
            // Only what census wrote is deleted, and only in a folder it marked as its own.
            try OutputFolder.clear(out, ["data", "removed", "samples", "report", "state", "errors.log", "batches.bin", "exact.bin", "bands.bin"])
            if shard != nil { try OutputFolder.claim(self.out) }
            try OutputFolder.claim(out)
            try engine.start()
            for error in expandErrors { engine.note(error) }
        }

        Interruption.install(advice: "\(out) holds the outputs as of the last checkpoint; continue with the same command and --resume")
        let reporter = ProgressReporter(mode: input.quiet ? .none : (progress ? .lines : (isatty(STDERR_FILENO) == 1 ? .terminal : .none)),
                                        totalInputs: inputs.count, totalBytes: inputs.reduce(0) { $0 + (sources[$1].fileSize ?? 0) })
        let pipeline = try makePipeline(sources)
        do {
            try pipeline.run(inputs: engine.inputs, from: engine.inputsDone) { batch in
                try engine.consume(batch)
                reporter.update(engine)
            }
            reporter.clear()
            try engine.finish(thresholds: scarcity.thresholds)
        } catch let error as InputError {
            reporter.clear()
            Diagnostics.error(error.description)
            Diagnostics.error("\(out): stopped; the outputs are as of the last checkpoint, continue with --resume")
            throw ExitCode.failure
        }
        let stats = engine.currentStatistics
        if !input.quiet {
            let seconds = Date().timeIntervalSince(started)
            let mb = Double(engine.textBytes) / 1e6
            if let shard {
                Diagnostics.error("run: shard \(shard.index)/\(shard.count): \(stats.recordsRead) records of \(inputs.count) inputs, \(String(format: "%.1f", mb)) MB of text in \(String(format: "%.1f", seconds)) s, saved for `census merge \(self.out)` -> \(out)/")
            } else {
                Diagnostics.error("run: \(stats.recordsRead) records = \(stats.keptDocuments) kept + \(stats.exactDuplicates) exact + \(stats.nearDuplicates) near duplicates + \(stats.rejectedRecords) rejected; \(stats.languages.count) languages; \(String(format: "%.1f", mb)) MB of text in \(String(format: "%.1f", seconds)) s (\(String(format: "%.1f", mb / max(seconds, 1e-9))) MB/s) -> \(out.hasSuffix("/") ? out : out + "/")")
            }
        }
        if stats.failedInputs > 0 { throw ExitCode.failure }
    }
}

extension Run {
    /// Whether a checkpoint was made by the same inputs, options and shard.
    /// (A function of its own: the same test inline in run() crashed the 6.3.1 optimiser.)
    @inline(never)
    static func matches(_ checkpoint: Checkpoint, fingerprint: [String: String], shard: ShardSpec?) -> Bool {
        let recorded = checkpoint.slice
        return checkpoint.fingerprint == fingerprint && recorded?.index == shard?.index && recorded?.count == shard?.count
    }
}

/// An exclusive lock on DIR/.lock (flock), so two runs never write the same folder.
final class OutputLock {
    private var fd: Int32

    init(directory: String) throws {
        let path = directory + "/.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            Diagnostics.error("\(path): cannot create (\(String(cString: strerror(errno))))")
            throw ExitCode.failure
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            Diagnostics.error("\(directory): another census process is writing there (\(path) is locked); wait for it or choose another --out")
            throw ExitCode.failure
        }
    }

    func release() {
        if fd >= 0 {
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }
}

/// Progress on standard error: a live line on a terminal (at most 4 redraws a second), or plain lines every
/// 10 seconds with `--progress`.
final class ProgressReporter {
    enum Mode { case none, terminal, lines }
    let mode: Mode
    let totalInputs: Int
    let totalBytes: Int
    private let started = Date()
    private var last = Date.distantPast
    private var drawn = false

    init(mode: Mode, totalInputs: Int, totalBytes: Int) {
        self.mode = mode
        self.totalInputs = totalInputs
        self.totalBytes = totalBytes
    }

    func update(_ engine: OrderedStage) {
        guard mode != .none else { return }
        let now = Date()
        guard now.timeIntervalSince(last) >= (mode == .terminal ? 0.25 : 10) else { return }
        last = now
        let seconds = max(now.timeIntervalSince(started), 1e-3)
        let done = engine.inputBytesDone + engine.inputBytesCurrent
        var eta = "?"
        if done > 0 && totalBytes > done {
            let left = Int(seconds * Double(totalBytes - done) / Double(done))
            eta = left >= 3600 ? "\(left / 3600)h\(String(format: "%02d", left / 60 % 60))m" : "\(left / 60):\(String(format: "%02d", left % 60))"
        } else if totalBytes > 0 && done >= totalBytes {
            eta = "0:00"
        }
        let line = "\(engine.inputsDone)/\(totalInputs) inputs, \(String(format: "%.1f", Double(engine.textBytes) / 1e6)) MB of text, "
            + "\(String(format: "%.1f", Double(engine.textBytes) / 1e6 / seconds)) MB/s, \(Int(Double(engine.documents) / seconds)) documents/s, ETA \(eta)"
        var err = StandardError()
        if mode == .terminal {
            err.write("\r\u{1B}[K" + line)
            drawn = true
        } else {
            err.write("census: " + line + "\n")
        }
    }

    func clear() {
        guard drawn else { return }
        var err = StandardError()
        err.write("\r\u{1B}[K")
        drawn = false
    }
}
