/// What the quality rules look at in one document: counts from one pass over its text and its word tokens.
///
/// Characters are Unicode scalars (as Python's `len`), lines and paragraphs are split as datatrove splits them
/// (``QualityScanner`` says how), and tokens are the document's words (census's tokeniser, UAX #29) plus its
/// punctuation runs between words, as spaCy's rule-based tokeniser (datatrove's default for these languages)
/// makes separate tokens of punctuation.
public struct QualitySignals: Sendable, Equatable {
    /// Unicode scalars of the text, and its `\n`s.
    public var characters = 0
    public var newlines = 0

    // Gopher repetition.
    /// Paragraphs (the stripped text split at runs of two or more newlines), and how many repeat an earlier one
    /// (and their characters).
    public var paragraphs = 0
    public var duplicateParagraphs = 0
    public var duplicateParagraphCharacters = 0
    /// Lines (the text split at runs of newlines), repeats and their characters.
    public var lines = 0
    public var duplicateLines = 0
    public var duplicateLineCharacters = 0
    /// For n = 2, 3, 4: characters of the most frequent n-gram (words joined by spaces) times its count; -1
    /// when the document has fewer than n tokens.
    public var top2GramCharacters = -1
    public var top3GramCharacters = -1
    public var top4GramCharacters = -1
    /// For n = 5 ... 10: characters of the n-grams that repeat an earlier one (Gopher's "duplicated n-grams",
    /// counting each repeated stretch once).
    public var duplicatedNGramCharacters: [Int] = [0, 0, 0, 0, 0, 0]

    // FineWeb quality.
    /// Lines (split at each `\n`) that are not blank; those ending in terminal punctuation; those of at most
    /// 30 characters; characters of the non-blank lines that repeat an earlier one.
    public var nonBlankLines = 0
    public var punctuatedLines = 0
    public var shortLines = 0
    public var duplicateNonBlankLineCharacters = 0

    // Gopher quality.
    /// Tokens (words and punctuation), words (tokens with a character that is not punctuation), their
    /// characters, and tokens with a letter.
    public var tokens = 0
    public var words = 0
    public var wordCharacters = 0
    public var alphabeticTokens = 0
    /// `#` characters, and `...` (non-overlapping) plus `…`.
    public var hashes = 0
    public var ellipses = 0
    /// Lines as Python's `splitlines` makes them; those starting with a bullet (`•`, `-`) and those ending with
    /// an ellipsis.
    public var splitLines = 0
    public var bulletLines = 0
    public var endEllipsisLines = 0
    /// Distinct stop words of the language present (case-sensitive, as datatrove matches them).
    public var stopWords = 0

    // C4.
    public var loremIpsum = false
    public var curlyBracket = false

    public init() {}

    /// The top n-gram characters for n = 2, 3, 4.
    public func topNGramCharacters(_ n: Int) -> Int {
        switch n {
        case 2: top2GramCharacters
        case 3: top3GramCharacters
        default: top4GramCharacters
        }
    }

    /// Whether the document fails `rule` under `t` (datatrove's comparisons: strict, and 0 switches a rule off).
    public func fails(_ rule: QualityRule, _ t: QualityThresholds) -> Bool {
        func over(_ part: Int, _ whole: Int, _ limit: Double) -> Bool {
            limit != 0 && whole > 0 && Double(part) / Double(whole) > limit
        }
        func under(_ part: Int, _ whole: Int, _ limit: Double) -> Bool {
            limit != 0 && whole > 0 && Double(part) / Double(whole) < limit
        }
        let averageWordLength = words > 0 ? Double(wordCharacters) / Double(words) : .nan
        switch rule {
        case .duplicateParagraphs: return over(duplicateParagraphs, paragraphs, t.duplicateParagraphs)
        case .duplicateParagraphCharacters: return over(duplicateParagraphCharacters, characters, t.duplicateParagraphCharacters)
        case .duplicateLines: return over(duplicateLines, lines, t.duplicateLines)
        case .duplicateLineCharacters: return over(duplicateLineCharacters, characters, t.duplicateLineCharacters)
        case .top2Gram, .top3Gram, .top4Gram:
            let n = Int(rule.rawValue - QualityRule.top2Gram.rawValue) + 2
            let top = topNGramCharacters(n)
            return top >= 0 && over(top, characters, t.topNGrams[n - 2])
        case .duplicated5Grams, .duplicated6Grams, .duplicated7Grams, .duplicated8Grams, .duplicated9Grams, .duplicated10Grams:
            let k = Int(rule.rawValue - QualityRule.duplicated5Grams.rawValue)
            return over(duplicatedNGramCharacters[k], characters, t.duplicatedNGrams[k])
        case .empty: return nonBlankLines == 0
        case .linePunctuation: return under(punctuatedLines, nonBlankLines, t.linePunctuation)
        case .shortLines: return over(shortLines, nonBlankLines, t.shortLines)
        case .duplicateLineCharactersFineWeb:
            return over(duplicateNonBlankLineCharacters, characters - newlines, t.duplicateLineCharactersFineWeb)
        case .listLike: return over(newlines, tokens, t.newLines)
        case .shortDocument: return t.minWords != 0 && words < t.minWords
        case .longDocument: return t.maxWords != 0 && words > t.maxWords
        case .shortWords: return t.minWordLength != 0 && averageWordLength < t.minWordLength
        case .longWords: return t.maxWordLength != 0 && averageWordLength > t.maxWordLength
        case .hashes: return over(hashes, tokens, t.symbolsPerWord)
        case .ellipses: return over(ellipses, tokens, t.symbolsPerWord)
        case .bullets: return over(bulletLines, splitLines, t.bulletLines)
        case .endEllipses: return over(endEllipsisLines, splitLines, t.endEllipsisLines)
        case .alphabetic: return under(alphabeticTokens, tokens, t.alphabeticWords)
        case .stopWords: return t.minStopWords != 0 && stopWords < t.minStopWords
        case .loremIpsum: return t.loremIpsum && loremIpsum
        case .curlyBracket: return t.curlyBracket && curlyBracket
        }
    }

    /// The first rule the document fails, in FineWeb-2's order (Gopher repetition, FineWeb quality, Gopher
    /// quality, then C4's document rules), or nil when it passes them all.
    public func firstFailure(_ t: QualityThresholds) -> QualityRule? {
        QualityRule.allCases.first { fails($0, t) }
    }

    /// Every rule the document fails (for `--quality annotate` and for comparing rule by rule).
    public func failures(_ t: QualityThresholds) -> [QualityRule] {
        QualityRule.allCases.filter { fails($0, t) }
    }
}
