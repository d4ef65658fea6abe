import CCorpusKernels

/// UTF-8 validation and repair over raw bytes.
///
/// Repair follows the Unicode Standard's "maximal subpart" practice (§3.9, Table 3-8), which is also what
/// the WHATWG Encoding Standard and ICU do: each maximal subpart of an ill-formed sequence becomes one
/// U+FFFD REPLACEMENT CHARACTER. The number of *input bytes* replaced is reported so callers can count
/// repairs per file.
///
/// ```swift
/// var out: [UInt8] = []
/// let replaced = bytes.withUnsafeBytes { UTF8Repair.append($0, to: &out) }
/// ```
public enum UTF8Repair {
    /// The bytes of U+FFFD in UTF-8.
    public static let replacement: (UInt8, UInt8, UInt8) = (0xEF, 0xBF, 0xBD)

    /// Returns the offset of the first byte that is not part of a well-formed UTF-8 sequence, or `nil`
    /// when all of `bytes` is well-formed.
    ///
    /// - Complexity: O(n); ASCII runs are checked eight bytes at a time.
    @inlinable
    public static func firstInvalidOffset(in bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        // The SIMD check answers the common case (valid) at several GB/s; the scalar scan below finds
        // the exact offset when it says no.
        if bytes.count >= 32 && census_utf8_is_valid(base.assumingMemoryBound(to: UInt8.self), bytes.count) != 0 {
            return nil
        }
        return _scalarFirstInvalidOffset(base, bytes.count)
    }

    @usableFromInline
    static func _scalarFirstInvalidOffset(_ base: UnsafeRawPointer, _ n: Int) -> Int? {
        var i = 0
        while i < n {
            i = skipASCII(base, i, n)
            // Fast path: whole sequences well inside the buffer, checked with plain loads.
            while i &+ 4 <= n {
                let b0 = base.load(fromByteOffset: i, as: UInt8.self)
                if b0 < 0x80 { break }
                let b1 = base.load(fromByteOffset: i &+ 1, as: UInt8.self)
                if b0 >= 0xC2 && b0 <= 0xDF {
                    if b1 & 0xC0 != 0x80 { return i }
                    i &+= 2
                    continue
                }
                let b2 = base.load(fromByteOffset: i &+ 2, as: UInt8.self)
                if b0 >= 0xE0 && b0 <= 0xEF {
                    let lo: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
                    let hi: UInt8 = b0 == 0xED ? 0x9F : 0xBF
                    if b1 < lo || b1 > hi || b2 & 0xC0 != 0x80 { return i }
                    i &+= 3
                    continue
                }
                let b3 = base.load(fromByteOffset: i &+ 3, as: UInt8.self)
                if b0 >= 0xF0 && b0 <= 0xF4 {
                    let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
                    let hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
                    if b1 < lo || b1 > hi || b2 & 0xC0 != 0x80 || b3 & 0xC0 != 0x80 { return i }
                    i &+= 4
                    continue
                }
                return i
            }
            if i >= n { return nil }
            if base.load(fromByteOffset: i, as: UInt8.self) < 0x80 { continue }
            let length = wellFormedLength(base, i, n)
            if length < 0 { return i }
            i &+= length
        }
        return nil
    }

    /// Appends `bytes` to `output`, replacing each maximal ill-formed subpart with U+FFFD.
    ///
    /// - Parameters:
    ///   - bytes: the input, which may hold any bytes.
    ///   - output: receives well-formed UTF-8.
    /// - Returns: the number of input bytes that were replaced (0 when the input was well-formed).
    /// - Complexity: O(n).
    @inlinable
    public static func append(_ bytes: UnsafeRawBufferPointer, to output: inout [UInt8]) -> Int {
        guard let first = firstInvalidOffset(in: bytes) else {
            output.append(contentsOf: bytes)
            return 0
        }
        return _appendRepairing(bytes, from: first, to: &output)
    }

    /// Repairs `buffer` in place if needed (a copy is made only when it holds ill-formed bytes).
    ///
    /// - Returns: the number of bytes replaced.
    @inlinable
    public static func repair(_ buffer: inout [UInt8], scratch: inout [UInt8]) -> Int {
        let first = buffer.withUnsafeBytes { firstInvalidOffset(in: $0) }
        guard let first else { return 0 }
        scratch.removeAll(keepingCapacity: true)
        let replaced = buffer.withUnsafeBytes { _appendRepairing($0, from: first, to: &scratch) }
        swap(&buffer, &scratch)
        return replaced
    }

    @usableFromInline @inline(never)
    static func _appendRepairing(_ bytes: UnsafeRawBufferPointer, from first: Int, to output: inout [UInt8]) -> Int {
        let base = bytes.baseAddress!
        let n = bytes.count
        output.reserveCapacity(output.count + n + 8)
        output.append(contentsOf: UnsafeRawBufferPointer(start: base, count: first))
        var replaced = 0
        var i = first
        while i < n {
            let length = wellFormedLength(base, i, n)
            if length > 0 {
                output.append(contentsOf: UnsafeRawBufferPointer(start: base + i, count: length))
                i &+= length
            } else {
                let bad = -length
                replaced &+= bad
                i &+= bad
                output.append(replacement.0)
                output.append(replacement.1)
                output.append(replacement.2)
            }
        }
        return replaced
    }

    /// Advances `i` past ASCII bytes, eight at a time where possible.
    @inlinable @inline(__always)
    static func skipASCII(_ base: UnsafeRawPointer, _ start: Int, _ n: Int) -> Int {
        var i = start
        while i &+ 8 <= n {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if word & 0x8080_8080_8080_8080 != 0 { break }
            i &+= 8
        }
        while i < n && base.load(fromByteOffset: i, as: UInt8.self) < 0x80 { i &+= 1 }
        return i
    }

    /// Length of the well-formed sequence at `i` (1...4), or minus the length of the maximal ill-formed
    /// subpart to replace (-1...-3).
    @inlinable @inline(__always)
    static func wellFormedLength(_ base: UnsafeRawPointer, _ i: Int, _ n: Int) -> Int {
        let b0 = base.load(fromByteOffset: i, as: UInt8.self)
        if b0 < 0x80 { return 1 }
        @inline(__always) func byte(_ k: Int) -> UInt8? {
            i &+ k < n ? base.load(fromByteOffset: i &+ k, as: UInt8.self) : nil
        }
        @inline(__always) func isCont(_ b: UInt8?) -> Bool { b.map { $0 & 0xC0 == 0x80 } ?? false }
        switch b0 {
        case 0xC2...0xDF:
            return isCont(byte(1)) ? 2 : -1
        case 0xE0...0xEF:
            guard let b1 = byte(1) else { return -1 }
            let lo: UInt8 = b0 == 0xE0 ? 0xA0 : 0x80
            let hi: UInt8 = b0 == 0xED ? 0x9F : 0xBF
            guard b1 >= lo && b1 <= hi else { return -1 }
            return isCont(byte(2)) ? 3 : -2
        case 0xF0...0xF4:
            guard let b1 = byte(1) else { return -1 }
            let lo: UInt8 = b0 == 0xF0 ? 0x90 : 0x80
            let hi: UInt8 = b0 == 0xF4 ? 0x8F : 0xBF
            guard b1 >= lo && b1 <= hi else { return -1 }
            guard isCont(byte(2)) else { return -2 }
            return isCont(byte(3)) ? 4 : -3
        default:
            return -1
        }
    }
}
