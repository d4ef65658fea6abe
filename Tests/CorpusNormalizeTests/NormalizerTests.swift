import CorpusCore
import CorpusNormalize
import CorpusTestSupport
import Testing

func normalized(_ text: String, _ form: NormalizationForm = .nfc) -> String {
    var n = TextNormalizer(form: form)
    var out: [UInt8] = []
    Array(text.utf8).withUnsafeBytes { _ = n.normalize($0, into: &out) }
    return String(decoding: out, as: UTF8.self)
}

@Suite struct NormalizerTests {
    @Test(arguments: [
        ("plain ascii text", "plain ascii text", NormalizationForm.nfc),
        ("e\u{301}te\u{301}", "été", .nfc),
        ("ﬁne ２０２４ x²", "ﬁne ２０２４ x²", .nfc),
        ("ﬁne ２０２４ x²", "fine 2024 x2", .nfkc),
        ("Straße ΣΊΣΥΦΟΣ", "strasse σίσυφοσ", .nfkcCasefold),
        ("a\u{0}b\u{7}c\u{1B}[0m\u{85}d\u{9F}e", "abc[0m\nde", .nfc),
        ("one\r\ntwo\rthree\u{2028}four\u{2029}five\u{B}six\u{C}seven", "one\ntwo\nthree\nfour\nfive\nsix\nseven", .nfc),
        ("a  b\t\tc \u{A0} d\u{3000}\u{3000}e f\u{A0}g", "a b c d e f\u{A0}g", .nfc),
        ("a \u{7} b", "a b", .nfc),
        ("e\u{7}\u{301}", "é", .nfc),
        ("a \u{2002}b", "a b", .nfkc),
        ("  ", " ", .none),
        ("e\u{301}", "e\u{301}", .none),
    ] as [(String, String, NormalizationForm)])
    func normalizes(_ input: String, _ expected: String, _ form: NormalizationForm) {
        #expect(normalized(input, form) == expected)
    }

    @Test func cleanupCanBeSwitchedOff() {
        var n = TextNormalizer(form: .nfc, stripControls: false, foldLineBreaks: false, collapseSpaces: false)
        var out: [UInt8] = []
        let input = "a\u{7}b\r\nc  d"
        Array(input.utf8).withUnsafeBytes { _ = n.normalize($0, into: &out) }
        #expect(String(decoding: out, as: UTF8.self) == input)
    }

    @Test func normalisingTwiceEqualsOnce() {
        let pieces = ["a", "e\u{301}", "\u{301}", "ﬁ", "²", "  ", "\t", "\u{A0}", "\u{2002}", "\u{7}", "\r\n", "\r", "\u{85}",
                      "\u{2028}", "Σ", "ß", "İ", "\u{1E9E}", "한", "\u{1100}\u{1161}", "\u{AD}", "\u{200D}", "\u{A8}", "x", "\n"]
        var rng = SeededRandom(seed: 5)
        for form in NormalizationForm.allCases {
            for trial in 0..<1500 {
                var s = ""
                for _ in 0..<Int.random(in: 0..<20, using: &rng) { s += pieces.randomElement(using: &rng)! }
                let once = normalized(s, form)
                #expect(normalized(once, form) == once, "\(form) trial \(trial): \(s.debugDescription) -> \(once.debugDescription)")
            }
        }
    }

    @Test func reportsWhetherTheTextChanged() {
        var n = TextNormalizer(form: .nfc)
        var out: [UInt8] = []
        #expect(!Array("already fine, déjà".utf8).withUnsafeBytes { n.normalize($0, into: &out) })
        #expect(Array("e\u{301}".utf8).withUnsafeBytes { n.normalize($0, into: &out) })
    }
}

@Suite struct CaseFoldingTests {
    @Test func foldsLikeUnicodeSimpleCaseFolding() {
        var out: [UInt8] = []
        Array("HeLLo ΣΊΣΥΦΟΣ ẞ Ǆ Ⅻ 𐐀 Ω".utf8).withUnsafeBytes { CaseFolding.icu.append($0, to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == "hello σίσυφοσ ß ǆ ⅻ 𐐨 ω")
    }

    @Test func agreesWithSwiftForBMPLetters() {
        // Swift's lowercased() is full lower-casing; for these letters simple folding gives the same.
        let text = "ABCDÉÀÖÅŁŻĆĘŃÓŚŹΑΒΓΔΕΖΗΘΙΚΛΜΝΞΟΠΡΤΥΦΧΨΩАБВГДЕЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
        var out: [UInt8] = []
        Array(text.utf8).withUnsafeBytes { CaseFolding.icu.append($0, to: &out) }
        #expect(String(decoding: out, as: UTF8.self) == text.lowercased())
    }
}

@Suite struct HashTests {
    @Test func isStableAcrossReleases() {
        // Stored hashes must keep their values: a change here is a format change.
        #expect(Hash64.hash([]) == Hash64.hash([], seed: 0))
        #expect(Hash64.hash(Array("".utf8)) != Hash64.hash(Array("a".utf8)))
        #expect(Hash64.hash(Array("census".utf8)) == Hash64.hash(Array("census".utf8)))
        #expect(Hash64.hash(Array("census".utf8), seed: 1) != Hash64.hash(Array("census".utf8), seed: 2))
    }

    @Test func avalanche() {
        var rng = SeededRandom(seed: 3)
        var flipped = 0, trials = 0
        for _ in 0..<2000 {
            var bytes = (0..<Int.random(in: 1..<40, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let h = Hash64.hash(bytes)
            let bit = Int.random(in: 0..<(bytes.count * 8), using: &rng)
            bytes[bit / 8] ^= UInt8(1 << (bit % 8))
            flipped += (h ^ Hash64.hash(bytes)).nonzeroBitCount
            trials += 1
        }
        let mean = Double(flipped) / Double(trials)
        #expect(mean > 31 && mean < 33, "mean flipped bits \(mean)")
    }

    @Test func noCollisionsOnManyShortKeys() {
        var seen = Set<UInt64>()
        for i in 0..<300_000 { seen.insert(Hash64.hash(Array("w\(i)".utf8))) }
        #expect(seen.count == 300_000)
        // Length is part of the key: a prefix never collides with its extension by zero bytes.
        #expect(Hash64.hash([0x61]) != Hash64.hash([0x61, 0x00]))
    }

    @Test func foldedHashEqualsHashOfFoldedText() {
        var scratch: [UInt8] = []
        for word in ["Hello", "HELLO", "hello", "ΣΊΣΥΦΟΣ", "σίσυφοσ", "Straße", String(repeating: "Ab", count: 50)] {
            var folded: [UInt8] = []
            Array(word.utf8).withUnsafeBytes { CaseFolding.icu.append($0, to: &folded) }
            let h = Array(word.utf8).withUnsafeBytes { Hash64.hashFolded($0, folding: .icu, scratch: &scratch) }
            #expect(h == Hash64.hash(folded), "\(word)")
        }
        #expect(Hash64.combine(1, 2) != Hash64.combine(2, 1))
    }

    @Test func foldedHashFastPathsAgreeOnRandomWords() {
        var rng = SeededRandom(seed: 8)
        var scratch: [UInt8] = []
        let alphabet = Array("abcXYZ@[`{09_-Éé".unicodeScalars)
        for _ in 0..<5000 {
            let word = String(String.UnicodeScalarView((0..<Int.random(in: 0..<24, using: &rng)).map { _ in alphabet.randomElement(using: &rng)! }))
            var folded: [UInt8] = []
            Array(word.utf8).withUnsafeBytes { CaseFolding.icu.append($0, to: &folded) }
            let h = Array(word.utf8).withUnsafeBytes { Hash64.hashFolded($0, folding: .icu, scratch: &scratch) }
            #expect(h == Hash64.hash(folded), "\(word)")
        }
    }

    /// The text-at-once fold (`foldKeepingOffsets` + `hashesOfFolded`, the pipeline's path) and the word-at-once
    /// one (`foldedHashes`) give `hashFolded`'s keys for every word, with and without digits as 0, at every
    /// length around the 8- and 16-byte loads; the fold equals `append`'s unless a character changes length.
    @Test func foldingTheTextOnceGivesEachWordsKeys() {
        var rng = SeededRandom(seed: 31)
        var scratch: [UInt8] = [], folded: [UInt8] = [], tokens: [Token] = []
        let pieces = ["a", "B", "z", "Q", "1", "9", "0", "é", "É", "ß", "Σ", "ж", "Ж", "ő", "ﬁ", "€", "😀", " ", " ", ", ", "-",
                      "ẞ", "\u{212A}", "Ⱥ", "'"]
        var lengthChanges = 0
        for trial in 0..<4000 {
            var text = ""
            for _ in 0..<Int.random(in: 0..<60, using: &rng) { text += pieces.randomElement(using: &rng)! }
            let bytes = Array(text.utf8)
            bytes.withUnsafeBytes { raw in
                var expectedFold: [UInt8] = []
                CaseFolding.icu.append(raw, to: &expectedFold)
                let kept = CaseFolding.icu.foldKeepingOffsets(raw, into: &folded)
                if kept {
                    #expect(Array(folded[0..<raw.count]) == expectedFold, "trial \(trial)")
                    #expect(folded.count == raw.count + CaseFolding.padding && folded[raw.count...].allSatisfy { $0 == 0 })
                } else {
                    lengthChanges += 1
                    #expect(expectedFold.count != raw.count || text.contains("ẞ") || text.contains("\u{212A}") || text.contains("Ⱥ"))
                }
                tokens.removeAll()
                WordTokenizer.icu.tokenize(raw, into: &tokens)
                for t in tokens {
                    let word = UnsafeRawBufferPointer(rebasing: raw[t.range])
                    let plain = Hash64.hashFolded(word, folding: .icu, scratch: &scratch)
                    let zeroed = Hash64.hashFolded(word, folding: .icu, scratch: &scratch, digitsToZero: true)
                    let pair = Hash64.foldedHashes(word, folding: .icu, scratch: &scratch)
                    #expect(pair.folded == plain && pair.digitsAsZero == zeroed, "trial \(trial)")
                    if kept {
                        let fromText = folded.withUnsafeBytes {
                            Hash64.hashesOfFolded($0.baseAddress! + t.range.lowerBound, count: t.range.count, scratch: &scratch)
                        }
                        #expect(fromText.folded == plain && fromText.digitsAsZero == zeroed, "trial \(trial) word at \(t.range)")
                    }
                }
            }
        }
        #expect(lengthChanges > 100)   // the fallback is exercised too
    }
}

import Foundation

@Suite struct NormalizerAgreesWithFoundation {
    /// Without clean-up, NFC and NFKC must equal Foundation's (independent) normalisation, whatever fast path
    /// the normaliser took.
    @Test(arguments: [NormalizationForm.nfc, .nfkc])
    func matchesFoundation(_ form: NormalizationForm) {
        let pieces = ["a", "é", "e\u{301}", "\u{301}", "\u{327}\u{301}", "ﬁ", "²", "Å", "A\u{30A}", "Ω", "ώ", "ω\u{301}", "ж", "й",
                      "и\u{306}", "ǅ", "ㄱ", "\u{1100}\u{1161}", "가", "\u{FB2C}", "ä", "ą", "ß", "ẞ", "ő", "ż", "ﬀ", "①", "™", "x", " "]
        var rng = SeededRandom(seed: 21)
        var normalizer = TextNormalizer(form: form, stripControls: false, foldLineBreaks: false, collapseSpaces: false)
        for trial in 0..<3000 {
            var s = ""
            for _ in 0..<Int.random(in: 0..<25, using: &rng) { s += pieces.randomElement(using: &rng)! }
            var out: [UInt8] = []
            Array(s.utf8).withUnsafeBytes { _ = normalizer.normalize($0, into: &out) }
            let expected = form == .nfc ? s.precomposedStringWithCanonicalMapping : s.precomposedStringWithCompatibilityMapping
            #expect(String(decoding: out, as: UTF8.self) == expected, "\(form) trial \(trial): \(s.debugDescription)")
        }
    }
}

@Suite struct DigitFoldingTests {
    @Test func digitsToZeroMatchesTheSlowPath() {
        var scratch: [UInt8] = []
        for word in ["2024", "a1b2c3", "X9", "0123456789", "Größe123", "12345678901234567890", ":19:"] {
            let expected = String(word.lowercased().map { $0.isASCII && ("1"..."9").contains($0) ? "0" : $0 })
            let h = Array(word.utf8).withUnsafeBytes { Hash64.hashFolded($0, folding: .icu, scratch: &scratch, digitsToZero: true) }
            #expect(h == Hash64.hash(Array(expected.utf8)), "\(word)")
        }
    }
}
