/// Word-segmentation classes of code points: the Word_Break property of Unicode Standard Annex #29, plus
/// two refinements of `other` the tokeniser needs. The numbering matches `CENSUS_WB_*` in the ICU shim.
public enum WordBreakClass: UInt8, Sendable, CaseIterable {
    case other = 0, cr, lf, newline, extend, zwj, regionalIndicator, format, katakana, hebrewLetter
    case aLetter, singleQuote, doubleQuote, midNumLet, midLetter, midNum, numeric, extendNumLet, wSegSpace
    /// Other, but Alphabetic or Ideographic (Han, Hiragana, Thai, ...): each such character is a word of its own.
    case otherLetter
    /// Other, but Extended_Pictographic: joins after a ZWJ (rule WB3c).
    case extendedPictographic
}

/// A code point → ``WordBreakClass`` table, compact and fast to look up.
///
/// Code points below U+0800 (Latin, Greek, Cyrillic, Armenian, Hebrew, Arabic) are looked up directly; the
/// rest go through a two-stage table of 256-entry blocks, identical blocks shared. Build it from ICU's
/// properties with `WordBreakTable.icu` (in CorpusNormalize), so it always matches the linked ICU.
public struct WordBreakTable: Sendable {
    @usableFromInline let low: [UInt8]        // 0x800 entries
    @usableFromInline let stage1: [UInt32]    // 0x1100 entries: block offsets into stage2
    @usableFromInline let stage2: [UInt8]

    /// Builds the table from one class per code point (`classes.count == 0x110000`).
    public init(classes: UnsafeBufferPointer<UInt8>) {
        precondition(classes.count == 0x110000, "one class per code point")
        low = Array(classes[0..<0x800])
        // Identical blocks are shared: found by a hash of the block, confirmed byte by byte.
        var blocks: [UInt64: [UInt32]] = [:]
        var stage2: [UInt8] = []
        var stage1: [UInt32] = []
        stage1.reserveCapacity(0x1100)
        for block in 0..<0x1100 {
            let slice = UnsafeBufferPointer(rebasing: classes[(block << 8)..<((block + 1) << 8)])
            let key = Hash64.hash(UnsafeRawBufferPointer(slice))
            if let offset = blocks[key]?.first(where: { stage2[Int($0)..<(Int($0) + 256)].elementsEqual(slice) }) {
                stage1.append(offset)
            } else {
                let offset = UInt32(stage2.count)
                blocks[key, default: []].append(offset)
                stage2.append(contentsOf: slice)
                stage1.append(offset)
            }
        }
        self.stage1 = stage1
        self.stage2 = stage2
    }

    /// The class of a code point.
    @inlinable @inline(__always)
    public func `class`(of codePoint: UInt32) -> UInt8 {
        if codePoint < 0x800 { return low.withUnsafeBufferPointer { $0[Int(codePoint)] } }
        guard codePoint <= 0x10FFFF else { return WordBreakClass.other.rawValue }
        let offset = stage1.withUnsafeBufferPointer { $0[Int(codePoint >> 8)] }
        return stage2.withUnsafeBufferPointer { $0[Int(offset) + Int(codePoint & 0xFF)] }
    }

    /// Bytes held by the table.
    public var byteCount: Int { low.count + stage1.count * 4 + stage2.count }
}
