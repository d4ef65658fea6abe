import CorpusCore
import CorpusIO
import CorpusStats
import Dedup
import Foundation
import LanguageID

/// Starting, checkpointing and resuming the ordered stage.
extension OrderedStage {
    var stateDirectory: String { configuration.out + "/state" }

    var checkpointPath: String { stateDirectory + "/checkpoint.json" }

    /// Opens the outputs of a new run (the caller has made sure DIR holds no earlier run).
    package func start() throws(InputError) {
        guard configuration.writeData else { return }
        try OutputFiles.makeDirectories(stateDirectory)
        try openLogs([:], checksums: [:])
        if configuration.output.keepRemoved {
            removed = makeWriter(configuration.out + "/removed", PartWriter.Position())
        }
    }

    /// The append-only files of this mode, relative to DIR.
    var logNames: [String] {
        switch mode {
        case .single: ["errors.log", "state/keys.bin"]
        case .slice: ["errors.log", "batches.bin", "exact.bin", "bands.bin"]
        case .replay: ["errors.log"]
        }
    }

    /// Checks each append-only file against its recorded length and checksum (none recorded: empty), cuts it
    /// to that length and opens it.
    func openLogs(_ lengths: [String: Int], checksums: [String: UInt32]) throws(InputError) {
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
        let sliced = checkpoint.slice.map { s in (0..<inputs).filter { $0 % s.count == s.index }.count } ?? inputs
        guard checkpoint.inputsDone >= 0, checkpoint.inputsDone <= max(sliced, inputs), checkpoint.logs.values.allSatisfy({ $0 >= 0 }),
              checkpoint.writers.values.allSatisfy({ $0.part >= 0 && $0.compressedBytes >= 0 && $0.uncompressedBytes >= 0 }) else {
            throw StateFile.damaged(path, "numbers out of range")
        }
        if let shard = checkpoint.slice {
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
        batchesInInput = checkpoint.batchesInInput ?? 0
        documentsInInput = checkpoint.documentsInInput ?? 0
        countsInputs = (statistics.byInput != nil && statistics.byCrawl != nil) || inputsDone == 0
        if countsInputs {
            if statistics.byInput == nil { statistics.byInput = [:] }
            if statistics.byCrawl == nil { statistics.byCrawl = [:] }
            // The names counted so far, so the ones after them are numbered (and capped) as in an uninterrupted run.
            crawlNames = statistics.byCrawl!.keys.sorted()
            crawlIndex = Dictionary(uniqueKeysWithValues: crawlNames.enumerated().map { ($0.element, $0.offset) })
        } else {
            statistics.byInput = nil
            statistics.byCrawl = nil
        }
        // Per-language folders: back to their positions; folders begun after the checkpoint: emptied.
        let data = out + "/data"
        for folder in (try? FileManager.default.contentsOfDirectory(atPath: data)) ?? [] {
            try PartWriter.restore(directory: data + "/" + folder, to: checkpoint.writers[folder] ?? PartWriter.Position())
        }
        for (folder, position) in checkpoint.writers { writers[folder] = makeWriter(data + "/" + folder, position) }
        becomeFrugalIfMany()
        if configuration.output.keepRemoved {
            let position = checkpoint.removed ?? PartWriter.Position()
            try PartWriter.restore(directory: out + "/removed", to: position)
            removed = makeWriter(out + "/removed", position)
        }
        try openLogs(checkpoint.logs, checksums: checkpoint.checksums)
        if let shard = checkpoint.slice { sliceInfo?.documents = shard.documents }
        for f in inputs.prefix(inputsDone) { inputBytesDone += sources[f].fileSize ?? 0 }
    }

    /// Feeds the logged keys of earlier documents to the deduplicator again.
    func replayKeys(_ path: String) throws(InputError) {
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

    /// Makes every output durable and records where each one is, atomically (temporary file + rename).
    func saveCheckpoint(complete: Bool) throws(InputError) {
        var positions: [String: PartWriter.Position] = [:]
        for code in writers.keys.sorted() { positions[code] = try writers[code]!.checkpoint() }
        bufferedBytes = 0
        if frugal { try OutputFiles.syncFileSystem(of: configuration.out) }   // one flush for all the shards
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
                                    logs: logs, checksums: checksums, slice: sliceInfo,
                                    batchesInInput: batchesInInput > 0 ? batchesInInput : nil,
                                    documentsInInput: batchesInInput > 0 ? documentsInInput : nil)
        do {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try writeDurably(Data(StateFile.seal([UInt8](try encoder.encode(checkpoint)), name: "checkpoint")), to: checkpointPath)
        } catch let error as InputError {
            throw error
        } catch {
            throw InputError(.writeFailed, path: checkpointPath, "cannot save the checkpoint (\(error))")
        }
        lastCheckpoint = Date()
    }
}

/// Writes `data` to `path` through `path.tmp` (fsync'd, then renamed), so `path` is always whole.
package func writeDurably(_ data: Data, to path: String) throws(InputError) {
    let failure: InputError? = data.withUnsafeBytes { raw in
        do throws(InputError) { try OutputFiles.writeWhole(raw, to: path); return nil } catch { return error }
    }
    if let failure { throw failure }
}
