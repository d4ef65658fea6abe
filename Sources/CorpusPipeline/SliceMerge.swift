import CorpusIO
import CorpusStats
import Dedup
import Foundation

/// `census merge`: combines the slices of a sharded run (``RunOptions/slice``, saved in DIR/shards/I) into
/// the outputs one run over all the inputs would have written, byte for byte.
///
/// Duplicates across slices are found by sorting the exact and band keys of every document in bounded memory
/// (``ExternalKeySort``, spilling to DIR/state/merge/): in each group of equal keys all documents but the
/// first in input order are duplicates (``DecisionTable``). Then the slices' analysed batches are replayed
/// in input order through the ``OrderedStage``, which writes as in one run.
///
/// ```swift
/// for index in 0..<2 {
///     var options = RunOptions(inputs: inputs, out: "out")
///     options.slice = RunSlice(index: index, count: 2)
///     _ = try CorpusRun(options).run(.replace)
/// }
/// let merged = try SliceMerge(directory: "out").run(.replace)
/// ```
public struct SliceMerge: Sendable {
    /// The folder given as ``RunOptions/out`` to the slices.
    public var directory: String
    /// Memory for sorting the keys (the rest of the merge needs about 100 MB more).
    public var memoryBytes = 1 << 30
    /// No ``PipelineEvent/note(_:)`` events, no rejected-record messages and no warnings.
    public var quiet = false
    /// The report's thresholds.
    public var thresholds = ScarcityThresholds()

    public init(directory: String) {
        self.directory = directory
    }

    /// Merges; returns when DIR's outputs are complete.
    ///
    /// - Parameter start: ``RunStart/new`` refuses a folder holding earlier outputs, ``RunStart/resume``
    ///   continues an interrupted merge, ``RunStart/replace`` replaces them.
    /// - Throws: ``PipelineError``: `usage` when there are no slices or the folder holds other outputs,
    ///   `failed` when a slice is missing, incomplete, made with other options, or damaged.
    public func run(_ start: RunStart = .new, events: @escaping (PipelineEvent) -> Void = { _ in }) throws(PipelineError) -> RunSummary {
        let started = Date()
        try OutputFolder.validate(directory, option: "DIR")
        guard memoryBytes >= 1 << 20 else { throw PipelineError(.usage, "the key-sorting memory must be at least 1M") }
        let slices = try Self.loadSlices(directory)
        var summary = try merge(slices, start, events)
        summary.seconds = Date().timeIntervalSince(started)
        return summary
    }

    private func merge(_ slices: [Checkpoint], _ start: RunStart, _ events: @escaping (PipelineEvent) -> Void) throws(PipelineError) -> RunSummary {
        let info = slices[0].slice!
        let count = info.count
        let sources = info.inputs.map(InputSource.init(path:))
        var documentsPerInput: [Int] = []
        for i in sources.indices {
            guard let n = slices[i % count].slice!.documents[i] else {
                throw PipelineError(.failed, "\(directory)/shards/\(i % count): has no record of input \(sources[i].path)")
            }
            documentsPerInput.append(n)
        }
        let lock = try OutputFolder.lock(directory)
        defer { lock.release() }

        // The run to produce, and what DIR holds already: decided before the keys are sorted, so a merge that
        // is complete or refused says so at once.
        let configuration = stageConfiguration(slices[0], events)
        let checkpoint: Checkpoint?
        do throws(InputError) { checkpoint = start == .replace ? nil : try OrderedStage.loadCheckpoint(directory) } catch { throw PipelineError(error) }
        let resumable = checkpoint.flatMap { start == .resume && $0.fingerprint == configuration.fingerprint ? $0 : nil }
        if let resumable, resumable.complete {
            if !quiet { events(.note("\(directory): the merge is already complete")) }
            return RunSummary(folder: directory, statistics: resumable.statistics, inputs: sources.count, textBytes: 0, slices: count, alreadyComplete: true)
        }
        if resumable == nil && checkpoint != nil && start == .new {
            throw PipelineError(.usage, "\(directory): holds earlier outputs; continue with --resume or replace them with --force")
        }
        let table = try decide(slices, documentsPerInput: documentsPerInput)
        var dedup = DedupConfiguration()
        dedup.seed = UInt64(configuration.settings["seed"] ?? "1") ?? 1
        let stage = OrderedStage(configuration: configuration, sources: sources, dedup: dedup, mode: .replay(table))
        do {
            try begin(stage, resumable: resumable, slices: slices)
            try replay(slices, into: stage)
            try stage.finish(thresholds: thresholds)
        } catch let error as PipelineError {
            throw error
        } catch let error as InputError {
            events(.problem(error.description))
            throw PipelineError(.failed, "\(directory): merge stopped; continue with census merge --resume")
        } catch {
            throw PipelineError(.failed, "\(error)")
        }
        return RunSummary(folder: directory, statistics: stage.currentStatistics, inputs: sources.count, textBytes: stage.textBytes, slices: count)
    }

    /// The ordered stage's settings: those the slices were run with.
    private func stageConfiguration(_ first: Checkpoint, _ events: @escaping (PipelineEvent) -> Void) -> OrderedStage.Configuration {
        let info = first.slice!
        var configuration = OrderedStage.Configuration(out: directory, output: info.output)
        configuration.events = events
        configuration.quiet = quiet
        configuration.settings = first.statistics.settings
        configuration.fingerprint = first.fingerprint
        configuration.fingerprint["merged_shards"] = "\(info.count)"
        configuration.checkpointBatches = first.fingerprint["checkpoint_batches"].flatMap { Int($0) } ?? OrderedStage.defaultCheckpointBatches
        return configuration
    }

    /// Resumes the merge, or clears DIR's earlier outputs and seeds the statistics from the slices.
    private func begin(_ stage: OrderedStage, resumable: Checkpoint?, slices: [Checkpoint]) throws {
        if let resumable {
            try stage.resume(from: resumable)
            return
        }
        try OutputFolder.clear(directory, ["data", "removed", "samples", "report", "state/checkpoint.json", "state/stats.json", "state/keys.bin", "errors.log"])
        try OutputFolder.claim(directory)
        try stage.start()
        var languages: [String: LanguageStatistics] = [:]
        for s in slices { for (code, l) in s.statistics.languages { languages[code, default: LanguageStatistics()].merge(l) } }
        stage.seed(languages)
        for e in slices[0].slice!.inputErrors where e.count == 3 { stage.note(InputError(InputError.Code.named(e[0]), path: e[1], e[2])) }
    }

    /// Sorts every key with its document number; in each group all but the first are duplicates.
    private func decide(_ slices: [Checkpoint], documentsPerInput: [Int]) throws(PipelineError) -> DecisionTable {
        let count = slices.count
        let table = DecisionTable(documentsPerInput: documentsPerInput)
        let scratch = directory + "/state/merge"
        let root = directory + "/shards"
        // A document number outside the slices' inputs (checked, though the checksums make it unreachable).
        var outOfRange: UInt64?
        func ordinal(_ id: UInt64) -> Int? {
            let input = Int(id >> 40), index = Int(id & (1 << 40 - 1))
            guard input < documentsPerInput.count, index < documentsPerInput[input] else {
                outOfRange = outOfRange ?? id
                return nil
            }
            return table.base[input] + index
        }
        do throws(InputError) {
            try OutputFiles.makeDirectories(scratch)
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            // Every slice file is checked against the length and checksum its final checkpoint recorded.
            for k in 0..<count {
                for name in ["batches.bin", "exact.bin", "bands.bin"] {
                    try StateFile.verify(path: root + "/\(k)/" + name, length: slices[k].logs[name] ?? 0,
                                         checksum: slices[k].checksums[name] ?? 0, exact: true)
                }
            }
            try KeyGroups.exact((0..<count).map { root + "/\($0)/exact.bin" }, memoryBytes: memoryBytes, scratch: scratch) { ids in
                    for id in ids.dropFirst() { if let o = ordinal(id) { table.mark(o, exact: true) } }
                }
            try KeyGroups.bands((0..<count).map { root + "/\($0)/bands.bin" }, memoryBytes: memoryBytes, scratch: scratch) { ids in
                    for id in ids.dropFirst() { if let o = ordinal(id) { table.mark(o, exact: false) } }
                }
            if let id = outOfRange {
                throw StateFile.damaged(root, "a key names document \(id & (1 << 40 - 1)) of input \(id >> 40), which no shard read")
            }
        } catch {
            throw PipelineError(error)
        }
        return table
    }

    /// Replays the slices' batches in input order, as one run would have consumed them.
    private func replay(_ slices: [Checkpoint], into stage: OrderedStage) throws(InputError) {
        let count = slices.count
        let root = directory + "/shards"
        let readers = try (0..<count).map { k throws(InputError) in
            try BatchReader(path: root + "/\(k)/batches.bin", limit: slices[k].logs["batches.bin"] ?? 0)
        }
        // A merge resumed inside an input consumed its first batches before.
        let resumedInput = stage.inputsDone, consumedBatches = stage.batchesInInput
        for (k, f) in stage.inputs.enumerated() {
            let reader = readers[f % count]
            var index = 0
            while true {
                guard let batch = try reader.next() else {
                    throw InputError(.unreadable, path: reader.path, "ends before input \(stage.sources[f].path) is complete")
                }
                guard batch.file == f else {
                    throw InputError(.unreadable, path: reader.path, "holds input \(batch.file) where input \(f) was expected")
                }
                if k > resumedInput || (k == resumedInput && index >= consumedBatches) { try stage.consume(batch) }
                if batch.summary != nil { break }
                index += 1
            }
        }
    }
}

extension SliceMerge {
    /// Loads and checks the slices' final checkpoints: all there, complete, each in its place, all from the
    /// same inputs and options.
    static func loadSlices(_ directory: String) throws(PipelineError) -> [Checkpoint] {
        let root = directory + "/shards"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard !names.isEmpty else {
            throw PipelineError(.usage, "\(root): no shards (run census run --shard I/N --out \(directory) first)")
        }
        var loaded: [Int: Checkpoint] = [:]
        do throws(InputError) {
            for name in names {
                if let checkpoint = try OrderedStage.loadCheckpoint(root + "/\(name)"), checkpoint.slice != nil { loaded[name] = checkpoint }
            }
        } catch {
            throw PipelineError(error)
        }
        func fail(_ message: String) -> PipelineError { PipelineError(.failed, message) }
        guard let first = names.compactMap({ loaded[$0] }).first else {
            throw fail("\(root)/\(names[0]): not a finished shard (no checkpoint)")
        }
        let count = first.slice!.count
        if let stray = names.first(where: { $0 >= count }) {
            throw fail("\(root)/\(stray): not a shard of this run of \(count) shards (0 to \(count - 1)); remove it")
        }
        let missing = Set(0..<count).subtracting(names).sorted()
        guard missing.isEmpty else {
            throw fail("\(root): shards \(missing.map(String.init).joined(separator: ", ")) of \(count) are missing")
        }
        var slices: [Checkpoint] = []
        for name in names {
            guard let checkpoint = loaded[name] else {
                throw fail("\(root)/\(name): not a finished shard (no checkpoint); run it again with --resume")
            }
            slices.append(checkpoint)
        }
        for (k, s) in slices.enumerated() {
            let info = s.slice!
            guard s.complete else { throw fail("\(root)/\(k): shard \(k)/\(count) is not complete; run it again with --resume") }
            guard info.index == k else { throw fail("\(root)/\(k): holds shard \(info.index), not shard \(k)") }
            var a = info, b = slices[0].slice!
            a.index = 0; b.index = 0; a.documents = [:]; b.documents = [:]
            guard s.fingerprint == slices[0].fingerprint, a == b else {   // a == b: also the same slice count
                throw fail("\(root)/\(k): made with other inputs or options than shard 0")
            }
        }
        return slices
    }
}
