import CCorpusKernels

/// A word token: a span of UTF-8 bytes in the tokenised buffer. 8 bytes; the text stays where it is.
public struct Token: Sendable, Hashable {
    /// Offset of the first byte.
    public var start: Int32
    /// Offset just past the last byte.
    public var end: Int32

    /// Creates a token for `start ..< end`.
    @inlinable
    public init(start: Int32, end: Int32) {
        self.start = start
        self.end = end
    }

    /// The byte range.
    @inlinable public var range: Range<Int> { Int(start)..<Int(end) }
}

/// Splits UTF-8 text into word tokens following Unicode word segmentation (UAX #29), without allocating.
///
/// Tokens are the segments a UAX #29 word iterator marks as words (letters, numbers, kana, ideographs):
/// `l'homme`, `don't`, `e.g`, `3,14`, `1.000.000` are single tokens; `well-known` is two (the hyphen
/// breaks, as UAX #29 says); punctuation, symbols and spaces are not words. Characters of scripts written
/// without spaces that UAX #29 leaves as Other (Han, Hiragana, Thai, ...) become one token each, with their
/// combining marks, as a word iterator without a dictionary would give them (ICU segments those scripts
/// with dictionaries instead). Extend, Format and ZWJ characters stay with the character before them (WB4).
/// As in ICU's root rules, a lone connector (`_`) is not a word, `@` is a letter and `:` does not join
/// letters (the last two come with the table, `WordBreakTable.icu`).
///
/// Rules implemented: WB4–WB13b (WB3c for ZWJ + pictographs inside a word); segments that are not words are
/// skipped, so the rules between non-word characters (WB3, WB3d, WB15/16) do not matter for the tokens.
///
/// ```swift
/// var tokens: [Token] = []
/// tokenizer.tokenize(bytes, into: &tokens)   // tokens.removeAll(keepingCapacity:) first when reusing
/// ```
///
/// - Complexity: O(n) in the bytes; one pass, a table lookup per character.
public struct WordTokenizer: Sendable {
    @usableFromInline let table: WordBreakTable
    @usableFromInline let ascii: [UInt8]
    /// For the C fast path: the kind of every BMP code point (0 separator, 1 letter, 2 combining mark,
    /// 3 MidLetter, 4 needs the full rules, 5 digit, 6 MidNum, 7 MidNumLet or Single_Quote).
    @usableFromInline let fastKinds: [UInt8]

    /// Creates a tokeniser over a class table (see `WordBreakTable.icu`).
    public init(table: WordBreakTable) {
        self.table = table
        ascii = (0..<128).map { table.class(of: UInt32($0)) }
        // The ASCII fast path hard-codes the ASCII classes of ICU's root rules; make sure the table agrees.
        precondition(Self.asciiMatchesFastPath(ascii), "ASCII word-break classes differ from the fast path's")
        fastKinds = (0..<0x10000).map { cp in
            if cp >= 0xD800 && cp <= 0xDFFF { return 4 }
            switch WordBreakClass(rawValue: table.class(of: UInt32(cp))) {
            case .aLetter: return 1
            case .numeric: return 5
            case .extend: return 2
            case .midLetter: return 3
            case .midNum: return 6
            case .midNumLet, .singleQuote: return 7
            case .other, .wSegSpace, .cr, .lf, .newline, .doubleQuote, .extendedPictographic, .regionalIndicator: return 0
            default: return 4
            }
        }
    }

    /// Whether the ASCII classes are those the C fast path assumes: letters, digits and '@' are words;
    /// ' . , ; _ may join; every other ASCII byte always ends a word.
    static func asciiMatchesFastPath(_ ascii: [UInt8]) -> Bool {
        for b in 0..<128 {
            let c = WordBreakClass(rawValue: ascii[b])
            let l = b | 0x20
            let word = (l >= 0x61 && l <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x40
            let hard = b == 0x27 || b == 0x2E || b == 0x2C || b == 0x3B || b == 0x5F
            switch c {
            case .aLetter, .numeric: if !word { return false }
            case .singleQuote, .midNumLet, .midNum, .midLetter, .extendNumLet, .doubleQuote:
                if !(hard || b == 0x22) { return false }   // '"' joins only Hebrew letters (never ASCII)
            default: if word || hard { return false }
            }
        }
        return true
    }

    // Class bit sets (computed, so they fold to constants in the loops).
    @inlinable @inline(__always) static func bit(_ c: WordBreakClass) -> UInt32 { 1 << UInt32(c.rawValue) }
    @inlinable static var startSet: UInt32 {
        bit(.aLetter) | bit(.hebrewLetter) | bit(.numeric) | bit(.katakana) | bit(.extendNumLet) | bit(.otherLetter)
    }
    @inlinable static var ignorableSet: UInt32 { bit(.extend) | bit(.format) | bit(.zwj) }
    @inlinable static var ahSet: UInt32 { bit(.aLetter) | bit(.hebrewLetter) }
    @inlinable static var midLetterSet: UInt32 { bit(.midLetter) | bit(.midNumLet) | bit(.singleQuote) }
    @inlinable static var midNumSet: UInt32 { bit(.midNum) | bit(.midNumLet) | bit(.singleQuote) }

    /// Decodes the code point at `i` and returns its class and byte length. Ill-formed bytes are class
    /// `other`, length 1 (the tokeniser never traps on any input).
    @inlinable @inline(__always)
    func classAt(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (UInt8, Int) {
        let b0 = p[i]
        if b0 < 0x80 { return (ascii.withUnsafeBufferPointer { $0[Int(b0)] }, 1) }
        if b0 >= 0xC2 && b0 <= 0xDF {
            if i &+ 1 < n, p[i &+ 1] & 0xC0 == 0x80 {
                return (table.class(of: UInt32(b0 & 0x1F) << 6 | UInt32(p[i &+ 1] & 0x3F)), 2)
            }
        } else if b0 >= 0xE0 && b0 <= 0xEF {
            if i &+ 2 < n, p[i &+ 1] & 0xC0 == 0x80, p[i &+ 2] & 0xC0 == 0x80 {
                let cp = UInt32(b0 & 0x0F) << 12 | UInt32(p[i &+ 1] & 0x3F) << 6 | UInt32(p[i &+ 2] & 0x3F)
                if cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) { return (table.class(of: cp), 3) }
            }
        } else if b0 >= 0xF0 && b0 <= 0xF4 {
            if i &+ 3 < n, p[i &+ 1] & 0xC0 == 0x80, p[i &+ 2] & 0xC0 == 0x80, p[i &+ 3] & 0xC0 == 0x80 {
                let cp = UInt32(b0 & 0x07) << 18 | UInt32(p[i &+ 1] & 0x3F) << 12 | UInt32(p[i &+ 2] & 0x3F) << 6
                    | UInt32(p[i &+ 3] & 0x3F)
                if cp >= 0x10000 && cp <= 0x10FFFF { return (table.class(of: cp), 4) }
            }
        }
        return (WordBreakClass.other.rawValue, 1)
    }

    /// Skips Extend/Format/ZWJ characters from `i`; returns the next position and the class found there
    /// (or `other` at the end).
    @inlinable @inline(__always)
    func skipIgnorable(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> (Int, UInt8, Int) {
        var j = i
        while j < n {
            let (c, len) = classAt(p, j, n)
            if (1 << UInt32(c)) & Self.ignorableSet == 0 { return (j, c, len) }
            j &+= len
        }
        return (n, WordBreakClass.other.rawValue, 0)
    }

    /// Appends the word tokens of `text` to `tokens`, offsets relative to `text` (which must be shorter than
    /// 2 GiB).
    ///
    /// Plain words go through a C fast path (`census_tokenize_fast`: ASCII runs classified 64 bytes at a time
    /// with SIMD, BMP letters by table); what it cannot decide (mid-word punctuation between letters, `_`,
    /// Hebrew, kana, format characters, supplementary planes, ...) takes the full rules below, one word or
    /// one character at a time.
    @inlinable
    public func tokenize(_ text: UnsafeRawBufferPointer, into tokens: inout [Token]) {
        guard let base = text.baseAddress, !text.isEmpty else { return }
        precondition(text.count < Int(Int32.max), "text too long to tokenise at once")
        let p = base.assumingMemoryBound(to: UInt8.self)
        let n = text.count
        // The C fast path fills a 128-token batch on the stack (1 KiB: no heap allocation), copied to the
        // array in bulk.
        let batchSize = 128
        withUnsafeTemporaryAllocation(of: Token.self, capacity: batchSize) { batch in
        ascii.withUnsafeBufferPointer { asciiClass in
        fastKinds.withUnsafeBufferPointer { kinds in
            var i = 0
            while i < n {
                var count = 0
                i = UnsafeMutableRawPointer(batch.baseAddress!).withMemoryRebound(to: Int32.self, capacity: 2 * batchSize) {
                    census_tokenize_fast(p, n, i, kinds.baseAddress!, $0, batchSize, &count)
                }
                if count > 0 { tokens.append(contentsOf: UnsafeBufferPointer(rebasing: batch[0..<count])) }
                if count == batchSize || i >= n { continue }
                i = slowStep(p, i, n, asciiClass, &tokens)
            }
        }
        }
        }
    }

    /// The full rules for the character at `i`: if it starts a word, appends the word and returns its end;
    /// otherwise returns the offset of the next character.
    @inlinable
    func slowStep(_ p: UnsafePointer<UInt8>, _ i: Int, _ n: Int, _ asciiClass: UnsafeBufferPointer<UInt8>,
                  _ tokens: inout [Token]) -> Int {
        let (c, len) = classAt(p, i, n)
        if (1 << UInt32(c)) & Self.startSet == 0 { return i &+ len }
        let end = wordEnd(p, from: i &+ len, n, first: c, asciiClass)
        // A lone connector punctuation ("_", U+203F) is not a word, as in ICU's rules; two or more are.
        if c == WordBreakClass.extendNumLet.rawValue && skipIgnorable(p, i &+ len, end).0 == end { return end }
        tokens.append(Token(start: Int32(truncatingIfNeeded: i), end: Int32(truncatingIfNeeded: end)))
        return end
    }

    /// Extends a word that started with a character of class `first`, ending before `from`; returns its end.
    @inlinable @inline(__always)
    func wordEnd(_ p: UnsafePointer<UInt8>, from: Int, _ n: Int, first: UInt8, _ asciiClass: UnsafeBufferPointer<UInt8>) -> Int {
        let letter = WordBreakClass.aLetter.rawValue
        var i = from
        var last = first          // class of the last non-ignorable character in the word
        var lastWasZWJ = false
        while i < n {
            // Fast path: ASCII letters after a letter.
            if last == letter {
                while i < n, p[i] < 0x80, asciiClass[Int(p[i])] == letter { i &+= 1 }
                if i >= n { break }
            }
            let (c, len) = classAt(p, i, n)
            let cb: UInt32 = 1 << UInt32(c)
            if cb & Self.ignorableSet != 0 {                       // WB4
                lastWasZWJ = c == WordBreakClass.zwj.rawValue
                i &+= len
                continue
            }
            if lastWasZWJ && c == WordBreakClass.extendedPictographic.rawValue {   // WB3c
                lastWasZWJ = false
                i &+= len
                continue
            }
            lastWasZWJ = false
            let lb: UInt32 = 1 << UInt32(last)
            if last == WordBreakClass.otherLetter.rawValue { return i }
            let isAH = cb & Self.ahSet != 0
            let lastAH = lb & Self.ahSet != 0
            let numeric = WordBreakClass.numeric.rawValue
            let katakana = WordBreakClass.katakana.rawValue
            let extendNumLet = WordBreakClass.extendNumLet.rawValue
            // WB5, WB8, WB9, WB10, WB13, WB13a, WB13b
            if (lastAH && (isAH || c == numeric))
                || (last == numeric && (isAH || c == numeric))
                || (last == katakana && c == katakana)
                || (c == extendNumLet && (lastAH || last == numeric || last == katakana || last == extendNumLet))
                || (last == extendNumLet && (isAH || c == numeric || c == katakana)) {
                last = c
                i &+= len
                continue
            }
            // WB7a: Hebrew_Letter × Single_Quote (the quote ends the word unless a letter follows, WB7).
            if last == WordBreakClass.hebrewLetter.rawValue && c == WordBreakClass.singleQuote.rawValue {
                let (j, next, nextLen) = skipIgnorable(p, i &+ len, n)
                if (1 << UInt32(next)) & Self.ahSet != 0 {
                    last = next
                    i = j &+ nextLen
                    continue
                }
                return j
            }
            // WB6/WB7 (letters around MidLetter or MidNumLetQ), WB7b/WB7c (Hebrew " Hebrew),
            // WB11/WB12 (numbers around MidNum or MidNumLetQ): join only when the right side follows.
            if lastAH || last == numeric {
                let joinsLetters = lastAH && (cb & Self.midLetterSet != 0
                    || (last == WordBreakClass.hebrewLetter.rawValue && c == WordBreakClass.doubleQuote.rawValue))
                let joinsNumbers = last == numeric && cb & Self.midNumSet != 0
                if joinsLetters || joinsNumbers {
                    let (j, next, nextLen) = skipIgnorable(p, i &+ len, n)
                    let ok = joinsLetters
                        ? (c == WordBreakClass.doubleQuote.rawValue ? next == WordBreakClass.hebrewLetter.rawValue
                                                                     : (1 << UInt32(next)) & Self.ahSet != 0)
                        : next == numeric
                    if ok {
                        last = next
                        i = j &+ nextLen
                        continue
                    }
                }
            }
            return i
        }
        return i
    }
}
