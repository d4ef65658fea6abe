#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level JSON scanning helpers used by the JSONL decoder.
///
/// All functions take the whole line and an offset, return offsets, and never recurse.
enum JSONScan {
    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
    }

    @inline(__always)
    static func skipSpace(_ s: UnsafeRawBufferPointer, _ start: Int) -> Int {
        var i = start
        while i < s.count && isSpace(s[i]) { i &+= 1 }
        return i
    }

    /// Given `s[start] == '"'`, returns the offset just past the closing quote, or nil if unterminated.
    static func stringEnd(_ s: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard let base = s.baseAddress else { return nil }
        var i = start + 1
        let n = s.count
        while i < n {
            guard let hit = memchr(base + i, 0x22, n - i) else { return nil }
            let q = base.distance(to: UnsafeRawPointer(hit))
            // The quote is escaped when an odd number of backslashes precede it.
            var backslashes = 0
            var k = q - 1
            while k > start && s[k] == 0x5C { backslashes &+= 1; k &-= 1 }
            if backslashes & 1 == 0 { return q + 1 }
            i = q + 1
        }
        return nil
    }

    /// Returns the offset just past the JSON value that starts at `start`, or nil if it is malformed or nested
    /// deeper than ``JSONLimits/maxDepth`` (then `stack` holds more than that many entries). Containers are
    /// matched with an explicit stack (no recursion).
    static func valueEnd(_ s: UnsafeRawBufferPointer, from start: Int, stack: inout [UInt8]) -> Int? {
        let n = s.count
        var i = start
        guard i < n else { return nil }
        switch s[i] {
        case 0x22:
            return stringEnd(s, from: i)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            stack.removeAll(keepingCapacity: true)
            while i < n {
                let b = s[i]
                switch b {
                case 0x22:
                    guard let end = stringEnd(s, from: i) else { return nil }
                    i = end
                    continue
                case UInt8(ascii: "{"):
                    stack.append(UInt8(ascii: "}"))
                    if stack.count > JSONLimits.maxDepth { return nil }   // the caller sees the full stack
                case UInt8(ascii: "["):
                    stack.append(UInt8(ascii: "]"))
                    if stack.count > JSONLimits.maxDepth { return nil }
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard let expected = stack.popLast(), expected == b else { return nil }
                    if stack.isEmpty { return i + 1 }
                default:
                    break
                }
                i &+= 1
            }
            return nil
        default:
            // A number or a literal: up to the next delimiter.
            let begin = i
            while i < n {
                let b = s[i]
                if b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]") || isSpace(b) { break }
                i &+= 1
            }
            let token = UnsafeRawBufferPointer(rebasing: s[begin..<i])
            return isScalarToken(token) ? i : nil
        }
    }

    private static func isScalarToken(_ t: UnsafeRawBufferPointer) -> Bool {
        if t.elementsEqual("true".utf8) || t.elementsEqual("false".utf8) || t.elementsEqual("null".utf8) { return true }
        guard !t.isEmpty else { return false }
        // JSON number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
        var i = 0
        if t[i] == UInt8(ascii: "-") { i += 1 }
        func digits() -> Int { var c = 0; while i < t.count, t[i] >= 0x30, t[i] <= 0x39 { i += 1; c += 1 }; return c }
        guard i < t.count else { return false }
        if t[i] == UInt8(ascii: "0") { i += 1 } else if digits() == 0 { return false }
        if i < t.count, t[i] == UInt8(ascii: ".") { i += 1; if digits() == 0 { return false } }
        if i < t.count, t[i] == UInt8(ascii: "e") || t[i] == UInt8(ascii: "E") {
            i += 1
            if i < t.count, t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-") { i += 1 }
            if digits() == 0 { return false }
        }
        return i == t.count
    }

    @inline(__always)
    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case 0x30...0x39: UInt32(b - 0x30)
        case 0x41...0x46: UInt32(b - 0x41 + 10)
        case 0x61...0x66: UInt32(b - 0x61 + 10)
        default: nil
        }
    }

    private static func hex4(_ s: UnsafeRawBufferPointer, _ i: Int) -> UInt32? {
        guard i + 4 <= s.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<4 {
            guard let h = hexValue(s[i + k]) else { return nil }
            v = v << 4 | h
        }
        return v
    }

    @inline(__always)
    static func appendScalar(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// Appends the unescaped form of a JSON string body (without its quotes) to `out`.
    ///
    /// Raw bytes are copied as they are (UTF-8 is checked later). A lone surrogate escape becomes U+FFFD.
    /// - Returns: `ok` false on an invalid escape; `repaired` counts the escape bytes replaced by U+FFFD.
    static func unescape(_ s: UnsafeRawBufferPointer, into out: inout [UInt8]) -> (ok: Bool, repaired: Int) {
        guard let base = s.baseAddress, !s.isEmpty else { return (true, 0) }
        let n = s.count
        var repaired = 0
        var i = 0
        while i < n {
            guard let hit = memchr(base + i, 0x5C, n - i) else {
                out.append(contentsOf: UnsafeRawBufferPointer(start: base + i, count: n - i))
                return (true, repaired)
            }
            let b = base.distance(to: UnsafeRawPointer(hit))
            if b > i { out.append(contentsOf: UnsafeRawBufferPointer(start: base + i, count: b - i)) }
            guard b + 1 < n else { return (false, repaired) }
            i = b + 2
            switch s[b + 1] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard let u = hex4(s, b + 2) else { return (false, repaired) }
                i = b + 6
                if u >= 0xD800 && u <= 0xDBFF {
                    if i + 6 <= n, s[i] == 0x5C, s[i + 1] == UInt8(ascii: "u"),
                       let lo = hex4(s, i + 2), lo >= 0xDC00 && lo <= 0xDFFF {
                        appendScalar(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00), to: &out)
                        i += 6
                    } else {
                        appendScalar(0xFFFD, to: &out)
                        repaired &+= 6
                    }
                } else if u >= 0xDC00 && u <= 0xDFFF {
                    appendScalar(0xFFFD, to: &out)
                    repaired &+= 6
                } else {
                    appendScalar(u, to: &out)
                }
            default:
                return (false, repaired)
            }
        }
        return (true, repaired)
    }
}

/// Reading the metadata members of a ``Document`` (`"url":"…","lang":"de",…`) as JSON.
public enum JSONMembers {
    /// The string value of the top-level member named `field` in `members` (zero or more JSON object members,
    /// comma-separated, as ``Document/metadata`` holds them), decoded: escapes in the name and the value are
    /// decoded (`"d\u0065"` is `de`), members nested in objects or arrays are not looked at, and when the
    /// name occurs twice the last one counts (as Python's and JavaScript's JSON parsers do). Nil when there is
    /// no such member, when its value is not a string, or when the members are not well-formed JSON.
    ///
    /// - Complexity: O(n) in the length of `members`.
    public static func string(_ members: [UInt8], field: String) -> String? {
        strings(members, fields: [field])?[0]
    }

    /// The string values of several members in one pass (as ``string(_:field:)`` each, in the order of
    /// `fields`); nil when the members are not well-formed JSON.
    public static func strings(_ members: [UInt8], fields: [String]) -> [String?]? {
        let names = fields.map { Array($0.utf8) }
        var found = [String?](repeating: nil, count: names.count)
        let ok = members.withUnsafeBytes { s -> Bool in
            var stack: [UInt8] = []
            var scratch: [UInt8] = []
            var i = JSONScan.skipSpace(s, 0)
            while i < s.count {
                guard s[i] == 0x22, let keyEnd = JSONScan.stringEnd(s, from: i) else { return false }
                let key = UnsafeRawBufferPointer(rebasing: s[(i + 1)..<(keyEnd - 1)])
                var match = names.firstIndex { key.elementsEqual($0) }
                if match == nil && key.contains(0x5C) {
                    scratch.removeAll(keepingCapacity: true)
                    if JSONScan.unescape(key, into: &scratch).ok { match = names.firstIndex(of: scratch) }
                }
                i = JSONScan.skipSpace(s, keyEnd)
                guard i < s.count, s[i] == UInt8(ascii: ":") else { return false }
                let valueStart = JSONScan.skipSpace(s, i + 1)
                guard let valueEnd = JSONScan.valueEnd(s, from: valueStart, stack: &stack) else { return false }
                if let match {
                    found[match] = nil
                    if s[valueStart] == 0x22 {
                        scratch.removeAll(keepingCapacity: true)
                        if JSONScan.unescape(UnsafeRawBufferPointer(rebasing: s[(valueStart + 1)..<(valueEnd - 1)]), into: &scratch).ok {
                            found[match] = String(decoding: scratch, as: UTF8.self)
                        }
                    }
                }
                i = JSONScan.skipSpace(s, valueEnd)
                if i < s.count {
                    guard s[i] == UInt8(ascii: ",") else { return false }
                    i = JSONScan.skipSpace(s, i + 1)
                }
            }
            return true
        }
        return ok ? found : nil
    }
}
