/// One byte per scalar for the pre-tokenisation scanners: the kind (other, letter `\p{L}`, number `\p{N}`,
/// space `\s` = White_Space) in bits 0–1, a newline flag (CR, LF) in bit 2, and for the ASCII letters the
/// contractions use (s d m t l v e r) an identity in bits 3–6 with a lowercase flag in bit 7.
enum ScalarClass {
    static let other: UInt8 = 0, letter: UInt8 = 1, number: UInt8 = 2, space: UInt8 = 3
    static let newlineFlag: UInt8 = 0x04, lowerFlag: UInt8 = 0x80, letterMask: UInt8 = 0x7F

    static let s = letter | 1 << 3, d = letter | 2 << 3, m = letter | 3 << 3, t = letter | 4 << 3
    static let l = letter | 5 << 3, v = letter | 6 << 3, e = letter | 7 << 3, r = letter | 8 << 3
    static let apostrophe = other | 1 << 3
    static let slash = other | 2 << 3
    static let blank = space | 1 << 3

    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { c & 3 == letter }
    @inline(__always) static func isNumber(_ c: UInt8) -> Bool { c & 3 == number }
    @inline(__always) static func isSpace(_ c: UInt8) -> Bool { c & 3 == space }
    @inline(__always) static func isOther(_ c: UInt8) -> Bool { c & 3 == other }
    @inline(__always) static func isNewline(_ c: UInt8) -> Bool { c & 7 == space | newlineFlag }

    static func of(_ scalar: Unicode.Scalar) -> UInt8 {
        switch scalar.value {
        case 0x27: return apostrophe
        case 0x2F: return slash
        case 0x20: return blank
        case 0x0A, 0x0D: return space | newlineFlag
        case 0x17F: return s   // ſ: (?i)s matches it in cl100k's contractions; GPT-2's are case-sensitive
        default: break
        }
        if scalar.isASCII, let id = "sdmtlver".unicodeScalars.firstIndex(of: Unicode.Scalar(UInt8(scalar.value | 0x20))) {
            let code = UInt8("sdmtlver".unicodeScalars.distance(from: "sdmtlver".unicodeScalars.startIndex, to: id) + 1)
            return letter | code << 3 | (scalar.value >= 0x61 ? lowerFlag : 0)
        }
        let properties = scalar.properties
        if properties.isWhitespace { return space }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return letter
        case .decimalNumber, .letterNumber, .otherNumber: return number
        default: return other
        }
    }
}

let asciiClasses: [UInt8] = (0..<128).map { ScalarClass.of(Unicode.Scalar(UInt8($0))) }

/// The classes of the Basic Multilingual Plane, worked out once (64 KB).
let bmpClasses: [UInt8] = (0..<0x10000).map { Unicode.Scalar(UInt32($0)).map(ScalarClass.of) ?? ScalarClass.other }

/// The letter case of a scalar as o200k's and Tekken's word patterns see it: `[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]`
/// (upper) and `[\p{Ll}\p{Lm}\p{Lo}\p{M}]` (lower) share modifier and other letters and marks.
enum CaseClass {
    static let none: UInt8 = 0
    /// Lu, Lt: only in the upper set.
    static let upper: UInt8 = 1
    /// Ll: only in the lower set.
    static let lower: UInt8 = 2
    /// Lm, Lo, M: in both.
    static let both: UInt8 = 3

    @inline(__always) static func inUpper(_ c: UInt8) -> Bool { c & upper != 0 }
    @inline(__always) static func inLower(_ c: UInt8) -> Bool { c & lower != 0 }

    static func of(_ scalar: Unicode.Scalar) -> UInt8 {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .titlecaseLetter: return upper
        case .lowercaseLetter: return lower
        case .modifierLetter, .otherLetter, .nonspacingMark, .spacingMark, .enclosingMark: return both
        default: return none
        }
    }
}

let asciiCaseClasses: [UInt8] = (0..<128).map { CaseClass.of(Unicode.Scalar(UInt8($0))) }

/// The case classes of the Basic Multilingual Plane (64 KB), built when a pattern first needs them.
let bmpCaseClasses: [UInt8] = (0..<0x10000).map { Unicode.Scalar(UInt32($0)).map(CaseClass.of) ?? CaseClass.none }
