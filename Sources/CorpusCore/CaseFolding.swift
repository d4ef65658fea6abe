/// Simple Unicode case folding over UTF-8, for counting vocabulary and hashing words case-insensitively.
///
/// ASCII letters fold by arithmetic; other code points through a direct table for the BMP and a sorted list
/// for the supplementary planes. Simple folding maps one code point to one code point (`ẞ` → `ß`, `Σ` → `σ`;
/// the UTF-8 length of a character may change). Build the mappings from ICU with `CaseFolding.icu`
/// (CorpusNormalize).
public struct CaseFolding: Sendable {
    @usableFromInline let bmp: [UInt16]                 // 0x10000 entries: folded code point (identity if none)
    @usableFromInline let supplementary: [(UInt32, UInt32)]

    /// Creates a folding from (code point, folded) pairs.
    public init(mappings: [(UInt32, UInt32)]) {
        var bmp = (0..<0x10000).map { UInt16($0) }
        var supplementary: [(UInt32, UInt32)] = []
        for (from, to) in mappings {
            if from < 0x10000 && to < 0x10000 { bmp[Int(from)] = UInt16(to) } else { supplementary.append((from, to)) }
        }
        for c in UInt8(ascii: "A")...UInt8(ascii: "Z") { bmp[Int(c)] = UInt16(c | 0x20) }
        self.bmp = bmp
        self.supplementary = supplementary.sorted { $0.0 < $1.0 }
    }

    /// The simple case folding of one code point.
    @inlinable
    public func fold(_ cp: UInt32) -> UInt32 {
        if cp < 0x10000 { return UInt32(bmp.withUnsafeBufferPointer { $0[Int(cp)] }) }
        var lo = 0, hi = supplementary.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if supplementary[mid].0 < cp { lo = mid + 1 } else { hi = mid }
        }
        return lo < supplementary.count && supplementary[lo].0 == cp ? supplementary[lo].1 : cp
    }

    /// Appends the case-folded form of UTF-8 `text` to `out`. Ill-formed bytes are copied as they are.
    ///
    /// - Complexity: O(n); ASCII bytes take a table lookup.
    /// Folds all of `text` into `out` (replacing its contents) when no character changes its UTF-8 length on
    /// the way, so every byte offset of `text` is the same offset in `out`: a word's folded form is then a slice
    /// of `out` at the word's own range. `out` gets ``padding`` zero bytes after the text, so 16-byte loads from
    /// any offset stay inside it. Returns false (and leaves `out` unspecified) when some character's folded form
    /// is longer or shorter (`ẞ` → `ß`, the Kelvin sign → `k`: rare); fold word by word then.
    ///
    /// - Complexity: O(n); ASCII is folded 8 bytes at a time.
    @inlinable
    public func foldKeepingOffsets(_ text: UnsafeRawBufferPointer, into out: inout [UInt8]) -> Bool {
        let n = text.count
        if out.count != n &+ Self.padding {
            out.removeAll(keepingCapacity: true)
            out.append(contentsOf: repeatElement(0, count: n &+ Self.padding))
        } else {
            out.withUnsafeMutableBytes { o in for k in n..<o.count { o[k] = 0 } }
        }
        guard let source = text.baseAddress else { return true }
        return out.withUnsafeMutableBytes { o -> Bool in
            let target = o.baseAddress!
            let ones: UInt64 = 0x0101_0101_0101_0101
            var i = 0
            while i < n {
                if i &+ 8 <= n {
                    let w = source.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    if w & (ones &* 0x80) == 0 {
                        // Eight ASCII bytes: 'A'–'Z' get bit 5 (the same arithmetic as Hash64.lowerASCII).
                        let atLeastA = w &+ ones &* (0x80 - 0x41)
                        let aboveZ = w &+ ones &* (0x80 - 0x5B)
                        target.storeBytes(of: w | ((atLeastA & ~aboveZ & (ones &* 0x80)) >> 2), toByteOffset: i, as: UInt64.self)
                        i &+= 8
                        continue
                    }
                }
                let b0 = source.load(fromByteOffset: i, as: UInt8.self)
                if b0 < 0x80 {
                    target.storeBytes(of: b0 &- 0x41 < 26 ? b0 | 0x20 : b0, toByteOffset: i, as: UInt8.self)
                    i &+= 1
                    continue
                }
                let (cp, len) = UTF8Decoding.decode(text, i)
                if len == 0 {
                    target.storeBytes(of: b0, toByteOffset: i, as: UInt8.self)   // ill-formed: copied as it is
                    i &+= 1
                    continue
                }
                let folded = fold(cp)
                if folded == cp {
                    for k in 0..<len { target.storeBytes(of: source.load(fromByteOffset: i &+ k, as: UInt8.self), toByteOffset: i &+ k, as: UInt8.self) }
                } else {
                    let width = folded < 0x80 ? 1 : folded < 0x800 ? 2 : folded < 0x10000 ? 3 : 4
                    guard width == len else { return false }
                    _ = UTF8Decoding.store(folded, at: target + i)
                }
                i &+= len
            }
            return true
        }
    }

    /// Zero bytes ``foldKeepingOffsets(_:into:)`` leaves after the folded text.
    public static let padding = 16

    @inlinable
    public func append(_ text: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        var i = 0
        var run = 0          // start of bytes copied unchanged
        let n = text.count
        out.reserveCapacity(out.count + n + 8)
        @inline(__always) func flush(_ upTo: Int) {
            if upTo > run { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: text[run..<upTo])) }
        }
        while i < n {
            let b0 = text[i]
            if b0 < 0x80 {
                if b0 &- 0x41 < 26 {
                    flush(i)
                    out.append(b0 | 0x20)
                    run = i &+ 1
                }
                i &+= 1
                continue
            }
            let (cp, len) = UTF8Decoding.decode(text, i)
            if len == 0 {
                i &+= 1   // ill-formed byte: copied as it is with the run
                continue
            }
            let folded = fold(cp)
            if folded != cp {
                flush(i)
                UTF8Decoding.append(folded, to: &out)
                run = i &+ len
            }
            i &+= len
        }
        flush(n)
    }
}

/// Small UTF-8 decoding helpers.
public enum UTF8Decoding {
    /// Decodes the well-formed sequence at `i`: (code point, length), or length 0 if ill-formed.
    @inlinable @inline(__always)
    public static func decode(_ s: UnsafeRawBufferPointer, _ i: Int) -> (UInt32, Int) {
        let n = s.count
        let b0 = s[i]
        if b0 < 0x80 { return (UInt32(b0), 1) }
        if b0 >= 0xC2 && b0 <= 0xDF, i + 1 < n, s[i + 1] & 0xC0 == 0x80 {
            return (UInt32(b0 & 0x1F) << 6 | UInt32(s[i + 1] & 0x3F), 2)
        }
        if b0 >= 0xE0 && b0 <= 0xEF, i + 2 < n, s[i + 1] & 0xC0 == 0x80, s[i + 2] & 0xC0 == 0x80 {
            let cp = UInt32(b0 & 0x0F) << 12 | UInt32(s[i + 1] & 0x3F) << 6 | UInt32(s[i + 2] & 0x3F)
            if cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF) { return (cp, 3) }
            return (0, 0)
        }
        if b0 >= 0xF0 && b0 <= 0xF4, i + 3 < n, s[i + 1] & 0xC0 == 0x80, s[i + 2] & 0xC0 == 0x80, s[i + 3] & 0xC0 == 0x80 {
            let cp = UInt32(b0 & 0x07) << 18 | UInt32(s[i + 1] & 0x3F) << 12 | UInt32(s[i + 2] & 0x3F) << 6 | UInt32(s[i + 3] & 0x3F)
            if cp >= 0x10000 && cp <= 0x10FFFF { return (cp, 4) }
        }
        return (0, 0)
    }

    /// Stores the UTF-8 encoding of a scalar value at `p` and returns its length (1–4).
    @inlinable @inline(__always)
    public static func store(_ v: UInt32, at p: UnsafeMutableRawPointer) -> Int {
        switch v {
        case 0..<0x80:
            p.storeBytes(of: UInt8(v), as: UInt8.self)
            return 1
        case 0x80..<0x800:
            p.storeBytes(of: UInt8(0xC0 | (v >> 6)), as: UInt8.self)
            p.storeBytes(of: UInt8(0x80 | (v & 0x3F)), toByteOffset: 1, as: UInt8.self)
            return 2
        case 0x800..<0x10000:
            p.storeBytes(of: UInt8(0xE0 | (v >> 12)), as: UInt8.self)
            p.storeBytes(of: UInt8(0x80 | ((v >> 6) & 0x3F)), toByteOffset: 1, as: UInt8.self)
            p.storeBytes(of: UInt8(0x80 | (v & 0x3F)), toByteOffset: 2, as: UInt8.self)
            return 3
        default:
            p.storeBytes(of: UInt8(0xF0 | (v >> 18)), as: UInt8.self)
            p.storeBytes(of: UInt8(0x80 | ((v >> 12) & 0x3F)), toByteOffset: 1, as: UInt8.self)
            p.storeBytes(of: UInt8(0x80 | ((v >> 6) & 0x3F)), toByteOffset: 2, as: UInt8.self)
            p.storeBytes(of: UInt8(0x80 | (v & 0x3F)), toByteOffset: 3, as: UInt8.self)
            return 4
        }
    }

    /// Appends the UTF-8 encoding of a scalar value.
    @inlinable @inline(__always)
    public static func append(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80: out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6))); out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12))); out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18))); out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F))); out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
