import CorpusTestSupport
import Foundation
import Testing

@Suite struct TextCommandTests {
    @Test func tokenizePrintsTokensPerLineKeepingBlankLines() throws {
        let input = Array("L'homme, don't e.g. 3,14!\n\nΕλληνικά   κείμενα\n".utf8)
        let result = try runCensus(["tokenize", "-"], stdin: input)
        #expect(result.status == 0)
        #expect(result.stdout == "L'homme don't e.g 3,14\n\nΕλληνικά κείμενα\n")
        let folded = try runCensus(["tokenize", "--fold", "-"], stdin: input)
        #expect(folded.stdout == "l'homme don't e.g 3,14\n\nελληνικά κείμενα\n")
        let count = try runCensus(["tokenize", "--count", "-"], stdin: input)
        #expect(count.stdout == "6\n")
    }

    @Test func icuEngineAgreesOnTheSamples() throws {
        let sample = TestPaths.samples.appendingPathComponent("crawl.warc.wet.gz").path
        let ours = try runCensus(["tokenize", "--count", sample])
        let icu = try runCensus(["tokenize", "--count", "--engine", "icu", sample])
        #expect(ours.status == 0 && icu.status == 0)
        #expect(ours.stdout == icu.stdout)
        let compare = try runCensus(["tokenize", "--compare", sample])
        let total = compare.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(total.hasPrefix("total\t") && total.hasSuffix("\t1.0"), "\(compare.stdout)")
    }

    @Test func normalizeLinesAndJSONL() throws {
        let lines = try runCensus(["normalize", "--form", "nfkc", "-"], stdin: Array("ﬁne  ２０２４\r\ne\u{301}\n".utf8))
        #expect(lines.stdout == "fine 2024\né\n")
        let jsonl = try runCensus(["normalize", "-"], stdin: Array(#"{"id":"a","text":"Cafe\u0301\u0007 bar"}"#.utf8) + [0x0A])
        #expect(jsonl.stdout == #"{"id":"a","text":"Café bar","source":"-:1"}"# + "\n")
        let casefold = try runCensus(["normalize", "--form", "nfkc-casefold", "-"], stdin: Array("Straße\n".utf8))
        #expect(casefold.stdout == "strasse\n")
    }
}
