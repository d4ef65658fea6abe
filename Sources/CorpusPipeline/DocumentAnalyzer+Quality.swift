import CorpusCore
import CorpusQuality

/// What `--quality` does: remove the documents that fail a rule (`filter`), write the signals and failed rules
/// into each document's metadata (`annotate`), or nothing (`off`).
public enum QualityMode: String, Sendable, CaseIterable {
    case filter, annotate, off
}

/// The quality rules of a run, applied by each worker's analyser to its documents (scanner and per-language
/// thresholds are its own: one per thread).
package struct QualityJudge: Sendable {
    package var mode = QualityMode.off
    package var configuration = QualityConfiguration()
    private var scanner = QualityScanner()
    /// Per language code: its thresholds and stop-word hashes.
    private var cache: [String: (QualityThresholds, [UInt64], TokenStyle)] = [:]

    package init(mode: QualityMode = .off, configuration: QualityConfiguration = QualityConfiguration()) {
        self.mode = mode
        self.configuration = configuration
    }

    /// The quality rule the document fails (in filter mode; nil when it passes or is not judged), and in annotate
    /// mode appends its signals to `metadata` (`"quality":{"rules":[...],...}`).
    ///
    /// Documents of line-per-record inputs (`lines`: one sentence each) are not judged: the rules are about
    /// documents, and every sentence would fail Gopher's 50 words.
    mutating func assess(_ text: UnsafeRawBufferPointer, code: String, lineRecords: Bool,
                         metadata: inout [UInt8]) -> QualityRule? {
        guard mode != .off, !lineRecords else { return nil }
        if cache[code] == nil {
            let t = configuration.thresholds(for: code)
            cache[code] = (t, QualityScanner.stopWordHashes(t.stopWords), TokenStyle(language: code))
        }
        let (thresholds, stopWords, style) = cache[code]!
        let signals = scanner.scan(text, style: style, stopWords: stopWords, shortLineLength: thresholds.shortLineLength,
                                   decisions: mode == .filter ? thresholds : nil)
        if mode == .filter { return signals.firstFailure(thresholds) }
        Self.appendAnnotation(signals, failures: signals.failures(thresholds), to: &metadata)
        return nil
    }

    /// `"quality":{"rules":[...], <signal>: <count>, ...}` after the record's other metadata members.
    static func appendAnnotation(_ s: QualitySignals, failures: [QualityRule], to metadata: inout [UInt8]) {
        if !metadata.isEmpty { metadata.append(UInt8(ascii: ",")) }
        metadata.append(contentsOf: #""quality":{"rules":["#.utf8)
        for (k, rule) in failures.enumerated() {
            if k > 0 { metadata.append(UInt8(ascii: ",")) }
            JSONEscape.appendQuoted(rule.name, to: &metadata)
        }
        metadata.append(UInt8(ascii: "]"))
        let values: [(String, Int)] = [
            ("characters", s.characters), ("newlines", s.newlines), ("paragraphs", s.paragraphs),
            ("duplicate_paragraphs", s.duplicateParagraphs), ("duplicate_paragraph_characters", s.duplicateParagraphCharacters),
            ("lines", s.lines), ("duplicate_lines", s.duplicateLines), ("duplicate_line_characters", s.duplicateLineCharacters),
            ("top_2_gram_characters", s.top2GramCharacters), ("top_3_gram_characters", s.top3GramCharacters),
            ("top_4_gram_characters", s.top4GramCharacters),
            ("duplicated_5_gram_characters", s.duplicatedNGramCharacters[0]), ("duplicated_6_gram_characters", s.duplicatedNGramCharacters[1]),
            ("duplicated_7_gram_characters", s.duplicatedNGramCharacters[2]), ("duplicated_8_gram_characters", s.duplicatedNGramCharacters[3]),
            ("duplicated_9_gram_characters", s.duplicatedNGramCharacters[4]), ("duplicated_10_gram_characters", s.duplicatedNGramCharacters[5]),
            ("non_blank_lines", s.nonBlankLines), ("punctuated_lines", s.punctuatedLines), ("short_lines", s.shortLines),
            ("duplicate_non_blank_line_characters", s.duplicateNonBlankLineCharacters),
            ("tokens", s.tokens), ("words", s.words), ("word_characters", s.wordCharacters), ("alphabetic_tokens", s.alphabeticTokens),
            ("hashes", s.hashes), ("ellipses", s.ellipses), ("split_lines", s.splitLines), ("bullet_lines", s.bulletLines),
            ("end_ellipsis_lines", s.endEllipsisLines), ("stop_words", s.stopWords),
            ("lorem_ipsum", s.loremIpsum ? 1 : 0), ("curly_bracket", s.curlyBracket ? 1 : 0),
        ]
        for (name, value) in values {
            metadata.append(contentsOf: ",\"\(name)\":\(value)".utf8)
        }
        metadata.append(UInt8(ascii: "}"))
    }
}
