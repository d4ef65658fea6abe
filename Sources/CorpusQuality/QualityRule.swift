/// A quality rule a document can fail, named as datatrove names the reason (`filter_reason`), so counts
/// compare one to one with datatrove's and FineWeb-2's `removed` statistics.
///
/// The rules come from three filters, checked in FineWeb-2's order (Gopher repetition, FineWeb quality,
/// Gopher quality), then the C4 document rule: Rae et al. 2021 (Gopher, Table A1), Penedo et al. 2024
/// (FineWeb), Raffel et al. 2020 (C4).
public enum QualityRule: UInt8, CaseIterable, Sendable, Comparable {
    // Gopher repetition.
    case duplicateParagraphs = 1, duplicateParagraphCharacters, duplicateLines, duplicateLineCharacters
    case top2Gram, top3Gram, top4Gram
    case duplicated5Grams, duplicated6Grams, duplicated7Grams, duplicated8Grams, duplicated9Grams, duplicated10Grams
    // FineWeb quality.
    case empty, linePunctuation, shortLines, duplicateLineCharactersFineWeb, listLike
    // Gopher quality.
    case shortDocument, longDocument, shortWords, longWords, hashes, ellipses, bullets, endEllipses, alphabetic, stopWords
    // C4.
    case loremIpsum, curlyBracket

    /// datatrove's reason string.
    public var name: String {
        switch self {
        case .duplicateParagraphs: "dup_para_frac"
        case .duplicateParagraphCharacters: "dup_para_char_frac"
        case .duplicateLines: "dup_line_frac"
        case .duplicateLineCharacters: "dup_line_char_frac"
        case .top2Gram: "top_2_gram"
        case .top3Gram: "top_3_gram"
        case .top4Gram: "top_4_gram"
        case .duplicated5Grams: "duplicated_5_n_grams"
        case .duplicated6Grams: "duplicated_6_n_grams"
        case .duplicated7Grams: "duplicated_7_n_grams"
        case .duplicated8Grams: "duplicated_8_n_grams"
        case .duplicated9Grams: "duplicated_9_n_grams"
        case .duplicated10Grams: "duplicated_10_n_grams"
        case .empty: "empty"
        case .linePunctuation: "line_punct_ratio"
        case .shortLines: "short_line_ratio"
        case .duplicateLineCharactersFineWeb: "char_dup_ratio"
        case .listLike: "list_ratio"
        case .shortDocument: "gopher_short_doc"
        case .longDocument: "gopher_long_doc"
        case .shortWords: "gopher_below_avg_threshold"
        case .longWords: "gopher_above_avg_threshold"
        case .hashes: "gopher_too_many_hashes"
        case .ellipses: "gopher_too_many_ellipsis"
        case .bullets: "gopher_too_many_bullets"
        case .endEllipses: "gopher_too_many_end_ellipsis"
        case .alphabetic: "gopher_below_alpha_threshold"
        case .stopWords: "gopher_enough_stop_words"
        case .loremIpsum: "lorem_ipsum"
        case .curlyBracket: "curly_bracket"
        }
    }

    /// The rule whose ``name`` is `name`.
    public init?(name: String) {
        guard let rule = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = rule
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
