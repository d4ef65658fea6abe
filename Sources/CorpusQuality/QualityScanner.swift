import CCorpusKernels
import CorpusCore

/// Computes ``QualitySignals`` from a document's text in one pass over its bytes per concern (characters,
/// lines, paragraphs, tokens, n-grams). Holds reusable scratch tables: one scanner per thread.
///
/// Splitting follows datatrove: paragraphs are the stripped text split at runs of two or more `\n`; Gopher's
/// lines the text split at runs of `\n` (an empty first or last line when the text starts or ends with one);
/// FineWeb's lines the text split at each `\n`, blank ones left out; `splitlines` lines for bullets and ellipses.
/// Tokens are made as spaCy's rule-based tokeniser makes them (``makeTokens(_:style:stopWords:_:)``), since
/// datatrove's rules count spaCy tokens (punctuation included), not words.
public struct QualityScanner: Sendable {
    var table = CountTable()
    var lineTable = CountTable()
    var tokenHashes: [UInt64] = []
    var tokenLengths: [Int32] = []
    /// Scratch of the token scan; a scanner copied to another thread makes its own at its first scan.
    var chunkBuffer = Chunk()
    var prefixLengths: [Int] = []
    var gramHashes: [UInt64] = []
    /// Positions whose 5-gram occurs more than once in the document (the only ones a longer n-gram can repeat at).
    var repeatPositions: [Int32] = []
    var marks: [Bool] = []
    /// The stop words of the last document's language, as a set.
    var stopSet = StopWordSet()
    private var scratch: [UInt8] = []

    public init() {}

    /// The signals of `text` (UTF-8), its tokens made in the language's `style`, with the stop words of its
    /// language as hashes (``stopWordHashes(_:)``) and lines of at most `shortLineLength` characters short.
    ///
    /// With `decisions`, only what the decisions under those thresholds need is computed: an n-gram rule that
    /// cannot fail (by a bound) keeps its signal at 0, so the signals decide as the exact ones would.
    public mutating func scan(_ text: UnsafeRawBufferPointer, style: TokenStyle = TokenStyle(language: "en"), stopWords: [UInt64],
                              shortLineLength: Int = 30, decisions: QualityThresholds? = nil) -> QualitySignals {
        var s = QualitySignals()
        guard !text.isEmpty else { return s }
        countCharacters(text, &s)
        scanLines(text, shortLineLength: shortLineLength, &s)
        scanParagraphs(text, &s)
        makeTokens(text, style: style, stopWords: stopWords, &s)
        scanNGrams(&s, decisions: decisions)
        return s
    }

    /// The hashes a scanner matches stop words by (exact bytes, case-sensitive).
    public static func stopWordHashes(_ words: [String]) -> [UInt64] {
        words.map { Hash64.hash(Array($0.utf8)) }
    }

    // MARK: Characters and lines

    private func countCharacters(_ text: UnsafeRawBufferPointer, _ s: inout QualitySignals) {
        var counts = census_quality_chars()
        census_quality_characters(text.baseAddress!.assumingMemoryBound(to: UInt8.self), text.count, &counts)
        s.characters = counts.scalars
        s.newlines = counts.newlines
        s.hashes = counts.hashes
        s.ellipses = counts.ellipses
        s.loremIpsum = counts.lorem_ipsum != 0
        s.curlyBracket = counts.curly_bracket != 0
    }

    /// Lines at each `\n` (FineWeb quality, Gopher repetition) and as `splitlines` makes them (Gopher quality).
    private mutating func scanLines(_ text: UnsafeRawBufferPointer, shortLineLength: Int, _ s: inout QualitySignals) {
        let n = text.count
        // One pass over the lines at each \n: FineWeb quality counts the non-blank ones; Gopher repetition the
        // non-empty ones, with an empty first/last line when the text starts/ends with \n (re.split("\n+")).
        table.reset(capacity: 64)
        lineTable.reset(capacity: 64)
        var start = 0
        var k = 0
        var elements = 0
        while k <= n {
            if k == n || text[k] == 0x0A {
                let line = UnsafeRawBufferPointer(rebasing: text[start..<k])
                if !line.isEmpty || start == 0 || k == n {
                    let hash = Hash64.hash(line)
                    let length = Self.scalars(line)
                    elements &+= 1
                    if table.add(hash) > 1 {
                        s.duplicateLines &+= 1
                        s.duplicateLineCharacters &+= length
                    }
                    if !line.isEmpty && !Self.isBlank(line) {
                        s.nonBlankLines &+= 1
                        if length <= shortLineLength { s.shortLines &+= 1 }
                        if Self.endsWithTerminalPunctuation(line) { s.punctuatedLines &+= 1 }
                        if lineTable.add(hash) > 1 { s.duplicateNonBlankLineCharacters &+= length }
                    }
                }
                start = k &+ 1
            }
            k &+= 1
        }
        s.lines = elements
        scanSplitLines(text, &s)
    }

    /// `str.splitlines()`: \n, \r, \r\n, \v, \f, \x1c-\x1e, U+0085, U+2028, U+2029 end a line; a final line break
    /// makes no empty line.
    private func scanSplitLines(_ text: UnsafeRawBufferPointer, _ s: inout QualitySignals) {
        let n = text.count
        var start = 0, k = 0, lines = 0, bullets = 0, ellipses = 0
        func endLine(_ end: Int) {
            let line = UnsafeRawBufferPointer(rebasing: text[start..<end])
            lines &+= 1
            if Self.startsWithBullet(line) { bullets &+= 1 }
            if Self.endsWithEllipsis(line) { ellipses &+= 1 }
        }
        while k < n {
            let b = text[k]
            var breakLength = 0
            if b == 0x0A || b == 0x0B || b == 0x0C || (0x1C...0x1E).contains(b) {
                breakLength = 1
            } else if b == 0x0D {
                breakLength = k &+ 1 < n && text[k &+ 1] == 0x0A ? 2 : 1
            } else if b == 0xC2 && k &+ 1 < n && text[k &+ 1] == 0x85 {
                breakLength = 2
            } else if b == 0xE2 && k &+ 2 < n && text[k &+ 1] == 0x80 && (text[k &+ 2] == 0xA8 || text[k &+ 2] == 0xA9) {
                breakLength = 3
            }
            if breakLength > 0 {
                endLine(k)
                k &+= breakLength
                start = k
            } else {
                k &+= 1
            }
        }
        if start < n { endLine(n) }
        s.splitLines = lines
        s.bulletLines = bullets
        s.endEllipsisLines = ellipses
    }

    /// Paragraphs of the stripped text at runs of two or more `\n`.
    private mutating func scanParagraphs(_ text: UnsafeRawBufferPointer, _ s: inout QualitySignals) {
        var lower = 0, upper = text.count
        while lower < upper, let w = Self.whitespaceLength(text, at: lower) { lower &+= w }
        while upper > lower, let w = Self.whitespaceLengthBefore(text, at: upper) { upper &-= w }
        table.reset(capacity: 16)
        var start = lower, k = lower, paragraphs = 0
        func endParagraph(_ end: Int) {
            let paragraph = UnsafeRawBufferPointer(rebasing: text[start..<end])
            paragraphs &+= 1
            if table.add(Hash64.hash(paragraph)) > 1 {
                s.duplicateParagraphs &+= 1
                s.duplicateParagraphCharacters &+= Self.scalars(paragraph)
            }
        }
        while k < upper {
            if text[k] == 0x0A && k &+ 1 < upper && text[k &+ 1] == 0x0A {
                var j = k
                while j < upper && text[j] == 0x0A { j &+= 1 }
                endParagraph(k)
                start = j
                k = j
            } else {
                k &+= 1
            }
        }
        endParagraph(upper)
        s.paragraphs = paragraphs
    }
}
