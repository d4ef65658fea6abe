import Foundation

/// A Hugging Face `tokenizer.json` byte-level BPE model (GPT-2's, Llama 3's): merges by the rank of the
/// *pair* as the `tokenizers` library does (the lowest-ranked adjacent pair first, leftmost on ties), which
/// can differ from tiktoken's merge by the rank of the merged token.
public struct HuggingFaceBPE: Sendable {
    /// The token id of each byte (its byte-level character), or -1 when the vocabulary lacks it.
    let byteIDs: [Int32]
    /// (left id << 32 | right id) -> merge rank << 32 | merged id.
    private let pairKeys: [UInt64]
    private let pairValues: [UInt64]
    private let pairShift: UInt64
    /// The token bytes of the vocabulary, for `ignore_merges` (a pre-token that is a token stays whole).
    let wholeTokens: BytePairRanks?
    /// Text of the added tokens, split out of the text before pre-tokenisation (one token each).
    public let addedTokens: [[UInt8]]
    /// ByteLevel's `add_prefix_space`: a space before every text segment that does not start with one.
    public let addPrefixSpace: Bool
    public let vocabularySize: Int

    static let none = UInt64.max

    /// The lowest merge of the pair, as rank << 32 | merged id, or ``none``.
    @inline(__always)
    func merge(_ left: Int32, _ right: Int32) -> UInt64 {
        let key = UInt64(UInt32(bitPattern: left)) << 32 | UInt64(UInt32(bitPattern: right))
        return pairKeys.withUnsafeBufferPointer { keys in
            let mask = keys.count - 1
            var slot = Int(truncatingIfNeeded: ((key ^ 0x5851_F42D_4C95_7F2D) &* 0x9E37_79B9_7F4A_7C15) >> pairShift)
            while true {
                let k = keys[slot]
                if k == key { return pairValues.withUnsafeBufferPointer { $0[slot] } }
                if k == Self.none { return Self.none }
                slot = (slot + 1) & mask
            }
        }
    }

    /// GPT-2's byte-to-character table (`bytes_to_unicode`): printable Latin-1 bytes stand for themselves, the
    /// others for U+0100 onwards in byte order.
    static let byteCharacters: [Unicode.Scalar] = {
        var printable = Set<Int>()
        for b in 0x21...0x7E { printable.insert(b) }
        for b in 0xA1...0xAC { printable.insert(b) }
        for b in 0xAE...0xFF { printable.insert(b) }
        var next = 256
        return (0..<256).map { b in
            if printable.contains(b) { return Unicode.Scalar(UInt32(b))! }
            defer { next += 1 }
            return Unicode.Scalar(UInt32(next))!
        }
    }()

    /// The bytes a byte-level token string stands for, or nil when it holds a character outside the table.
    static func bytes(ofToken token: String, _ inverse: [Unicode.Scalar: UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        for scalar in token.unicodeScalars {
            guard let b = inverse[scalar] else { return nil }
            out.append(b)
        }
        return out
    }

    /// Reads `tokenizer.json`; returns the model and the pre-tokenisation pattern its pre-tokenizer names.
    /// Supported: a BPE model without dropout, unknown token, subword prefix or suffix, or byte fallback; no
    /// normalizer; a ByteLevel pre-tokenizer (GPT-2's pattern) or a Sequence of a Split on a regex census
    /// scans (cl100k's / Llama 3's, o200k's) and a ByteLevel without its own regex; added tokens without
    /// strip or single-word options. Anything else is refused with the reason.
    public static func load(contentsOf path: String) throws -> (model: HuggingFaceBPE, pattern: TokenCounter.Pattern) {
        try load((try? JSONSerialization.jsonObject(with: try BytePairRanks.tokenizerFile(path))) as? [String: Any] ?? [:], path: path)
    }

    /// ``load(contentsOf:)`` of the parsed file.
    static func load(_ root: [String: Any], path: String) throws -> (model: HuggingFaceBPE, pattern: TokenCounter.Pattern) {
        func fail(_ reason: String) -> TokenizerFileError { .malformed(path: path, line: 1, reason: reason) }
        guard let model = root["model"] as? [String: Any] else {
            throw fail("expected a Tekken file or a Hugging Face tokenizer.json (an object with model)")
        }
        guard model["type"] as? String == "BPE" else { throw fail("model type \(model["type"] ?? "none"): census reads BPE models only") }
        for key in ["dropout", "unk_token", "continuing_subword_prefix", "end_of_word_suffix"] {
            if let value = model[key], !(value is NSNull), !((value as? String)?.isEmpty ?? false) { throw fail("model.\(key) is not supported") }
        }
        if model["byte_fallback"] as? Bool == true { throw fail("model.byte_fallback is not supported") }
        if let normalizer = root["normalizer"], !(normalizer is NSNull) { throw fail("a normalizer is not supported") }
        // The pre-tokenizer: which pattern, and ByteLevel's prefix space.
        guard let pre = root["pre_tokenizer"] as? [String: Any] else { throw fail("expected a ByteLevel pre_tokenizer") }
        var pattern: TokenCounter.Pattern
        var byteLevel: [String: Any]
        switch pre["type"] as? String {
        case "ByteLevel":
            guard pre["use_regex"] as? Bool ?? true else { throw fail("a ByteLevel pre_tokenizer without a regex is not supported alone") }
            pattern = .gpt2
            byteLevel = pre
        case "Sequence":
            let steps = pre["pretokenizers"] as? [[String: Any]] ?? []
            guard steps.count == 2, steps[0]["type"] as? String == "Split", steps[1]["type"] as? String == "ByteLevel",
                  steps[1]["use_regex"] as? Bool == false,
                  let regex = (steps[0]["pattern"] as? [String: Any])?["Regex"] as? String,
                  (steps[0]["behavior"] as? String) == "Isolated", steps[0]["invert"] as? Bool != true else {
                throw fail("expected pre_tokenizer Sequence [Split (Regex, Isolated), ByteLevel (use_regex false)]")
            }
            guard let known = TokenCounter.Pattern(regex: regex) else { throw fail("its Split regex is not one census scans: give --tokenizer-pattern") }
            pattern = known
            byteLevel = steps[1]
        default:
            throw fail("pre_tokenizer \(pre["type"] ?? "none") is not supported")
        }
        // The vocabulary, as bytes.
        var inverse: [Unicode.Scalar: UInt8] = [:]
        for (b, c) in byteCharacters.enumerated() { inverse[c] = UInt8(b) }
        guard let vocab = model["vocab"] as? [String: Int] else { throw fail("expected model.vocab") }
        var idOfBytes: [[UInt8]: Int32] = [:]
        var byteIDs = [Int32](repeating: -1, count: 256)
        var entries: [([UInt8], Int)] = []
        for (token, id) in vocab {
            guard let bytes = bytes(ofToken: token, inverse) else { continue }   // not byte-level text: never produced
            idOfBytes[bytes] = Int32(id)
            entries.append((bytes, id))
            if bytes.count == 1 { byteIDs[Int(bytes[0])] = Int32(id) }
        }
        // The merges, "a b" strings or [a, b] pairs, in rank order.
        guard let merges = model["merges"] as? [Any] else { throw fail("expected model.merges") }
        var pairs: [(UInt64, UInt64)] = []
        pairs.reserveCapacity(merges.count)
        for (rank, merge) in merges.enumerated() {
            let parts: [String]
            if let text = merge as? String { parts = text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) }
            else { parts = merge as? [String] ?? [] }
            guard parts.count == 2, let left = bytes(ofToken: parts[0], inverse), let right = bytes(ofToken: parts[1], inverse),
                  let l = idOfBytes[left], let r = idOfBytes[right], let merged = idOfBytes[left + right] else {
                throw fail("merge \(rank): expected two tokens of the vocabulary whose join is one too")
            }
            pairs.append((UInt64(UInt32(bitPattern: l)) << 32 | UInt64(UInt32(bitPattern: r)), UInt64(rank) << 32 | UInt64(UInt32(bitPattern: merged))))
        }
        var added: [[UInt8]] = []
        for token in root["added_tokens"] as? [[String: Any]] ?? [] {
            guard let content = token["content"] as? String, !content.isEmpty else { continue }
            for option in ["lstrip", "rstrip", "single_word"] where token[option] as? Bool == true {
                throw fail("added token \(content.debugDescription): \(option) is not supported")
            }
            added.append(Array(content.utf8))
        }
        let result = HuggingFaceBPE(byteIDs: byteIDs, pairs: pairs,
                                    wholeTokens: model["ignore_merges"] as? Bool == true ? BytePairRanks(entries) : nil,
                                    addedTokens: added.sorted { $0.count > $1.count },   // the longest first where two start alike
                                    addPrefixSpace: byteLevel["add_prefix_space"] as? Bool ?? false, vocabularySize: vocab.count)
        return (result, pattern)
    }

    init(byteIDs: [Int32], pairs: [(UInt64, UInt64)], wholeTokens: BytePairRanks?, addedTokens: [[UInt8]], addPrefixSpace: Bool, vocabularySize: Int) {
        self.byteIDs = byteIDs
        var capacity = 16, bits: UInt64 = 4
        while capacity < pairs.count * 2 { capacity <<= 1; bits += 1 }
        var keys = [UInt64](repeating: Self.none, count: capacity), values = [UInt64](repeating: Self.none, count: capacity)
        let shift = 64 - bits
        for (key, value) in pairs {
            var slot = Int(truncatingIfNeeded: ((key ^ 0x5851_F42D_4C95_7F2D) &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while keys[slot] != Self.none && keys[slot] != key { slot = (slot + 1) & (capacity - 1) }
            if keys[slot] == Self.none { keys[slot] = key; values[slot] = value }   // the first (lowest) rank of a pair wins
        }
        pairKeys = keys
        pairValues = values
        pairShift = shift
        self.wholeTokens = wholeTokens
        self.addedTokens = addedTokens
        self.addPrefixSpace = addPrefixSpace
        self.vocabularySize = vocabularySize
    }

    /// The tokens of one pre-token's bytes: its bytes' ids merged pair by pair, lowest merge rank first
    /// (leftmost on ties); the caller has checked `ignore_merges` (``wholeTokens``). `symbols` is scratch space.
    func count(_ base: UnsafePointer<UInt8>, _ count: Int, _ symbols: inout [(Int32, UInt64)]) -> Int {
        symbols.removeAll(keepingCapacity: true)
        for k in 0..<count { symbols.append((byteIDs[Int(base[k])], Self.none)) }
        return symbols.withUnsafeMutableBufferPointer { buffer -> Int in
            let p = buffer.baseAddress!
            var n = buffer.count
            for k in 0..<(n - 1) { p[k].1 = merge(p[k].0, p[k + 1].0) }
            while n > 1 {
                var lowest = Self.none, at = -1
                for k in 0..<(n - 1) where p[k].1 < lowest { lowest = p[k].1; at = k }
                if at < 0 { break }
                p[at].0 = Int32(bitPattern: UInt32(truncatingIfNeeded: lowest))
                (p + at + 1).update(from: p + at + 2, count: n - at - 2)
                n -= 1
                p[at].1 = at + 1 < n ? merge(p[at].0, p[at + 1].0) : Self.none
                if at > 0 { p[at - 1].1 = merge(p[at - 1].0, p[at].0) }
            }
            return n
        }
    }
}
