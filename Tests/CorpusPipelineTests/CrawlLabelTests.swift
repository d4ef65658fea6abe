import CorpusIO
import CorpusPipeline
import Testing

/// Which crawl a document is counted under in the report's Crawls view.
@Suite struct CrawlLabelTests {
    static func document(_ metadata: String, crawl: String = "") -> RawDocument {
        RawDocument(text: Array("text".utf8), id: [], metadata: Array(metadata.utf8), recordNumber: 1, crawl: Array(crawl.utf8))
    }

    @Test func theFirstSourceThatNamesACrawlWins() {
        let path = DocumentAnalyzer.commonCrawlName(in: "/data/crawl-data/CC-MAIN-2023-50/segments/1/wet/CC-MAIN-20231128063737-00000.warc.wet.gz")
        #expect(path == "CC-MAIN-2023-50")
        let dated = #""url":"https://a.example/","warc_date":"2021-07-30T10:00:00Z""#
        #expect(DocumentAnalyzer.crawl(of: Self.document(dated, crawl: "CC-MAIN-2022-05"), pathCrawl: path) == "CC-MAIN-2022-05")
        #expect(DocumentAnalyzer.crawl(of: Self.document(#""dump":"CC-MAIN-2024-10","date":"2021-07-30""#), pathCrawl: path) == "CC-MAIN-2024-10")
        #expect(DocumentAnalyzer.crawl(of: Self.document(#""crawl":"  my crawl\n""#), pathCrawl: path) == "my crawl")
        #expect(DocumentAnalyzer.crawl(of: Self.document(dated), pathCrawl: path) == "CC-MAIN-2023-50")
        #expect(DocumentAnalyzer.crawl(of: Self.document(dated), pathCrawl: nil) == "2021-07")
        #expect(DocumentAnalyzer.crawl(of: Self.document(#""date":"2019-12-01""#), pathCrawl: nil) == "2019-12")
        #expect(DocumentAnalyzer.crawl(of: Self.document(#""timestamp":"2024-02-29T00:00:00Z""#), pathCrawl: nil) == "2024-02")
        // An empty dump does not name a crawl; dates that are not YYYY-MM, and no fields at all, are unknown.
        #expect(DocumentAnalyzer.crawl(of: Self.document(#""dump":"","date":"2020-01-02""#), pathCrawl: nil) == "2020-01")
        for metadata in [#""date":"yesterday""#, #""date":"2024-13-01""#, #""date":"2024-00-01""#, #""date":"24-03-01""#, #""date":20240301"#, ""] {
            #expect(DocumentAnalyzer.crawl(of: Self.document(metadata), pathCrawl: nil) == "unknown", "\(metadata)")
        }
        // Long names are cut at 64 bytes on a character boundary.
        let long = String(repeating: "é", count: 40)
        let cut = DocumentAnalyzer.crawl(of: Self.document("\"dump\":\"\(long)\""), pathCrawl: nil)
        #expect(cut == String(repeating: "é", count: 32))
    }

    @Test func onlyCommonCrawlNamesInPathsCount() {
        #expect(DocumentAnalyzer.commonCrawlName(in: "CC-MAIN-2024-10.jsonl") == "CC-MAIN-2024-10")
        #expect(DocumentAnalyzer.commonCrawlName(in: "x/CC-MAIN-2024-1/y") == nil)
        // A segment timestamp is not a crawl name.
        #expect(DocumentAnalyzer.commonCrawlName(in: "wet/CC-MAIN-20240220211055-20240221001055-00000.warc.wet.gz") == nil)
        #expect(DocumentAnalyzer.commonCrawlName(in: "a/CC-MAIN-202-10/CC-MAIN-2019-04/b") == "CC-MAIN-2019-04")
        #expect(DocumentAnalyzer.commonCrawlName(in: "") == nil)
    }
}
