import CorpusIO
import CorpusStats

/// What `census run` saves in DIR/state/checkpoint.json after completed inputs: enough to continue with
/// `--resume` exactly where it stopped.
package struct Checkpoint: Codable {
    /// The layout of this file and of the state files it describes (2: checksums everywhere; 3: documents in
    /// batches.bin carry their quality rule; 4: and their LLM tokens and crawl, and statistics count per crawl).
    package static let currentVersion = 4
    package var version = Checkpoint.currentVersion
    /// The inputs (with sizes) and every option that changes the output; `--resume` requires the same.
    package var fingerprint: [String: String]
    /// Inputs completed (of the sorted input list), and whether the outputs were finalised.
    package var inputsDone: Int
    package var complete = false
    package var statistics: CorpusStatistics
    /// Per language code: where its writer of DIR/data/<code>/ was.
    package var writers: [String: PartWriter.Position]
    package var removed: PartWriter.Position?
    /// Lengths of the append-only files, by path relative to DIR: errors.log and state/keys.bin; in a
    /// shard also batches.bin, exact.bin and bands.bin.
    package var logs: [String: Int]
    /// CRC-32 of each of those files' first `logs[name]` bytes.
    package var checksums: [String: UInt32] = [:]
    /// In a slice of a sharded run (`--shard I/N`): what `census merge` needs.
    package var slice: SliceInfo?
    /// Taken inside input `inputsDone`: its batches and documents consumed (nil: taken between inputs).
    package var batchesInInput: Int?
    package var documentsInInput: Int?

    enum CodingKeys: String, CodingKey {
        case version, fingerprint, inputsDone, complete, statistics, writers, removed, logs, checksums, batchesInInput, documentsInInput
        case slice = "shard"
    }
}

/// What a slice of a sharded run (`census run --shard I/N`, saved in DIR/shards/I) records for `census merge`.
/// (The JSON keys keep the names of the first layout: `shard`, `shardBytes`.)
package struct SliceInfo: Codable, Equatable {
    package var index: Int
    package var count: Int
    /// Every input of the whole run, in order (input i belongs to slice i mod count).
    package var inputs: [String]
    /// Names that matched no file: code, path, message.
    package var inputErrors: [[String]]
    /// Documents of each input this slice completed, by input number.
    package var documents: [Int: Int] = [:]
    /// The options `census merge` must write with.
    package var partBytes: Int
    package var compressionLevel: Int
    package var keepRemoved: Bool
    package var samples: Int
    package var maxMessages: Int
    package var maxLanguages: Int

    enum CodingKeys: String, CodingKey {
        case index, count, inputs, inputErrors, documents, compressionLevel, keepRemoved, samples, maxMessages, maxLanguages
        case partBytes = "shardBytes"
    }

    package init(index: Int, count: Int, inputs: [String], inputErrors: [[String]], output: OutputSettings) {
        self.index = index
        self.count = count
        self.inputs = inputs
        self.inputErrors = inputErrors
        partBytes = output.partBytes
        compressionLevel = output.compressionLevel
        keepRemoved = output.keepRemoved
        samples = output.samples
        maxMessages = output.maxMessages
        maxLanguages = output.maxLanguages
    }

    /// The output options the slices were run with, which the merge writes with.
    package var output: OutputSettings {
        OutputSettings(partBytes: partBytes, compressionLevel: compressionLevel, keepRemoved: keepRemoved, samples: samples,
                       maxMessages: maxMessages, maxLanguages: maxLanguages)
    }
}

/// The options that shape what the ordered stage writes (the same for a run, its slices and their merge).
package struct OutputSettings: Equatable {
    package var partBytes = 256 << 20
    package var compressionLevel = 1
    package var keepRemoved = false
    package var samples = 20
    package var maxMessages = 20
    /// Statistics rows for language values census does not know (`--lang-field`); the rest share `_other`.
    package var maxLanguages = 1000

    package init() {}

    package init(partBytes: Int, compressionLevel: Int, keepRemoved: Bool, samples: Int, maxMessages: Int, maxLanguages: Int) {
        self.partBytes = partBytes
        self.compressionLevel = compressionLevel
        self.keepRemoved = keepRemoved
        self.samples = samples
        self.maxMessages = maxMessages
        self.maxLanguages = maxLanguages
    }
}
