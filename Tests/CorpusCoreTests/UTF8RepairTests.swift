import CorpusCore
import CorpusTestSupport
import Testing

@Suite struct UTF8RepairTests {
    /// (input, expected output, bytes replaced): the maximal-subpart cases of Unicode §3.9 Table 3-8 and more.
    static let cases: [([UInt8], [UInt8], Int)] = [
        (Array("plain ascii".utf8), Array("plain ascii".utf8), 0),
        (Array("héllo wörld ✓ 😀".utf8), Array("héllo wörld ✓ 😀".utf8), 0),
        ([0xC3, 0x28], [0xEF, 0xBF, 0xBD, 0x28], 1),                        // lead without continuation
        ([0xFF], [0xEF, 0xBF, 0xBD], 1),                                     // never valid
        ([0xC0, 0xAF], [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD], 2),             // overlong 2-byte: two subparts
        ([0xE0, 0x80, 0x80], [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD], 3),  // overlong 3-byte
        ([0xED, 0xA0, 0x80], [0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD, 0xEF, 0xBF, 0xBD], 3),  // surrogate
        ([0xE2, 0x82], [0xEF, 0xBF, 0xBD], 2),                               // truncated 3-byte: one subpart
        ([0xF0, 0x9F, 0x98], [0xEF, 0xBF, 0xBD], 3),                         // truncated 4-byte
        ([0xF4, 0x90, 0x80, 0x80], Array(repeating: [0xEF, 0xBF, 0xBD], count: 4).flatMap { $0 }, 4),  // > U+10FFFF
        ([0x61, 0xE2, 0x82, 0x61], [0x61, 0xEF, 0xBF, 0xBD, 0x61], 2),
    ]

    @Test(arguments: 0..<cases.count)
    func repairsMaximalSubparts(_ index: Int) {
        let (input, expected, replaced) = Self.cases[index]
        // Pad so that both the SIMD path (>= 32 bytes) and the scalar path are exercised.
        for padding in [0, 40] {
            let prefix = [UInt8](repeating: 0x61, count: padding)
            var out: [UInt8] = []
            let n = (prefix + input).withUnsafeBytes { UTF8Repair.append($0, to: &out) }
            #expect(out == prefix + expected, "case \(index), padding \(padding)")
            #expect(n == replaced, "case \(index), padding \(padding)")
        }
    }

    /// Builds byte strings that are mostly UTF-8 with occasional damage, in many scripts.
    static func randomText(_ rng: inout SeededRandom, length: Int) -> [UInt8] {
        let pieces: [[UInt8]] = ["a", " ", "é", "ж", "λ", "€", "中", "😀", "ß", "\n", "ő", "ġ"].map { Array($0.utf8) }
        var bytes: [UInt8] = []
        while bytes.count < length {
            let r = Int.random(in: 0..<100, using: &rng)
            if r < 3 {
                bytes.append(UInt8.random(in: 0x80...0xFF, using: &rng))          // stray high byte
            } else if r < 5, let last = pieces.randomElement(using: &rng), last.count > 1 {
                bytes.append(contentsOf: last.dropLast())                          // cut sequence
            } else {
                bytes.append(contentsOf: pieces.randomElement(using: &rng)!)
            }
        }
        return bytes
    }

    /// A plain reference validator, written independently of the library's.
    static func referenceFirstInvalid(_ s: [UInt8]) -> Int? {
        var i = 0
        while i < s.count {
            let b = s[i]
            let need: Int
            var lo: UInt8 = 0x80, hi: UInt8 = 0xBF
            switch b {
            case 0x00...0x7F: i += 1; continue
            case 0xC2...0xDF: need = 1
            case 0xE0: need = 2; lo = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: need = 2
            case 0xED: need = 2; hi = 0x9F
            case 0xF0: need = 3; lo = 0x90
            case 0xF1...0xF3: need = 3
            case 0xF4: need = 3; hi = 0x8F
            default: return i
            }
            if i + need >= s.count { return i }
            if s[i + 1] < lo || s[i + 1] > hi { return i }
            if need >= 2 { for k in 2...need where s[i + k] & 0xC0 != 0x80 { return i } }
            i += need + 1
        }
        return nil
    }

    @Test func simdValidatorAgreesWithReference() {
        var rng = SeededRandom(seed: 42)
        for trial in 0..<3000 {
            let length = Int.random(in: 0..<300, using: &rng)
            var text = Self.randomText(&rng, length: length)
            if trial % 3 == 0 {  // mostly valid inputs, so the SIMD "valid" answer is tested too
                text = Array(String(decoding: text, as: UTF8.self).utf8)
            }
            let expected = Self.referenceFirstInvalid(text)
            let got = text.withUnsafeBytes { UTF8Repair.firstInvalidOffset(in: $0) }
            #expect(got == expected, "trial \(trial): \(text)")
            if got != expected { return }
        }
    }

    @Test func repairedTextIsValidAndMatchesSwiftDecoding() {
        var rng = SeededRandom(seed: 7)
        for trial in 0..<500 {
            let text = Self.randomText(&rng, length: Int.random(in: 0..<200, using: &rng))
            var out: [UInt8] = []
            _ = text.withUnsafeBytes { UTF8Repair.append($0, to: &out) }
            // Swift's own decoder also replaces maximal subparts, so the results must agree.
            #expect(out == Array(String(decoding: text, as: UTF8.self).utf8), "trial \(trial)")
            #expect(out.withUnsafeBytes { UTF8Repair.firstInvalidOffset(in: $0) } == nil)
        }
    }
}

@Suite struct JSONEscapeTests {
    @Test func escapesControlsQuotesAndBackslashes() {
        var out: [UInt8] = []
        JSONEscape.appendQuoted(Array("a\"b\\c\nd\te\u{0}f\u{1F}g\u{7F}é".utf8), to: &out)
        #expect(String(decoding: out, as: UTF8.self) == #""a\"b\\c\nd\te\u0000f\u001fg\u007fé""#)
    }
}

@Suite struct TextCountingTests {
    @Test func countsScalarsAndNewlinesLikeSwift() {
        var rng = SeededRandom(seed: 31)
        let pieces = ["a", "\n", "é", "ж", "€", "😀", " ", "\n\n", "ß"]
        for _ in 0..<500 {
            var s = ""
            for _ in 0..<Int.random(in: 0..<60, using: &rng) { s += pieces.randomElement(using: &rng)! }
            let counts = Array(s.utf8).withUnsafeBytes { TextCounting.scalarsAndNewlines($0) }
            #expect(counts.scalars == s.unicodeScalars.count)
            #expect(counts.newlines == s.utf8.filter { $0 == 0x0A }.count)
        }
    }
}
