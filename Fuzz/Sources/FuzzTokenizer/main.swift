import CorpusCore
import CorpusNormalize
import FuzzSupport

/// libFuzzer target: the word tokeniser on any bytes (repaired to UTF-8 as census does first). Tokens lie inside
/// the text, in order, without overlap, never empty, and start and end on character boundaries.
runFuzzer { data, size in
    var text: [UInt8] = []
    _ = UTF8Repair.append(UnsafeRawBufferPointer(start: data, count: size), to: &text)
    var tokens: [Token] = []
    text.withUnsafeBytes { WordTokenizer.icu.tokenize($0, into: &tokens) }
    var previousEnd: Int32 = 0
    for t in tokens {
        check(t.start >= previousEnd && t.start < t.end && Int(t.end) <= text.count, "token \(t.start)..<\(t.end) out of order or bounds")
        check(text[Int(t.start)] & 0xC0 != 0x80, "token starts inside a character")
        check(Int(t.end) == text.count || text[Int(t.end)] & 0xC0 != 0x80, "token ends inside a character")
        previousEnd = t.end
    }
}
