/// The report's "Crawls" section: per crawl its documents, kept documents and words and the languages of its
/// kept words, so a language's growth or loss across Common Crawl releases shows; and `crawls.csv`, the whole
/// crawl × language table for machines.
extension ScarcityReport {
    /// The label of documents without a crawl name or date (the pipeline counts them under it).
    public static let unknownCrawlLabel = "unknown"
    static var unknownCrawl: String { unknownCrawlLabel }

    /// Crawl names in order: by name (Common Crawl names and months sort by time), `unknown` and the capped rest last.
    static func crawlOrder(_ a: String, _ b: String) -> Bool {
        func rank(_ s: String) -> Int { s == unknownCrawl ? 1 : s == CorpusStatistics.otherCrawls ? 2 : 0 }
        return (rank(a), a) < (rank(b), b)
    }

    /// Whether the section says anything: some document has a crawl name or a date.
    var hasCrawls: Bool { crawls?.contains { $0.path != Self.unknownCrawl } ?? false }

    /// Crawls listed in the Markdown and HTML reports: past ``maxInputRows``, the ones with the most documents.
    var shownCrawls: [InputRow] {
        guard hasCrawls, let crawls else { return [] }
        guard crawls.count > Self.maxInputRows else { return crawls }
        let largest = Set(crawls.sorted { ($1.documents, $0.path) < ($0.documents, $1.path) }.prefix(Self.maxInputRows).map(\.path))
        return crawls.filter { largest.contains($0.path) }
    }

    private var crawlsIntro: String {
        "Per crawl: documents identified, kept and their words, and the languages of the kept words (largest first). "
            + "A document's crawl is the first of: the `isPartOf` of its WET file's warcinfo record, its `dump` or `crawl` field "
            + "(FineWeb's `dump`), a Common Crawl name (`CC-MAIN-2024-10`) in its input's path, the month of its `warc_date`, "
            + "`date` or `timestamp` field; else `unknown`. Past \(CorpusStatistics.maxCrawls) names the rest count as `\(CorpusStatistics.otherCrawls)`. "
            + ((crawls?.count ?? 0) > Self.maxInputRows ? "The \(Self.maxInputRows) crawls with the most documents of \(Self.number(crawls?.count ?? 0)) are listed; " : "")
            + "report.json (its crawls list) and crawls.csv hold every crawl × language."
    }

    func crawlsMarkdown() -> String { Self.viewMarkdown("Crawls", intro: crawlsIntro, column: "crawl", rows: shownCrawls) }

    func crawlsHTML() -> String { Self.viewHTML("Crawls", id: "crawls", intro: crawlsIntro, column: "crawl", rows: shownCrawls) }

    /// `crawls.csv`: one row per crawl and language (`crawl,language,documents,kept,words_kept`), crawls in the
    /// report's order, languages by kept words; nil when the statistics have no per-crawl counts.
    public func crawlsCSV() -> String? { crawls.map { Self.viewCSV(column: "crawl", rows: $0) } }
}
