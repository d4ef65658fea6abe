import Foundation

/// The merge ranks of a byte-level BPE vocabulary: token bytes -> rank, in one byte arena with an
/// open-addressing index, so a lookup hashes a slice of the text without allocating.
public struct BytePairRanks: Sendable {
    private var arena: [UInt8] = []
    private var starts: [UInt32] = []
    private var lengths: [UInt16] = []
    private var ranks: [UInt32] = []
    private var slots: [Int32] = []
    private var mask = 0
    /// Ranks of the two-byte tokens, indexed by first << 8 | second (UInt32.max: not a token): the merge's
    /// commonest lookup, without hashing.
    private var pairs = [UInt32](repeating: .max, count: 1 << 16)
    /// Tokens of up to 7 bytes keyed by their bytes packed into one word (with the length in the top byte), so
    /// the merge's lookups of short candidates neither hash a byte loop nor compare memory.
    private var shortKeys: [UInt64] = []
    private var shortRanks: [UInt32] = []
    private var shortShift: UInt64 = 0

    public var count: Int { ranks.count }

    /// Builds the index from (bytes, rank) pairs; a later duplicate of the same bytes is ignored.
    public init(_ entries: [([UInt8], Int)]) {
        var capacity = 16
        while capacity < entries.count * 2 { capacity <<= 1 }
        slots = [Int32](repeating: -1, count: capacity)
        mask = capacity - 1
        for (bytes, rank) in entries where !bytes.isEmpty && bytes.count <= Int(UInt16.max) {
            insert(bytes, rank: UInt32(rank))
        }
        for (bytes, rank) in entries where bytes.count == 2 {
            let index = Int(bytes[0]) << 8 | Int(bytes[1])
            if pairs[index] == .max { pairs[index] = UInt32(rank) }
        }
        var shortCapacity = 16, bits: UInt64 = 4
        while shortCapacity < entries.count * 2 { shortCapacity <<= 1; bits += 1 }
        shortKeys = [UInt64](repeating: 0, count: shortCapacity)
        shortRanks = [UInt32](repeating: .max, count: shortCapacity)
        shortShift = 64 - bits
        for (bytes, rank) in entries where !bytes.isEmpty && bytes.count <= 7 {
            let key = bytes.withUnsafeBufferPointer { Self.shortKey($0.baseAddress!, $0.count) }
            var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shortShift)
            while shortKeys[slot] != 0 && shortKeys[slot] != key { slot = (slot + 1) & (shortCapacity - 1) }
            if shortKeys[slot] == 0 {   // a later duplicate of the same bytes is ignored, as in the main index
                shortKeys[slot] = key
                shortRanks[slot] = UInt32(rank)
            }
        }
    }

    /// 1–7 bytes packed little-endian, the length in the top byte (never 0).
    @inline(__always)
    static func shortKey(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt64 {
        var packed: UInt64 = 0
        withUnsafeMutableBytes(of: &packed) { $0.baseAddress!.copyMemory(from: base, byteCount: count) }
        return UInt64(littleEndian: packed) | UInt64(count) << 56
    }

    private mutating func insert(_ bytes: [UInt8], rank: UInt32) {
        var slot = bytes.withUnsafeBufferPointer { Self.hash($0.baseAddress!, $0.count) } & mask
        while slots[slot] >= 0 {
            let entry = Int(slots[slot])
            if equals(entry, bytes) { return }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(ranks.count)
        starts.append(UInt32(arena.count))
        lengths.append(UInt16(bytes.count))
        ranks.append(rank)
        arena.append(contentsOf: bytes)
    }

    private func equals(_ entry: Int, _ bytes: [UInt8]) -> Bool {
        guard Int(lengths[entry]) == bytes.count else { return false }
        let start = Int(starts[entry])
        for index in 0..<bytes.count where arena[start + index] != bytes[index] { return false }
        return true
    }

    @inline(__always)
    static func hash(_ base: UnsafePointer<UInt8>, _ count: Int) -> Int {
        var value = UInt64(truncatingIfNeeded: count) &* 0x9E37_79B9_7F4A_7C15
        var index = 0
        let raw = UnsafeRawPointer(base)
        while index + 8 <= count {
            value = (value ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0xff51_afd7_ed55_8ccd
            value ^= value >> 32
            index += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while index < count {
            tail |= UInt64(base[index]) << shift
            shift += 8
            index += 1
        }
        value = (value ^ tail) &* 0xc4ce_b9fe_1a85_ec53
        value ^= value >> 29
        return Int(truncatingIfNeeded: value >> 1)
    }

    /// The rank of the two bytes at `base` (UInt32.max when they are not a token).
    @inline(__always)
    public func pairRank(_ base: UnsafePointer<UInt8>) -> UInt32 {
        pairs.withUnsafeBufferPointer { $0[Int(base[0]) << 8 | Int(base[1])] }
    }

    /// The rank of `count` bytes at `base`, or nil when they are not a token.
    @inline(__always)
    public func rank(_ base: UnsafePointer<UInt8>, _ count: Int) -> UInt32? {
        if count <= 7 {
            let key = Self.shortKey(base, count)
            return shortKeys.withUnsafeBufferPointer { keys in
                let mask = keys.count - 1
                var slot = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shortShift)
                while true {
                    let k = keys[slot]
                    if k == key { return shortRanks.withUnsafeBufferPointer { $0[slot] } }
                    if k == 0 { return nil }
                    slot = (slot + 1) & mask
                }
            }
        }
        return rank(base, count, hash: Self.hash(base, count))
    }

    /// ``rank(_:_:)`` of more than 7 bytes whose ``hash(_:_:)`` is known.
    @inline(__always)
    func rank(_ base: UnsafePointer<UInt8>, _ count: Int, hash: Int) -> UInt32? {
        var slot = hash & mask
        return arena.withUnsafeBufferPointer { arena in
            while true {
                let entry = Int(slots[slot])
                if entry < 0 { return nil }
                if Int(lengths[entry]) == count, memcmp(arena.baseAddress! + Int(starts[entry]), base, count) == 0 {
                    return ranks[entry]
                }
                slot = (slot + 1) & mask
            }
        }
    }
}

public enum TokenizerFileError: Error, CustomStringConvertible, Equatable {
    case unreadable(path: String, reason: String)
    case malformed(path: String, line: Int, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): return "\(path): cannot read tokenizer: \(reason)"
        case .malformed(let path, let line, let reason): return "\(path):\(line): \(reason)"
        }
    }
}

extension BytePairRanks {
    /// Reads a tiktoken rank file: one `base64(token) rank` per line.
    public static func tiktoken(contentsOf path: String) throws -> BytePairRanks {
        try tiktoken(try tokenizerFile(path), path: path)
    }

    /// A tokenizer file's bytes.
    static func tokenizerFile(_ path: String) throws -> Data {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw TokenizerFileError.unreadable(path: path, reason: "not a readable file")
        }
        return data
    }

    /// ``tiktoken(contentsOf:)`` of bytes read from `path`.
    static func tiktoken(_ data: Data, path: String) throws -> BytePairRanks {
        guard let text = String(data: data, encoding: .utf8) else {
            throw TokenizerFileError.unreadable(path: path, reason: "not a readable UTF-8 file")
        }
        var entries: [([UInt8], Int)] = []
        var lineNumber = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.isEmpty { continue }
            let fields = line.split(separator: " ")
            if fields.count == 2, fields[0].allSatisfy({ $0 == "=" }), Int(fields[1]) != nil { continue }   // an empty token (Whisper's file has one)
            guard fields.count == 2, let token = Data(base64Encoded: String(fields[0])), let rank = Int(fields[1]), rank >= 0 else {
                throw TokenizerFileError.malformed(path: path, line: lineNumber, reason: "expected 'base64-token rank'")
            }
            entries.append((Array(token), rank))
        }
        if entries.isEmpty { throw TokenizerFileError.malformed(path: path, line: 1, reason: "no tokens") }
        return BytePairRanks(entries)
    }
}

extension BytePairRanks {
    /// Reads a Mistral Tekken file (mistral-common's `tekken_*.json`): `vocab` entries with base64 `token_bytes`
    /// in rank order, cut as mistral-common cuts them to `default_vocab_size` − `default_num_special_tokens`
    /// (the special tokens take the first ids and never come out of ordinary text); returns the ranks and the
    /// file's `pattern`.
    public static func tekken(contentsOf path: String) throws -> (ranks: BytePairRanks, pattern: String) {
        try tekken((try? JSONSerialization.jsonObject(with: try tokenizerFile(path))) as? [String: Any] ?? [:], path: path)
    }

    /// ``tekken(contentsOf:)`` of the parsed file.
    static func tekken(_ root: [String: Any], path: String) throws -> (ranks: BytePairRanks, pattern: String) {
        guard let config = root["config"] as? [String: Any], let vocab = root["vocab"] as? [[String: Any]],
              let pattern = config["pattern"] as? String else {
            throw TokenizerFileError.malformed(path: path, line: 1, reason: "expected a Tekken file: an object with config.pattern and vocab")
        }
        var size = vocab.count
        if let vocabSize = config["default_vocab_size"] as? Int, let special = config["default_num_special_tokens"] as? Int {
            guard vocabSize - special >= 0, vocabSize - special <= vocab.count else {
                throw TokenizerFileError.malformed(path: path, line: 1, reason: "default_vocab_size \(vocabSize) − \(special) special tokens does not fit \(vocab.count) vocab entries")
            }
            size = vocabSize - special
        }
        var entries: [([UInt8], Int)] = []
        entries.reserveCapacity(size)
        for (index, entry) in vocab.prefix(size).enumerated() {
            guard let encoded = entry["token_bytes"] as? String, let bytes = Data(base64Encoded: encoded) else {
                throw TokenizerFileError.malformed(path: path, line: 1, reason: "vocab entry \(index): expected base64 token_bytes")
            }
            entries.append((Array(bytes), (entry["rank"] as? Int) ?? index))
        }
        if entries.isEmpty { throw TokenizerFileError.malformed(path: path, line: 1, reason: "no tokens") }
        return (BytePairRanks(entries), pattern)
    }
}
