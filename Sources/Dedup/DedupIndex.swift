/// Collects the sketches of documents in input order and resolves duplicates.
///
/// The index keeps compact records, never documents: per document one 24-byte exact record (128-bit key,
/// document number) and one 12-byte record per band (64-bit band key, document number), 24 + 12 · bands
/// bytes (192 bytes with 14 bands), plus the signature (4 · bands · rows bytes) only when candidates are
/// verified. Resolution sorts the records, so groups of equal keys are adjacent: the same grouping works on
/// sorted runs spilled to disk and merged, which is how a sharded run will group band keys across shards.
///
/// A document that shares its exact key or a band key with any earlier document (in input order) is removed:
/// as an `exact` duplicate when its exact key equals an earlier document's, else as a `near` duplicate. The
/// rest are kept. (Unlike connected components, a later document that resembles two unrelated earlier ones
/// cannot remove the second of them after the fact, which is what lets a streaming run decide at once.)
public struct DedupIndex: Sendable {
    public let configuration: DedupConfiguration
    private var exact: [(UInt64, UInt64, UInt32)] = []
    private var bands: [(UInt64, UInt32)] = []
    private var signatures: [UInt32] = []
    /// Documents added.
    public private(set) var count = 0

    /// Creates an empty index.
    public init(configuration: DedupConfiguration) {
        self.configuration = configuration
    }

    /// Bytes the index holds per document.
    public var bytesPerDocument: Int {
        24 + 12 * configuration.bands + (configuration.verifyJaccard == nil ? 0 : 4 * configuration.hashCount)
    }

    /// Adds the next document (documents are numbered 0, 1, ... in the order they are added).
    public mutating func add(_ sketch: DocumentSketch) {
        precondition(count < Int(UInt32.max), "too many documents for one index")
        let doc = UInt32(count)
        count += 1
        exact.append((sketch.exactKey.0, sketch.exactKey.1, doc))
        for key in sketch.bandKeys { bands.append((key, doc)) }
        if configuration.verifyJaccard != nil {
            if sketch.signature.isEmpty {
                signatures.append(contentsOf: repeatElement(0, count: configuration.hashCount))
            } else {
                signatures.append(contentsOf: sketch.signature)
            }
        }
    }

    /// Decides which documents are kept: a document is removed when an earlier document shares its exact key
    /// (an `exact` duplicate) or one of its band keys (a `near` duplicate; with `verifyJaccard`, only an
    /// earlier document whose signature agrees enough counts). This is ``StreamingDeduplicator``'s rule,
    /// decided here by sorting the keys, so equal keys are adjacent and each group's first document is the
    /// only one of the group that may be kept.
    public mutating func resolve() -> DedupResult {
        // The earliest earlier document each document shares a key with (itself when none).
        var first = (0..<count).map { UInt32($0) }
        var exactDuplicate = [Bool](repeating: false, count: count)
        exact.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        var i = 0
        while i < exact.count {
            var j = i + 1
            while j < exact.count && exact[j].0 == exact[i].0 && exact[j].1 == exact[i].1 {
                let d = Int(exact[j].2)
                first[d] = min(first[d], exact[i].2)
                exactDuplicate[d] = true
                j += 1
            }
            i = j
        }
        bands.sort { ($0.0, $0.1) < ($1.0, $1.1) }
        let threshold = configuration.verifyJaccard
        let k = configuration.hashCount
        var candidatePairs = 0, rejectedPairs = 0
        i = 0
        while i < bands.count {
            var j = i + 1
            while j < bands.count && bands[j].0 == bands[i].0 {
                candidatePairs += 1
                let d = Int(bands[j].1)
                if let threshold {
                    // The earliest of (at most 64) earlier documents of the group whose signature agrees enough.
                    var match: UInt32?
                    let y = d * k
                    for e in i..<min(j, i + 64) {
                        let x = Int(bands[e].1) * k
                        var equal = 0
                        for r in 0..<k where signatures[x + r] == signatures[y + r] { equal += 1 }
                        if Double(equal) / Double(k) >= threshold { match = bands[e].1; break }
                    }
                    if let match { first[d] = min(first[d], match) } else { rejectedPairs += 1 }
                } else {
                    first[d] = min(first[d], bands[i].1)
                }
                j += 1
            }
            i = j
        }
        // Each removed document leads, through its earliest matches, to a kept one: its root.
        var sizes = [UInt32](repeating: 0, count: count)
        var roots = [UInt32](repeating: 0, count: count)
        for d in 0..<count {
            roots[d] = first[d] == UInt32(d) ? UInt32(d) : roots[Int(first[d])]
            sizes[Int(roots[d])] += 1
        }
        return DedupResult(roots: roots, clusterSizes: sizes, exactDuplicate: exactDuplicate,
                           candidatePairs: candidatePairs, rejectedPairs: rejectedPairs)
    }
}

/// The decision for every document of an index.
public struct DedupResult: Sendable {
    /// For each document, the kept document it duplicates, following earliest matches (itself when kept).
    public var roots: [UInt32]
    /// For each kept document, the documents whose root it is, itself included (its cluster); 0 for removed ones.
    public var clusterSizes: [UInt32]
    /// For each document, whether an earlier document has the same exact key.
    public var exactDuplicate: [Bool]
    /// Candidate pairs found by LSH (adjacent equal band keys), and those verification rejected.
    public var candidatePairs: Int
    public var rejectedPairs: Int

    /// Why a document is removed, or nil when it is kept.
    public enum Reason: String, Sendable { case exact, near }

    /// Whether document `d` is kept.
    public func isKept(_ d: Int) -> Bool { roots[d] == UInt32(d) }

    /// Why document `d` is removed, or nil when it is kept.
    public func reason(_ d: Int) -> Reason? {
        if isKept(d) { return nil }
        return exactDuplicate[d] ? .exact : .near
    }

    /// Documents removed as exact and as near duplicates.
    public var removedCounts: (exact: Int, near: Int) {
        var e = 0, n = 0
        for d in roots.indices where !isKept(d) { if exactDuplicate[d] { e += 1 } else { n += 1 } }
        return (e, n)
    }
}
