import CorpusCore
import CorpusIO
import CorpusNormalize
import CorpusTestSupport
import Foundation
import Testing

func words(_ text: String, _ tokenizer: WordTokenizer = .icu) -> [String] {
    var tokens: [Token] = []
    let bytes = Array(text.utf8)
    bytes.withUnsafeBytes { tokenizer.tokenize($0, into: &tokens) }
    return tokens.map { String(decoding: bytes[$0.range], as: UTF8.self) }
}

func icuWords(_ text: String) throws -> [String] {
    var tokens: [Token] = []
    var scratch: [Int32] = []
    let bytes = Array(text.utf8)
    var failure: ICUError?
    bytes.withUnsafeBytes { raw in
        do throws(ICUError) { try ICUWordSegmenter.tokenize(raw, into: &tokens, scratch: &scratch) } catch { failure = error }
    }
    if let failure { throw failure }
    return tokens.map { String(decoding: bytes[$0.range], as: UTF8.self) }
}

@Suite struct TokenizerTests {
    static let examples: [(String, [String])] = [
        ("l'homme don't aujourd’hui", ["l'homme", "don't", "aujourd’hui"]),
        ("e.g. U.S.A. etc.", ["e.g", "U.S.A", "etc"]),
        ("3,14 1.000.000 2024-03-01 10% $5", ["3,14", "1.000.000", "2024", "03", "01", "10", "5"]),
        ("well-known co-op", ["well", "known", "co", "op"]),
        ("snake_case __init__ _ a_", ["snake_case", "__init__", "a_"]),
        ("mail: users@example.org", ["mail", "users@example.org"]),
        ("EU:s a:b", ["EU", "s", "a", "b"]),
        ("Ελληνικά κείμενα, Кирилиця і «лапки»", ["Ελληνικά", "κείμενα", "Кирилиця", "і", "лапки"]),
        ("Zażółć gęślą jaźń! Ärger Œuvre", ["Zażółć", "gęślą", "jaźń", "Ärger", "Œuvre"]),
        ("e\u{0301}te\u{0301} naïve", ["e\u{0301}te\u{0301}", "naïve"]),
        ("שלום עולם צה\"ל ג'ירפה", ["שלום", "עולם", "צה\"ל", "ג'ירפה"]),
        ("مرحبا بالعالم", ["مرحبا", "بالعالم"]),
        ("Բարեւ աշխարհ გამარჯობა", ["Բարեւ", "աշխարհ", "გამარჯობა"]),
        ("カタカナ ひらがな 漢字", ["カタカナ", "ひ", "ら", "が", "な", "漢", "字"]),
        ("😀 👍🏽 — … ¿¡ «» § ©", []),
        ("", []),
    ]

    @Test(arguments: 0..<examples.count)
    func segmentsLikeUAX29(_ index: Int) {
        let (text, expected) = Self.examples[index]
        #expect(words(text) == expected, "\(text)")
    }

    /// Where ICU has no dictionary in play, its word iterator must agree with ours exactly.
    @Test(arguments: 0..<(examples.count - 3))
    func agreesWithICUOnExamples(_ index: Int) throws {
        let (text, _) = Self.examples[index]
        guard !text.unicodeScalars.contains(where: { $0.properties.isIdeographic || ("\u{3040}"..."\u{30FF}").contains($0) }) else { return }
        #expect(words(text) == (try icuWords(text)), "\(text)")
    }

    /// Random text from many scripts, punctuation and combining marks.
    static func randomText(_ rng: inout SeededRandom) -> String {
        let pieces = ["a", "Z", "é", "e\u{301}", "ж", "Ω", "1", "0", ".", ",", "'", "’", ":", "-", "_", " ", " ", "\n",
                      "@", "\"", "ש", "ب", "\u{200D}", "\u{AD}", "😀", "ß", "ǅ", "\t", "。", "中", "カ", "%", "…"]
        var s = ""
        for _ in 0..<Int.random(in: 0..<60, using: &rng) { s += pieces.randomElement(using: &rng)! }
        return s
    }

    @Test func tokensLieInsideTheInputInOrderWithoutOverlap() {
        var rng = SeededRandom(seed: 11)
        for trial in 0..<2000 {
            let bytes = Array(Self.randomText(&rng).utf8)
            var tokens: [Token] = []
            bytes.withUnsafeBytes { WordTokenizer.icu.tokenize($0, into: &tokens) }
            var previousEnd: Int32 = 0
            for t in tokens {
                #expect(t.start >= previousEnd && t.start < t.end && Int(t.end) <= bytes.count, "trial \(trial): \(bytes)")
                previousEnd = t.end
            }
        }
    }

    @Test func concatenationWithASpaceConcatenatesTokens() {
        var rng = SeededRandom(seed: 12)
        for trial in 0..<2000 {
            let a = Self.randomText(&rng), b = Self.randomText(&rng)
            #expect(words(a + " " + b) == words(a) + words(b), "trial \(trial): \(a.debugDescription) + \(b.debugDescription)")
        }
    }

    @Test func neverTrapsOnIllFormedBytes() {
        var rng = SeededRandom(seed: 13)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<50, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var tokens: [Token] = []
            bytes.withUnsafeBytes { WordTokenizer.icu.tokenize($0, into: &tokens) }
            #expect(tokens.allSatisfy { $0.start < $0.end && Int($0.end) <= bytes.count })
        }
    }
}

/// Agreement with ICU's word iterator (F1 over token spans) on real text, per language: the acceptance floor
/// of the tokeniser issue is 0.999 in every language.
@Suite struct ICUAgreementTests {
    static let floor = 0.999

    static func f1(_ text: [UInt8], _ counts: inout (census: Int, icu: Int, agree: Int)) throws {
        var ours: [Token] = [], theirs: [Token] = []
        var scratch: [Int32] = []
        var normalized: [UInt8] = []
        var normalizer = TextNormalizer(form: .nfc)
        text.withUnsafeBytes { _ = normalizer.normalize($0, into: &normalized) }
        var failure: ICUError?
        normalized.withUnsafeBytes { raw in
            WordTokenizer.icu.tokenize(raw, into: &ours)
            do throws(ICUError) { try ICUWordSegmenter.tokenize(raw, into: &theirs, scratch: &scratch) } catch { failure = error }
        }
        if let failure { throw failure }
        counts.census += ours.count
        counts.icu += theirs.count
        counts.agree += Set(ours).intersection(theirs).count
    }

    @Test func samplesPerLanguage() throws {
        var byLanguage: [String: (census: Int, icu: Int, agree: Int)] = [:]
        var failure: Error?
        for name in ["web-docs.jsonl.gz", "crawl.warc.wet.gz", "lines.txt.gz", "help.paragraphs.txt"] {
            let source = InputSource(path: TestPaths.samples.appendingPathComponent(name).path)
            _ = InputReader.read(source, options: ReaderOptions(), onDocument: { doc in
                let meta = String(decoding: doc.metadata, as: UTF8.self)
                var language = name
                if let r = meta.range(of: #""lang_hint": ?"([a-z-]+)""#, options: .regularExpression) {
                    language = String(meta[r].split(separator: "\"").last!)
                }
                do { try Self.f1(doc.text, &byLanguage[language, default: (0, 0, 0)]) } catch { failure = error }
            })
        }
        #expect(failure == nil)
        #expect(byLanguage.count > 10)
        for (language, c) in byLanguage.sorted(by: { $0.key < $1.key }) {
            let f1 = 2 * Double(c.agree) / Double(max(1, c.census + c.icu))
            #expect(f1 >= Self.floor, "\(language): F1 \(f1) (\(c))")
        }
    }

    /// The UDHR in ~70 languages from the evaluation data beside the project, when it is there.
    @Test func udhrPerLanguage() throws {
        let dir = TestPaths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/udhr")
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return }
        for name in names.sorted() where name.hasSuffix(".txt") {
            let text = try [UInt8](Data(contentsOf: dir.appendingPathComponent(name)))
            var c = (census: 0, icu: 0, agree: 0)
            try Self.f1(text, &c)
            let f1 = 2 * Double(c.agree) / Double(max(1, c.census + c.icu))
            #expect(f1 >= Self.floor, "\(name): F1 \(f1)")
        }
    }
}
