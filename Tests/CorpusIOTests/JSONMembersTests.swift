import CorpusIO
import Testing

/// Issue 15, item 3: `--lang-field` and the `url` field are read as JSON, not found by scanning text.
@Suite struct JSONMembersTests {
    static func value(_ members: String, _ field: String = "lang") -> String? {
        JSONMembers.string(Array(members.utf8), field: field)
    }

    @Test func theTopLevelMemberWinsOverANestedOne() {
        #expect(Self.value(#""meta":{"lang":"fr"},"lang":"de""#) == "de")
        #expect(Self.value(#""meta":{"lang":"fr"}"#) == nil)
        #expect(Self.value(#""list":["lang","x"],"lang":"da""#) == "da")
        #expect(Self.value(#""note":"the \"lang\":\"fr\" field","lang":"sv""#) == "sv")
    }

    @Test func escapesAreDecodedInNamesAndValues() {
        #expect(Self.value(#""lang":"d\u0065""#) == "de")
        #expect(Self.value(#""l\u0061ng":"nl""#) == "nl")
        #expect(Self.value(#""lang":"de\"x""#) == "de\"x")
        #expect(Self.value(#""lang":"de\\""#) == "de\\")
        #expect(Self.value(#""url":"https:\/\/example.org\/a""#, "url") == "https://example.org/a")
    }

    /// Several members in one pass: each as `string` would find it.
    @Test func severalMembersAtOnce() {
        let members = Array(#""d\u0075mp":"CC-MAIN-2024-10","date":12,"meta":{"crawl":"x"},"date":"2024-03-01","dump":"CC-MAIN-2024-18""#.utf8)
        let got = JSONMembers.strings(members, fields: ["dump", "crawl", "date", "url"])
        #expect(got == ["CC-MAIN-2024-18", nil, "2024-03-01", nil])
        for field in ["dump", "crawl", "date", "url"] { #expect(JSONMembers.strings(members, fields: [field])?[0] == JSONMembers.string(members, field: field)) }
        #expect(JSONMembers.strings(Array(#""dump":"x","#.utf8) + [0x22], fields: ["dump"]) == nil)
        #expect(JSONMembers.strings([], fields: ["dump"]) == [nil])
    }

    @Test func otherValuesAndMalformedMembersGiveNil() {
        #expect(Self.value(#""lang":null"#) == nil)
        #expect(Self.value(#""lang":12"#) == nil)
        #expect(Self.value(#""lang":{"code":"de"}"#) == nil)
        #expect(Self.value(#""lang":"de"#) == nil)
        #expect(Self.value("") == nil)
        #expect(Self.value(#""language":"de","lan":"x""#) == nil)
        #expect(Self.value(#""lang":"fr","lang":"de""#) == "de", "the last of two")
        #expect(Self.value(#" "lang" : "pt" , "x":1 "#) == "pt")
    }
}
