/// The thresholds of every quality rule for one language. A value of 0 switches a rule off, as in datatrove
/// (whose filters skip a check whose parameter is falsy), so a `--quality-config` line can disable a rule.
///
/// Defaults, with their provenance (``source``):
/// - the 27 EU languages FineWeb-2 publishes a configuration for (huggingface/fineweb-2 `configs/<lang>_<script>.yml`,
///   commit d331bee8, as mapped onto datatrove's filters by its `fineweb-2-pipeline.py`): the per-language
///   line-duplication, top and duplicated n-gram fractions, line punctuation, word length, alphabetic-word ratio,
///   newline ratio and stop words; FineWeb-2's fixed settings for the rest (paragraph and character duplication
///   off, short lines off, duplicate-line characters 0.1, Gopher's document rules at their defaults);
/// - English: datatrove's defaults, as FineWeb ran them (Gopher repetition and quality, FineWeb quality), with
///   datatrove's English stop words;
/// - every other language: FineWeb-2's fixed settings with datatrove's default thresholds and no stop-word rule
///   (no list we may ship): documented defaults, to be overridden per language with `--quality-config`.
/// - C4's `lorem ipsum` document rule everywhere; its curly-bracket rule off (code and CSS are not our concern,
///   and FineWeb-2 found C4's rules hurt other languages).
public struct QualityThresholds: Sendable, Equatable {
    // Gopher repetition (fractions of the document's characters, or of its paragraphs and lines).
    public var duplicateParagraphs = 0.0
    public var duplicateParagraphCharacters = 0.0
    public var duplicateLines = 0.3
    public var duplicateLineCharacters = 0.0
    /// For n = 2, 3, 4: the most frequent n-gram's characters over the document's.
    public var topNGrams = [0.2, 0.18, 0.16]
    /// For n = 5 ... 10: characters in duplicated n-grams over the document's.
    public var duplicatedNGrams = [0.15, 0.14, 0.13, 0.12, 0.11, 0.10]
    // FineWeb quality (lines split at "\n", blank lines left out).
    /// Share of lines ending in terminal punctuation below which a document fails.
    public var linePunctuation = 0.12
    /// Share of lines of at most ``shortLineLength`` characters above which a document fails (0: off).
    public var shortLines = 0.0
    public var shortLineLength = 30
    /// Characters of repeated lines over the characters that are not newlines.
    public var duplicateLineCharactersFineWeb = 0.1
    /// Newlines per word above which a document is a list.
    public var newLines = 0.3
    // Gopher quality.
    public var minWords = 50
    public var maxWords = 100_000
    public var minWordLength = 3.0
    public var maxWordLength = 10.0
    /// `#`, or `...` and `…`, per word.
    public var symbolsPerWord = 0.1
    public var bulletLines = 0.9
    public var endEllipsisLines = 0.3
    /// Share of words with a letter below which a document fails (datatrove's `max_non_alpha_words_ratio`).
    public var alphabeticWords = 0.8
    /// Distinct stop words a document must hold (0: off), and the language's list (case-sensitive).
    public var minStopWords = 2
    public var stopWords: [String] = []
    // C4.
    public var loremIpsum = true
    public var curlyBracket = false
    /// Where the values come from.
    public var source = "datatrove defaults with FineWeb-2's fixed settings"

    public init() {}

    /// The defaults of a language (an ISO 639-1 code, or a 639-3 code where there is none).
    public static func defaults(for code: String) -> QualityThresholds {
        if code == "en" { return english }
        guard let row = fineWeb2[code] else {
            var t = QualityThresholds()
            t.minStopWords = 0
            return t
        }
        var t = QualityThresholds()
        t.duplicateLines = row.dupLine
        t.topNGrams = row.top
        t.duplicatedNGrams = row.duplicated
        t.linePunctuation = row.linePunctuation
        t.minWordLength = row.wordLength.lowerBound
        t.maxWordLength = row.wordLength.upperBound
        t.alphabeticWords = row.alphabetic
        t.newLines = row.newLines
        t.stopWords = row.stopWords
        t.source = "FineWeb-2 configs/\(row.config).yml (huggingface/fineweb-2 d331bee8)"
        return t
    }

    /// datatrove's defaults, as FineWeb ran them on English.
    static var english: QualityThresholds {
        var t = QualityThresholds()
        t.duplicateParagraphs = 0.3
        t.duplicateParagraphCharacters = 0.2
        t.duplicateLineCharacters = 0.2
        t.shortLines = 0.67
        t.duplicateLineCharactersFineWeb = 0.01
        t.stopWords = ["the", "be", "to", "of", "and", "that", "have", "with"]
        t.source = "datatrove defaults (FineWeb English)"
        return t
    }

    /// One FineWeb-2 configuration.
    struct Row {
        var config: String
        var dupLine: Double
        var top: [Double]
        var duplicated: [Double]
        var linePunctuation: Double
        var wordLength: ClosedRange<Double>
        var alphabetic: Double
        var newLines: Double
        var stopWords: [String]
    }

    /// FineWeb-2's per-language values (figures from its published configurations; see the type's notes).
    static let fineWeb2: [String: Row] = [
        "hr": Row(config: "hrv_Latn", dupLine: 0.312, top: [0.215, 0.19, 0.165], duplicated: [0.173, 0.162, 0.15, 0.138, 0.126, 0.113], linePunctuation: 0.099, wordLength: 2.0...11.0, alphabetic: 0.751, newLines: 0.198,
                    stopWords: ["je", "u", "i", "se", "na", "su", "za", "od", "s", "a"]),
        "mt": Row(config: "mlt_Latn", dupLine: 0.395, top: [0.949, 0.746, 0.548], duplicated: [0.212, 0.193, 0.175, 0.159, 0.142, 0.125], linePunctuation: 0.111, wordLength: 3.0...13.0, alphabetic: 0.823, newLines: 0.162,
                    stopWords: ["l-", "tal-", "u", "ta'", "il-", "li", "fl-", "fil-", "mill-"]),
        "ga": Row(config: "gle_Latn", dupLine: 0.395, top: [0.533, 0.421, 0.379], duplicated: [0.203, 0.181, 0.181, 0.155, 0.145, 0.132], linePunctuation: 0, wordLength: 2.0...11.0, alphabetic: 0.816, newLines: 0.214,
                    stopWords: ["an", "a", "na", "agus", "ar", "i", "is", "le", "sa", "go", "é", "ag", "sé", "bhí", "de"]),
        "cy": Row(config: "cym_Latn", dupLine: 0.269, top: [0.258, 0.196, 0.165], duplicated: [0.144, 0.131, 0.12, 0.108, 0.097, 0.088], linePunctuation: 0.25, wordLength: 3.0...9.0, alphabetic: 0.828, newLines: 0.167,
                    stopWords: ["yn", "y", "a", "ffilm", "o", "gan", "'r", "ar", "mae", "yw", "cyfarwyddwr", "ei", "i", "oedd", "wedi"]),
        "sl": Row(config: "slv_Latn", dupLine: 0.317, top: [0.262, 0.225, 0.189], duplicated: [0.17, 0.158, 0.146, 0.135, 0.123, 0.111], linePunctuation: 0.045, wordLength: 2.0...12.0, alphabetic: 0.781, newLines: 0.273,
                    stopWords: ["je", "v", "in", "na", "so", "se", "ki", "za", "leta", "z"]),
        "et": Row(config: "ekk_Latn", dupLine: 0.363, top: [0.345, 0.268, 0.215], duplicated: [0.172, 0.161, 0.15, 0.139, 0.125, 0.113], linePunctuation: 0.143, wordLength: 3.0...13.0, alphabetic: 0.722, newLines: 0.213,
                    stopWords: ["ja", "on", "oli", "ta", "aastal", "eesti", "ka", "ning", "et", "mis", "kui", "aasta", "ei", "või", "see", "oma", "tema"]),
        "lv": Row(config: "lvs_Latn", dupLine: 0.329, top: [0.526, 0.337, 0.242], duplicated: [0.173, 0.16, 0.148, 0.135, 0.122, 0.109], linePunctuation: 0.125, wordLength: 2.0...13.0, alphabetic: 0.727, newLines: 0.169,
                    stopWords: ["un", "ir", "no", "ar", "gadā", "gada", "par", "bija", "arī"]),
        "lt": Row(config: "lit_Latn", dupLine: 0.32, top: [0.247, 0.21, 0.174], duplicated: [0.175, 0.163, 0.15, 0.137, 0.126, 0.114], linePunctuation: 0.167, wordLength: 3.0...12.0, alphabetic: 0.688, newLines: 0.19,
                    stopWords: ["m", "ir", "buvo", "į", "nuo", "iš", "d", "su", "yra", "lietuvos", "a", "iki", "o", "kaip", "kad", "apie", "po", "km"]),
        "da": Row(config: "dan_Latn", dupLine: 0.305, top: [0.367, 0.297, 0.232], duplicated: [0.169, 0.158, 0.147, 0.134, 0.123, 0.112], linePunctuation: 0.1, wordLength: 3.0...11.0, alphabetic: 0.798, newLines: 0.182,
                    stopWords: ["i", "og", "af", "en", "til", "er", "den", "at", "som", "på", "for", "med", "det", "blev", "var", "der", "fra", "de", "han", "et"]),
        "sv": Row(config: "swe_Latn", dupLine: 0.292, top: [0.242, 0.195, 0.174], duplicated: [0.156, 0.147, 0.136, 0.125, 0.116, 0.105], linePunctuation: 0.2, wordLength: 3.0...12.0, alphabetic: 0.841, newLines: 0.135,
                    stopWords: ["i", "och", "är", "av", "en", "som", "den", "med", "på", "till", "att", "för"]),
        "fi": Row(config: "fin_Latn", dupLine: 0.293, top: [0.253, 0.202, 0.179], duplicated: [0.153, 0.143, 0.133, 0.122, 0.112, 0.101], linePunctuation: 0.114, wordLength: 3.0...14.0, alphabetic: 0.755, newLines: 0.161,
                    stopWords: ["ja", "on", "oli", "hän", "vuonna", "myös", "joka", "se", "ei", "sen", "ovat", "sekä", "mutta", "että", "tai", "vuoden", "kanssa", "hänen", "s.", "jälkeen", "the"]),
        "pl": Row(config: "pol_Latn", dupLine: 0.32, top: [0.222, 0.198, 0.176], duplicated: [0.172, 0.16, 0.148, 0.136, 0.123, 0.111], linePunctuation: 0.087, wordLength: 3.0...12.0, alphabetic: 0.726, newLines: 0.158,
                    stopWords: ["w", "i", "na", "z", "do", "się", "roku", "od", "a", "jest", "przez", "po", "jako", "oraz", "o", "został", "był", "nie"]),
        "cs": Row(config: "ces_Latn", dupLine: 0.311, top: [0.206, 0.183, 0.165], duplicated: [0.168, 0.157, 0.145, 0.133, 0.121, 0.109], linePunctuation: 0.06, wordLength: 3.0...11.0, alphabetic: 0.781, newLines: 0.182,
                    stopWords: ["v", "a", "se", "na", "je", "z", "s", "do"]),
        "sk": Row(config: "slk_Latn", dupLine: 0.319, top: [0.316, 0.218, 0.171], duplicated: [0.176, 0.165, 0.152, 0.14, 0.127, 0.115], linePunctuation: 0, wordLength: 2.0...11.0, alphabetic: 0.752, newLines: 0.214,
                    stopWords: ["v", "a", "na", "sa", "je", "z", "roku", "s"]),
        "hu": Row(config: "hun_Latn", dupLine: 0.322, top: [0.226, 0.198, 0.172], duplicated: [0.169, 0.159, 0.148, 0.136, 0.124, 0.112], linePunctuation: 0.067, wordLength: 3.0...15.0, alphabetic: 0.766, newLines: 0.231,
                    stopWords: ["a", "az", "és", "is", "egy", "volt", "hogy", "nem", "meg", "de", "magyar", "első", "el", "között"]),
        "ro": Row(config: "ron_Latn", dupLine: 0.289, top: [0.161, 0.146, 0.131], duplicated: [0.16, 0.149, 0.138, 0.127, 0.117, 0.106], linePunctuation: 0.081, wordLength: 1.0...14.0, alphabetic: 0.779, newLines: 0.207,
                    stopWords: ["de", "în", "a", "și", "din", "la", "o", "cu", "este", "un", "pe", "fost", "care", "al"]),
        "bg": Row(config: "bul_Cyrl", dupLine: 0.317, top: [0.173, 0.157, 0.139], duplicated: [0.17, 0.158, 0.144, 0.131, 0.12, 0.108], linePunctuation: 0.154, wordLength: 3.0...10.0, alphabetic: 0.756, newLines: 0.142,
                    stopWords: ["на", "и", "в", "е", "от", "за", "се", "г.", "с", "през", "да", "по"]),
        "el": Row(config: "ell_Grek", dupLine: 0.31, top: [0.194, 0.175, 0.156], duplicated: [0.174, 0.163, 0.153, 0.142, 0.13, 0.119], linePunctuation: 0.167, wordLength: 3.0...11.0, alphabetic: 0.809, newLines: 0.116,
                    stopWords: ["του", "και", "το", "της", "η", "την", "από", "ο", "με", "τον", "να", "που", "των", "στην", "για", "στο", "σε", "είναι", "τη", "τα", "οι"]),
        "de": Row(config: "deu_Latn", dupLine: 0.263, top: [0.169, 0.153, 0.137], duplicated: [0.141, 0.134, 0.126, 0.117, 0.108, 0.098], linePunctuation: 0, wordLength: 0...15.0, alphabetic: 0.774, newLines: 0.152,
                    stopWords: ["der", "und", "die", "in", "von", "im", "den", "des", "mit", "das", "er", "dem", "als", "wurde", "für"]),
        "fr": Row(config: "fra_Latn", dupLine: 0.264, top: [0.161, 0.149, 0.134], duplicated: [0.15, 0.141, 0.131, 0.121, 0.111, 0.1], linePunctuation: 0.1, wordLength: 2.0...11.0, alphabetic: 0.812, newLines: 0.185,
                    stopWords: ["de", "la", "le", "et", "à", "en", "l'", "des", "du", "les", "est", "d'", "un", "une", "il", "dans", "par", "au"]),
        "es": Row(config: "spa_Latn", dupLine: 0.252, top: [0.156, 0.14, 0.125], duplicated: [0.145, 0.136, 0.127, 0.117, 0.108, 0.099], linePunctuation: 0.182, wordLength: 3.0...14.0, alphabetic: 0.825, newLines: 0.138,
                    stopWords: ["de", "la", "en", "el", "y", "a", "que", "del", "los", "se", "por", "un", "con", "una", "las", "su"]),
        "it": Row(config: "ita_Latn", dupLine: 0.246, top: [0.198, 0.156, 0.133], duplicated: [0.144, 0.136, 0.127, 0.118, 0.109, 0.1], linePunctuation: 0.025, wordLength: 3.0...21.0, alphabetic: 0.807, newLines: 0.2,
                    stopWords: ["di", "e", "il", "la", "in", "a", "del", "che", "è", "della", "un", "per", "nel", "l'", "con", "da", "i", "una"]),
        "nl": Row(config: "nld_Latn", dupLine: 0.296, top: [0.213, 0.182, 0.158], duplicated: [0.156, 0.146, 0.136, 0.126, 0.115, 0.104], linePunctuation: 0.102, wordLength: 3.0...17.0, alphabetic: 0.828, newLines: 0.154,
                    stopWords: ["de", "van", "in", "het", "een", "en", "is", "op", "voor", "met", "door", "zijn", "werd", "hij", "uit"]),
        "pt": Row(config: "por_Latn", dupLine: 0.287, top: [0.371, 0.191, 0.163], duplicated: [0.163, 0.153, 0.141, 0.13, 0.119, 0.108], linePunctuation: 0.077, wordLength: 3.0...13.0, alphabetic: 0.814, newLines: 0.186,
                    stopWords: ["de", "a", "e", "o", "em", "do", "da", "que", "um", "no", "uma", "com", "para", "na", "é", "foi"]),
        "ca": Row(config: "cat_Latn", dupLine: 0.294, top: [0.216, 0.189, 0.168], duplicated: [0.159, 0.149, 0.137, 0.126, 0.116, 0.105], linePunctuation: 0.154, wordLength: 2.0...11.0, alphabetic: 0.832, newLines: 0.118,
                    stopWords: ["de", "el", "la", "a", "i", "d", "l'", "en", "d'", "que", "va", "els", "per", "un", "les", "una", "amb", "es"]),
        "eu": Row(config: "eus_Latn", dupLine: 0.298, top: [0.263, 0.227, 0.192], duplicated: [0.152, 0.14, 0.129, 0.118, 0.108, 0.096], linePunctuation: 0.167, wordLength: 4.0...11.0, alphabetic: 0.788, newLines: 0.25,
                    stopWords: ["eta", "da", "ziren", "zen", "bat", "zuen", "zeuden", "izan"]),
        "gl": Row(config: "glg_Latn", dupLine: 0.906, top: [0.629, 0.399, 0.354], duplicated: [0.266, 0.242, 0.221, 0.2, 0.18, 0.159], linePunctuation: 0.136, wordLength: 1.0...10.0, alphabetic: 0.824, newLines: 0.182,
                    stopWords: ["de", "a", "e", "o", "en", "que", "do", "da", "un", "no", "os", "na", "é", "unha", "como"]),
    ]
}
