/// 64-bit hashing of byte spans, for vocabulary counting, exact-duplicate keys and MinHash shingles.
///
/// The function is a multiply-fold hash in the style of wyhash: each 8-byte word is mixed into the state by a
/// 64 × 64 → 128-bit multiplication whose halves are folded with XOR (`mix`), with the length and a seed
/// mixed in first and a final avalanche step. It is not cryptographic (it does not resist chosen
/// collisions), but it is fast (several GB/s on one core), well distributed (every input bit affects every
/// output bit; checked in the tests by avalanche and collision counts) and stable: the same bytes and seed
/// give the same value on every platform and run, so hashes can be stored and merged.
///
/// ```swift
/// let h = Hash64.hash(bytes)                       // bytes: UnsafeRawBufferPointer
/// let pair = Hash64.combine(h1, h2)                // order-dependent combination, for n-grams
/// ```
public enum Hash64 {
    @usableFromInline static let p0: UInt64 = 0xA076_1D64_78BD_642F
    @usableFromInline static let p1: UInt64 = 0xE703_7ED1_A0B4_28DB
    @usableFromInline static let p2: UInt64 = 0x8EBC_6AF0_9C88_C6E3
    @usableFromInline static let p3: UInt64 = 0x5899_65CC_7537_4CC3

    @inlinable @inline(__always)
    static func mix(_ a: UInt64, _ b: UInt64) -> UInt64 {
        let r = a.multipliedFullWidth(by: b)
        return r.high ^ r.low
    }

    /// The hash of `bytes` with an optional seed.
    ///
    /// - Complexity: O(n).
    @inlinable
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        let n = bytes.count
        var h = mix(seed ^ p0, UInt64(truncatingIfNeeded: n) ^ p1)
        guard let base = bytes.baseAddress else { return finish(h) }
        var i = 0
        while i &+ 16 <= n {
            let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
            h = mix(a ^ p2 ^ h, b ^ p3)
            i &+= 16
        }
        if i &+ 8 <= n {
            h = mix(base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ p2 ^ h, p3)
            i &+= 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << shift
                shift &+= 8
                i &+= 1
            }
            h = mix(tail ^ p1 ^ h, p0)
        }
        return finish(h)
    }

    /// ASCII upper-case letters of a word of ASCII bytes to lower case, 8 at a time.
    @inlinable @inline(__always)
    static func lowerASCII(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let atLeastA = w &+ ones &* (0x80 - 0x41)       // high bit set where byte >= 'A'
        let aboveZ = w &+ ones &* (0x80 - 0x5B)         // high bit set where byte > 'Z'
        let upper = atLeastA & ~aboveZ & (ones &* 0x80)
        return w | (upper >> 2)
    }

    /// ASCII digits 1–9 of a word of ASCII bytes to `0`, 8 at a time.
    @inlinable @inline(__always)
    static func zeroDigits(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let atLeast1 = w &+ ones &* (0x80 - 0x31)
        let above9 = w &+ ones &* (0x80 - 0x3A)
        let digit = (atLeast1 & ~above9 & (ones &* 0x80)) >> 7   // 0x01 in each byte that is 1–9
        return w & ~(digit &* 0x0F)                              // '1'–'9' (0x31–0x39) become 0x30
    }

    /// ``hash(_:seed:)`` of up to 16 bytes given as two little-endian words (zero beyond `count`).
    @inlinable @inline(__always)
    static func hashWords(_ w0: UInt64, _ w1: UInt64, count n: Int, seed: UInt64) -> UInt64 {
        var h = mix(seed ^ p0, UInt64(truncatingIfNeeded: n) ^ p1)
        if n == 16 {
            h = mix(w0 ^ p2 ^ h, w1 ^ p3)
        } else if n >= 8 {
            h = mix(w0 ^ p2 ^ h, p3)
            if n > 8 { h = mix(w1 ^ p1 ^ h, p0) }
        } else if n > 0 {
            h = mix(w0 ^ p1 ^ h, p0)
        }
        return finish(h)
    }

    /// The hash of a byte array.
    @inlinable
    public static func hash(_ bytes: [UInt8], seed: UInt64 = 0) -> UInt64 {
        bytes.withUnsafeBytes { hash($0, seed: seed) }
    }

    @inlinable @inline(__always)
    static func finish(_ h: UInt64) -> UInt64 {
        var x = h ^ (h >> 29)
        x = mix(x, p3)
        return x ^ (x >> 32)
    }

    /// Combines two hashes, order-dependent (`combine(a, b) != combine(b, a)`), for hashing sequences such
    /// as word n-grams from the hashes of their words.
    @inlinable @inline(__always)
    public static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
        finish(mix(a ^ p0, b ^ p2))
    }

    /// The `count` (≤ 16) bytes at `base` as two little-endian words, zero beyond `count`. Reads only those
    /// bytes, without a copy: overlapping loads from both ends, shifted into place (overlapping bytes are equal,
    /// so OR-ing them is harmless).
    @inlinable @inline(__always)
    static func loadWords(_ base: UnsafeRawPointer, count n: Int) -> (UInt64, UInt64) {
        if n >= 8 {
            let w0 = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
            if n == 8 { return (w0, 0) }
            let last = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self))
            return (w0, last >> UInt64(truncatingIfNeeded: 8 &* (16 &- n)))
        }
        if n >= 4 {
            let first = UInt64(UInt32(littleEndian: base.loadUnaligned(as: UInt32.self)))
            let last = UInt64(UInt32(littleEndian: base.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)))
            return (first | last << UInt64(truncatingIfNeeded: 8 &* (n &- 4)), 0)
        }
        if n > 0 {
            let first = UInt64(base.load(as: UInt8.self))
            let middle = UInt64(base.load(fromByteOffset: n >> 1, as: UInt8.self))
            let last = UInt64(base.load(fromByteOffset: n &- 1, as: UInt8.self))
            return (first | middle << UInt64(truncatingIfNeeded: 8 &* (n >> 1)) | last << UInt64(truncatingIfNeeded: 8 &* (n &- 1)), 0)
        }
        return (0, 0)
    }

    /// 0x80 in each byte of `w` that is an ASCII digit 1–9, 0 elsewhere (bytes ≥ 0x80 are never digits).
    @inlinable @inline(__always)
    static func nonZeroDigits(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low = w & (ones &* 0x7F)                  // no carries between bytes below
        let atLeast1 = low &+ ones &* (0x80 - 0x31)
        let above9 = low &+ ones &* (0x80 - 0x3A)
        return atLeast1 & ~above9 & ~w & (ones &* 0x80)
    }

    /// Both keys of a word that is already case-folded (a slice of ``CaseFolding/foldKeepingOffsets(_:into:)``'s
    /// output): `hash` of its bytes, and of its bytes with ASCII digits 1–9 as `0`. Equal to
    /// ``foldedHashes(_:folding:scratch:)`` of the unfolded word.
    ///
    /// - Precondition: 16 bytes are readable from `base` when `count` ≤ 16 (the fold's padding); they are read
    ///   and masked, no byte after the word counts.
    @inlinable @inline(__always)
    public static func hashesOfFolded(_ base: UnsafeRawPointer, count n: Int, scratch: inout [UInt8])
        -> (folded: UInt64, digitsAsZero: UInt64) {
        if n <= 16 {
            var w0 = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
            var w1 = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
            let bits0 = UInt64(truncatingIfNeeded: Swift.min(n, 8) &* 8)
            let bits1 = UInt64(truncatingIfNeeded: Swift.max(n &- 8, 0) &* 8)
            w0 &= bits0 == 64 ? .max : (1 &<< bits0) &- 1
            w1 &= bits1 == 64 ? .max : (1 &<< bits1) &- 1
            let h = hashWords(w0, w1, count: n, seed: 0)
            let digits0 = nonZeroDigits(w0), digits1 = nonZeroDigits(w1)
            guard digits0 | digits1 != 0 else { return (h, h) }
            return (h, hashWords(w0 & ~((digits0 >> 7) &* 0x0F), w1 & ~((digits1 >> 7) &* 0x0F), count: n, seed: 0))
        }
        let word = UnsafeRawBufferPointer(start: base, count: n)
        let h = hash(word)
        for b in word where b &- 0x31 < 9 {
            scratch.removeAll(keepingCapacity: true)
            scratch.append(contentsOf: word)
            for k in scratch.indices where scratch[k] &- 0x31 < 9 { scratch[k] = 0x30 }
            return (h, scratch.withUnsafeBytes { hash($0) })
        }
        return (h, h)
    }

    /// Both folded hashes of a word at once: ``hashFolded(_:folding:scratch:seed:digitsToZero:)`` without and with
    /// `digitsToZero` (the vocabulary key and the duplicate-sketch key). The second is the first when the word
    /// has no digit 1–9, as most words have none; short ASCII words take one pass.
    @inlinable
    public static func foldedHashes(_ bytes: UnsafeRawBufferPointer, folding: CaseFolding, scratch: inout [UInt8])
        -> (folded: UInt64, digitsAsZero: UInt64) {
        let n = bytes.count
        if n <= 16, let base = bytes.baseAddress {
            let (w0, w1) = loadWords(base, count: n)
            if (w0 | w1) & 0x8080_8080_8080_8080 == 0 {
                let h = hashWords(lowerASCII(w0), lowerASCII(w1), count: n, seed: 0)
                guard nonZeroDigits(w0) | nonZeroDigits(w1) != 0 else { return (h, h) }
                return (h, hashWords(lowerASCII(zeroDigits(w0)), lowerASCII(zeroDigits(w1)), count: n, seed: 0))
            }
        }
        let h = hashFolded(bytes, folding: folding, scratch: &scratch)
        for b in bytes where b &- 0x31 < 9 {
            return (h, hashFolded(bytes, folding: folding, scratch: &scratch, digitsToZero: true))
        }
        return (h, h)
    }

    /// The hash of the case-folded form of `bytes` (simple case folding), the key for case-insensitive
    /// vocabulary counts. Equal to `hash` of the folded bytes; ASCII spans are folded on the stack, others
    /// through `scratch` (reused, so no allocation in steady state).
    ///
    /// With `digitsToZero`, ASCII digits 1–9 count as `0` (as exact-duplicate keys want: "2024" ≡ "2025").
    @inlinable
    public static func hashFolded(_ bytes: UnsafeRawBufferPointer, folding: CaseFolding, scratch: inout [UInt8],
                                  seed: UInt64 = 0, digitsToZero: Bool = false) -> UInt64 {
        let n = bytes.count
        if n <= 16, let base = bytes.baseAddress {
            // Up to 16 bytes: load two little-endian words, lower-case ASCII letters 8 at a time, hash in place.
            var (w0, w1) = loadWords(base, count: n)
            if (w0 | w1) & 0x8080_8080_8080_8080 == 0 {
                if digitsToZero {
                    w0 = zeroDigits(w0)
                    w1 = zeroDigits(w1)
                }
                return hashWords(lowerASCII(w0), lowerASCII(w1), count: n, seed: seed)
            }
        }
        var ascii = true
        for b in bytes where b >= 0x80 { ascii = false; break }
        if ascii && n <= 64 {
            return withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { buffer in
                for k in 0..<n {
                    var b = bytes[k]
                    if digitsToZero && b &- 0x31 < 9 { b = 0x30 }
                    buffer[k] = b &- 0x41 < 26 ? b | 0x20 : b
                }
                return hash(UnsafeRawBufferPointer(rebasing: buffer[0..<n]), seed: seed)
            }
        }
        if n <= 64 {
            // Short non-ASCII words (most of them): fold into a stack buffer. Simple folding can lengthen a
            // character by one byte at most (Ⱥ U+023A → ⱥ U+2C65), so 64 bytes fold into at most 96.
            return withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { buffer in
                var o = 0
                var i = 0
                while i < n {
                    let b = bytes[i]
                    if b < 0x80 {
                        var c = b &- 0x41 < 26 ? b | 0x20 : b
                        if digitsToZero && c &- 0x31 < 9 { c = 0x30 }
                        buffer[o] = c
                        o &+= 1
                        i &+= 1
                        continue
                    }
                    let (cp, len) = UTF8Decoding.decode(bytes, i)
                    if len == 0 {
                        buffer[o] = b
                        o &+= 1
                        i &+= 1
                        continue
                    }
                    let f = folding.fold(cp)
                    if f == cp {
                        for k in 0..<len { buffer[o &+ k] = bytes[i &+ k] }
                        o &+= len
                    } else {
                        o &+= UTF8Decoding.store(f, at: buffer.baseAddress! + o)
                    }
                    i &+= len
                }
                return hash(UnsafeRawBufferPointer(rebasing: buffer[0..<o]), seed: seed)
            }
        }
        scratch.removeAll(keepingCapacity: true)
        folding.append(bytes, to: &scratch)
        if digitsToZero {
            for k in scratch.indices where scratch[k] &- 0x31 < 9 { scratch[k] = 0x30 }
        }
        return scratch.withUnsafeBytes { hash($0, seed: seed) }
    }
}
