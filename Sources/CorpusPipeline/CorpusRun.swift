import CorpusIO
import CorpusStats
import CorpusQuality
import Dedup
import Foundation

/// The whole job of `census run` (and, with ``RunOptions/writeDocuments`` false, of `census stats`), as a
/// library call: every input read once, each document cleaned, identified, counted and deduplicated, kept
/// documents written to DIR/data/<lang>/part-NNNNN.jsonl.gz, and the statistics, samples and report written.
///
/// The work is two stages: the ``ParallelStage`` reads inputs into batches and analyses them on
/// ``RunOptions/threads`` workers; the ``OrderedStage`` takes the analysed batches in input order on the
/// calling thread, decides duplicates, writes and checkpoints. So the outputs are the same bytes for any
/// number of threads, a resumed run ends identical to an uninterrupted one, and the slices of a sharded run
/// merged (``SliceMerge``) equal one run.
///
/// ```swift
/// var options = RunOptions(inputs: ["corpora-samples/web-docs.jsonl.gz"], out: "/tmp/census-out")
/// options.samples = 5
/// let summary = try CorpusRun(options).run(.replace) { event in
///     if case .problem(let line) = event { print(line) }
/// }
/// print(summary.statistics.keptDocuments, "documents kept")
/// ```
public struct CorpusRun: Sendable {
    public var options: RunOptions

    public init(_ options: RunOptions) {
        self.options = options
    }

    /// Runs the job; returns when the outputs are complete.
    ///
    /// - Parameters:
    ///   - start: what to do with an earlier run in the output folder (``RunStart``).
    ///   - events: problems, notes and progress, on the calling thread, as they happen.
    /// - Throws: ``PipelineError``: `usage` when the folder holds another run (nothing changed), `failed`
    ///   when an output or the saved state failed (the outputs are as of the last checkpoint; run again with
    ///   ``RunStart/resume``). Inputs that fail do not throw: they are counted
    ///   (``CorpusStatistics/failedInputs``) and reported as events.
    public func run(_ start: RunStart = .new, events: @escaping (PipelineEvent) -> Void = { _ in }) throws(PipelineError) -> RunSummary {
        let started = Date()
        try validate(start)
        var job = RunJob(options: options, events: events)
        var summary: RunSummary
        if options.writeDocuments && options.slice == nil, let documents = try job.spills(start) {
            summary = try job.spilledRun(start, documents: documents)
        } else {
            summary = options.writeDocuments ? try job.run(start) : try job.statisticsOnly()
        }
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    /// The checks `census run` makes of its options, for library callers.
    private func validate(_ start: RunStart) throws(PipelineError) {
        try OutputFolder.validate(options.out)
        func check(_ ok: Bool, _ message: String) throws(PipelineError) {
            if !ok { throw PipelineError(.usage, message) }
        }
        try check(options.threads.map { $0 >= 1 } ?? true, "threads must be at least 1")
        try check(options.memoryBytes.map { $0 >= 1 << 20 } ?? true, "the memory must be at least 1M")
        try check(options.checkpointBatches >= 1, "checkpointBatches must be at least 1")
        try check(options.samples >= 0, "samples must not be negative")
        try check((1...12).contains(options.compressionLevel), "the compression level must be between 1 and 12")
        try check(options.partBytes >= 1, "the part size must be at least 1 byte")
        try check((1...100_000).contains(options.maxLanguages), "maxLanguages must be between 1 and 100000")
        try check(options.languageField.map { !$0.isEmpty } ?? true, "the language field must not be empty")
        try check(start != .resume || (!options.inputs.isEmpty && !options.inputs.contains("-")),
                  "--resume cannot continue reading standard input; give files.")
    }
}

/// One run being carried out: its inputs, the events, and the steps of `census run`.
struct RunJob {
    let options: RunOptions
    let events: (PipelineEvent) -> Void
    let sources: [InputSource]
    let expansionErrors: [InputError]
    /// The events of the ordered stage (rejected records, input problems, notes), when not ``events``.
    var stageEvents: ((PipelineEvent) -> Void)?

    /// The same inputs with other options or events.
    init(_ job: RunJob, options: RunOptions, events: @escaping (PipelineEvent) -> Void) {
        self.options = options
        self.events = events
        sources = job.sources
        expansionErrors = job.expansionErrors
    }

    init(options: RunOptions, events: @escaping (PipelineEvent) -> Void) {
        self.options = options
        self.events = events
        let expansion = InputSource.expand(options.inputs, allFiles: options.allFiles)
        if !options.quiet { for note in expansion.notes { events(.note(note)) } }
        // A run never reads its own outputs (an --out inside an input folder).
        let (sources, insideOut) = OutputFolder.excludingOutputs(expansion.sources, of: options.out)
        if insideOut > 0 && !options.quiet {
            events(.note("note: passed over \(insideOut) files inside the output folder \(options.out)"))
        }
        self.sources = sources
        expansionErrors = expansion.errors
    }

    /// Where this run writes: DIR, or DIR/shards/I for a slice (slices of one run write side by side).
    var folder: String { options.slice.map { options.out + "/shards/\($0.index)" } ?? options.out }

    /// The inputs this run reads, by number: all, or the slice's share.
    var inputs: [Int] {
        guard let slice = options.slice else { return Array(sources.indices) }
        return sources.indices.filter { $0 % slice.count == slice.index }
    }

    /// The inputs (with sizes and modification times) and every option that changes the output: a resume
    /// requires the same.
    var fingerprint: [String: String] {
        let o = options
        var fingerprint = o.methodSettings
        fingerprint["inputs"] = sources.map { "\($0.path) \($0.contentStamp)" }.joined(separator: "\n")
        fingerprint["input_errors"] = expansionErrors.map(\.description).joined(separator: "\n")
        fingerprint["reader"] = "\(o.reader.format?.rawValue ?? "auto") \(o.reader.textField) \(o.reader.maxDocumentBytes) \(o.allFiles)"
        fingerprint["output"] = "shard \(o.partBytes) level \(o.compressionLevel) removed \(o.keepRemoved) samples \(o.samples) languages \(o.maxLanguages)"
        if o.schema != .census { fingerprint["schema"] = o.schema.rawValue }   // absent for census's own: older checkpoints resume
        if o.checkpointBatches != OrderedStage.defaultCheckpointBatches { fingerprint["checkpoint_batches"] = "\(o.checkpointBatches)" }
        fingerprint["text"] = "controls \(o.text.keepControls) breaks \(o.text.keepLineBreaks) spaces \(o.text.keepSpaces)"
        fingerprint["language_id"] = "\(o.languageID.model ?? "built-in") \(o.languageID.maxLetters) \(o.languageID.priorStrength) \(o.languageID.firstLook) \(o.languageID.earlyConfidence)"
        fingerprint["quality_overrides"] = o.qualityConfiguration.overrides.sorted { $0.key < $1.key }
            .map { "\($0.key): " + $0.value.map { "\($0.0)=\($0.1)" }.joined(separator: " ") }.joined(separator: "\n")
        return fingerprint
    }

    /// The ordered stage's settings for this run.
    func stageConfiguration() -> OrderedStage.Configuration {
        let o = options
        let output = OutputSettings(partBytes: o.partBytes, compressionLevel: o.compressionLevel, keepRemoved: o.keepRemoved,
                                    samples: o.samples, maxMessages: o.maxMessages, maxLanguages: o.maxLanguages)
        var c = OrderedStage.Configuration(out: folder, output: output)
        c.events = stageEvents ?? events
        c.writeData = o.writeDocuments
        c.output.keepRemoved = o.keepRemoved && o.slice == nil   // a slice decides nothing; its merge writes removed/
        c.checkpointSeconds = o.checkpointSeconds
        c.stopAfter = o.stopAfter
        c.stopAfterBatches = o.stopAfterBatches
        c.checkpointBatches = o.checkpointBatches
        c.quiet = o.quiet
        c.settings = o.methodSettings
        guard o.writeDocuments else { return c }
        c.fingerprint = fingerprint
        if let slice = o.slice {
            c.slice = SliceInfo(
                index: slice.index, count: slice.count, inputs: sources.map(\.path),
                inputErrors: expansionErrors.map { [$0.code.description, $0.path, $0.message] }, output: output)
        }
        return c
    }

    /// The parallel stage: readers and workers, each worker with its own identifier, normaliser and sketcher.
    func parallelStage(buildRecords: Bool) throws(PipelineError) -> ParallelStage<DocumentAnalyzer> {
        let identifier = try options.languageID.makeIdentifier()
        let normalizer = options.text.makeNormalizer()
        let sketching = options.dedupConfiguration
        let field = options.languageField, seed = options.seed
        let judge = QualityJudge(mode: options.quality, configuration: options.qualityConfiguration)
        let threads = WorkerThreads.resolve(options.threads) { if !options.quiet { events(.note($0)) } }
        return ParallelStage(sources: sources, readerOptions: options.reader, threads: threads) {
            var analyzer = DocumentAnalyzer(identifier: identifier, normalizer: normalizer,
                                            sketcher: DocumentSketcher(configuration: sketching), langField: field, seed: seed)
            analyzer.buildRecords = buildRecords
            analyzer.schema = options.schema
            analyzer.quality = judge
            analyzer.tokenCounter = options.tokenizer
            return analyzer
        }
    }

    /// `census stats`: statistics, samples and report; no documents, nothing to resume.
    mutating func statisticsOnly() throws(PipelineError) -> RunSummary {
        let stage = OrderedStage(configuration: stageConfiguration(), sources: sources, dedup: options.dedupConfiguration)
        do throws(InputError) { try OutputFolder.claim(options.out) } catch { throw PipelineError(error) }
        for error in expansionErrors { stage.note(error) }
        let parallel = try parallelStage(buildRecords: false)
        try stream(parallel, into: stage)
        return summary(stage)
    }

    /// `census run`: the outputs of a new run, a resumed one, or a slice.
    mutating func run(_ start: RunStart) throws(PipelineError) -> RunSummary {
        let out = folder
        let lock = try OutputFolder.lock(out)
        defer { lock.release() }
        let stage = OrderedStage(configuration: stageConfiguration(), sources: sources, dedup: options.dedupConfiguration,
                                 mode: options.slice == nil ? .single : .slice, inputs: inputs)
        if try prepare(stage, start) == .alreadyComplete {
            var summary = summary(stage)
            summary.alreadyComplete = true
            return summary
        }
        let parallel = try parallelStage(buildRecords: true)
        try stream(parallel, into: stage)
        return summary(stage)
    }

    /// The slice a run whose duplicate keys do not fit in memory is read as (``MemoryPlan``).
    var spillFolder: String { options.out + "/shards/0" }

    /// Whether this run decides duplicates on disk: nil when the keys fit in memory, else the documents estimated
    /// (0 when unknown). A resumed run goes on as it began: on disk when its slice is there or its outputs were
    /// merged from one slice.
    func spills(_ start: RunStart) throws(PipelineError) -> Int? {
        if start == .resume {
            do throws(InputError) {
                if let slice = try OrderedStage.loadCheckpoint(spillFolder), slice.slice?.count == 1 { return 0 }
                if let own = try OrderedStage.loadCheckpoint(options.out), own.fingerprint["merged_shards"] == "1" { return 0 }
            } catch {
                throw PipelineError(error)
            }
            return nil
        }
        let memory = options.memoryBytes ?? MemoryPlan.defaultBytes
        guard let documents = MemoryPlan.estimatedDocuments(sources, reader: options.reader) else {
            return options.memoryBytes != nil ? 0 : nil   // standard input: on disk only when asked to keep within a memory
        }
        return MemoryPlan.keysFit(documents: documents, memory: memory) ? nil : documents
    }

    /// A run whose duplicate keys do not fit in memory: read as one slice (DIR/shards/0) and merged within the
    /// memory, as `census run --shard 0/1` and `census merge` would; the slice is deleted once merged.
    mutating func spilledRun(_ start: RunStart, documents: Int) throws(PipelineError) -> RunSummary {
        let memory = options.memoryBytes ?? MemoryPlan.defaultBytes
        let out = options.out
        let own: Checkpoint?, slicePresent: Bool
        do throws(InputError) {
            own = start == .replace ? nil : try OrderedStage.loadCheckpoint(out)
            slicePresent = start == .resume ? try OrderedStage.loadCheckpoint(spillFolder) != nil : false
        } catch {
            throw PipelineError(error)
        }
        if start == .resume, let own, own.complete, own.fingerprint["merged_shards"] == "1", !slicePresent {
            guard own.fingerprint.filter({ $0.key != "merged_shards" }) == fingerprint else {
                throw PipelineError(.usage, "\(out): the run there had other inputs or options; run it as before, or start over with --force")
            }
            if !options.quiet { events(.note("\(out): the run is already complete")) }
            return RunSummary(folder: out, statistics: own.statistics, inputs: sources.count, textBytes: 0, alreadyComplete: true)
        }
        if start == .new {
            if own != nil { throw PipelineError(.usage, "\(out): holds an earlier census run; continue it with --resume or start over with --force") }
            if let entries = try? FileManager.default.contentsOfDirectory(atPath: out + "/data"), !entries.isEmpty {
                throw PipelineError(.usage, "\(out)/data: not empty; choose another --out, or use --force to replace it")
            }
        }
        if !options.quiet && start != .resume {
            let about = documents > 0 ? "the duplicate keys of about \(documents) documents do not fit" : "the inputs' size is unknown"
            events(.note("\(about) in --memory \(memory >> 20) MB: duplicates are decided by sorting keys on disk (\(spillFolder), deleted when merged)"))
        }
        var sliceOptions = options
        sliceOptions.slice = RunSlice(index: 0, count: 1)
        // The merge replays every rejected record and input problem: the slice's stage says none (its errors, as
        // --stop-after, still are).
        let forward = events
        var slice = RunJob(self, options: sliceOptions, events: forward)
        slice.stageEvents = { event in
            if case .problem = event { return }
            forward(event)
        }
        _ = try slice.run(start)
        if !options.quiet { events(.note("\(out): deciding duplicates by sorting the keys within \(MemoryPlan.sortBytes(memory) >> 20) MB, then writing the outputs")) }
        var merge = SliceMerge(directory: out)
        merge.memoryBytes = MemoryPlan.sortBytes(memory)
        merge.quiet = options.quiet
        merge.thresholds = options.thresholds
        let summary = try merge.run(start == .resume ? .resume : .replace, events: events)
        try? FileManager.default.removeItem(atPath: spillFolder)
        if let left = try? FileManager.default.contentsOfDirectory(atPath: out + "/shards"), left.isEmpty {
            try? FileManager.default.removeItem(atPath: out + "/shards")
        }
        return summary
    }

    private enum Preparation { case ready, alreadyComplete }

    /// Resumes the run in the folder, or clears what an earlier run left there and starts a new one.
    private func prepare(_ stage: OrderedStage, _ start: RunStart) throws(PipelineError) -> Preparation {
        let out = folder
        do {
            // (With .replace the earlier run is replaced whatever its state, damaged or not.)
            let checkpoint = start == .replace ? nil : try OrderedStage.loadCheckpoint(out)
            if let checkpoint, start == .resume {
                try checkResumable(checkpoint)
                if checkpoint.complete {
                    if !options.quiet { events(.note("\(out): the run is already complete")) }
                    return .alreadyComplete
                }
                try stage.resume(from: checkpoint)
                if !options.quiet { events(.note("resuming after \(checkpoint.inputsDone) of \(stage.inputs.count) inputs")) }
                return .ready
            }
            if checkpoint != nil && start != .replace {
                throw PipelineError(.usage, "\(out): holds an earlier census run; continue it with --resume or start over with --force")
            }
            if checkpoint == nil && start == .new, let entries = try? FileManager.default.contentsOfDirectory(atPath: out + "/data"), !entries.isEmpty {
                throw PipelineError(.usage, "\(out)/data: not empty; choose another --out, or use --force to replace it")
            }
            // Only what census wrote is deleted, and only in a folder it marked as its own.
            try OutputFolder.clear(out, ["data", "removed", "samples", "report", "state", "errors.log", "batches.bin", "exact.bin", "bands.bin"])
            if options.slice != nil { try OutputFolder.claim(options.out) }
            try OutputFolder.claim(out)
            try stage.start()
            for error in expansionErrors { stage.note(error) }
            return .ready
        } catch let error as PipelineError {
            throw error
        } catch let error as InputError {
            throw PipelineError(error)
        } catch {
            throw PipelineError(.failed, "\(error)")
        }
    }

    /// Refuses a checkpoint made by other inputs, options or slice.
    private func checkResumable(_ checkpoint: Checkpoint) throws(PipelineError) {
        let fingerprint = self.fingerprint
        let recorded = checkpoint.slice
        guard checkpoint.fingerprint != fingerprint || recorded?.index != options.slice?.index || recorded?.count != options.slice?.count else {
            return
        }
        let differing = Set(checkpoint.fingerprint.keys).union(fingerprint.keys).filter { checkpoint.fingerprint[$0] != fingerprint[$0] }.sorted()
        throw PipelineError(.usage, "\(folder): the run there had other inputs or options (\(differing.joined(separator: ", "))); run it as before, or start over with --force")
    }

    /// Streams the inputs through both stages and finishes the outputs.
    private func stream(_ parallel: ParallelStage<DocumentAnalyzer>, into stage: OrderedStage) throws(PipelineError) {
        let sizes = stage.inputs.map { sources[$0].fileSize }
        let totalBytes = sizes.reduce(0) { $0 + ($1 ?? 0) }
        let first = stage.inputsDone
        var estimate = TextEstimate(paths: stage.inputs[first...].map { sources[$0].path }, sizes: Array(sizes[first...]))
        do {
            try parallel.run(inputs: stage.inputs, from: stage.inputsDone, skipping: stage.batchesInInput) { batch in
                try stage.consume(batch)
                // (The text of batches a resume skipped counts for the estimate, which is per byte of the input.)
                estimate.observe(inputsDone: stage.inputsDone - first, offset: stage.inputBytesCurrent,
                                 textBytes: stage.textBytes + stage.skippedTextBytes)
                events(.progress(RunProgress(inputsDone: stage.inputsDone, inputs: stage.inputs.count,
                                             inputBytes: stage.inputBytesDone + stage.inputBytesCurrent, totalInputBytes: totalBytes,
                                             textBytes: stage.textBytes, documents: stage.documents,
                                             remainingTextBytes: estimate.remainingText)))
            }
            try stage.finish(thresholds: options.thresholds)
        } catch let error as InputError {
            events(.problem(error.description))
            guard options.writeDocuments else { throw PipelineError(.failed, "\(options.out): stopped") }
            throw PipelineError(.failed, "\(folder): stopped; the outputs are as of the last checkpoint, continue with --resume")
        } catch {
            throw PipelineError(.failed, "\(error)")
        }
    }

    private func summary(_ stage: OrderedStage) -> RunSummary {
        RunSummary(folder: folder, statistics: stage.currentStatistics, inputs: stage.inputs.count, textBytes: stage.textBytes)
    }
}

/// How many worker threads to start.
package enum WorkerThreads {
    /// `requested` (default: the CPUs this process may use), capped at 4 per usable CPU and at least 64:
    /// more threads than that only cost memory and start-up time (`--threads 100000` would start 100,000
    /// workers). The output is the same for any number, so the cap changes nothing but speed; `note` is told.
    package static func resolve(_ requested: Int?, note: (String) -> Void) -> Int {
        let cpus = AvailableCPUs.count
        guard let requested else { return cpus }
        let limit = max(64, 4 * cpus)
        if requested > limit {
            note("note: --threads \(requested) capped at \(limit) (4 per CPU this process may use, at least 64)")
        }
        return min(requested, limit)
    }
}
