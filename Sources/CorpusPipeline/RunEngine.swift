import CorpusCore
import CorpusIO
import CorpusStats
import Dedup
import Foundation
import LanguageID

/// What the engine tells its caller as it goes (it prints nothing itself).
package enum PipelineEvent: Sendable {
    /// A rejected record, an input error or a warning, as one line without a prefix
    /// (`web.jsonl.gz: line 57: invalid_json: ...`).
    case problem(String)
}

/// What `census run` saves in DIR/state/checkpoint.json after completed inputs: enough to continue with
/// `--resume` exactly where it stopped.
package struct Checkpoint: Codable {
    /// The layout of this file and of the state files it describes (2: checksums everywhere).
    package static let currentVersion = 2
    package var version = Checkpoint.currentVersion
    /// The inputs (with sizes) and every option that changes the output; `--resume` requires the same.
    package var fingerprint: [String: String]
    /// Inputs completed (of the sorted input list), and whether the outputs were finalised.
    package var inputsDone: Int
    package var complete = false
    package var statistics: CorpusStatistics
    /// Per language code: where its writer of DIR/data/<code>/ was.
    package var writers: [String: ShardWriter.Position]
    package var removed: ShardWriter.Position?
    /// Lengths of the append-only files, by path relative to DIR: errors.log and state/keys.bin; in a
    /// shard also batches.bin, exact.bin and bands.bin.
    package var logs: [String: Int]
    /// CRC-32 of each of those files' first `logs[name]` bytes.
    package var checksums: [String: UInt32] = [:]
    /// In a sharded run (`--shard I/N`): what `census merge` needs.
    package var shard: ShardInfo?
}

/// What a shard of a sharded run records for `census merge`.
package struct ShardInfo: Codable, Equatable {
    package var index: Int
    package var count: Int
    /// Every input of the whole run, in order (input i belongs to shard i mod count).
    package var inputs: [String]
    /// Names that matched no file: code, path, message.
    package var inputErrors: [[String]]
    /// Documents of each input this shard completed, by input number.
    package var documents: [Int: Int] = [:]
    /// The options `census merge` must write with.
    package var shardBytes: Int
    package var compressionLevel: Int
    package var keepRemoved: Bool
    package var samples: Int
    package var maxMessages: Int
    package var maxLanguages: Int

    package init(index: Int, count: Int, inputs: [String], inputErrors: [[String]], shardBytes: Int, compressionLevel: Int,
                 keepRemoved: Bool, samples: Int, maxMessages: Int, maxLanguages: Int) {
        self.index = index
        self.count = count
        self.inputs = inputs
        self.inputErrors = inputErrors
        self.shardBytes = shardBytes
        self.compressionLevel = compressionLevel
        self.keepRemoved = keepRemoved
        self.samples = samples
        self.maxMessages = maxMessages
        self.maxLanguages = maxLanguages
    }
}

/// The duplicate decision of every document of a sharded run, found by `census merge`: 2 bits per document,
/// numbered in input order.
package final class DecisionTable {
    /// The number of the first document of each input.
    package let base: [Int]
    private var bits: [UInt8]

    package init(documentsPerInput: [Int]) {
        var base: [Int] = []
        var total = 0
        for n in documentsPerInput {
            base.append(total)
            total += n
        }
        self.base = base
        bits = [UInt8](repeating: 0, count: (total + 3) / 4)
    }

    /// Marks document `ordinal` removed; an exact duplicate stays exact.
    package func mark(_ ordinal: Int, exact: Bool) {
        let shift = UInt8((ordinal & 3) * 2)
        let current = (bits[ordinal >> 2] >> shift) & 3
        if current == 1 { return }
        bits[ordinal >> 2] = bits[ordinal >> 2] & ~(3 << shift) | ((exact ? 1 : 2) << shift)
    }

    package func reason(input: Int, index: Int) -> DedupResult.Reason? {
        let ordinal = base[input] + index
        switch (bits[ordinal >> 2] >> UInt8((ordinal & 3) * 2)) & 3 {
        case 1: return .exact
        case 2: return .near
        default: return nil
        }
    }
}

/// The ordered stage of `census run` and `census stats`: takes analysed batches in input order, decides
/// duplicates, adds up the statistics, writes kept documents into per-language shards, and checkpoints.
package final class RunEngine {
    package struct Configuration {
        package var out: String
        /// False for `census stats`: statistics only, no documents, no state to resume from.
        package var writeData = true
        package var shardBytes = 256 << 20
        package var compressionLevel = 1
        package var keepRemoved = false
        package var samples = 20
        package var checkpointSeconds = 10.0
        package var maxMessages = 20
        package var quiet = false
        package var settings: [String: String] = [:]
        package var fingerprint: [String: String] = [:]
        /// Set in a shard of a sharded run.
        package var shard: ShardInfo?
        /// Statistics rows for language values census does not know (`--lang-field`); the rest share `_other`.
        package var maxLanguages = 1000
        /// Where problems go (rejected records, input errors, warnings), one line each; the caller prints them.
        package var events: (PipelineEvent) -> Void = { _ in }
        /// Stop (with a checkpoint, as after an interruption) once this many inputs are complete (`--stop-after`,
        /// hidden: for tests of resuming).
        package var stopAfter: Int?

        package init(out: String) { self.out = out }
    }

    /// How duplicates are decided and what is written.
    package enum Mode {
        /// One process: the streaming deduplicator decides, kept documents are written.
        case single
        /// A shard of a sharded run: batches and keys are saved under DIR (DIR/shards/I) for `census merge`.
        case shard
        /// `census merge`: the saved batches come back in input order with decisions from the merged keys.
        case replay(DecisionTable)
    }

    package let configuration: Configuration
    package let sources: [InputSource]
    package let mode: Mode
    /// The inputs this engine reads, by number (all of them, or a shard's slice), in order.
    package let inputs: [Int]
    private var shardInfo: ShardInfo?
    private var batches: AppendLog?
    private var exactLog: AppendLog?
    private var bandLog: AppendLog?
    private var documentsInInput = 0
    package private(set) var statistics = CorpusStatistics()
    private var languages: [LanguageStatistics] = []
    private var codes: [String] = []
    private var codeIndex: [String: Int] = [:]
    /// Hashes (sorted) of the codes census does not know that have rows of their own, and their codes.
    private var ownHashes: [UInt64] = []
    private var ownCodes: [UInt64: String] = [:]
    /// Rows whose code moved to `_other`.
    private var retiredRows: Set<Int> = []
    private var dedup: StreamingDeduplicator
    private var writers: [String: ShardWriter] = [:]
    private var removed: ShardWriter?
    private var errors: AppendLog?
    private var keys: AppendLog?
    package private(set) var inputsDone = 0
    private var lastCheckpoint = Date()
    private var shownMessages = 0
    private var hiddenMessages = 0
    private var keyBuffer: [UInt64] = []
    private let compressor: ShardWriter.Compressor
    private var record: [UInt8] = []
    /// Progress: input bytes of completed inputs plus the current one's offset, text bytes, documents.
    package private(set) var inputBytesDone = 0
    package private(set) var inputBytesCurrent = 0
    package private(set) var textBytes = 0
    package private(set) var documents = 0

    package init(configuration: Configuration, sources: [InputSource], dedup: DedupConfiguration, mode: Mode = .single, inputs: [Int]? = nil) {
        self.configuration = configuration
        self.sources = sources
        self.mode = mode
        self.inputs = inputs ?? Array(sources.indices)
        shardInfo = configuration.shard
        self.dedup = StreamingDeduplicator(configuration: dedup)
        compressor = ShardWriter.Compressor(level: configuration.compressionLevel)
        statistics.settings = configuration.settings
    }

    private var stateDirectory: String { configuration.out + "/state" }
    private var checkpointPath: String { stateDirectory + "/checkpoint.json" }

    // MARK: Starting

    /// Opens the outputs of a new run (the caller has made sure DIR holds no earlier run).
    package func start() throws(InputError) {
        guard configuration.writeData else { return }
        try ShardWriter.makeDirectories(stateDirectory)
        try openLogs([:], checksums: [:])
        if configuration.keepRemoved {
            removed = makeWriter(configuration.out + "/removed", ShardWriter.Position())
        }
    }

    /// The append-only files of this mode, relative to DIR.
    private var logNames: [String] {
        switch mode {
        case .single: ["errors.log", "state/keys.bin"]
        case .shard: ["errors.log", "batches.bin", "exact.bin", "bands.bin"]
        case .replay: ["errors.log"]
        }
    }

    /// Checks each append-only file against its recorded length and checksum (none recorded: empty), cuts it
    /// to that length and opens it.
    private func openLogs(_ lengths: [String: Int], checksums: [String: UInt32]) throws(InputError) {
        for name in logNames {
            let path = configuration.out + "/" + name
            let length = lengths[name] ?? 0, checksum = checksums[name] ?? 0
            try AppendLog.restore(path: path, length: length, checksum: checksum)
            if name == "state/keys.bin" { try replayKeys(path) }
            let log = try AppendLog(path: path, length: length, checksum: checksum)
            switch name {
            case "errors.log": errors = log
            case "state/keys.bin": keys = log
            case "batches.bin": batches = log
            case "exact.bin": exactLog = log
            default: bandLog = log
            }
        }
    }

    /// Loads DIR/state/checkpoint.json, or nil when there is none.
    ///
    /// - Throws: a damaged-state error when the file is not a whole, unaltered checkpoint of this version
    ///   whose numbers make sense (inputs done within the inputs, lengths not negative).
    package static func loadCheckpoint(_ out: String) throws(InputError) -> Checkpoint? {
        let path = out + "/state/checkpoint.json"
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StateFile.damaged(path, "cannot read the checkpoint")
        }
        let body = try StateFile.unseal([UInt8](data), name: "checkpoint", path: path)
        let checkpoint: Checkpoint
        do { checkpoint = try JSONDecoder().decode(Checkpoint.self, from: Data(body)) } catch {
            throw StateFile.damaged(path, "not a census checkpoint of version \(Checkpoint.currentVersion)")
        }
        guard checkpoint.version == Checkpoint.currentVersion else {
            throw StateFile.damaged(path, "written by another census version (\(checkpoint.version))")
        }
        let inputs = checkpoint.fingerprint["inputs"].map { $0.isEmpty ? 0 : $0.split(separator: "\n", omittingEmptySubsequences: false).count } ?? 0
        let sliced = checkpoint.shard.map { s in (0..<inputs).filter { $0 % s.count == s.index }.count } ?? inputs
        guard checkpoint.inputsDone >= 0, checkpoint.inputsDone <= max(sliced, inputs), checkpoint.logs.values.allSatisfy({ $0 >= 0 }),
              checkpoint.writers.values.allSatisfy({ $0.part >= 0 && $0.compressedBytes >= 0 && $0.uncompressedBytes >= 0 }) else {
            throw StateFile.damaged(path, "numbers out of range")
        }
        if let shard = checkpoint.shard {
            guard shard.count >= 1, (0..<shard.count).contains(shard.index), shard.documents.allSatisfy({ $0.key >= 0 && $0.key < shard.inputs.count && $0.value >= 0 && $0.value < 1 << 40 }) else {
                throw StateFile.damaged(path, "numbers out of range")
            }
        }
        return checkpoint
    }

    /// Continues from a checkpoint: cuts every output back to it and reloads the duplicate keys.
    package func resume(from checkpoint: Checkpoint) throws(InputError) {
        let out = configuration.out
        statistics = checkpoint.statistics
        for (code, s) in statistics.languages.sorted(by: { $0.key < $1.key }) {
            codeIndex[code] = codes.count
            codes.append(code)
            languages.append(s)
            if code != Self.otherCode && !Self.isExempt(code) {
                let h = Hash64.hash(Array(code.utf8))
                ownHashes.append(h)
                ownCodes[h] = code
            }
        }
        ownHashes.sort()
        statistics.languages = [:]
        inputsDone = checkpoint.inputsDone
        // Per-language folders: back to their positions; folders begun after the checkpoint: emptied.
        let data = out + "/data"
        for folder in (try? FileManager.default.contentsOfDirectory(atPath: data)) ?? [] {
            try ShardWriter.restore(directory: data + "/" + folder, to: checkpoint.writers[folder] ?? ShardWriter.Position())
        }
        for (folder, position) in checkpoint.writers { writers[folder] = makeWriter(data + "/" + folder, position) }
        becomeFrugalIfMany()
        if configuration.keepRemoved {
            let position = checkpoint.removed ?? ShardWriter.Position()
            try ShardWriter.restore(directory: out + "/removed", to: position)
            removed = makeWriter(out + "/removed", position)
        }
        try openLogs(checkpoint.logs, checksums: checkpoint.checksums)
        if let shard = checkpoint.shard { shardInfo?.documents = shard.documents }
        for f in inputs.prefix(inputsDone) { inputBytesDone += sources[f].fileSize ?? 0 }
    }

    /// Feeds the logged keys of earlier documents to the deduplicator again.
    private func replayKeys(_ path: String) throws(InputError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var offset = 0
        while true {
            guard let chunk = try? handle.read(upToCount: 4 << 20), !chunk.isEmpty else { break }
            pending.append(contentsOf: chunk)
            var consumed = 0
            pending.withUnsafeBytes { raw in
                while raw.count - consumed >= 24 {
                    let e0 = raw.loadUnaligned(fromByteOffset: consumed, as: UInt64.self)
                    let e1 = raw.loadUnaligned(fromByteOffset: consumed + 8, as: UInt64.self)
                    let n = Int(raw.loadUnaligned(fromByteOffset: consumed + 16, as: UInt64.self))
                    guard raw.count - consumed >= 24 + 8 * n else { break }
                    keyBuffer.removeAll(keepingCapacity: true)
                    for k in 0..<n { keyBuffer.append(raw.loadUnaligned(fromByteOffset: consumed + 24 + 8 * k, as: UInt64.self)) }
                    _ = keyBuffer.withUnsafeBufferPointer { dedup.decide(exactKey: (e0, e1), bandKeys: $0) }
                    consumed += 24 + 8 * n
                }
            }
            offset += consumed
            pending.removeFirst(consumed)
        }
        guard pending.isEmpty else {
            throw InputError(.unreadable, path: path, "damaged at byte \(offset)")
        }
    }

    // MARK: Consuming

    /// The statistics row of the values beyond ``Configuration/maxLanguages``.
    package static let otherCode = "_other"

    /// Whether a code always has a row of its own: the languages census knows, and `und`.
    package static func isExempt(_ code: String) -> Bool {
        code == LanguageGuess.undetermined || LanguageRegistry.info(code) != nil
    }

    private func newRow(_ code: String) -> Int {
        codeIndex[code] = codes.count
        codes.append(code)
        var s = LanguageStatistics()
        s.sampleLimit = configuration.samples
        languages.append(s)
        return codes.count - 1
    }

    private var otherRow: Int {
        if let o = codeIndex[Self.otherCode] { return o }
        return newRow(Self.otherCode)
    }

    /// Admits a code census does not know to the rows of their own, if its hash is among the
    /// `maxLanguages` smallest seen; returns false when it goes to `_other`.
    private func admit(_ code: String) -> Bool {
        let h = Hash64.hash(Array(code.utf8))
        if ownHashes.count >= configuration.maxLanguages {
            guard let largest = ownHashes.last, h < largest else { return false }
            // The code with the largest hash gives up its row: its statistics move to _other.
            ownHashes.removeLast()
            if let evicted = ownCodes.removeValue(forKey: largest), let i = codeIndex[evicted] {
                let o = otherRow
                languages[o].merge(languages[i])
                languages[i] = LanguageStatistics()
                retiredRows.insert(i)
                codeIndex[evicted] = o
            }
        }
        var low = 0, high = ownHashes.count
        while low < high {
            let mid = (low + high) / 2
            if ownHashes[mid] < h { low = mid + 1 } else { high = mid }
        }
        ownHashes.insert(h, at: low)
        ownCodes[h] = code
        return true
    }

    /// The statistics row of a language code. Codes census knows (and `und`) have rows of their own; other
    /// values (from `--lang-field`) too while they are among the `maxLanguages` with the smallest hash of
    /// the code, the rest share the row `_other`. Which codes keep a row depends only on the set of codes,
    /// never on their order, so shards merge exactly; and memory stays bounded however many values the
    /// input holds. Documents are written under their own code whatever their row.
    private func language(_ code: String) -> Int {
        if let known = codeIndex[code] { return known }
        if code == Self.otherCode { return otherRow }
        if !Self.isExempt(code) && !admit(code) {
            let o = otherRow
            codeIndex[code] = o
            return o
        }
        return newRow(code)
    }

    /// Adds one analysed batch (batches come in input order).
    package func consume(_ batch: AnalyzedBatch) throws(InputError) {
        var local: [Int] = []
        local.reserveCapacity(batch.codes.count)
        for (k, code) in batch.codes.enumerated() {
            let l = language(code)
            local.append(l)
            if k < batch.statistics.count {
                languages[l].merge(batch.statistics[k])
            } else if k < batch.domains.count {
                languages[l].mergeDomains(batch.domains[k])   // a merge: hosts in input order, as one run
            }
        }
        // A code of this batch may have given its row to _other when a later one came.
        if !retiredRows.isEmpty { local = batch.codes.map { codeIndex[$0] ?? otherRow } }
        let path = sources[batch.file].path
        for (k, d) in batch.documents.enumerated() {
            let l = local[d.language]
            let index = documentsInInput
            documentsInInput += 1
            documents += 1
            let decision: DedupResult.Reason?
            switch mode {
            case .shard:
                // Keys for the merge, with the document's number: input << 40 | index in the input.
                let id = UInt64(batch.file) << 40 | UInt64(index)
                keyBuffer.removeAll(keepingCapacity: true)
                keyBuffer.append(d.exactKey.0)
                keyBuffer.append(d.exactKey.1)
                keyBuffer.append(id)
                try exactLog!.append(keyBuffer.withUnsafeBytes { Array($0) })
                keyBuffer.removeAll(keepingCapacity: true)
                for k in batch.bandKeys[d.bandStart..<d.bandEnd] {
                    keyBuffer.append(k)
                    keyBuffer.append(id)
                }
                try bandLog!.append(keyBuffer.withUnsafeBytes { Array($0) })
                continue
            case .replay(let table):
                decision = table.reason(input: batch.file, index: index)
            case .single:
                decision = batch.bandKeys.withUnsafeBufferPointer { all in
                    dedup.decide(exactKey: d.exactKey, bandKeys: UnsafeBufferPointer(rebasing: all[d.bandStart..<d.bandEnd]))
                }
                if let keys, decision != .exact {
                    // Logged for --resume (exact duplicates add no key, so they are not).
                    keyBuffer.removeAll(keepingCapacity: true)
                    keyBuffer.append(d.exactKey.0)
                    keyBuffer.append(d.exactKey.1)
                    keyBuffer.append(UInt64(d.bandEnd - d.bandStart))
                    keyBuffer.append(contentsOf: batch.bandKeys[d.bandStart..<d.bandEnd])
                    try keys.append(keyBuffer.withUnsafeBytes { Array($0) })
                }
            }
            switch decision {
            case nil:
                languages[l].kept.add(words: d.words, characters: d.characters, bytes: d.bytes, lines: d.lines)
                languages[l].lengths[LengthBuckets.bucket(d.words)] += 1
                if configuration.writeData { try write(batch.record(k, path: path), to: Self.folder(batch.codes[d.language])) }
                if configuration.samples > 0 { sample(l, priority: d.priority) { batch.record(k, path: path) } }
            case .exact?, .near?:
                if decision == .exact { languages[l].exactDuplicates += 1 } else { languages[l].nearDuplicates += 1 }
                if let removed {
                    record.removeAll(keepingCapacity: true)
                    record.append(contentsOf: #"{"reason":"\#(decision == .exact ? "exact" : "near")","#.utf8)
                    record.append(contentsOf: batch.record(k, path: path).dropFirst())
                    try removed.append(record)
                }
            }
        }
        if let batches {
            // The batch for the merge (its statistics stay in this shard's totals).
            let bytes = batch.encoded()
            var length = BinaryWriter()
            length.int(bytes.count)
            try batches.append(length.bytes)
            try batches.append(bytes)
        }
        for rejection in batch.rejections {
            let message = "\(path): \(rejection.locationUnit.describe(rejection.location)): \(rejection.reason.name): \(rejection.detail)"
            errors?.line(message)
            if shownMessages < (configuration.quiet ? 0 : configuration.maxMessages) {
                shownMessages += 1
                configuration.events(.problem(message))
            } else {
                hiddenMessages += 1
            }
        }
        textBytes += batch.textBytes
        inputBytesCurrent = batch.inputOffset
        if let summary = batch.summary { try endInput(summary) }
    }

    /// Keeps the document among the language's samples when its priority is among the smallest.
    private func sample(_ l: Int, priority: UInt64, _ line: () -> ArraySlice<UInt8>) {
        let limit = configuration.samples
        if languages[l].samples.count >= limit, let last = languages[l].samples.last, priority > last.priority { return }
        let candidate = LanguageStatistics.Sample(priority: priority, record: String(decoding: line(), as: UTF8.self))
        if languages[l].samples.count >= limit, let last = languages[l].samples.last, !(candidate < last) { return }
        let at = languages[l].samples.firstIndex { candidate < $0 } ?? languages[l].samples.count
        languages[l].samples.insert(candidate, at: at)
        if languages[l].samples.count > limit { languages[l].samples.removeLast() }
    }

    /// The folder of a language under DIR/data: the code with anything but ASCII letters, digits, `-` and
    /// `_` replaced by `_` (codes can come from a `--lang-field` of the input), at most 32 characters.
    package static func folder(_ code: String) -> String {
        let safe = String(code.unicodeScalars.prefix(32).map {
            ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")) ? Character($0) : "_"
        })
        return safe.isEmpty ? "_" : safe
    }

    private func writer(_ code: String) -> ShardWriter {
        if let w = writers[code] { return w }
        let w = makeWriter(configuration.out + "/data/" + code, ShardWriter.Position())
        writers[code] = w
        becomeFrugalIfMany()
        w.frugal = frugal
        return w
    }

    /// With many languages (--lang-field values), from then on no writer keeps its file open or its buffer
    /// between members.
    private func becomeFrugalIfMany() {
        guard writers.count > Self.maxOpenWriters && !frugal else { return }
        frugal = true
        for w in writers.values { w.frugal = true }
    }

    /// Writers beyond which none keeps its file open (file descriptors stay bounded: `ulimit -n 1024`).
    package static let maxOpenWriters = 64
    /// Record bytes buffered across all writers beyond which every member is ended (in the order of the
    /// codes, so where members end still depends only on the records).
    package static let maxBufferedBytes = 64 << 20
    private var frugal = false
    private var bufferedBytes = 0

    /// Appends a kept document's record to its language's shards.
    private func write(_ record: ArraySlice<UInt8>, to folder: String) throws(InputError) {
        let w = writer(folder)
        let before = w.bufferedBytes
        try w.append(record)
        bufferedBytes += w.bufferedBytes - before
        if bufferedBytes > Self.maxBufferedBytes {
            for code in writers.keys.sorted() { try writers[code]!.endMember() }
            bufferedBytes = 0
        }
    }

    private func makeWriter(_ directory: String, _ position: ShardWriter.Position) -> ShardWriter {
        ShardWriter(directory: directory, shardBytes: configuration.shardBytes, compressor: compressor, position: position)
    }

    /// An input is complete: its counts, messages, the end of every open gzip member (members end at input
    /// boundaries in every run, so a resumed run writes the same bytes), and now and then a checkpoint.
    private func endInput(_ summary: InputSummary) throws(InputError) {
        let path = summary.path
        if hiddenMessages > 0 && !configuration.quiet {
            configuration.events(.problem("\(path): \(hiddenMessages) more rejected records not shown (see \(configuration.writeData ? "errors.log" : "the counts"))"))
        }
        shownMessages = 0
        hiddenMessages = 0
        for warning in summary.warnings {
            errors?.line("\(path): \(warning)")
            if !configuration.quiet { configuration.events(.problem("\(path): \(warning)")) }
        }
        for error in summary.errors {
            errors?.line(error.description)
            configuration.events(.problem(error.description))
        }
        add(summary)
        if case .shard = mode { shardInfo?.documents[inputs[inputsDone]] = documentsInInput }
        documentsInInput = 0
        inputsDone += 1
        inputBytesDone += summary.inputBytes
        inputBytesCurrent = 0
        guard configuration.writeData else { return }
        for code in writers.keys.sorted() { try writers[code]!.endMember() }
        bufferedBytes = 0
        try removed?.endMember()
        // (After the last input, finish(scarcity:) saves the final checkpoint.)
        if inputsDone < inputs.count && configuration.stopAfter == inputsDone {
            try saveCheckpoint(complete: false)
            throw InputError(.usage, path: configuration.out, "stopped after \(inputsDone) inputs (--stop-after)")
        }
        if inputsDone < sources.count && Date().timeIntervalSince(lastCheckpoint) >= configuration.checkpointSeconds {
            try saveCheckpoint(complete: false)
        }
    }

    /// Adds statistics found elsewhere (a merge: the shards' per-language totals of what does not depend on
    /// deduplication).
    /// (The hosts are left out: they come again with the replayed batches, so they merge in input order.)
    package func seed(_ other: [String: LanguageStatistics]) {
        for (code, s) in other.sorted(by: { $0.key < $1.key }) {
            var s = s
            s.domains = [:]
            languages[language(code)].merge(s)
        }
    }

    /// Counts an input's summary (also for names that matched no file).
    package func add(_ summary: InputSummary) {
        statistics.inputs += 1
        if summary.failed { statistics.failedInputs += 1 }
        statistics.recordsRead += summary.records
        for (reason, n) in summary.rejected { statistics.rejected[reason.name, default: 0] += n }
        for (type, n) in summary.skipped { statistics.skipped[type, default: 0] += n }
    }

    /// Notes an input name that matched nothing or could not be opened before reading.
    package func note(_ error: InputError) {
        errors?.line(error.description)
        configuration.events(.problem(error.description))
        var summary = InputSummary(path: error.path)
        summary.errors = [error]
        add(summary)
    }

    /// The statistics so far, with every language.
    package var currentStatistics: CorpusStatistics {
        var s = statistics
        for (l, code) in codes.enumerated() where !retiredRows.contains(l) { s.languages[code] = languages[l] }
        return s
    }

    /// Makes every output durable and records where each one is, atomically (temporary file + rename).
    private func saveCheckpoint(complete: Bool) throws(InputError) {
        var positions: [String: ShardWriter.Position] = [:]
        for code in writers.keys.sorted() { positions[code] = try writers[code]!.checkpoint() }
        bufferedBytes = 0
        if frugal { try ShardWriter.syncFileSystem(of: configuration.out) }   // one flush for all the shards
        let removedPosition = try removed?.checkpoint()
        var logs: [String: Int] = [:]
        var checksums: [String: UInt32] = [:]
        for (name, log) in [("errors.log", errors), ("state/keys.bin", keys), ("batches.bin", batches),
                            ("exact.bin", exactLog), ("bands.bin", bandLog)] {
            if let log {
                logs[name] = try log.flush(sync: true)
                checksums[name] = log.checksum
            }
        }
        let checkpoint = Checkpoint(fingerprint: configuration.fingerprint, inputsDone: inputsDone, complete: complete,
                                    statistics: currentStatistics, writers: positions, removed: removedPosition,
                                    logs: logs, checksums: checksums, shard: shardInfo)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try writeDurably(Data(StateFile.seal([UInt8](try encoder.encode(checkpoint)), name: "checkpoint")), to: checkpointPath)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(.readFailed, path: checkpointPath, "cannot save the checkpoint (\(error))")
        }
        lastCheckpoint = Date()
    }

    // MARK: Finishing

    /// Closes every shard under its final name, writes the statistics, samples and report, and marks the
    /// checkpoint complete.
    package func finish(thresholds: ScarcityThresholds) throws {
        if case .shard = mode {
            try saveCheckpoint(complete: true)   // the merge writes the outputs
            return
        }
        if configuration.writeData {
            if frugal {
                for code in writers.keys.sorted() { try writers[code]!.endMember() }
                try ShardWriter.syncFileSystem(of: configuration.out)
                for w in writers.values { w.markSynced() }
            }
            for code in writers.keys.sorted() { try writers[code]!.finish() }
            try removed?.finish()
        }
        let stats = currentStatistics
        try saveStatistics(stats, in: configuration.out)
        try writeReport(stats, to: configuration.out, thresholds: thresholds)
        if configuration.writeData { try saveCheckpoint(complete: true) }
    }

    /// Bytes held by the duplicate keys.
    package var dedupMemoryBytes: Int { dedup.memoryBytes }
}

/// Writes `data` to `path` through `path.tmp` (fsync'd, then renamed), so `path` is always whole.
package func writeDurably(_ data: Data, to path: String) throws(InputError) {
    let failure: InputError? = data.withUnsafeBytes { raw in
        do throws(InputError) { try writeFileDurably(raw, to: path); return nil } catch { return error }
    }
    if let failure { throw failure }
}
