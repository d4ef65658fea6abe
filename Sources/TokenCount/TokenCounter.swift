import Foundation
import Glibc

/// Counts the tokens a byte-level BPE tokenizer (tiktoken's, GPT-2's) gives a text, without a regex engine:
/// the pre-tokenisation pattern is a hand-written scanner over the text's scalars, and each piece is merged
/// by rank as tiktoken does (lowest-ranked adjacent pair first, leftmost on ties).
public struct TokenCounter: Sendable {
    /// The pre-tokenisation pattern the vocabulary was trained with.
    public enum Pattern: String, Sendable, CaseIterable {
        /// cl100k_base: `'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+`
        case cl100k
        /// GPT-2 / r50k / Whisper: `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+`
        case gpt2
        /// o200k_base: words as an optional prefix, upper-case then lower-case letters (marks, modifier and other
        /// letters in both) and an optional contraction; `\p{N}{1,3}`; ` ?[^\s\p{L}\p{N}]+[\r\n/]*`; spaces.
        case o200k
        /// Mistral's Tekken: o200k's without the contractions, one digit per piece.
        case tekken

        /// The pattern's regex, as tiktoken's `pat_str` (o200k's and Tekken's: the files' own spelling).
        static let tekkenRegex = #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        static let o200kRegex = #"[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+"#

        /// cl100k's regex as tiktoken spells it, and as Llama 3's tokenizer.json does (greedy instead of possessive
        /// quantifiers and `\s*[\r\n]+`: the same pieces, since no alternative can backtrack into another's match).
        static let cl100kRegex = #"'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]++[\r\n]*|\s*[\r\n]|\s+(?!\S)|\s+"#
        static let llama3Regex = #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
        static let gpt2Regex = #"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"#

        /// The pattern a tokenizer file names by its regex, or nil for one census has no scanner for.
        public init?(regex: String) {
            switch regex {
            case Self.cl100kRegex, Self.llama3Regex: self = .cl100k
            case Self.gpt2Regex: self = .gpt2
            case Self.tekkenRegex: self = .tekken
            case Self.o200kRegex: self = .o200k
            default: return nil
            }
        }

        /// Whether the scanner needs the letters' case classes.
        var usesCase: Bool { self == .o200k || self == .tekken }
    }

    public let ranks: BytePairRanks
    public let pattern: Pattern
    /// A Hugging Face BPE model: its pair merges replace the rank merge (nil for tiktoken and Tekken files).
    public let huggingFace: HuggingFaceBPE?

    public init(ranks: BytePairRanks, pattern: Pattern) {
        self.ranks = ranks
        self.pattern = pattern
        huggingFace = nil
    }

    public init(huggingFace: HuggingFaceBPE, pattern: Pattern) {
        ranks = BytePairRanks([])
        self.pattern = pattern
        self.huggingFace = huggingFace
    }

    /// Tokens in the vocabulary.
    public var vocabularySize: Int { huggingFace?.vocabularySize ?? ranks.count }

    /// Loads a tiktoken rank file; the pattern is cl100k's for vocabularies of 100,000 tokens or more and
    /// GPT-2's below, unless given.
    public init(tiktokenFile path: String, pattern: Pattern? = nil) throws {
        self.init(rankFile: try BytePairRanks.tiktoken(contentsOf: path), pattern: pattern)
    }

    private init(rankFile ranks: BytePairRanks, pattern: Pattern?) {
        self.init(ranks: ranks, pattern: pattern ?? (ranks.count >= 100_000 ? .cl100k : .gpt2))
    }

    /// Loads a tokenizer file by its content: a Hugging Face `tokenizer.json` (byte-level BPE, the pattern of
    /// its pre-tokenizer), a Tekken JSON file (its own pattern, which must be one census scans: Tekken's or
    /// o200k's, unless `pattern` is given) or a tiktoken rank file.
    /// The file is read once: a first non-blank `{` makes it JSON, and its top-level members tell which
    /// (`model`: tokenizer.json; otherwise Tekken's `config` and `vocab`).
    public init(file path: String, pattern: Pattern? = nil) throws {
        let data = try BytePairRanks.tokenizerFile(path)
        guard data.first(where: { ![0x20, 0x0A, 0x0D, 0x09].contains($0) }) == UInt8(ascii: "{") else {
            self.init(rankFile: try BytePairRanks.tiktoken(data, path: path), pattern: pattern)
            return
        }
        let root = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        if root["model"] != nil || root["config"] == nil {
            let (model, filePattern) = try HuggingFaceBPE.load(root, path: path)
            self.init(huggingFace: model, pattern: pattern ?? filePattern)
            return
        }
        let (ranks, regex) = try BytePairRanks.tekken(root, path: path)
        guard let chosen = pattern ?? Pattern(regex: regex) else {
            throw TokenizerFileError.malformed(path: path, line: 1, reason: "its pattern is not one census scans (Tekken's, o200k's): give --tokenizer-pattern")
        }
        self.init(ranks: ranks, pattern: chosen)
    }

    /// The number of tokens of `text` (UTF-8), as tiktoken's `encode_ordinary` gives it (for a Hugging Face
    /// file, as `tokenizers` encodes it without special tokens: its added tokens split out first, one token each).
    public func count(_ text: UnsafeBufferPointer<UInt8>, scratch: inout Scratch) -> Int {
        guard let hf = huggingFace, !text.isEmpty else { return countSegment(text, scratch: &scratch) }
        guard let base = text.baseAddress else { return 0 }
        var total = 0, start = 0, k = 0
        let added = hf.addedTokens
        while k < text.count {
            var matched = 0
            if !added.isEmpty {
                for token in added where token[0] == base[k] && token.count <= text.count - k
                    && token.withUnsafeBufferPointer({ memcmp($0.baseAddress!, base + k, token.count) == 0 }) {
                    matched = token.count
                    break
                }
            }
            if matched > 0 {
                total += huggingFaceSegment(UnsafeBufferPointer(start: base + start, count: k - start), hf, &scratch) + 1
                k += matched
                start = k
            } else {
                k += 1
            }
        }
        return total + huggingFaceSegment(UnsafeBufferPointer(start: base + start, count: text.count - start), hf, &scratch)
    }

    /// A segment between added tokens, with ByteLevel's prefix space where the file asks for it.
    private func huggingFaceSegment(_ segment: UnsafeBufferPointer<UInt8>, _ hf: HuggingFaceBPE, _ scratch: inout Scratch) -> Int {
        guard !segment.isEmpty else { return 0 }
        guard hf.addPrefixSpace, segment[0] != 0x20 else { return countSegment(segment, scratch: &scratch) }
        var spaced = scratch.spaced
        scratch.spaced = []
        spaced.removeAll(keepingCapacity: true)
        spaced.append(0x20)
        spaced.append(contentsOf: segment)
        let n = spaced.withUnsafeBufferPointer { countSegment($0, scratch: &scratch) }
        scratch.spaced = spaced
        return n
    }

    private func countSegment(_ text: UnsafeBufferPointer<UInt8>, scratch: inout Scratch) -> Int {
        guard let base = text.baseAddress, !text.isEmpty else { return 0 }
        scratch.decode(text, cases: pattern.usesCase)
        var total = 0
        scratch.classes.withUnsafeBufferPointer { classes in
            scratch.cases.withUnsafeBufferPointer { cases in
                scratch.offsets.withUnsafeBufferPointer { offsets in
                    let n = classes.count
                    var i = 0
                    while i < n {
                        let end = Self.pieceEnd(pattern, classes, cases, i)
                        let start = Int(offsets[i]), stop = Int(offsets[end])
                        total += pieceTokens(base + start, stop - start, &scratch.cache, &scratch.parts, &scratch.symbols, &scratch.long)
                        i = end
                    }
                }
            }
        }
        return total
    }

    public func count(_ text: String) -> Int {
        var scratch = Scratch()
        var text = text
        return text.withUTF8 { count($0, scratch: &scratch) }
    }

    /// Buffers reused from text to text.
    public struct Scratch: Sendable {
        var classes: [UInt8] = []
        /// ``CaseClass`` per scalar (o200k and Tekken only).
        var cases: [UInt8] = []
        var offsets: [UInt32] = []
        var parts: [(Int, UInt32)] = []
        /// The heap merge of long pieces.
        var long = LongMerge()
        /// Symbols of a Hugging Face merge, and a segment with its prefix space.
        var symbols: [(Int32, UInt64)] = []
        var spaced: [UInt8] = []
        /// Token counts of pieces that needed merging (each worker its own: the counts do not depend on it).
        var cache = PieceCache()

        public init() {}

        mutating func decode(_ text: UnsafeBufferPointer<UInt8>, cases withCases: Bool) {
            let count = text.count
            // Sized for one scalar per byte, filled through pointers, then cut to the scalars found.
            Self.resize(&classes, count)
            Self.resize(&offsets, count + 1)
            Self.resize(&cases, withCases ? count : 0)
            let n = classes.withUnsafeMutableBufferPointer { classes in
                offsets.withUnsafeMutableBufferPointer { offsets in
                    cases.withUnsafeMutableBufferPointer { cases in
                        asciiClasses.withUnsafeBufferPointer { ascii in
                            asciiCaseClasses.withUnsafeBufferPointer { asciiCase in
                                bmpClasses.withUnsafeBufferPointer { bmp in
                                    bmpCaseClasses.withUnsafeBufferPointer { bmpCase in
                                        Self.fill(text, withCases, classes, offsets, cases, ascii, asciiCase, bmp, bmpCase)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            classes.removeLast(classes.count - n)
            offsets.removeLast(offsets.count - n - 1)
            if withCases { cases.removeLast(cases.count - n) }
        }

        private static func resize<T: FixedWidthInteger>(_ array: inout [T], _ count: Int) {
            if array.count < count { array.append(contentsOf: repeatElement(0, count: count - array.count)) }
            else if array.count > count { array.removeLast(array.count - count) }
        }

        /// Classes (and case classes) and byte offsets of the scalars of `text`; returns their number.
        @inline(__always)
        private static func fill(_ text: UnsafeBufferPointer<UInt8>, _ withCases: Bool, _ classes: UnsafeMutableBufferPointer<UInt8>,
                                 _ offsets: UnsafeMutableBufferPointer<UInt32>, _ cases: UnsafeMutableBufferPointer<UInt8>,
                                 _ ascii: UnsafeBufferPointer<UInt8>, _ asciiCase: UnsafeBufferPointer<UInt8>,
                                 _ bmp: UnsafeBufferPointer<UInt8>, _ bmpCase: UnsafeBufferPointer<UInt8>) -> Int {
            var index = 0, n = 0
            let count = text.count
            while index < count {
                let lead = text[index]
                offsets[n] = UInt32(index)
                if lead < 0x80 {
                    classes[n] = ascii[Int(lead)]
                    if withCases { cases[n] = asciiCase[Int(lead)] }
                    n += 1
                    index += 1
                    continue
                }
                var length = 1
                var value = UInt32(lead)
                if lead >= 0xF0 { length = 4; value &= 0x07 } else if lead >= 0xE0 { length = 3; value &= 0x0F } else if lead >= 0xC0 { length = 2; value &= 0x1F }
                if length == 1 || index + length > count {
                    classes[n] = ScalarClass.other   // a stray byte: tiktoken never sees one (Python strings are valid)
                    if withCases { cases[n] = CaseClass.none }
                    n += 1
                    index += 1
                    continue
                }
                for k in 1..<length { value = value << 6 | UInt32(text[index + k] & 0x3F) }
                classes[n] = value < 0x10000 ? bmp[Int(value)] : Unicode.Scalar(value).map(ScalarClass.of) ?? ScalarClass.other
                if withCases {
                    cases[n] = value < 0x10000 ? bmpCase[Int(value)] : Unicode.Scalar(value).map(CaseClass.of) ?? CaseClass.none
                }
                n += 1
                index += length
            }
            offsets[n] = UInt32(count)
            return n
        }
    }

    // MARK: pieces

    @inline(__always)
    private func pieceTokens(_ base: UnsafePointer<UInt8>, _ count: Int, _ cache: inout PieceCache, _ parts: inout [(Int, UInt32)],
                             _ symbols: inout [(Int32, UInt64)], _ long: inout LongMerge) -> Int {
        if count == 1 { return 1 }
        if let hf = huggingFace {
            if let whole = hf.wholeTokens, whole.rank(base, count) != nil { return 1 }   // ignore_merges
            let hash = BytePairRanks.hash(base, count)
            if let known = cache.lookup(base, count, hash: hash) { return known }
            let tokens = count > LongMerge.minimumBytes ? long.merge(base, count, .pairs(hf)) : hf.count(base, count, &symbols)
            cache.insert(base, count, hash: hash, tokens: tokens)
            return tokens
        }
        let hash: Int
        if count <= 7 {
            if ranks.rank(base, count) != nil { return 1 }
            hash = BytePairRanks.hash(base, count)
        } else {
            hash = BytePairRanks.hash(base, count)   // once, for the rank and the cache
            if ranks.rank(base, count, hash: hash) != nil { return 1 }
        }
        if let known = cache.lookup(base, count, hash: hash) { return known }
        let tokens = count > LongMerge.minimumBytes ? long.merge(base, count, .ranks(ranks)) : merge(base, count, &parts)
        cache.insert(base, count, hash: hash, tokens: tokens)
        return tokens
    }

    private func merge(_ base: UnsafePointer<UInt8>, _ count: Int, _ parts: inout [(Int, UInt32)]) -> Int {
        let none = UInt32.max
        parts.removeAll(keepingCapacity: true)
        for start in 0..<(count - 1) { parts.append((start, ranks.pairRank(base + start))) }
        parts.append((count - 1, none))
        parts.append((count, none))
        return parts.withUnsafeMutableBufferPointer { buffer -> Int in
            let p = buffer.baseAddress!
            var n = buffer.count
            // The rank of the token parts i, i+1 and i+2's bytes would make merged (none past the end).
            @inline(__always) func rankAfterMerge(_ i: Int) -> UInt32 {
                guard i + 3 < n else { return none }
                return ranks.rank(base + p[i].0, p[i + 3].0 - p[i].0) ?? none
            }
            while n > 1 {
                var lowest = none, at = -1
                var i = 0
                while i < n - 1 {
                    if p[i].1 < lowest { lowest = p[i].1; at = i }
                    i += 1
                }
                if at < 0 { break }
                if at > 0 { p[at - 1].1 = rankAfterMerge(at - 1) }
                p[at].1 = rankAfterMerge(at)
                // Remove part at + 1.
                (p + at + 1).update(from: p + at + 2, count: n - at - 2)
                n -= 1
            }
            return n - 1
        }
    }

    /// The end (exclusive scalar index) of the piece of `pattern` starting at scalar `i`.
    @inline(__always)
    static func pieceEnd(_ pattern: Pattern, _ classes: UnsafeBufferPointer<UInt8>, _ cases: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        switch pattern {
        case .cl100k: return cl100kPiece(classes, i)
        case .gpt2: return gpt2Piece(classes, i)
        case .o200k: return casedPiece(classes, cases, i, contractions: true, digits: 3)
        case .tekken: return casedPiece(classes, cases, i, contractions: false, digits: 1)
        }
    }

    /// The end (exclusive scalar index) of the cl100k piece starting at `i`.
    static func cl100kPiece(_ c: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let n = c.count
        if let end = contraction(c, i) { return end }
        // [^\r\n\p{L}\p{N}]?+\p{L}+
        var j = i
        if !ScalarClass.isLetter(c[j]) && !ScalarClass.isNumber(c[j]) && !ScalarClass.isNewline(c[j]) { j += 1 }
        if j < n, ScalarClass.isLetter(c[j]) {
            while j < n, ScalarClass.isLetter(c[j]) { j += 1 }
            return j
        }
        // \p{N}{1,3}
        if ScalarClass.isNumber(c[i]) {
            j = i + 1
            while j < n, j < i + 3, ScalarClass.isNumber(c[j]) { j += 1 }
            return j
        }
        // ' ?[^\s\p{L}\p{N}]++[\r\n]*'
        j = i
        if c[j] == ScalarClass.blank { j += 1 }
        if j < n, ScalarClass.isOther(c[j]) {
            while j < n, ScalarClass.isOther(c[j]) { j += 1 }
            while j < n, ScalarClass.isNewline(c[j]) { j += 1 }
            return j
        }
        return whitespace(c, i, newlineEnd: true)
    }

    /// The end of a case-insensitive contraction at `i` (`'(?i:[sdmt]|ll|ve|re)`: cl100k's alternative, o200k's
    /// suffix), or nil.
    @inline(__always)
    static func contraction(_ c: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int? {
        let n = c.count
        guard i + 1 < n, c[i] == ScalarClass.apostrophe else { return nil }
        let next = c[i + 1] & ScalarClass.letterMask
        if next == ScalarClass.s || next == ScalarClass.d || next == ScalarClass.m || next == ScalarClass.t { return i + 2 }
        if i + 2 < n {
            let third = c[i + 2] & ScalarClass.letterMask
            if (next == ScalarClass.l && third == ScalarClass.l) || (next == ScalarClass.v && third == ScalarClass.e)
                || (next == ScalarClass.r && third == ScalarClass.e) { return i + 3 }
        }
        return nil
    }

    /// The end of the GPT-2 piece starting at `i`.
    static func gpt2Piece(_ c: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        let n = c.count
        // 's|'t|'re|'ve|'m|'ll|'d (case-sensitive)
        if c[i] == ScalarClass.apostrophe, i + 1 < n {
            let next = c[i + 1]
            if next == ScalarClass.s | ScalarClass.lowerFlag || next == ScalarClass.t | ScalarClass.lowerFlag
                || next == ScalarClass.m | ScalarClass.lowerFlag || next == ScalarClass.d | ScalarClass.lowerFlag { return i + 2 }
            if i + 2 < n {
                let third = c[i + 2]
                let lowerE = ScalarClass.e | ScalarClass.lowerFlag, lowerL = ScalarClass.l | ScalarClass.lowerFlag
                if (next == ScalarClass.r | ScalarClass.lowerFlag && third == lowerE) || (next == ScalarClass.v | ScalarClass.lowerFlag && third == lowerE)
                    || (next == lowerL && third == lowerL) { return i + 3 }
            }
        }
        var j = i
        if c[j] == ScalarClass.blank { j += 1 }
        if j < n, !ScalarClass.isSpace(c[j]) {
            let kind = c[j] & 3
            while j < n, c[j] & 3 == kind { j += 1 }
            return j
        }
        return whitespace(c, i, newlineEnd: false)
    }

    /// The end of the o200k or Tekken piece starting at `i` (the regex's leftmost-first choice, backtracking
    /// included): `P?U*L+C?`, then `P?U+L*C?`, with P = `[^\r\n\p{L}\p{N}]` taken first, U and L the upper and
    /// lower sets and C a contraction (o200k only); `\p{N}{1,digits}`; ` ?[^\s\p{L}\p{N}]+[\r\n/]*`; spaces.
    static func casedPiece(_ c: UnsafeBufferPointer<UInt8>, _ cases: UnsafeBufferPointer<UInt8>, _ i: Int, contractions: Bool, digits: Int) -> Int {
        let n = c.count
        // U*L+ from j: the longest U run, then an L run; failing that, the run's last scalar in both sets ends it.
        func lowerWord(_ j: Int) -> Int? {
            var k = j
            while k < n, CaseClass.inUpper(cases[k]) { k += 1 }
            if k < n, cases[k] == CaseClass.lower {
                while k < n, CaseClass.inLower(cases[k]) { k += 1 }
                return k
            }
            var p = k - 1
            while p >= j {
                if cases[p] == CaseClass.both { return p + 1 }
                p -= 1
            }
            return nil
        }
        // U+L* from j.
        func upperWord(_ j: Int) -> Int? {
            var k = j
            while k < n, CaseClass.inUpper(cases[k]) { k += 1 }
            if k == j { return nil }
            while k < n, CaseClass.inLower(cases[k]) { k += 1 }
            return k
        }
        // (?i:'s|'t|'re|'ve|'m|'ll|'d)?
        func contraction(_ e: Int) -> Int { contractions ? Self.contraction(c, e) ?? e : e }
        let prefix = !ScalarClass.isLetter(c[i]) && !ScalarClass.isNumber(c[i]) && !ScalarClass.isNewline(c[i])
        if prefix, let e = lowerWord(i + 1) { return contraction(e) }
        if let e = lowerWord(i) { return contraction(e) }
        if prefix, let e = upperWord(i + 1) { return contraction(e) }
        if let e = upperWord(i) { return contraction(e) }
        if ScalarClass.isNumber(c[i]) {
            var j = i + 1
            while j < n, j < i + digits, ScalarClass.isNumber(c[j]) { j += 1 }
            return j
        }
        var j = i
        if c[j] == ScalarClass.blank { j += 1 }
        if j < n, ScalarClass.isOther(c[j]) {
            while j < n, ScalarClass.isOther(c[j]) { j += 1 }
            while j < n, ScalarClass.isNewline(c[j]) || c[j] == ScalarClass.slash { j += 1 }
            return j
        }
        return whitespace(c, i, newlineEnd: true)
    }

    /// `\s*[\r\n]` (cl100k only), then `\s+(?!\S)`, then `\s+`.
    @inline(__always)
    static func whitespace(_ c: UnsafeBufferPointer<UInt8>, _ i: Int, newlineEnd: Bool) -> Int {
        let n = c.count
        var k = i
        while k < n, ScalarClass.isSpace(c[k]) { k += 1 }
        if k == i { return i + 1 }   // unreachable: every scalar is a letter, number, space or other
        if newlineEnd {
            var last = k - 1
            while last >= i {
                if ScalarClass.isNewline(c[last]) { return last + 1 }
                last -= 1
            }
        }
        if k == n || k - i == 1 { return k }
        return k - 1
    }
}

/// Piece bytes -> token count, open addressing over one byte arena; emptied when full (so bounded).
struct PieceCache: Sendable {
    private static let slotCount = 1 << 20, arenaLimit = 16 << 20
    private var slots = [Int32](repeating: -1, count: 0)
    private var hashes: [Int] = []
    private var starts: [UInt32] = []
    private var lengths: [UInt32] = []
    private var counts: [UInt32] = []
    private var arena: [UInt8] = []

    func lookup(_ base: UnsafePointer<UInt8>, _ count: Int, hash: Int) -> Int? {
        guard !slots.isEmpty else { return nil }
        return slots.withUnsafeBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                lengths.withUnsafeBufferPointer { lengths in
                    starts.withUnsafeBufferPointer { starts in
                        arena.withUnsafeBufferPointer { arena in
                            var slot = hash & (Self.slotCount - 1)
                            while true {
                                let entry = Int(slots[slot])
                                if entry < 0 { return nil }
                                if hashes[entry] == hash, Int(lengths[entry]) == count,
                                   memcmp(arena.baseAddress! + Int(starts[entry]), base, count) == 0 {
                                    return Int(counts[entry])
                                }
                                slot = (slot + 1) & (Self.slotCount - 1)
                            }
                        }
                    }
                }
            }
        }
    }

    mutating func insert(_ base: UnsafePointer<UInt8>, _ count: Int, hash: Int, tokens: Int) {
        if slots.isEmpty || counts.count >= Self.slotCount / 2 || arena.count + count > Self.arenaLimit {
            slots = [Int32](repeating: -1, count: Self.slotCount)
            hashes.removeAll(keepingCapacity: true); starts.removeAll(keepingCapacity: true)
            lengths.removeAll(keepingCapacity: true); counts.removeAll(keepingCapacity: true); arena.removeAll(keepingCapacity: true)
        }
        var slot = hash & (Self.slotCount - 1)
        while slots[slot] >= 0 { slot = (slot + 1) & (Self.slotCount - 1) }
        slots[slot] = Int32(counts.count)
        hashes.append(hash)
        starts.append(UInt32(arena.count))
        lengths.append(UInt32(count))
        counts.append(UInt32(tokens))
        arena.append(contentsOf: UnsafeBufferPointer(start: base, count: count))
    }
}

/// tiktoken's rank merge for long pieces in O(n log n): the parts form a linked list over their first byte's
/// position, and the candidate merges sit in a binary heap of rank << 32 | position, popped lowest first (so
/// leftmost on ties, as the linear scan picks); entries whose part has merged since are skipped.
struct LongMerge: Sendable {
    /// Pieces longer than this many bytes are merged here (shorter ones scan faster).
    static let minimumBytes = 48
    private var next: [Int32] = []
    private var previous: [Int32] = []
    /// Per part: the merge with the part after it, as rank << 32 | the merged token's id (Hugging Face; 0 for
    /// rank merges), or `none`.
    private var merges: [UInt64] = []
    /// Per part: its token id (Hugging Face merges only).
    private var ids: [Int32] = []
    private var heap: [UInt64] = []
    private static let none = UInt64.max

    /// What the parts merge by: tiktoken's token ranks, or a Hugging Face model's pair ranks.
    enum Rule {
        case ranks(BytePairRanks)
        case pairs(HuggingFaceBPE)
    }

    /// The number of tokens of the piece, merged by `rule`.
    mutating func merge(_ base: UnsafePointer<UInt8>, _ count: Int, _ rule: Rule) -> Int {
        let none = Self.none
        next.removeAll(keepingCapacity: true); previous.removeAll(keepingCapacity: true)
        merges.removeAll(keepingCapacity: true); ids.removeAll(keepingCapacity: true); heap.removeAll(keepingCapacity: true)
        for k in 0..<count {
            next.append(Int32(k + 1))
            previous.append(Int32(k - 1))
            if case .pairs(let model) = rule { ids.append(model.byteIDs[Int(base[k])]) }
        }
        // The merge of part `at` with the part after it (none at the end).
        func joined(_ at: Int) -> UInt64 {
            let after = Int(next[at])
            guard after < count else { return none }
            switch rule {
            case .ranks(let ranks):
                return ranks.rank(base + at, Int(next[after]) - at).map { UInt64($0) << 32 } ?? none
            case .pairs(let model):
                return model.merge(ids[at], ids[after])
            }
        }
        func rejoin(_ part: Int) {
            merges[part] = joined(part)
            if merges[part] != none { push(merges[part] & 0xFFFF_FFFF_0000_0000 | UInt64(part)) }
        }
        for k in 0..<count { merges.append(joined(k)) }
        for k in 0..<count where merges[k] != none { push(merges[k] & 0xFFFF_FFFF_0000_0000 | UInt64(k)) }
        var parts = count
        while let top = pop() {
            let at = Int(top & 0xFFFF_FFFF)
            // Stale: the part merged away, or its merge changed since (a different join is a different rank).
            guard merges[at] != none, merges[at] >> 32 == top >> 32 else { continue }
            if case .pairs = rule { ids[at] = Int32(bitPattern: UInt32(truncatingIfNeeded: merges[at])) }
            let gone = Int(next[at])
            next[at] = next[gone]
            if Int(next[gone]) < count { previous[Int(next[gone])] = Int32(at) }
            merges[gone] = none
            parts -= 1
            rejoin(at)
            if previous[at] >= 0 { rejoin(Int(previous[at])) }
        }
        return parts
    }

    private mutating func push(_ value: UInt64) {
        heap.append(value)
        var k = heap.count - 1
        while k > 0 {
            let parent = (k - 1) / 2
            if heap[parent] <= value { break }
            heap[k] = heap[parent]
            k = parent
        }
        heap[k] = value
    }

    private mutating func pop() -> UInt64? {
        guard let last = heap.popLast() else { return nil }
        guard !heap.isEmpty else { return last }
        let top = heap[0]
        var k = 0
        let n = heap.count
        while true {
            var child = 2 * k + 1
            if child >= n { break }
            if child + 1 < n && heap[child + 1] < heap[child] { child += 1 }
            if heap[child] >= last { break }
            heap[k] = heap[child]
            k = child
        }
        heap[k] = last
        return top
    }
}
