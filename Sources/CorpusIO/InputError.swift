/// A problem with one input as a whole (it could not be opened or read, or its container is broken), or with
/// writing an output (``Code/writeFailed``).
///
/// Messages follow the CLI convention `path: what happened (detail)`, naming the byte offset or line
/// where one is known: "x.gz: invalid gzip data at compressed byte 1048576 (zlib: invalid block type)".
/// A bad *document* is not an `InputError`; it is a counted ``Rejection``.
public struct InputError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure this is. New codes may be added.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Kind: Hashable, Sendable {
            case notFound, unreadable, readFailed, writeFailed, corruptCompression, truncatedCompression
            case trailingGarbage, unsupportedCompression, binaryData, usage
        }
        private let kind: Kind
        private init(_ kind: Kind) { self.kind = kind }

        /// The path does not exist or a glob matched nothing.
        public static let notFound = Code(.notFound)
        /// The input exists but could not be opened (permissions, a special file).
        public static let unreadable = Code(.unreadable)
        /// A read failed part-way.
        public static let readFailed = Code(.readFailed)
        /// Writing an output failed (disk full, permissions, a lost file system).
        public static let writeFailed = Code(.writeFailed)
        /// The compressed stream holds invalid data.
        public static let corruptCompression = Code(.corruptCompression)
        /// The compressed stream ends before its last member is complete.
        public static let truncatedCompression = Code(.truncatedCompression)
        /// Bytes that are not a gzip member follow the last complete member.
        public static let trailingGarbage = Code(.trailingGarbage)
        /// A compression format this build cannot read.
        public static let unsupportedCompression = Code(.unsupportedCompression)
        /// The content is not text (NUL bytes where text was expected).
        public static let binaryData = Code(.binaryData)
        /// The request itself is malformed (for example an unknown format name).
        public static let usage = Code(.usage)

        public var description: String { "\(kind)" }

        /// The code whose description is `name` (`readFailed` for an unknown name).
        public static func named(_ name: String) -> Code {
            let all: [Code] = [.notFound, .unreadable, .readFailed, .writeFailed, .corruptCompression, .truncatedCompression,
                               .trailingGarbage, .unsupportedCompression, .binaryData, .usage]
            return all.first { $0.description == name } ?? .readFailed
        }
    }

    /// The failure's kind.
    public var code: Code
    /// The input as the user named it (`-` for standard input).
    public var path: String
    /// What happened, with its position and detail, without the path.
    public var message: String

    /// Creates an error for `path`.
    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    /// `path: message`, on one line: control characters and bytes of a name that is not UTF-8 are shown
    /// escaped (``PathBytes/display(_:)``).
    public var description: String { PathBytes.display("\(path): \(message)") }
}
