/// The quality thresholds of every language: the defaults of ``QualityThresholds/defaults(for:)`` with the
/// overrides of a `--quality-config` file.
///
/// The file has one setting per line, `LANGUAGE KEY VALUE` separated by white space, `*` as the language for
/// every language, `#` starting a comment:
///
/// ```
/// # Croatian: FineWeb-2's first configuration's line punctuation, and no list-likeness rule
/// hr line_punct_thr 0.2
/// hr new_line_ratio 0
/// * curly_bracket 1
/// mt stopwords l- tal- u ta' il- li
/// ```
///
/// Keys are datatrove's parameter names (``keys``); a value of 0 switches a rule off. Lines for `*` apply
/// before those of a language, whatever their order in the file.
public struct QualityConfiguration: Sendable, Equatable {
    /// Per language code (and `*`): key → value as written.
    public private(set) var overrides: [String: [(String, String)]] = [:]
    /// Where the overrides came from (for the report's method notes), or nil for the defaults.
    public var source: String?

    public init() {}

    public static func == (a: Self, b: Self) -> Bool {
        a.source == b.source && a.overrides.keys.sorted() == b.overrides.keys.sorted()
            && a.overrides.allSatisfy { k, v in b.overrides[k].map { $0.elementsEqual(v, by: ==) } ?? false }
    }

    /// Every key a file may set.
    public static let keys = [
        "dup_para_frac", "dup_para_char_frac", "dup_line_frac", "dup_line_char_frac",
        "top_2_gram", "top_3_gram", "top_4_gram",
        "duplicated_5_n_grams", "duplicated_6_n_grams", "duplicated_7_n_grams", "duplicated_8_n_grams",
        "duplicated_9_n_grams", "duplicated_10_n_grams",
        "line_punct_thr", "short_line_thr", "short_line_length", "char_duplicates_ratio", "new_line_ratio",
        "min_doc_words", "max_doc_words", "min_avg_word_length", "max_avg_word_length", "max_symbol_word_ratio",
        "max_bullet_lines_ratio", "max_ellipsis_lines_ratio", "max_non_alpha_words_ratio", "min_stop_words", "stopwords",
        "lorem_ipsum", "curly_bracket",
    ]

    /// Reads a configuration.
    /// - Throws: ``QualityConfigurationError`` naming the line of the first bad setting.
    public init(parsing text: String, source: String) throws(QualityConfigurationError) {
        self.source = source
        for (k, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            if fields.isEmpty { continue }
            guard fields.count >= 3 else {
                throw QualityConfigurationError("\(source): line \(k + 1): expected LANGUAGE KEY VALUE")
            }
            let (language, key) = (fields[0], fields[1])
            let value = fields[2...].joined(separator: " ")
            guard Self.keys.contains(key) else {
                throw QualityConfigurationError("\(source): line \(k + 1): unknown key \(key) (known: \(Self.keys.joined(separator: ", ")))")
            }
            var probe = QualityThresholds()
            guard probe.set(key, value) else {
                throw QualityConfigurationError("\(source): line \(k + 1): \(key) needs \(key == "stopwords" ? "words" : "a number 0 or more"), not \(value)")
            }
            overrides[language, default: []].append((key, value))
        }
    }

    /// The thresholds of a language.
    public func thresholds(for code: String) -> QualityThresholds {
        var t = QualityThresholds.defaults(for: code)
        let settings = (overrides["*"] ?? []) + (overrides[code] ?? [])
        for (key, value) in settings { _ = t.set(key, value) }
        if !settings.isEmpty, let source { t.source += " + \(source)" }
        return t
    }
}

/// A `--quality-config` file that cannot be used.
public struct QualityConfigurationError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension QualityThresholds {
    /// Every threshold by its ``QualityConfiguration/keys`` name (datatrove's parameter names), as a value of
    /// a configuration line would give it.
    public var settings: [(key: String, value: String)] {
        func n(_ v: Double) -> String { v == v.rounded() && abs(v) < 1e15 ? String(Int(v)) : String(v) }
        var out: [(String, String)] = [
            ("dup_para_frac", n(duplicateParagraphs)), ("dup_para_char_frac", n(duplicateParagraphCharacters)),
            ("dup_line_frac", n(duplicateLines)), ("dup_line_char_frac", n(duplicateLineCharacters)),
        ]
        for (k, v) in topNGrams.enumerated() { out.append(("top_\(k + 2)_gram", n(v))) }
        for (k, v) in duplicatedNGrams.enumerated() { out.append(("duplicated_\(k + 5)_n_grams", n(v))) }
        out += [
            ("line_punct_thr", n(linePunctuation)), ("short_line_thr", n(shortLines)), ("short_line_length", String(shortLineLength)),
            ("char_duplicates_ratio", n(duplicateLineCharactersFineWeb)), ("new_line_ratio", n(newLines)),
            ("min_doc_words", String(minWords)), ("max_doc_words", String(maxWords)),
            ("min_avg_word_length", n(minWordLength)), ("max_avg_word_length", n(maxWordLength)),
            ("max_symbol_word_ratio", n(symbolsPerWord)), ("max_bullet_lines_ratio", n(bulletLines)),
            ("max_ellipsis_lines_ratio", n(endEllipsisLines)), ("max_non_alpha_words_ratio", n(alphabeticWords)),
            ("min_stop_words", String(minStopWords)), ("stopwords", stopWords.joined(separator: " ")),
            ("lorem_ipsum", loremIpsum ? "1" : "0"), ("curly_bracket", curlyBracket ? "1" : "0"),
        ]
        return out.map { (key: $0.0, value: $0.1) }
    }

    /// Sets the threshold named `key` (a ``QualityConfiguration/keys`` name); false when the value does not fit.
    mutating func set(_ key: String, _ value: String) -> Bool {
        if key == "stopwords" {
            stopWords = value.split(separator: " ").map(String.init)
            return true
        }
        guard let v = Double(value), v >= 0, v.isFinite else { return false }
        switch key {
        case "dup_para_frac": duplicateParagraphs = v
        case "dup_para_char_frac": duplicateParagraphCharacters = v
        case "dup_line_frac": duplicateLines = v
        case "dup_line_char_frac": duplicateLineCharacters = v
        case "top_2_gram", "top_3_gram", "top_4_gram": topNGrams[Int(String(key.dropFirst(4).prefix(1)))! - 2] = v
        case _ where key.hasPrefix("duplicated_"):
            let n = Int(key.dropFirst(11).prefix { $0.isNumber })!
            duplicatedNGrams[n - 5] = v
        case "line_punct_thr": linePunctuation = v
        case "short_line_thr": shortLines = v
        case "short_line_length": shortLineLength = Int(v)
        case "char_duplicates_ratio": duplicateLineCharactersFineWeb = v
        case "new_line_ratio": newLines = v
        case "min_doc_words": minWords = Int(v)
        case "max_doc_words": maxWords = Int(v)
        case "min_avg_word_length": minWordLength = v
        case "max_avg_word_length": maxWordLength = v
        case "max_symbol_word_ratio": symbolsPerWord = v
        case "max_bullet_lines_ratio": bulletLines = v
        case "max_ellipsis_lines_ratio": endEllipsisLines = v
        case "max_non_alpha_words_ratio": alphabeticWords = v
        case "min_stop_words": minStopWords = Int(v)
        case "lorem_ipsum": loremIpsum = v != 0
        case "curly_bracket": curlyBracket = v != 0
        default: return false
        }
        return true
    }
}
