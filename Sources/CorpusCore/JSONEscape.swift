import CCorpusKernels

/// Writes JSON string literals from UTF-8 bytes.
///
/// Escapes `"` and `\`, writes `\n`, `\r`, `\t`, `\b`, `\f` for those controls and `\u00XX` for the
/// other C0 controls (including NUL) and DEL; leaves all other bytes as they are, so well-formed UTF-8
/// stays as it is. Runs of bytes that need no escape are copied in bulk.
public enum JSONEscape {
    /// Appends `"…"` with the escaped contents of `bytes` to `out`.
    ///
    /// - Complexity: O(n).
    @inlinable
    public static func appendQuoted(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        out.append(0x22)
        appendEscaped(bytes, to: &out)
        out.append(0x22)
    }

    /// Appends `"…"` for a byte array.
    @inlinable
    public static func appendQuoted(_ bytes: [UInt8], to out: inout [UInt8]) {
        bytes.withUnsafeBytes { appendQuoted($0, to: &out) }
    }

    /// Appends `"…"` for a Swift string.
    @inlinable
    public static func appendQuoted(_ string: String, to out: inout [UInt8]) {
        var s = string
        s.withUTF8 { appendQuoted(UnsafeRawBufferPointer($0), to: &out) }
    }

    /// Appends the escaped contents of `bytes` (no quotes) to `out`. Runs without escapes are found 16 bytes
    /// at a time (SSE2) and copied in bulk.
    @inlinable
    public static func appendEscaped(_ bytes: UnsafeRawBufferPointer, to out: inout [UInt8]) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let n = bytes.count
        var i = 0
        while i < n {
            let next = i + census_json_escape_scan(base + i, n - i)
            if next > i { out.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[i..<next])) }
            guard next < n else { break }
            appendEscape(base[next], to: &out)
            i = next + 1
        }
    }

    @usableFromInline @inline(never)
    static func appendEscape(_ b: UInt8, to out: inout [UInt8]) {
        out.append(0x5C)
        switch b {
        case 0x22: out.append(0x22)
        case 0x5C: out.append(0x5C)
        case 0x0A: out.append(UInt8(ascii: "n"))
        case 0x0D: out.append(UInt8(ascii: "r"))
        case 0x09: out.append(UInt8(ascii: "t"))
        case 0x08: out.append(UInt8(ascii: "b"))
        case 0x0C: out.append(UInt8(ascii: "f"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            out.append(UInt8(ascii: "u"))
            out.append(UInt8(ascii: "0"))
            out.append(UInt8(ascii: "0"))
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 0xF)])
        }
    }
}
