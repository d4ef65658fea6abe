import CorpusQuality
import Testing

/// The quality signals on hand-made documents equal hand-computed values, and each rule flips at its threshold.
@Suite struct QualitySignalTests {
    static func signals(_ text: String, language: String = "en", stopWords: [String] = [], decisions: QualityThresholds? = nil) -> QualitySignals {
        var scanner = QualityScanner()
        return Array(text.utf8).withUnsafeBytes {
            scanner.scan($0, style: TokenStyle(language: language), stopWords: QualityScanner.stopWordHashes(stopWords),
                         decisions: decisions)
        }
    }

    @Test func charactersLinesAndParagraphs() {
        // "a b\n\nc d\n\na b\nx" : paragraphs "a b", "c d", "a b\nx" (none repeats: the third differs);
        // lines at runs of \n: "a b", "c d", "a b", "x" (one repeat, 3 characters).
        let s = Self.signals("a b\n\nc d\n\na b\nx")
        #expect(s.characters == 15 && s.newlines == 5)
        #expect(s.paragraphs == 3 && s.duplicateParagraphs == 0)
        #expect(s.lines == 4 && s.duplicateLines == 1 && s.duplicateLineCharacters == 3)
        // FineWeb's lines: the non-blank ones; none ends in punctuation; all are short.
        #expect(s.nonBlankLines == 4 && s.punctuatedLines == 0 && s.shortLines == 4 && s.duplicateNonBlankLineCharacters == 3)
        // A leading and a trailing newline make empty first and last lines (re.split("\n+")): 2 empty = 1 repeat.
        let edges = Self.signals("\nab\n")
        #expect(edges.lines == 3 && edges.duplicateLines == 1 && edges.duplicateLineCharacters == 0)
        // Paragraphs of the stripped text; the repeated one counts its characters.
        let p = Self.signals("  one two\n\n\nthree\n\none two  ")
        #expect(p.paragraphs == 3 && p.duplicateParagraphs == 1 && p.duplicateParagraphCharacters == 7)
        // Characters are Unicode scalars: "é" is one, as in Python.
        #expect(Self.signals("é…").characters == 2)
    }

    @Test func tokensWordsAndSymbols() {
        // spaCy-like tokens: "Hello," → "Hello" ","; "(b=0)" → "(" "b=0" ")"; "..." one token; "well-known" split in English.
        let s = Self.signals("Hello, world... (b=0) well-known #tag")
        // Hello , world ... ( b=0 ) well - known # tag: 12 tokens, as spaCy's English tokeniser makes them.
        #expect(s.tokens == 12, "\(s)")
        #expect(s.words == 6)   // Hello world b=0 well known tag; ',' '...' '(' ')' '-' '#' are symbols
        #expect(s.alphabeticTokens == 6)   // Hello world b=0 well known tag
        #expect(s.hashes == 1 && s.ellipses == 1)
        // German keeps the hyphenated word whole.
        #expect(Self.signals("well-known", language: "de").tokens == 1)
        // French takes the elision off: l' homme.
        #expect(Self.signals("l'homme", language: "fr").tokens == 2)
        // A chunk longer than any word (4,096 scalars and more) is one token, in bounded memory.
        let blob = Self.signals("x " + String(repeating: "ab(", count: 5000) + " y")
        #expect(blob.tokens == 3 && blob.words == 3)
        // Stop words: distinct ones, case-sensitive.
        #expect(Self.signals("the cat and the dog The", stopWords: ["the", "and", "of"]).stopWords == 2)
    }

    @Test func nGramRepetition() {
        // Tokens a b a b a b: the top 2-gram "a b" occurs 3 times, 3 characters each ("a b").
        let s = Self.signals("a b a b a b")
        #expect(s.top2GramCharacters == 9)
        #expect(s.top3GramCharacters == 2 * 5)   // "a b a" twice (first seen of the two 3-grams with count 2)
        // Ten tokens repeated: the second copy of each 5-gram start... with skipping, 5 characters per repeat ("".join).
        let t = Self.signals("a b c d e a b c d e")
        #expect(t.duplicatedNGramCharacters[0] == 5)   // "abcde" seen again at token 5, counted once, skip 5
        #expect(t.duplicatedNGramCharacters[1] == 0)   // no 6-gram repeats
    }

    @Test func linesForBulletsAndEllipses() {
        let s = Self.signals("• one\n- two\nthree...\nfour …  \nfive")
        #expect(s.splitLines == 5 && s.bulletLines == 2 && s.endEllipsisLines == 2)
        #expect(Self.signals("x\r\ny\u{2028}z\n").splitLines == 3)
    }

    @Test func eachRuleFlipsAtItsThreshold() {
        var t = QualityThresholds()
        t.minStopWords = 0
        // Gopher: 10 words of 4 letters; minimum words 10 passes, 11 fails.
        let ten = Self.signals("word word word word word word word word word word.")
        t.minWords = 10
        #expect(!ten.fails(.shortDocument, t))
        t.minWords = 11
        #expect(ten.fails(.shortDocument, t))
        t.minWords = 0
        // Mean word length 4: a minimum of 4 passes (strict), 4.01 fails; a maximum of 4 passes, 3.99 fails.
        t.minWordLength = 4
        #expect(!ten.fails(.shortWords, t))
        t.minWordLength = 4.01
        #expect(ten.fails(.shortWords, t))
        t.maxWordLength = 3.99
        #expect(ten.fails(.longWords, t))
        // Hashes per token: 1 '#' in 11 tokens = 0.0909; limit 0.09 fails, 0.1 passes.
        let hash = Self.signals("word word word word word word word word word word #")
        t.symbolsPerWord = 0.09
        #expect(hash.fails(.hashes, t))
        t.symbolsPerWord = 0.1
        #expect(!hash.fails(.hashes, t))
        // Duplicate lines: "a", "a", "b" → 1 of 3 = 0.333.
        let lines = Self.signals("a\na\nb")
        t.duplicateLines = 0.33
        #expect(lines.fails(.duplicateLines, t))
        t.duplicateLines = 0.34
        #expect(!lines.fails(.duplicateLines, t))
        // FineWeb: 1 of 3 lines punctuated (0.333): a limit of 0.34 fails, 0.33 passes; 0 switches it off.
        let punct = Self.signals("A line.\nanother\nmore")
        t.linePunctuation = 0.34
        #expect(punct.fails(.linePunctuation, t))
        t.linePunctuation = 0.33
        #expect(!punct.fails(.linePunctuation, t))
        t.linePunctuation = 0
        #expect(!punct.fails(.linePunctuation, t))
        // Newlines per token: 2 newlines, 6 tokens (A line . another more ... ) → "A line.\nanother\nmore" has 5 tokens.
        #expect(punct.tokens == 5)
        t.newLines = 0.39
        #expect(punct.fails(.listLike, t))
        t.newLines = 0.4
        #expect(!punct.fails(.listLike, t))
        // Alphabetic tokens: 4 of 5 (the "." is not) = 0.8: a minimum of 0.81 fails, 0.8 passes.
        t.alphabeticWords = 0.81
        #expect(punct.fails(.alphabetic, t))
        t.alphabeticWords = 0.8
        #expect(!punct.fails(.alphabetic, t))
        // Stop words: 2 distinct present; a minimum of 3 fails.
        let stops = Self.signals("the cat and the dog", stopWords: ["the", "and"])
        t.minStopWords = 2
        #expect(!stops.fails(.stopWords, t))
        t.minStopWords = 3
        #expect(stops.fails(.stopWords, t))
        // Lorem ipsum anywhere, ignoring case.
        #expect(Self.signals("Some LOREM Ipsum dolor").fails(.loremIpsum, t))
        // An empty document fails FineWeb's "empty".
        #expect(Self.signals(" \n ").fails(.empty, t))
    }

    @Test func decisionsOnlyDecideAsTheExactSignals() {
        let texts = ["a b a b a b a b c d e f a b c d e f", "one two three four five six seven eight nine ten eleven",
                     String(repeating: "the same sentence again and again. ", count: 20)]
        for text in texts {
            for code in ["en", "hr", "de", "lb"] {
                let t = QualityThresholds.defaults(for: code)
                let exact = Self.signals(text, language: code, stopWords: t.stopWords)
                let quick = Self.signals(text, language: code, stopWords: t.stopWords, decisions: t)
                #expect(exact.failures(t) == quick.failures(t), "\(code): \(text.prefix(30))")
            }
        }
    }

    @Test func thresholdsHaveTheirSourceAndOverridesApply() throws {
        let hr = QualityThresholds.defaults(for: "hr")
        #expect(hr.source.contains("hrv_Latn") && hr.stopWords.first == "je" && hr.duplicateLines == 0.312)
        #expect(QualityThresholds.defaults(for: "en").shortLines == 0.67)
        #expect(QualityThresholds.defaults(for: "lb").minStopWords == 0)
        let config = try QualityConfiguration(parsing: "# comment\nhr line_punct_thr 0.2\n* curly_bracket 1\nmt stopwords l- tal-\n", source: "q.txt")
        #expect(config.thresholds(for: "hr").linePunctuation == 0.2)
        #expect(config.thresholds(for: "de").curlyBracket)
        #expect(config.thresholds(for: "mt").stopWords == ["l-", "tal-"])
        #expect(config.thresholds(for: "hr").source.hasSuffix("+ q.txt"))
        #expect(throws: QualityConfigurationError.self) { try QualityConfiguration(parsing: "hr no_such_key 1\n", source: "q.txt") }
        #expect(throws: QualityConfigurationError.self) { try QualityConfiguration(parsing: "hr dup_line_frac -1\n", source: "q.txt") }
        for rule in QualityRule.allCases { #expect(QualityRule(name: rule.name) == rule) }
    }
}
