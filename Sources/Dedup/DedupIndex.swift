/// Collects the sketches of documents in input order and resolves duplicates.
///
/// The index keeps compact records, never documents: per document one 24-byte exact record (128-bit key,
/// document number) and one 12-byte record per band (64-bit band key, document number), 24 + 12 · bands
/// bytes (192 bytes with 14 bands), plus the signature (4 · bands · rows bytes) only when candidates are
/// verified. Resolution sorts the records, so groups of equal keys are adjacent: the same grouping works on
/// sorted runs spilled to disk and merged, which is how a sharded run will group band keys across shards.
///
/// Every document that shares a band key (or its exact key) with an earlier document is joined to it in a
/// union-find structure; each connected group (cluster) keeps its first document in input order, and the
/// others are removed: as `exact` duplicates when their exact key equals an earlier document's, else as
/// `near` duplicates.
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

    /// Decides which documents are kept.
    public mutating func resolve() -> DedupResult {
        var parent = (0..<count).map { UInt32($0) }
        func find(_ x: UInt32) -> UInt32 {
            var x = x
            while parent[Int(x)] != x {
                parent[Int(x)] = parent[Int(parent[Int(x)])]
                x = parent[Int(x)]
            }
            return x
        }
        func union(_ x: UInt32, _ y: UInt32) {
            let rx = find(x), ry = find(y)
            if rx == ry { return }
            // The smaller document number (earlier in input order) becomes the root.
            if rx < ry { parent[Int(ry)] = rx } else { parent[Int(rx)] = ry }
        }
        var exactDuplicate = [Bool](repeating: false, count: count)
        exact.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        var i = 0
        while i < exact.count {
            var j = i + 1
            while j < exact.count && exact[j].0 == exact[i].0 && exact[j].1 == exact[i].1 {
                union(exact[i].2, exact[j].2)
                exactDuplicate[Int(exact[j].2)] = true
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
                if let threshold {
                    let x = Int(bands[i].1) * k, y = Int(bands[j].1) * k
                    var equal = 0
                    for r in 0..<k where signatures[x + r] == signatures[y + r] { equal += 1 }
                    if Double(equal) / Double(k) < threshold {
                        rejectedPairs += 1
                        j += 1
                        continue
                    }
                }
                union(bands[i].1, bands[j].1)
                j += 1
            }
            i = j
        }
        var sizes = [UInt32](repeating: 0, count: count)
        var roots = [UInt32](repeating: 0, count: count)
        for d in 0..<count {
            let r = find(UInt32(d))
            roots[d] = r
            sizes[Int(r)] += 1
        }
        return DedupResult(roots: roots, clusterSizes: sizes, exactDuplicate: exactDuplicate,
                           candidatePairs: candidatePairs, rejectedPairs: rejectedPairs)
    }
}

/// The decision for every document of an index.
public struct DedupResult: Sendable {
    /// For each document, the first document of its cluster (itself when it is kept).
    public var roots: [UInt32]
    /// For each kept document, the size of its cluster (1 when it has no duplicate); 0 for removed ones.
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
