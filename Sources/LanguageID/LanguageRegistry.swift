import CorpusStats

/// How a language stands in the European Union.
public enum EUStatus: String, Sendable, CaseIterable {
    /// One of the 24 official languages of the EU.
    case official
    /// A regional or minority language of an EU member state.
    case regional
    /// A language of a neighbouring country, supported because it is confused with EU languages.
    case neighbour
}

/// A language the toolkit knows: codes, names, scripts and EU status.
public struct LanguageInfo: Sendable, Hashable {
    /// ISO 639-1 code where one exists, else ISO 639-3 ("de", "hsb").
    public var code: String
    /// ISO 639-3 code ("deu").
    public var iso639_3: String
    /// English name.
    public var name: String
    /// Name in the language itself.
    public var endonym: String
    /// Scripts the language is written in (ISO 15924).
    public var scripts: [String]
    /// EU status.
    public var euStatus: EUStatus

    /// First-language speakers in the EU (27 member states), in millions, or nil where the language has no
    /// native community in the EU. See ``LanguageRegistry/speakerSource``.
    public var euSpeakersMillions: Double? { LanguageRegistry.euSpeakers[code] }

    /// People in the EU-27 who speak the language as a foreign language well enough to hold a conversation, in
    /// millions, where Special Eurobarometer 386 publishes the share (English, French, German, Spanish, Russian:
    /// its five most spoken foreign languages); nil elsewhere. See ``LanguageRegistry/secondLanguageSource``.
    public var euSecondLanguageSpeakersMillions: Double? { LanguageRegistry.euSecondLanguageSpeakers[code] }

    /// The resource class of Joshi et al. (2020), "The State and Fate of Linguistic Diversity and Inclusion
    /// in the NLP World" (ACL 2020), for the official EU languages: 5 most resourced ... 0 left behind.
    public var joshiClass: Int? { LanguageRegistry.joshiClasses[code] }

    /// Approximate share of web pages in the language, in percent: rounded from Common Crawl's published
    /// language distribution (commoncrawl.github.io/cc-crawl-statistics, crawls of 2023–2024; languages below
    /// its reporting precision are given 0.001–0.005). Used as a prior by the language identifier.
    public var webShare: Double { LanguageRegistry.webShares[code] ?? 0.001 }

    /// The code FineWeb-2 gives the language in its `language` field and subset names: ISO 639-3, an individual
    /// language where FineWeb-2 uses one (Estonian `ekk`, Latvian `lvs`, Albanian `als`).
    public var fineWeb2Code: String { LanguageRegistry.fineWeb2Codes[code] ?? iso639_3 }

    /// The largest public web corpus of the language (FineWeb-2; FineWeb for English), or nil.
    public var reference: ReferenceSize? { ReferenceCorpora.of(code) }

    /// What the language model learned this language from, or nil for a language it does not identify.
    public var trainingData: TrainingData? { LanguageRegistry.trainingData[code] }
}

/// How much text, and of which register, the language model was trained on for one language: what a reader
/// of the report should know before trusting its figures for that language (a model that learned a language
/// from software strings or word lists may miss it in news prose).
public struct TrainingData: Sendable, Hashable {
    /// Megabytes of training text.
    public var megabytes: Double
    /// Shares (0–1) of the text by register: running prose (literature, fortunes, descriptions), manuals and
    /// help, software interface strings, and pseudo-sentences drawn from word lists.
    public var prose: Double
    public var documentation: Double
    public var interface: Double
    public var wordLists: Double

    public init(megabytes: Double, prose: Double, documentation: Double, interface: Double, wordLists: Double) {
        self.megabytes = megabytes
        self.prose = prose
        self.documentation = documentation
        self.interface = interface
        self.wordLists = wordLists
    }

    /// One phrase: "5.0 MB: 45 % prose, 30 % manuals, 25 % interface", or "mostly word lists" where those
    /// make more than half.
    public var summary: String {
        let parts = [(prose, "prose"), (documentation, "manuals"), (interface, "interface strings"), (wordLists, "word lists")]
            .filter { $0.0 >= 0.01 }.sorted { $0.0 > $1.0 }
        let size = String(format: "%.1f MB", megabytes)
        if let top = parts.first, top.0 > 0.5 {
            return "\(size), mostly \(top.1)" + (parts.count > 1 ? " (" + parts.dropFirst().map { "\(Int(($0.0 * 100).rounded())) % \($0.1)" }.joined(separator: ", ") + ")" : "")
        }
        return size + ": " + parts.map { "\(Int(($0.0 * 100).rounded())) % \($0.1)" }.joined(separator: ", ")
    }
}

/// The languages census knows, in a fixed order (EU official, regional, neighbours; by code within each).
public enum LanguageRegistry {
    /// Every language, in registry order.
    public static let all: [LanguageInfo] = [
        // EU official languages
        .init(code: "bg", iso639_3: "bul", name: "Bulgarian", endonym: "български", scripts: ["Cyrl"], euStatus: .official),
        .init(code: "cs", iso639_3: "ces", name: "Czech", endonym: "čeština", scripts: ["Latn"], euStatus: .official),
        .init(code: "da", iso639_3: "dan", name: "Danish", endonym: "dansk", scripts: ["Latn"], euStatus: .official),
        .init(code: "de", iso639_3: "deu", name: "German", endonym: "Deutsch", scripts: ["Latn"], euStatus: .official),
        .init(code: "el", iso639_3: "ell", name: "Greek", endonym: "ελληνικά", scripts: ["Grek"], euStatus: .official),
        .init(code: "en", iso639_3: "eng", name: "English", endonym: "English", scripts: ["Latn"], euStatus: .official),
        .init(code: "es", iso639_3: "spa", name: "Spanish", endonym: "español", scripts: ["Latn"], euStatus: .official),
        .init(code: "et", iso639_3: "est", name: "Estonian", endonym: "eesti", scripts: ["Latn"], euStatus: .official),
        .init(code: "fi", iso639_3: "fin", name: "Finnish", endonym: "suomi", scripts: ["Latn"], euStatus: .official),
        .init(code: "fr", iso639_3: "fra", name: "French", endonym: "français", scripts: ["Latn"], euStatus: .official),
        .init(code: "ga", iso639_3: "gle", name: "Irish", endonym: "Gaeilge", scripts: ["Latn"], euStatus: .official),
        .init(code: "hr", iso639_3: "hrv", name: "Croatian", endonym: "hrvatski", scripts: ["Latn"], euStatus: .official),
        .init(code: "hu", iso639_3: "hun", name: "Hungarian", endonym: "magyar", scripts: ["Latn"], euStatus: .official),
        .init(code: "it", iso639_3: "ita", name: "Italian", endonym: "italiano", scripts: ["Latn"], euStatus: .official),
        .init(code: "lt", iso639_3: "lit", name: "Lithuanian", endonym: "lietuvių", scripts: ["Latn"], euStatus: .official),
        .init(code: "lv", iso639_3: "lav", name: "Latvian", endonym: "latviešu", scripts: ["Latn"], euStatus: .official),
        .init(code: "mt", iso639_3: "mlt", name: "Maltese", endonym: "Malti", scripts: ["Latn"], euStatus: .official),
        .init(code: "nl", iso639_3: "nld", name: "Dutch", endonym: "Nederlands", scripts: ["Latn"], euStatus: .official),
        .init(code: "pl", iso639_3: "pol", name: "Polish", endonym: "polski", scripts: ["Latn"], euStatus: .official),
        .init(code: "pt", iso639_3: "por", name: "Portuguese", endonym: "português", scripts: ["Latn"], euStatus: .official),
        .init(code: "ro", iso639_3: "ron", name: "Romanian", endonym: "română", scripts: ["Latn"], euStatus: .official),
        .init(code: "sk", iso639_3: "slk", name: "Slovak", endonym: "slovenčina", scripts: ["Latn"], euStatus: .official),
        .init(code: "sl", iso639_3: "slv", name: "Slovenian", endonym: "slovenščina", scripts: ["Latn"], euStatus: .official),
        .init(code: "sv", iso639_3: "swe", name: "Swedish", endonym: "svenska", scripts: ["Latn"], euStatus: .official),
        // Regional and minority languages
        .init(code: "br", iso639_3: "bre", name: "Breton", endonym: "brezhoneg", scripts: ["Latn"], euStatus: .regional),
        .init(code: "ca", iso639_3: "cat", name: "Catalan", endonym: "català", scripts: ["Latn"], euStatus: .regional),
        .init(code: "co", iso639_3: "cos", name: "Corsican", endonym: "corsu", scripts: ["Latn"], euStatus: .regional),
        .init(code: "cy", iso639_3: "cym", name: "Welsh", endonym: "Cymraeg", scripts: ["Latn"], euStatus: .regional),
        .init(code: "dsb", iso639_3: "dsb", name: "Lower Sorbian", endonym: "dolnoserbšćina", scripts: ["Latn"], euStatus: .regional),
        .init(code: "eu", iso639_3: "eus", name: "Basque", endonym: "euskara", scripts: ["Latn"], euStatus: .regional),
        .init(code: "fy", iso639_3: "fry", name: "Western Frisian", endonym: "Frysk", scripts: ["Latn"], euStatus: .regional),
        .init(code: "gd", iso639_3: "gla", name: "Scottish Gaelic", endonym: "Gàidhlig", scripts: ["Latn"], euStatus: .regional),
        .init(code: "gl", iso639_3: "glg", name: "Galician", endonym: "galego", scripts: ["Latn"], euStatus: .regional),
        .init(code: "hsb", iso639_3: "hsb", name: "Upper Sorbian", endonym: "hornjoserbšćina", scripts: ["Latn"], euStatus: .regional),
        .init(code: "lb", iso639_3: "ltz", name: "Luxembourgish", endonym: "Lëtzebuergesch", scripts: ["Latn"], euStatus: .regional),
        .init(code: "oc", iso639_3: "oci", name: "Occitan", endonym: "occitan", scripts: ["Latn"], euStatus: .regional),
        .init(code: "sc", iso639_3: "srd", name: "Sardinian", endonym: "sardu", scripts: ["Latn"], euStatus: .regional),
        .init(code: "se", iso639_3: "sme", name: "Northern Sami", endonym: "davvisámegiella", scripts: ["Latn"], euStatus: .regional),
        // Neighbours
        .init(code: "be", iso639_3: "bel", name: "Belarusian", endonym: "беларуская", scripts: ["Cyrl"], euStatus: .neighbour),
        .init(code: "bs", iso639_3: "bos", name: "Bosnian", endonym: "bosanski", scripts: ["Latn", "Cyrl"], euStatus: .neighbour),
        .init(code: "fo", iso639_3: "fao", name: "Faroese", endonym: "føroyskt", scripts: ["Latn"], euStatus: .neighbour),
        .init(code: "is", iso639_3: "isl", name: "Icelandic", endonym: "íslenska", scripts: ["Latn"], euStatus: .neighbour),
        .init(code: "mk", iso639_3: "mkd", name: "Macedonian", endonym: "македонски", scripts: ["Cyrl"], euStatus: .neighbour),
        .init(code: "nb", iso639_3: "nob", name: "Norwegian Bokmål", endonym: "norsk bokmål", scripts: ["Latn"], euStatus: .neighbour),
        .init(code: "nn", iso639_3: "nno", name: "Norwegian Nynorsk", endonym: "norsk nynorsk", scripts: ["Latn"], euStatus: .neighbour),
        .init(code: "ru", iso639_3: "rus", name: "Russian", endonym: "русский", scripts: ["Cyrl"], euStatus: .neighbour),
        .init(code: "sq", iso639_3: "sqi", name: "Albanian", endonym: "shqip", scripts: ["Latn"], euStatus: .neighbour),
        .init(code: "sr", iso639_3: "srp", name: "Serbian", endonym: "српски / srpski", scripts: ["Cyrl", "Latn"], euStatus: .neighbour),
        .init(code: "tr", iso639_3: "tur", name: "Turkish", endonym: "Türkçe", scripts: ["Latn"], euStatus: .neighbour),
        .init(code: "uk", iso639_3: "ukr", name: "Ukrainian", endonym: "українська", scripts: ["Cyrl"], euStatus: .neighbour),
    ]

    /// The class of text in languages census does not identify (ISO 639's `mis`, "uncoded languages"):
    /// a model class trained on the pooled text of other languages written in Latin or Cyrillic script
    /// (Vietnamese, Indonesian, Malay, Swahili, Azerbaijani, Kazakh, ... : `OTHER_LANGS` of
    /// Training/build-training-data.py). The identifier answers `und` when it wins, so such text never
    /// inflates a language census reports. Not in ``all``: it is no language of the report.
    public static let otherLanguages = LanguageInfo(code: "mis", iso639_3: "mis", name: "Other languages", endonym: "–",
                                                    scripts: ["Latn", "Cyrl"], euStatus: .neighbour)

    /// Sets of close languages the identifier often cannot tell apart on little text. When a text is surely
    /// in one set (the set's confidence reaches the threshold) but not surely which member, the best member
    /// is answered rather than `und`, so the set's languages do not lose their text (see
    /// ``LanguageIdentifier``).
    public static let closeSets: [[String]] = [["hr", "sr", "bs"], ["cs", "sk"], ["da", "nb", "nn", "sv"], ["es", "gl", "pt"], ["ca", "oc"]]

    /// The classes a model is trained on: every language of ``all`` and ``otherLanguages``.
    public static var modelClasses: [LanguageInfo] { all + [otherLanguages] }

    /// The language with this code, or nil.
    public static func info(_ code: String) -> LanguageInfo? { byCode[code] }

    private static let byCode: [String: LanguageInfo] = Dictionary(uniqueKeysWithValues: all.map { ($0.code, $0) })

    static let webShares: [String: Double] = [
        "en": 44, "ru": 6.0, "de": 5.5, "es": 4.5, "fr": 4.3, "it": 2.4, "nl": 1.9, "pl": 1.8, "pt": 1.7, "cs": 1.0,
        "tr": 0.9, "sv": 0.7, "hu": 0.6, "el": 0.55, "ro": 0.5, "da": 0.5, "fi": 0.4, "uk": 0.4, "sk": 0.35,
        "nb": 0.3, "bg": 0.3, "ca": 0.2, "hr": 0.2, "sr": 0.15, "lt": 0.15, "sl": 0.13, "et": 0.1, "lv": 0.1,
        "mk": 0.04, "is": 0.04, "bs": 0.03, "eu": 0.03, "gl": 0.03, "sq": 0.03, "be": 0.02, "cy": 0.02, "nn": 0.02,
        "mt": 0.01, "ga": 0.01, "lb": 0.01, "fo": 0.003, "fy": 0.003, "br": 0.003, "oc": 0.003, "gd": 0.002,
        "co": 0.001, "sc": 0.001, "se": 0.001, "hsb": 0.001, "dsb": 0.0005,
        // Other languages in Latin or Cyrillic script (vi 1.0, id 1.0, ms, kk, az, ... in Common Crawl):
        "mis": 1.0,
    ]

    /// The prior share of a model class (``LanguageInfo/webShare``, and the pooled other languages').
    public static func webShare(ofClass code: String) -> Double { webShares[code] ?? 0.001 }

    /// Where the speaker figures come from.
    public static let speakerSource = "L1 speakers in the EU-27, millions, rounded: official languages from the mother-tongue shares of Special Eurobarometer 386 'Europeans and their languages' (European Commission, 2012) applied to Eurostat's 2023 population of the member states where each is spoken; regional and minority languages from national censuses and Ethnologue (26th edition, 2023). Approximate: counts of native speakers vary with the survey and the definition."

    /// ``LanguageInfo/fineWeb2Code`` of every language, worked out once (the record writer asks per document).
    public static let fineWeb2Codes: [String: String] = Dictionary(uniqueKeysWithValues: all.map {
        ($0.code, ReferenceCorpora.fineWeb2Subset($0.code) ?? $0.iso639_3)
    })

    /// Where the second-language figures come from.
    public static let secondLanguageSource = "L2 speakers in the EU-27, millions: the shares of Europeans who can hold a conversation in the language as a foreign language in Special Eurobarometer 386 'Europeans and their languages' (European Commission, 2012: English 38 %, French 12 %, German 11 %, Spanish 7 %, Russian 5 %, its five most spoken foreign languages) applied to Eurostat's EU-27 population of 1 January 2023 (448.4 M). The survey's EU-27 of 2012 included the United Kingdom and asked people aged 15 and over, so the figures are approximate; for the other languages it publishes no share of 5 % or more, and their L1+L2 figure is their L1 figure, a lower bound."

    static let euSecondLanguageSpeakers: [String: Double] = ["en": 170, "fr": 54, "de": 49, "es": 31, "ru": 22]

    static let euSpeakers: [String: Double] = [
        "de": 76, "fr": 67, "it": 60, "es": 42, "pl": 38, "ro": 20, "nl": 23, "el": 12.5, "pt": 10.5, "hu": 12.5,
        "cs": 10.5, "sv": 10, "bg": 7, "da": 5.5, "fi": 5, "sk": 5, "hr": 4, "lt": 2.8, "sl": 2.1, "lv": 1.3,
        "et": 1.1, "en": 6, "mt": 0.5, "ga": 0.17,
        "ca": 4.1, "gl": 2.3, "eu": 0.75, "lb": 0.4, "br": 0.2, "fy": 0.45, "oc": 0.1, "co": 0.1, "sc": 1.0,
        "se": 0.02, "hsb": 0.013, "dsb": 0.007,
        "ru": 1.5, "tr": 1.5, "sq": 0.15, "sr": 0.3, "bs": 0.15, "uk": 1.0, "mk": 0.02, "nb": 0.01, "nn": 0.001,
        "is": 0.005, "fo": 0.01, "be": 0.05,
    ]

    static let joshiClasses: [String: Int] = [
        "en": 5, "de": 5, "fr": 5, "es": 5,
        "cs": 4, "fi": 4, "hr": 4, "hu": 4, "it": 4, "nl": 4, "pl": 4, "pt": 4, "sv": 4,
        "bg": 3, "da": 3, "el": 3, "et": 3, "lt": 3, "lv": 3, "ro": 3, "sk": 3, "sl": 3,
        "ga": 2, "mt": 2,
    ]

    /// What the model learned a language from: train text of `build-training-data.py --max-mb-per-lang 5`
    /// (its stats.tsv of 2026-12-04), by register.
    static let trainingData: [String: TrainingData] = [
        "bg": .init(megabytes: 5.0, prose: 0.03, documentation: 0.09, interface: 0.88, wordLists: 0.0),
        "cs": .init(megabytes: 5.0, prose: 0.45, documentation: 0.3, interface: 0.25, wordLists: 0.0),
        "da": .init(megabytes: 5.0, prose: 0.45, documentation: 0.3, interface: 0.25, wordLists: 0.0),
        "de": .init(megabytes: 5.0, prose: 0.45, documentation: 0.3, interface: 0.25, wordLists: 0.0),
        "el": .init(megabytes: 5.0, prose: 0.13, documentation: 0.62, interface: 0.25, wordLists: 0.0),
        "en": .init(megabytes: 5.0, prose: 0.45, documentation: 0.3, interface: 0.25, wordLists: 0.0),
        "es": .init(megabytes: 5.0, prose: 0.45, documentation: 0.3, interface: 0.25, wordLists: 0.0),
        "et": .init(megabytes: 4.1, prose: 0.0, documentation: 0.43, interface: 0.57, wordLists: 0.0),
        "fi": .init(megabytes: 5.0, prose: 0.03, documentation: 0.3, interface: 0.66, wordLists: 0.0),
        "fr": .init(megabytes: 5.0, prose: 0.45, documentation: 0.3, interface: 0.25, wordLists: 0.0),
        "ga": .init(megabytes: 1.1, prose: 0.01, documentation: 0.0, interface: 0.99, wordLists: 0.0),
        "hr": .init(megabytes: 2.7, prose: 0.02, documentation: 0.13, interface: 0.85, wordLists: 0.0),
        "hu": .init(megabytes: 5.0, prose: 0.01, documentation: 0.66, interface: 0.33, wordLists: 0.0),
        "it": .init(megabytes: 5.0, prose: 0.45, documentation: 0.3, interface: 0.25, wordLists: 0.0),
        "lt": .init(megabytes: 3.3, prose: 0.01, documentation: 0.09, interface: 0.9, wordLists: 0.0),
        "lv": .init(megabytes: 2.6, prose: 0.01, documentation: 0.11, interface: 0.88, wordLists: 0.0),
        "mt": .init(megabytes: 5.0, prose: 0.0, documentation: 0.0, interface: 0.0, wordLists: 1.0),
        "nl": .init(megabytes: 5.0, prose: 0.23, documentation: 0.52, interface: 0.25, wordLists: 0.0),
        "pl": .init(megabytes: 5.0, prose: 0.28, documentation: 0.47, interface: 0.25, wordLists: 0.0),
        "pt": .init(megabytes: 5.0, prose: 0.45, documentation: 0.3, interface: 0.25, wordLists: 0.0),
        "ro": .init(megabytes: 4.1, prose: 0.08, documentation: 0.15, interface: 0.77, wordLists: 0.0),
        "sk": .init(megabytes: 5.0, prose: 0.61, documentation: 0.0, interface: 0.39, wordLists: 0.0),
        "sl": .init(megabytes: 5.0, prose: 0.0, documentation: 0.53, interface: 0.47, wordLists: 0.0),
        "sv": .init(megabytes: 5.0, prose: 0.12, documentation: 0.63, interface: 0.25, wordLists: 0.0),
        "ca": .init(megabytes: 5.0, prose: 0.23, documentation: 0.52, interface: 0.25, wordLists: 0.0),
        "eu": .init(megabytes: 5.0, prose: 0.01, documentation: 0.59, interface: 0.4, wordLists: 0.0),
        "gl": .init(megabytes: 5.0, prose: 0.0, documentation: 0.34, interface: 0.66, wordLists: 0.0),
        "cy": .init(megabytes: 1.7, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "lb": .init(megabytes: 5.0, prose: 0.0, documentation: 0.0, interface: 0.01, wordLists: 0.99),
        "br": .init(megabytes: 0.9, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "gd": .init(megabytes: 1.2, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "fy": .init(megabytes: 0.8, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "oc": .init(megabytes: 1.7, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "co": .init(megabytes: 0.2, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "sc": .init(megabytes: 0.4, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "se": .init(megabytes: 0.1, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "hsb": .init(megabytes: 0.7, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "dsb": .init(megabytes: 0.6, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "nb": .init(megabytes: 4.0, prose: 0.24, documentation: 0.03, interface: 0.73, wordLists: 0.0),
        "nn": .init(megabytes: 3.0, prose: 0.0, documentation: 0.28, interface: 0.72, wordLists: 0.0),
        "is": .init(megabytes: 1.7, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "fo": .init(megabytes: 5.0, prose: 0.0, documentation: 0.0, interface: 0.01, wordLists: 0.99),
        "uk": .init(megabytes: 5.0, prose: 0.39, documentation: 0.36, interface: 0.25, wordLists: 0.0),
        "ru": .init(megabytes: 5.0, prose: 0.45, documentation: 0.3, interface: 0.25, wordLists: 0.0),
        "be": .init(megabytes: 3.4, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "sr": .init(megabytes: 5.0, prose: 0.05, documentation: 0.43, interface: 0.52, wordLists: 0.0),
        "bs": .init(megabytes: 1.7, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "mk": .init(megabytes: 2.0, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "sq": .init(megabytes: 1.4, prose: 0.0, documentation: 0.0, interface: 1.0, wordLists: 0.0),
        "tr": .init(megabytes: 5.0, prose: 0.03, documentation: 0.68, interface: 0.29, wordLists: 0.0),
    ]

    /// The 24 official EU languages' codes.
    public static var officialCodes: [String] { all.filter { $0.euStatus == .official }.map(\.code) }
}
