/// How much document text a run has left to read, estimated as it goes: what takes time is text, and a byte on
/// disk holds about 0.9 bytes of text in a plain file but 3 or more in a compressed one, so a run's progress in
/// bytes on disk misleads whenever plain and compressed inputs are mixed.
///
/// Each input's text per byte on disk is learnt while it is read (its text so far over its bytes read so far)
/// and, once read, kept per kind of input (by name: `.gz`, `.zst`, other), for the inputs of that kind still to
/// come. Before an input of a kind is done, a typical ratio of the kind stands in.
package struct TextEstimate: Sendable {
    /// The kinds inputs are told apart by, for the ratio learnt from them.
    package enum Kind: Int, Sendable, CaseIterable {
        case plain, gzip, zstd, other

        /// By the input's name (the same compression can hide under any name, but names are what is known of the
        /// inputs not opened yet).
        package init(path: String) {
            let name = path.lowercased()
            if name.hasSuffix(".gz") || name.hasSuffix(".zz") || name.hasSuffix(".gzip") { self = .gzip }
            else if name.hasSuffix(".zst") || name.hasSuffix(".zstd") { self = .zstd }
            else if name.hasSuffix(".bz2") || name.hasSuffix(".xz") { self = .other }
            else { self = .plain }
        }

        /// Text bytes per byte on disk before any input of the kind was read: plain JSONL and WET carry some
        /// markup; gzip and zstd web text commonly shrink 3 to 4 times.
        var typicalRatio: Double {
            switch self {
            case .plain: 0.9
            case .gzip: 3.0
            case .zstd: 3.5
            case .other: 3.0
            }
        }
    }

    /// Sizes on disk (nil: unknown, standard input) and kinds of the inputs this process reads, in reading order.
    let sizes: [Int?]
    let kinds: [Kind]
    /// Per kind, the text and the bytes on disk of the inputs of that kind read to their end.
    private var learntText = [Int](repeating: 0, count: Kind.allCases.count)
    private var learntBytes = [Int](repeating: 0, count: Kind.allCases.count)
    /// The input being read, and the text read before it began.
    private var current = 0
    private var textBeforeCurrent = 0

    /// Bytes read of an input before its own ratio is trusted over the kind's.
    static let minimumBytesForOwnRatio = 1 << 20

    /// Per kind, the bytes on disk of the inputs after the current one; and how many of them have no known size.
    private var laterBytes = [Int](repeating: 0, count: Kind.allCases.count)
    private var laterUnknown = 0

    package init(paths: [String], sizes: [Int?]) {
        self.sizes = sizes
        kinds = paths.map(Kind.init(path:))
        for k in sizes.indices.dropFirst() { add(k, 1) }
    }

    /// Adds input `k`'s size times `sign` to the later inputs' bytes.
    private mutating func add(_ k: Int, _ sign: Int) {
        if let size = sizes[k] { laterBytes[kinds[k].rawValue] += sign * size } else { laterUnknown += sign }
    }

    /// The text per byte on disk of a kind: learnt, or typical.
    func ratio(_ kind: Kind) -> Double {
        learntBytes[kind.rawValue] > 0 ? Double(learntText[kind.rawValue]) / Double(learntBytes[kind.rawValue]) : kind.typicalRatio
    }

    /// Takes in where the run is: `input` inputs of this process are done (the next one is being read), `offset`
    /// bytes of it are read, and `textBytes` of text were read by this process in all.
    package mutating func observe(inputsDone input: Int, offset: Int, textBytes: Int) {
        if input > current {
            // The input that was being read ended: its text is what was read since it began. (Inputs between
            // it and the new one ended with no text.)
            for k in current..<min(input, sizes.count) {
                let text = k == current ? textBytes - textBeforeCurrent : 0
                if let size = sizes[k], size > 0 {
                    learntText[kinds[k].rawValue] += text
                    learntBytes[kinds[k].rawValue] += size
                }
            }
            for k in (current + 1)..<min(input + 1, sizes.count) { add(k, -1) }
            current = input
            textBeforeCurrent = textBytes
        }
        self.offset = offset
        self.textBytes = textBytes
    }

    private var offset = 0
    private var textBytes = 0

    /// The text still to read (nil when an input's size is unknown). O(1): the later inputs' sizes are kept per kind.
    package var remainingText: Int? {
        guard current < sizes.count else { return 0 }
        guard laterUnknown == 0, let size = sizes[current] else { return nil }
        let read = textBytes - textBeforeCurrent
        let own = offset >= Self.minimumBytesForOwnRatio ? Double(read) / Double(offset) : ratio(kinds[current])
        var left = max(0, own * Double(size) - Double(read))
        for kind in Kind.allCases { left += ratio(kind) * Double(laterBytes[kind.rawValue]) }
        return Int(left.rounded())
    }
}
