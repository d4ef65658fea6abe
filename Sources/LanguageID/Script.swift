import CorpusNormalize

/// Writing systems the language identifier distinguishes (ISO 15924 codes).
public enum Script: UInt8, Sendable, CaseIterable, Comparable {
    case latin, cyrillic, greek, armenian, georgian, hebrew, arabic, han, kana, hangul, thai, devanagari, other

    /// The ISO 15924 code ("Latn").
    public var code: String {
        switch self {
        case .latin: "Latn"
        case .cyrillic: "Cyrl"
        case .greek: "Grek"
        case .armenian: "Armn"
        case .georgian: "Geor"
        case .hebrew: "Hebr"
        case .arabic: "Arab"
        case .han: "Hani"
        case .kana: "Jpan"
        case .hangul: "Hang"
        case .thai: "Thai"
        case .devanagari: "Deva"
        case .other: "Zyyy"
        }
    }

    /// The script for an ISO 15924 code, or nil.
    public init?(code: String) {
        guard let s = Script.allCases.first(where: { $0.code == code }) else { return nil }
        self = s
    }

    public static func < (a: Script, b: Script) -> Bool { a.rawValue < b.rawValue }

    /// The script of every BMP code point that is a letter of one of these scripts; `nil` entries (stored as
    /// 255) for the rest (common and inherited characters, symbols). From ICU, once.
    static let bmpTable: [UInt8] = (0..<0x10000).map { cp in
        if cp >= 0xD800 && cp <= 0xDFFF { return 255 }
        switch UnicodeScripts.icuScriptCode(of: UInt32(cp)) {
        case 25: return Script.latin.rawValue
        case 8: return Script.cyrillic.rawValue
        case 14: return Script.greek.rawValue
        case 3: return Script.armenian.rawValue
        case 12: return Script.georgian.rawValue
        case 19: return Script.hebrew.rawValue
        case 2: return Script.arabic.rawValue
        case 17: return Script.han.rawValue
        case 20, 22: return Script.kana.rawValue
        case 18: return Script.hangul.rawValue
        case 38: return Script.thai.rawValue
        case 10: return Script.devanagari.rawValue
        case 0, 1, -1: return 255
        default: return Script.other.rawValue
        }
    }
}
