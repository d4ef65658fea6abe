import CorpusIO
import Foundation
import Testing

/// `--schema fineweb2` records: FineWeb-2's names, the same members in every record.
@Suite struct RecordSchemaTests {
    static func record(metadata: String, id: String = "", score: Double? = 0.97315, script: String? = "Latn") -> String {
        var out: [UInt8] = []
        Array("Dobar dan.".utf8).withUnsafeBytes {
            JSONLRecord.appendFineWeb2(text: $0, id: Array(id.utf8), metadata: Array(metadata.utf8), path: "in/web.wet.gz", recordNumber: 7,
                                       language: "hrv", score: score, script: script, to: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test func wetMetadataBecomesURLAndDate() {
        #expect(Self.record(metadata: #""url":"https://a.hr/x","warc_date":"2024-02-27T00:32:06Z","warc_identified_language":"hrv""#, id: "<urn:1>")
            == #"{"text":"Dobar dan.","id":"<urn:1>","url":"https://a.hr/x","date":"2024-02-27T00:32:06Z","file_path":"in/web.wet.gz","language":"hrv","language_score":0.9732,"language_script":"Latn"}"# + "\n")
    }

    @Test func aDateMemberWinsAndMissingOnesAreEmpty() {
        #expect(Self.record(metadata: #""date":"2020-01-01","warc_date":"x""#).contains(#""url":"","date":"2020-01-01","#))
        let bare = Self.record(metadata: "", score: nil, script: nil)
        #expect(bare == #"{"text":"Dobar dan.","id":"in/web.wet.gz:7","url":"","date":"","file_path":"in/web.wet.gz","language":"hrv"}"# + "\n")
        let object = try? JSONSerialization.jsonObject(with: Data(bare.utf8)) as? [String: Any]
        #expect(object?.count == 6)
    }
}
