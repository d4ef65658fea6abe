/// One decoded document, handed to a sink by reference to the reader's reusable storage.
///
/// The reader refills the same value for every record, so a sink that keeps a document must copy what it
/// needs. Text is always well-formed UTF-8 (ill-formed bytes were replaced by U+FFFD and counted).
public struct Document: Sendable {
    /// The document's text, well-formed UTF-8.
    public var text: [UInt8] = []
    /// The record's own identifier (JSONL `id`, WARC-Record-ID), UTF-8; empty when the record has none.
    public var id: [UInt8] = []
    /// Other fields of the record as zero or more JSON object members, comma-separated
    /// (`"url":"https://…","lang_hint":"de"`), ready to splice into a JSON object.
    public var metadata: [UInt8] = []
    /// The 1-based ordinal of the record in its input (counting every record, also rejected ones).
    public var recordNumber: Int = 0
    /// Where the record starts: the 1-based line number for line-based formats, the byte offset in the
    /// decompressed stream for WARC/WET.
    public var location: Int = 0
    /// How the location is counted.
    public var locationUnit: LocationUnit = .line
    /// Input bytes replaced by U+FFFD in this record (text and metadata).
    public var repairedBytes: Int = 0
    /// The record format it came from.
    public var format: RecordFormat = .lines
    /// The crawl the record belongs to, as its input names it (a WET file's warcinfo `isPartOf`, such as
    /// `CC-MAIN-2024-10`), UTF-8; empty when the input names none. Not part of the output record.
    public var crawl: [UInt8] = []

    /// Creates an empty document.
    public init() {}

    @usableFromInline
    mutating func reset(recordNumber: Int, location: Int) {
        text.removeAll(keepingCapacity: true)
        id.removeAll(keepingCapacity: true)
        metadata.removeAll(keepingCapacity: true)
        self.recordNumber = recordNumber
        self.location = location
        repairedBytes = 0
    }
}

/// How a position in an input is counted.
public enum LocationUnit: Sendable, Hashable {
    /// 1-based line number.
    case line
    /// 0-based byte offset in the decompressed stream.
    case byte

    /// "line 12" or "byte 4096".
    public func describe(_ value: Int) -> String {
        switch self {
        case .line: "line \(value)"
        case .byte: "byte \(value)"
        }
    }
}

/// Why a record was not turned into a document. Counted per reason, never dropped silently.
public struct RejectReason: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The reason's stable name, as it appears in counts and reports (`invalid_json`).
    public let name: String
    /// Creates a reason with a stable snake_case name.
    public init(_ name: String) { self.name = name }

    /// A JSONL line that is not a JSON object.
    public static let invalidJSON = RejectReason("invalid_json")
    /// A JSON object without the text field.
    public static let missingTextField = RejectReason("missing_text_field")
    /// The text field holds something other than a string.
    public static let textNotString = RejectReason("text_not_string")
    /// A record longer than `--max-doc-bytes`.
    public static let tooLong = RejectReason("too_long")
    /// A record cut off by the end of the input (a WET Content-Length that overruns the file, a truncated gzip).
    public static let truncated = RejectReason("truncated")
    /// A record interrupted by corrupt compressed data.
    public static let corruptInput = RejectReason("corrupt_input")
    /// A WARC record whose header cannot be parsed, or bytes between records that are not a record.
    public static let invalidWARCHeader = RejectReason("invalid_warc_header")
    /// A text line holding NUL bytes.
    public static let binaryData = RejectReason("binary_data")
    /// A record whose text is empty.
    public static let emptyText = RejectReason("empty_text")
    /// A JSON record nested deeper than ``JSONLimits/maxDepth`` levels: kept output must stay readable by
    /// common JSON parsers (serde_json stops at 128, Foundation at 512, Python near 1,000).
    public static let tooDeep = RejectReason("too_deep")

    public var description: String { name }
    public static func < (a: Self, b: Self) -> Bool { a.name < b.name }
}

/// Limits on JSON input records.
public enum JSONLimits {
    /// The deepest nesting of arrays and objects a JSONL record may have.
    public static let maxDepth = 128
}

/// A record that was rejected, with where it was and what was wrong.
public struct Rejection: Sendable, Hashable {
    /// Why.
    public var reason: RejectReason
    /// The 1-based ordinal of the record in its input.
    public var recordNumber: Int
    /// Where the record starts (see ``Document/location``).
    public var location: Int
    /// How `location` is counted.
    public var locationUnit: LocationUnit
    /// A short explanation ("expected ':' after object key at column 14").
    public var detail: String

    /// Creates a rejection.
    public init(reason: RejectReason, recordNumber: Int, location: Int, locationUnit: LocationUnit, detail: String) {
        self.reason = reason
        self.recordNumber = recordNumber
        self.location = location
        self.locationUnit = locationUnit
        self.detail = detail
    }
}
