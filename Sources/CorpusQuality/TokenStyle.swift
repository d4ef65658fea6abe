/// How spaCy's rule-based tokeniser of a language splits a white-space chunk, as far as the quality rules
/// notice: whether hyphens between letters (`well-known`), hyphens between digits (`3-4`) and dashes between
/// letters (`x—y`) become tokens of their own, whether elisions come off (`l'homme` → `l'`, `homme`), and whether
/// closing punctuation comes off. Observed from spaCy 3.8's blank tokenisers, the ones datatrove uses.
public struct TokenStyle: Sendable, Equatable {
    public static func == (a: TokenStyle, b: TokenStyle) -> Bool {
        a.hyphensBetweenLetters == b.hyphensBetweenLetters && a.hyphensBetweenDigits == b.hyphensBetweenDigits
            && a.dashes == b.dashes && a.elisions == b.elisions && a.peelsClosing == b.peelsClosing
    }

    public var hyphensBetweenLetters: Bool
    public var hyphensBetweenDigits: Bool
    public var dashes: Bool
    public var elisions: Bool
    public var peelsClosing = true

    public init(language code: String) {
        let hyphenLetters: Set<String> = ["en", "fr", "it", "pl", "cs", "sk", "bg", "hr", "lt", "sl", "lv", "et", "eu", "ga", "fy",
                                          "hsb", "dsb", "is", "mk", "sr", "bs", "sq", "uk", "be", "ru", "tr"]
        let hyphenDigits: Set<String> = hyphenLetters.subtracting(["lt"]).union(["ca", "lb"])
        hyphensBetweenLetters = hyphenLetters.contains(code)
        hyphensBetweenDigits = hyphenDigits.contains(code)
        dashes = hyphenLetters.union(["pt", "el", "fi", "lt"]).contains(code)
        elisions = ["fr", "it", "ca", "lb"].contains(code)
        peelsClosing = code != "sl"
        var mask: (UInt64, UInt64) = (0, 0)
        for b in 0..<128 where peelsClosing && TokenStyle.closingScalars.contains(UInt32(b)) {
            if b < 64 { mask.0 |= 1 << UInt64(b) } else { mask.1 |= 1 << UInt64(b - 64) }
        }
        closingASCII = mask
    }

    /// The ASCII scalars this style peels off the end of a chunk (bits 0–63, 64–127; none when it peels none).
    let closingASCII: (UInt64, UInt64)

    /// Whether the ASCII byte `b` (< 0x80) is peeled off the end of a chunk.
    @inline(__always)
    func peels(ascii b: UInt8) -> Bool {
        b < 64 ? closingASCII.0 >> UInt64(b) & 1 != 0 : closingASCII.1 >> UInt64(b &- 64) & 1 != 0
    }

    /// The sets below, held by each style so the token loop reads no lazy global.
    let opening = TokenStyle.openingScalars
    let closing = TokenStyle.closingScalars

    /// Whether `cp` between `before` and `after` is a token of its own.
    func splits(_ cp: UInt32, between before: UInt32, and after: UInt32) -> Bool {
        if cp == 0x2D {
            let letters = QualityScanner.isLetter(before) && QualityScanner.isLetter(after)
            let digits = QualityScanner.isDigit(before) && QualityScanner.isDigit(after)
            return (letters && hyphensBetweenLetters) || (digits && hyphensBetweenDigits)
        }
        if cp == 0x2013 || cp == 0x2014 { return dashes && QualityScanner.isLetter(before) && QualityScanner.isLetter(after) }
        return false
    }

    /// Opening punctuation spaCy takes off the front of a chunk.
    static let openingScalars = ScalarSet([0x28, 0x5B, 0x7B, 0x22, 0x27, 0x2A, 0x3C, 0xAB, 0xBB, 0x201C, 0x201D, 0x201E, 0x2018, 0x2019,
                                       0x00BF, 0x00A1, 0x2039, 0x203A, 0x2022, 0x00A7, 0x0023, 0x0026])
    /// Closing punctuation spaCy takes off the end of a chunk.
    static let closingScalars = ScalarSet([0x29, 0x5D, 0x7D, 0x22, 0x27, 0x2E, 0x2C, 0x3A, 0x3B, 0x21, 0x3F, 0x2026, 0xAB, 0xBB,
                                       0x201C, 0x201D, 0x2019, 0x203A, 0x3E, 0x25, 0x2A])
}
