/// Counting Unicode scalars and lines of UTF-8 text, eight bytes at a time.
public enum TextCounting {
    /// The number of Unicode scalars (bytes that are not UTF-8 continuation bytes) and of newline bytes.
    ///
    /// - Complexity: O(n), SWAR over 64-bit words.
    @inlinable
    public static func scalarsAndNewlines(_ text: UnsafeRawBufferPointer) -> (scalars: Int, newlines: Int) {
        guard let base = text.baseAddress else { return (0, 0) }
        let n = text.count
        var continuation = 0, newlines = 0
        var i = 0
        let high: UInt64 = 0x8080_8080_8080_8080, ones: UInt64 = 0x0101_0101_0101_0101
        while i &+ 8 <= n {
            let w = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            // Continuation bytes: bit 7 set and bit 6 clear.
            continuation &+= (w & ~(w << 1) & high).nonzeroBitCount
            // Newlines: bytes equal to 0x0A (zero bytes of w ^ 0x0A..., exact with the high-bit trick).
            let x = w ^ (ones &* 0x0A)
            let zero = ~(((x & ~high) &+ ~high) | x | ~high)
            newlines &+= zero.nonzeroBitCount
            i &+= 8
        }
        while i < n {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            if b & 0xC0 == 0x80 { continuation &+= 1 }
            if b == 0x0A { newlines &+= 1 }
            i &+= 1
        }
        return (n - continuation, newlines)
    }
}
