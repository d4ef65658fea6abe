import CorpusCore

/// The JSONL record census writes for a document (`census cat`, `census dedup`, the parts of `census run`):
///
/// `{"id":…,"text":…,"lang":…,"lang_score":…,"source":…,"metadata":{…}}` and a newline, the layout
/// datatrove's JSONL reader and HF datasets read (`text` and `id`; the rest become metadata/columns).
/// `lang` and `lang_score` are there when a language is known; `source` is `path:record` (the id too when
/// the input had none); `metadata` only when the input had any (never an empty object, which Parquet cannot
/// store as a struct).
public enum JSONLRecord {
    /// The field names of the records `census run` writes.
    public enum Schema: String, Sendable, CaseIterable {
        /// census's own: `id`, `text`, `lang`, `lang_score`, `source`, `metadata`.
        case census
        /// FineWeb-2's: `text`, `id`, `url`, `date`, `file_path`, `language`, `language_score`,
        /// `language_script`, the same in every record (see ``appendFineWeb2(text:id:metadata:path:recordNumber:language:score:script:to:)``).
        case fineweb2
    }

    /// Appends the record.
    /// - Parameters:
    ///   - metadata: the members of the metadata object without its braces (as ``Document/metadata`` holds them).
    ///   - score: the language-ID confidence (nil: none, as for a language taken from a field).
    public static func append(text: UnsafeRawBufferPointer, id: [UInt8], metadata: [UInt8], path: String, recordNumber: Int,
                              language: String?, score: Double?, to out: inout [UInt8]) {
        let source = "\(PathBytes.readable(path)):\(recordNumber)"
        out.append(contentsOf: #"{"id":"#.utf8)
        if id.isEmpty { JSONEscape.appendQuoted(source, to: &out) } else { JSONEscape.appendQuoted(id, to: &out) }
        out.append(contentsOf: #","text":"#.utf8)
        JSONEscape.appendQuoted(text, to: &out)
        if let language {
            out.append(contentsOf: #","lang":"#.utf8)
            JSONEscape.appendQuoted(language, to: &out)
        }
        if let score {
            out.append(contentsOf: #","lang_score":"#.utf8)
            appendScore(score, to: &out)
        }
        out.append(contentsOf: #","source":"#.utf8)
        JSONEscape.appendQuoted(source, to: &out)
        // No `metadata` member when there is none: an empty object is a struct without fields, which Parquet
        // (pyarrow, datasets) cannot write.
        if !metadata.isEmpty {
            out.append(contentsOf: #","metadata":{"#.utf8)
            out.append(contentsOf: metadata)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: "}\n".utf8)
    }

    /// Appends the record in FineWeb-2's field names (`census run --schema fineweb2`), in its column order:
    ///
    /// `{"text":…,"id":…,"url":…,"date":…,"file_path":…,"language":…,"language_score":…,"language_script":…}`
    ///
    /// Every record of a run has the same members, so tools that fix one schema for all files (HF `datasets`)
    /// read the shards as they are: `url` and `date` come from the input's metadata (`url`; `date` or a WET
    /// file's `warc_date`) and are "" where it has none; `language` is the caller's code (FineWeb-2's ISO 639-3
    /// codes); `language_score` and `language_script` are there when the run identifies languages (`Zyyy` for a
    /// text without letters). The input's other metadata members are not written (they differ from input to
    /// input; the census schema keeps them). FineWeb-2's `dump`, `minhash_cluster_size` and `top_langs` are not
    /// written: a streaming run keeps the first document of a cluster before it has seen the rest.
    public static func appendFineWeb2(text: UnsafeRawBufferPointer, id: [UInt8], metadata: [UInt8], path: String, recordNumber: Int,
                                      language: String, score: Double?, script: String?, to out: inout [UInt8]) {
        let file = PathBytes.readable(path)
        out.append(contentsOf: #"{"text":"#.utf8)
        JSONEscape.appendQuoted(text, to: &out)
        out.append(contentsOf: #","id":"#.utf8)
        if id.isEmpty { JSONEscape.appendQuoted("\(file):\(recordNumber)", to: &out) } else { JSONEscape.appendQuoted(id, to: &out) }
        func member(_ name: String, _ value: String) {
            out.append(contentsOf: ",\"\(name)\":".utf8)
            JSONEscape.appendQuoted(value, to: &out)
        }
        let url = metadata.isEmpty ? nil : JSONMembers.string(metadata, field: "url")
        let date = metadata.isEmpty ? nil : JSONMembers.string(metadata, field: "date") ?? JSONMembers.string(metadata, field: "warc_date")
        member("url", url ?? "")
        member("date", date ?? "")
        member("file_path", file)
        member("language", language)
        if let score {
            out.append(contentsOf: #","language_score":"#.utf8)
            appendScore(score, to: &out)
        }
        if let script { member("language_script", script) }
        out.append(contentsOf: "}\n".utf8)
    }

    /// Appends the record of a document as read, without a language (`census cat`).
    public static func append(_ document: Document, path: String, to out: inout [UInt8]) {
        document.text.withUnsafeBytes {
            append(text: $0, id: document.id, metadata: document.metadata, path: path, recordNumber: document.recordNumber,
                   language: nil, score: nil, to: &out)
        }
    }

    /// Appends a confidence in 0...1 with at most four decimals, trailing zeros dropped ("0.9731", "0.97",
    /// "1.0"), the same on every platform: the one format of `lang_score` and `census langid`.
    public static func appendScore(_ value: Double, to out: inout [UInt8]) {
        let scaled = Int((min(1, max(0, value)) * 10_000).rounded())
        if scaled == 10_000 {
            out.append(contentsOf: "1.0".utf8)
            return
        }
        out.append(UInt8(ascii: "0"))
        out.append(UInt8(ascii: "."))
        // Four digits, trailing zeros dropped (at least one digit stays).
        var digits = scaled, places = 4
        while places > 1 && digits % 10 == 0 {
            digits /= 10
            places -= 1
        }
        var divisor = 1
        for _ in 1..<places { divisor *= 10 }
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(digits / divisor % 10))
            divisor /= 10
        }
    }

    /// ``appendScore(_:to:)`` as a string.
    public static func score(_ value: Double) -> String {
        var bytes: [UInt8] = []
        appendScore(value, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }
}
