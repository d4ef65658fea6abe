/// One input to read: a file or standard input.
public struct InputSource: Sendable, Hashable {
    /// The path as it will be shown (`-` for standard input).
    public var path: String

    /// Whether this is standard input.
    public var isStandardInput: Bool { path == "-" }

    /// Standard input.
    public static let standardInput = InputSource(path: "-")

    /// An input at `path`.
    public init(path: String) { self.path = path }

    /// The size in bytes of a regular file, or nil (standard input, special files).
    public var fileSize: Int? { isStandardInput ? nil : Syscalls.size(of: path) }

    /// What tells a rewritten file from the one read before: `size@mtime` (modification time in ns), or
    /// `missing`. A resume compares it, so an input replaced by another of the same size is not taken for
    /// the first.
    public var contentStamp: String {
        guard !isStandardInput, let id = Syscalls.identity(of: path) else { return "missing" }
        return "\(id.size)@\(id.modified)"
    }

    /// Expands what the user named into inputs, in a deterministic order.
    ///
    /// A file is itself; a directory is every regular file below it whose name has a corpus extension
    /// (one that ``RecordFormat/fromExtension(of:)`` knows: `.jsonl.gz`, `.warc.wet.gz`, `.txt`, ...; all
    /// files with `allFiles`), walked recursively, each directory's entries sorted by byte order of their
    /// names, hidden entries (`.name`) skipped; a pattern with `*`, `?` or `[` that matches no existing path
    /// is expanded as a glob (results sorted, every match taken); `-` is standard input. Names that match
    /// nothing are returned as errors, and the rest is still expanded.
    ///
    /// A directory reached again (through a symbolic link to a folder already walked, or a link loop) is not
    /// walked again; it is listed in ``Expansion/revisited``.
    ///
    /// - Returns: the inputs in order, the errors, how many files in directories were passed over, and the
    ///   directories not walked again.
    /// - Complexity: O(entries walked · log entries).
    public static func expand(_ arguments: [String], allFiles: Bool = false) -> Expansion {
        var sources: [InputSource] = []
        var errors: [InputError] = []
        var walker = Walker(allFiles: allFiles)
        for argument in arguments.isEmpty ? ["-"] : arguments {
            if argument == "-" {
                sources.append(.standardInput)
                continue
            }
            switch Syscalls.kind(of: argument) {
            case .regular, .other:
                sources.append(InputSource(path: argument))
            case .directory:
                walker.walk(argument, into: &sources, errors: &errors)
            case .missing(let errno):
                if argument.contains(where: { $0 == "*" || $0 == "?" || $0 == "[" }) {
                    let matches = Syscalls.glob(argument).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
                    if matches.isEmpty {
                        errors.append(InputError(.notFound, path: argument, "no file matches this pattern"))
                    }
                    for match in matches {
                        if case .directory = Syscalls.kind(of: match) {
                            walker.walk(match, into: &sources, errors: &errors)
                        } else {
                            sources.append(InputSource(path: match))
                        }
                    }
                } else {
                    errors.append(InputError(errno.isNotFound ? .notFound : .unreadable, path: argument,
                                             "cannot open (\(errno.message))"))
                }
            }
        }
        return Expansion(sources: sources, errors: errors, passedOver: walker.passedOver, revisited: walker.revisited)
    }

    /// What ``expand(_:allFiles:)`` found.
    public struct Expansion: Sendable {
        /// The inputs, in order.
        public var sources: [InputSource]
        /// Names that matched nothing or could not be read.
        public var errors: [InputError]
        /// Files in directories without a corpus extension (read with `allFiles`).
        public var passedOver: Int
        /// Directories reached a second time (symbolic links), not walked again.
        public var revisited: [String]

        /// What was passed over, as notes to show the user (one line each, without a prefix).
        public var notes: [String] {
            var notes: [String] = []
            if passedOver > 0 {
                notes.append("note: passed over \(passedOver) files in directories without a corpus extension (use --all-files to read them)")
            }
            for directory in revisited {
                notes.append("note: \(directory): already walked (a symbolic link to a folder read before); not read again")
            }
            return notes
        }
    }
}

private struct Walker {
    let allFiles: Bool
    var passedOver = 0

    /// Directories entered (device, inode): a symbolic link back up the tree is not followed again.
    var visited: Set<[UInt64]> = []
    var revisited: [String] = []

    mutating func walk(_ directory: String, into sources: inout [InputSource], errors: inout [InputError]) {
        if let id = Syscalls.identity(of: directory) {
            guard visited.insert([id.device, id.inode]).inserted else {
                revisited.append(directory)
                return
            }
        }
        switch Syscalls.directoryEntries(directory) {
        case .failure(let errno):
            errors.append(InputError(.unreadable, path: directory, "cannot read directory (\(errno.message))"))
        case .success(let names):
            let base = directory.hasSuffix("/") ? directory : directory + "/"
            for name in names.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) where !name.hasPrefix(".") {
                let path = base + name
                switch Syscalls.kind(of: path) {
                case .directory: walk(path, into: &sources, errors: &errors)
                case .regular:
                    if allFiles || RecordFormat.fromExtension(of: path) != nil {
                        sources.append(InputSource(path: path))
                    } else {
                        passedOver += 1
                    }
                case .other, .missing: break
                }
            }
        }
    }
}
