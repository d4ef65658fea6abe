import ArgumentParser
import CorpusPipeline
import CorpusIO
import CorpusStats
import Dedup
import Foundation

/// `census merge`: combines the shards of a sharded run into the outputs one run would have written.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the shards of a sharded run (census run --shard I/N --out DIR) into DIR's outputs.",
        discussion: """
        Reads DIR/shards/0 ... DIR/shards/N-1 (all complete, from the same inputs and options). Duplicates across \
        shards are found by sorting the exact and band keys of every document in bounded memory (--memory: sorted \
        runs spill to DIR/state/merge/ and are merged), with the rule of a single run: a document is removed when \
        an earlier document in input order shares its exact key (exact duplicate) or a band key (near duplicate). \
        Then the shards' documents are replayed in input order into DIR/data/<lang>/, DIR/report/, DIR/samples/, \
        DIR/errors.log (and DIR/removed/): byte for byte what `census run` without --shard writes. Interrupted, \
        it continues with --resume.
        """
    )

    @Argument(help: "The folder given as --out to the shards.")
    var directory: String
    @Option(help: "Memory for sorting the keys (K, M, G suffixes); the rest of the merge needs about 100 MB more.")
    var memory = ByteSize(bytes: 1 << 30)
    @Flag(help: "Continue an interrupted merge.")
    var resume = false
    @Flag(help: "Replace the outputs of an earlier merge or run in DIR.")
    var force = false
    @Flag(help: "Print nothing on standard error but errors.")
    var quiet = false
    @OptionGroup var scarcity: ScarcityOptions

    func validate() throws {
        try OutputFolder.validate(directory, option: "DIR")
        guard memory.bytes >= 1 << 20 else { throw ValidationError("--memory must be at least 1M.") }
        if resume && force { throw ValidationError("--resume and --force exclude each other.") }
    }

    /// Loads and checks the shards' checkpoints.
    static func loadShards(_ directory: String) throws -> [Checkpoint] {
        let root = directory + "/shards"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard !names.isEmpty else {
            Diagnostics.error("\(root): no shards (run census run --shard I/N --out \(directory) first)")
            throw ExitCode(64)
        }
        var loaded: [Int: Checkpoint] = [:]
        for name in names {
            if let checkpoint = try OrderedStage.loadCheckpoint(root + "/\(name)"), checkpoint.slice != nil { loaded[name] = checkpoint }
        }
        guard let first = names.compactMap({ loaded[$0] }).first else {
            Diagnostics.error("\(root)/\(names[0]): not a finished shard (no checkpoint)")
            throw ExitCode.failure
        }
        let count = first.slice!.count
        if let stray = names.first(where: { $0 >= count }) {
            Diagnostics.error("\(root)/\(stray): not a shard of this run of \(count) shards (0 to \(count - 1)); remove it")
            throw ExitCode.failure
        }
        let missing = Set(0..<count).subtracting(names).sorted()
        guard missing.isEmpty else {
            Diagnostics.error("\(root): shards \(missing.map(String.init).joined(separator: ", ")) of \(count) are missing")
            throw ExitCode.failure
        }
        var shards: [Checkpoint] = []
        for name in names {
            guard let checkpoint = loaded[name] else {
                Diagnostics.error("\(root)/\(name): not a finished shard (no checkpoint); run it again with --resume")
                throw ExitCode.failure
            }
            shards.append(checkpoint)
        }
        for (k, s) in shards.enumerated() {
            let info = s.slice!
            guard s.complete else {
                Diagnostics.error("\(root)/\(k): shard \(k)/\(count) is not complete; run it again with --resume")
                throw ExitCode.failure
            }
            guard info.index == k else {
                Diagnostics.error("\(root)/\(k): holds shard \(info.index), not shard \(k)")
                throw ExitCode.failure
            }
            var a = info, b = shards[0].slice!
            a.index = 0; b.index = 0; a.documents = [:]; b.documents = [:]
            guard s.fingerprint == shards[0].fingerprint, a == b else {   // a == b: also the same shard count
                Diagnostics.error("\(root)/\(k): made with other inputs or options than shard 0")
                throw ExitCode.failure
            }
        }
        return shards
    }

    func run() throws {
        do { try merge() } catch let error as InputError {
            Diagnostics.error(error.description)
            throw ExitCode.failure
        }
    }

    private func merge() throws {
        let started = Date()
        let shards = try Self.loadShards(directory)
        let info = shards[0].slice!
        let count = info.count
        let sources = info.inputs.map(InputSource.init(path:))
        var documentsPerInput: [Int] = []
        for i in sources.indices {
            guard let n = shards[i % count].slice!.documents[i] else {
                Diagnostics.error("\(directory)/shards/\(i % count): has no record of input \(sources[i].path)")
                throw ExitCode.failure
            }
            documentsPerInput.append(n)
        }
        try OutputFiles.makeDirectories(directory)
        let lock = try OutputLock(directory: directory)
        defer { lock.release() }

        // The run to produce, and what DIR holds already: decided before the keys are sorted, so a merge that
        // is complete or refused says so at once.
        var configuration = OrderedStage.Configuration(out: directory)
        configuration.events = { if case .problem(let line) = $0 { Diagnostics.error(line) } }
        configuration.partBytes = info.partBytes
        configuration.compressionLevel = info.compressionLevel
        configuration.keepRemoved = info.keepRemoved
        configuration.samples = info.samples
        configuration.maxLanguages = info.maxLanguages
        configuration.maxMessages = info.maxMessages
        configuration.quiet = quiet
        configuration.settings = shards[0].statistics.settings
        configuration.fingerprint = shards[0].fingerprint
        configuration.fingerprint["merged_shards"] = "\(count)"
        let checkpoint = force ? nil : try OrderedStage.loadCheckpoint(directory)
        let resumable = checkpoint.flatMap { resume && $0.fingerprint == configuration.fingerprint ? $0 : nil }
        if let resumable, resumable.complete {
            if !quiet { Diagnostics.error("\(directory): the merge is already complete") }
            return
        }
        if resumable == nil && checkpoint != nil && !force && !resume {
            Diagnostics.error("\(directory): holds earlier outputs; continue with --resume or replace them with --force")
            throw ExitCode(64)
        }

        Interruption.install(advice: "continue with census merge --resume \(directory)")
        // Decisions: sort every key with its document number; in each group all but the first are duplicates.
        let table = DecisionTable(documentsPerInput: documentsPerInput)
        let scratch = directory + "/state/merge"
        try OutputFiles.makeDirectories(scratch)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        // A document number outside the shards' inputs (checked, though the checksums above make it unreachable).
        var outOfRange: UInt64?
        func ordinal(_ id: UInt64) -> Int? {
            let input = Int(id >> 40), index = Int(id & (1 << 40 - 1))
            guard input < documentsPerInput.count, index < documentsPerInput[input] else {
                outOfRange = outOfRange ?? id
                return nil
            }
            return table.base[input] + index
        }
        let root = directory + "/shards"
        do throws(InputError) {
            // Every shard file is checked against the length and checksum its final checkpoint recorded.
            for k in 0..<count {
                for name in ["batches.bin", "exact.bin", "bands.bin"] {
                    try StateFile.verify(path: root + "/\(k)/" + name, length: shards[k].logs[name] ?? 0,
                                         checksum: shards[k].checksums[name] ?? 0, exact: true)
                }
            }
            try ExternalKeySort<ExactRecord>(memoryBytes: memory.bytes, scratch: scratch)
                .group((0..<count).map { root + "/\($0)/exact.bin" }) { ids in
                    for id in ids.dropFirst() { if let o = ordinal(id) { table.mark(o, exact: true) } }
                }
            try ExternalKeySort<BandRecord>(memoryBytes: memory.bytes, scratch: scratch)
                .group((0..<count).map { root + "/\($0)/bands.bin" }) { ids in
                    for id in ids.dropFirst() { if let o = ordinal(id) { table.mark(o, exact: false) } }
                }
            if let id = outOfRange {
                throw StateFile.damaged(root, "a key names document \(id & (1 << 40 - 1)) of input \(id >> 40), which no shard read")
            }
        } catch {
            Diagnostics.error(error.description)
            throw ExitCode.failure
        }

        // Replay the documents in input order, as one run would have consumed them.
        var dedup = DedupConfiguration()
        dedup.seed = UInt64(configuration.settings["seed"] ?? "1") ?? 1
        let engine = OrderedStage(configuration: configuration, sources: sources, dedup: dedup, mode: .replay(table))
        if let resumable {
            try engine.resume(from: resumable)
        } else {
            try OutputFolder.clear(directory, ["data", "removed", "samples", "report", "state/checkpoint.json", "state/stats.json", "state/keys.bin", "errors.log"])
            try OutputFolder.claim(directory)
            try engine.start()
            var languages: [String: LanguageStatistics] = [:]
            for s in shards { for (code, l) in s.statistics.languages { languages[code, default: LanguageStatistics()].merge(l) } }
            engine.seed(languages)
            for e in info.inputErrors where e.count == 3 { engine.note(InputError(InputError.Code.named(e[0]), path: e[1], e[2])) }
        }
        let readers = try (0..<count).map { try BatchReader(path: root + "/\($0)/batches.bin", limit: shards[$0].logs["batches.bin"] ?? 0) }
        do {
            for (k, f) in engine.inputs.enumerated() {
                let reader = readers[f % count]
                while true {
                    guard let batch = try reader.next() else {
                        throw InputError(.unreadable, path: reader.path, "ends before input \(sources[f].path) is complete")
                    }
                    guard batch.file == f else {
                        throw InputError(.unreadable, path: reader.path, "holds input \(batch.file) where input \(f) was expected")
                    }
                    if k >= engine.inputsDone { try engine.consume(batch) }
                    if batch.summary != nil { break }
                }
            }
            try engine.finish(thresholds: scarcity.thresholds)
        } catch let error as InputError {
            Diagnostics.error(error.description)
            Diagnostics.error("\(directory): merge stopped; continue with census merge --resume")
            throw ExitCode.failure
        }
        let stats = engine.currentStatistics
        if !quiet {
            let seconds = Date().timeIntervalSince(started)
            Diagnostics.error("merge: \(count) shards, \(stats.recordsRead) records = \(stats.keptDocuments) kept + \(stats.exactDuplicates) exact + \(stats.nearDuplicates) near duplicates + \(stats.rejectedRecords) rejected; \(String(format: "%.1f", seconds)) s -> \(directory.hasSuffix("/") ? directory : directory + "/")")
        }
        if stats.failedInputs > 0 { throw ExitCode.failure }
    }
}

/// Reads the length-prefixed batches a shard saved, up to the length its checkpoint recorded.
final class BatchReader {
    let path: String
    private let handle: FileHandle
    private var remaining: Int

    init(path: String, limit: Int) throws {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(.unreadable, path: path, "cannot open")
        }
        self.handle = handle
        remaining = limit
    }

    deinit { try? handle.close() }

    private func read(_ n: Int) throws(InputError) -> [UInt8] {
        guard n <= remaining, let data = try? handle.read(upToCount: n), data.count == n else {
            throw InputError(.unreadable, path: path, "truncated")
        }
        remaining -= n
        return [UInt8](data)
    }

    func next() throws(InputError) -> AnalyzedBatch? {
        guard remaining > 0 else { return nil }
        var header = BinaryReader(try read(8), path: path)
        let length = try header.int()
        var body = BinaryReader(try read(length), path: path)
        return try AnalyzedBatch(decoding: &body)
    }
}
