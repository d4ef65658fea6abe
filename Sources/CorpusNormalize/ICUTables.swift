import CICUShims
import CorpusCore

extension WordBreakTable {
    /// The table built from the linked ICU's Word_Break, Alphabetic, Ideographic and Extended_Pictographic
    /// properties (once per process, about a millisecond).
    public static let icu: WordBreakTable = {
        var classes = [UInt8](repeating: 0, count: 0x110000)
        classes.withUnsafeMutableBufferPointer { census_word_break_classes($0.baseAddress!) }
        return classes.withUnsafeBufferPointer { WordBreakTable(classes: $0) }
    }()
}

extension WordTokenizer {
    /// A tokeniser over the ICU-derived table.
    public static let icu = WordTokenizer(table: .icu)
}

extension CaseFolding {
    /// Simple case folding from the linked ICU (`u_foldCase`, default options).
    public static let icu: CaseFolding = {
        // Only the code points ICU says change when case-folded need a look (about 1,500).
        var ranges = [Int32](repeating: 0, count: 2 * 1024)
        var count = Int(census_casefold_ranges(&ranges, Int32(ranges.count / 2)))
        if count > ranges.count / 2 {
            ranges = [Int32](repeating: 0, count: 2 * count)
            count = Int(census_casefold_ranges(&ranges, Int32(count)))
        }
        var pairs: [(UInt32, UInt32)] = []
        for k in 0..<count {
            for cp in ranges[2 * k]...ranges[2 * k + 1] where cp >= 0x80 {
                let folded = census_fold_case(cp)
                if folded != cp { pairs.append((UInt32(cp), UInt32(folded))) }
            }
        }
        return CaseFolding(mappings: pairs)
    }()
}

/// ICU's own word BreakIterator, for comparison with ``WordTokenizer`` (`census tokenize --engine icu`).
public enum ICUWordSegmenter {
    /// Appends the word-status segments of `text` (UTF-8 byte offsets) to `tokens`.
    ///
    /// - Throws: ``ICUError`` when ICU reports a failure.
    public static func tokenize(_ text: UnsafeRawBufferPointer, into tokens: inout [Token], scratch: inout [Int32]) throws(ICUError) {
        guard let base = text.baseAddress, !text.isEmpty else { return }
        if scratch.count < 256 { scratch = [Int32](repeating: 0, count: 256) }
        var error: Int32 = 0
        var count: Int32 = 0
        while true {
            let capacity = Int32(scratch.count / 2)
            count = scratch.withUnsafeMutableBufferPointer {
                census_icu_word_spans(base.assumingMemoryBound(to: UInt8.self), Int32(text.count), $0.baseAddress!, capacity, &error)
            }
            if count < 0 { throw ICUError(code: error, operation: "word break iteration") }
            if count <= capacity { break }
            scratch = [Int32](repeating: 0, count: Int(count) * 2)
        }
        for k in 0..<Int(count) { tokens.append(Token(start: scratch[2 * k], end: scratch[2 * k + 1])) }
    }
}

/// A failure reported by ICU.
public struct ICUError: Error, CustomStringConvertible {
    /// ICU's UErrorCode.
    public var code: Int32
    /// What was being done.
    public var operation: String
    public var description: String { "ICU \(operation) failed (UErrorCode \(code))" }
}

/// Script properties from the linked ICU.
public enum UnicodeScripts {
    /// ICU's UScriptCode of a code point (`uscript_getScript`): 0 Common, 1 Inherited, 25 Latin, 8 Cyrillic,
    /// 14 Greek, ...; -1 on error.
    public static func icuScriptCode(of codePoint: UInt32) -> Int32 {
        census_script_of(Int32(bitPattern: codePoint))
    }
}
