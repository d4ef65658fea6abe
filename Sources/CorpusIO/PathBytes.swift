/// File names as Linux has them (any bytes but NUL and `/`) carried in Swift strings, which hold only valid
/// UTF-8.
///
/// A name that is valid UTF-8 is its own string. Each byte of an ill-formed sequence becomes one private-use
/// scalar, U+10FE00 + byte (U+10FE80 ... U+10FEFF), so the name can be turned back into its bytes to open the
/// file (``withCString(_:_:)``) and shown as `\xNN` in messages (``display(_:)``). Such scalars do not occur in
/// real file names; a name that really contains one is taken as the byte it stands for.
public enum PathBytes {
    @usableFromInline static let base: UInt32 = 0x10FE00

    /// The string for a name's bytes (ill-formed bytes escaped as described above).
    public static func string<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let array = Array(bytes)
        if let valid = String(validating: array, as: UTF8.self) { return valid }
        var scalars = String.UnicodeScalarView()
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = array.makeIterator()
        var consumed = 0
        loop: while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                scalars.append(Unicode.UTF8.decode(encoded))
                consumed += encoded.count
            case .error(let length):
                for k in 0..<length { scalars.append(Unicode.Scalar(base + UInt32(array[consumed + k]))!) }
                consumed += length
            case .emptyInput:
                break loop
            }
        }
        return String(scalars)
    }

    /// Whether `path` holds escaped bytes (it is not valid UTF-8 on disk).
    public static func hasEscapedBytes(_ path: String) -> Bool {
        path.unicodeScalars.contains { $0.value >= base + 0x80 && $0.value <= base + 0xFF }
    }

    /// The name's bytes on disk.
    public static func bytes(_ path: String) -> [UInt8] {
        guard hasEscapedBytes(path) else { return Array(path.utf8) }
        var out: [UInt8] = []
        for scalar in path.unicodeScalars {
            if scalar.value >= base + 0x80 && scalar.value <= base + 0xFF {
                out.append(UInt8(scalar.value - base))
            } else {
                out.append(contentsOf: String(scalar).utf8)
            }
        }
        return out
    }

    /// Calls `body` with the name as a C string of its bytes on disk.
    public static func withCString<R>(_ path: String, _ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        guard hasEscapedBytes(path) else { return try path.withCString(body) }
        var bytes = bytes(path).map { CChar(bitPattern: $0) }
        bytes.append(0)
        return try bytes.withUnsafeBufferPointer { try body($0.baseAddress!) }
    }

    /// `text` safe to print on one line of a terminal or a log: escaped bytes as `\xNN`, line breaks, tabs
    /// and other control characters (C0, DEL, C1) as `\n`, `\r`, `\t` or `\xNN`, a backslash as itself.
    public static func display(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case base + 0x80...base + 0xFF: out += hex(UInt8(scalar.value - base))
            case 0..<0x20, 0x7F: out += hex(UInt8(scalar.value))
            case 0x80..<0xA0: out += "\\u{\(String(scalar.value, radix: 16))}"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// `path` for data (JSON fields): the bytes of a name that is not UTF-8 as `\xNN`, everything else as
    /// it is (JSON escapes control characters itself).
    public static func readable(_ path: String) -> String {
        guard hasEscapedBytes(path) else { return path }
        var out = ""
        for scalar in path.unicodeScalars {
            if scalar.value >= base + 0x80 && scalar.value <= base + 0xFF {
                out += hex(UInt8(scalar.value - base))
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return v < 0x20 || (v >= 0x7F && v < 0xA0) || (v >= base + 0x80 && v <= base + 0xFF)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef")
        return "\\x" + String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 15)])
    }
}
