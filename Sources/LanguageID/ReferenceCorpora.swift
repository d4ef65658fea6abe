import CorpusStats

/// The size of the largest public web corpus beside a language's figure in the report, so a reader can tell
/// whether a count is a lot: FineWeb-2 for every language it covers, FineWeb for English.
public enum ReferenceCorpora {
    /// FineWeb-2's per-language figures and the source line the report prints under them.
    public static let fineWeb2Source = "FineWeb-2 (huggingface/fineweb-2, fineweb2-language-distribution.csv, as published in the repository, read 2026-12; ODC-By 1.0): words and documents of the train and test splits, summed over the scripts of a language; its filters' removed documents from the <lang>_removed subsets"

    /// FineWeb (English): its dataset card gives GPT-2 tokens, not words.
    public static let fineWebSource = "FineWeb (HuggingFaceFW/fineweb dataset card, read 2026-12): more than 18.5 T GPT-2 tokens of English; no word count is published"

    /// The reference corpus of a census language code, or nil where none is known.
    /// The language part of the FineWeb-2 subsets counted for a census code ("ekk" of "ekk_Latn"), or nil.
    static func fineWeb2Subset(_ code: String) -> String? {
        fineWeb2Table[code].map { String($0.subsets.prefix { $0 != "_" }) }
    }

    public static func of(_ code: String) -> ReferenceSize? {
        if code == "en" {
            return ReferenceSize(corpus: "FineWeb", words: nil, documents: nil, removedDocuments: nil,
                                 tokens: 18_500_000_000_000, subsets: "v1.3", source: fineWebSource)
        }
        guard let f = fineWeb2Table[code] else { return nil }
        return ReferenceSize(corpus: "FineWeb-2", words: f.words, documents: f.documents, removedDocuments: f.removedDocuments,
                             tokens: nil, subsets: f.subsets, source: fineWeb2Source)
    }
}
