import Foundation

/// A Count-Min sketch of 64-bit hashes (Cormode & Muthukrishnan 2005): `depth` rows of `width` counters;
/// a hash adds one to one counter per row, and its estimate is the smallest of its counters, never below
/// the true count and at most total/width × e above it with probability 1 − e^−depth. Linear, so merging
/// (adding the counters) is exact and order-independent: the sketch of a corpus equals the merged sketches
/// of its parts.
public struct CountMinSketch: Sendable, Hashable, Codable {
    public static let depth = 2
    /// Distinct hashes counted exactly before the counters are allocated (a rare language, a batch's share
    /// of one): at most a few KiB instead of 64 KiB.
    public static let sparseLimit = 256
    /// Counters per row (a power of two).
    public let width: Int
    /// The counters, `depth` rows of `width`; empty while the sketch is sparse.
    public private(set) var counters: [UInt32]
    /// While at most ``sparseLimit`` distinct hashes were added: each hash's exact count (then `counters` is
    /// empty). The form depends only on the set of hashes added, never on the order of adds and merges, and
    /// estimates are those the counters would give.
    public private(set) var sparse: [UInt64: UInt32] = [:]

    /// An empty sketch; the default (8,192 × 2 counters, 64 KiB once allocated) overestimates, with probability 86 %, by at most 0.033 % of the total.
    public init(width: Int = 8192) {
        precondition(width > 0 && width & (width - 1) == 0, "width must be a power of two")
        self.width = width
        counters = []
    }

    /// The counter of `hash` in each row: its low bits, and the high bits of its product with an odd constant.
    @inline(__always)
    static func slots(_ hash: UInt64, width: Int) -> (Int, Int) {
        let mask = UInt64(width - 1)
        let second = (hash &* 0x9E37_79B9_7F4A_7C15) >> 32
        return (Int(hash & mask), width + Int(second & mask))
    }

    /// Allocates the counters from the exact counts.
    private mutating func densify() {
        var c = [UInt32](repeating: 0, count: width * Self.depth)
        for (hash, n) in sparse {
            let (a, b) = Self.slots(hash, width: width)
            c[a] &+= n
            c[b] &+= n
        }
        counters = c
        sparse = [:]
    }

    /// Counts many hashes at once.
    public mutating func add(contentsOf hashes: UnsafeBufferPointer<UInt64>) {
        var k = 0
        while counters.isEmpty && k < hashes.count {
            sparse[hashes[k], default: 0] &+= 1
            if sparse.count > Self.sparseLimit { densify() }
            k += 1
        }
        guard k < hashes.count else { return }
        let w = width
        counters.withUnsafeMutableBufferPointer { c in
            for h in hashes[k...] {
                let (a, b) = Self.slots(h, width: w)
                c[a] &+= 1
                c[b] &+= 1
            }
        }
    }
    /// The estimated count of a hash: the smaller of its two counters (for a sparse sketch, the sums the
    /// counters would hold).
    public func estimate(_ hash: UInt64) -> Int {
        let (a, b) = Self.slots(hash, width: width)
        if counters.isEmpty {
            var ca: UInt32 = 0, cb: UInt32 = 0
            for (h, n) in sparse {
                let (ha, hb) = Self.slots(h, width: width)
                if ha == a { ca &+= n }
                if hb == b { cb &+= n }
            }
            return Int(min(ca, cb))
        }
        return Int(min(counters[a], counters[b]))
    }

    /// Adds the counts of `other` (same width).
    public mutating func merge(_ other: CountMinSketch) {
        precondition(other.width == width, "cannot merge sketches of different width")
        if other.counters.isEmpty && counters.isEmpty {
            for (h, n) in other.sparse { sparse[h, default: 0] &+= n }
            if sparse.count > Self.sparseLimit { densify() }
            return
        }
        if counters.isEmpty { densify() }
        if other.counters.isEmpty {
            let w = width
            counters.withUnsafeMutableBufferPointer { c in
                for (h, n) in other.sparse {
                    let (a, b) = Self.slots(h, width: w)
                    c[a] &+= n
                    c[b] &+= n
                }
            }
            return
        }
        other.counters.withUnsafeBufferPointer { o in
            counters.withUnsafeMutableBufferPointer { c in
                for i in 0..<c.count { c[i] &+= o[i] }   // vectorises
            }
        }
    }

    /// Bytes this sketch holds (about).
    public var memoryBytes: Int { counters.capacity * 4 + sparse.capacity * 16 }

    enum CodingKeys: String, CodingKey { case width, counters, sparse }

    /// Counters are saved as base64 of their little-endian bytes; a sparse sketch as base64 of its
    /// (hash, count) pairs sorted by hash.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(width, forKey: .width)
        if counters.isEmpty {
            var data = Data(capacity: sparse.count * 12)
            for (h, n) in sparse.sorted(by: { $0.key < $1.key }) {
                withUnsafeBytes(of: h.littleEndian) { data.append(contentsOf: $0) }
                withUnsafeBytes(of: n.littleEndian) { data.append(contentsOf: $0) }
            }
            try c.encode(data, forKey: .sparse)
            return
        }
        var data = Data(capacity: counters.count * 4)
        for v in counters { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        try c.encode(data, forKey: .counters)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        width = try c.decode(Int.self, forKey: .width)
        guard width > 0, width <= 1 << 24, width & (width - 1) == 0 else {
            throw DecodingError.dataCorruptedError(forKey: .width, in: c, debugDescription: "width is not a power of two")
        }
        func word(_ bytes: [UInt8], _ at: Int, _ n: Int) -> UInt64 {
            var v: UInt64 = 0
            for j in 0..<n { v |= UInt64(bytes[at + j]) << UInt64(8 * j) }
            return v
        }
        if let data = try c.decodeIfPresent(Data.self, forKey: .sparse) {
            let bytes = [UInt8](data)
            guard bytes.count % 12 == 0, bytes.count / 12 <= Self.sparseLimit else {
                throw DecodingError.dataCorruptedError(forKey: .sparse, in: c, debugDescription: "damaged sparse counts")
            }
            counters = []
            for k in stride(from: 0, to: bytes.count, by: 12) { sparse[word(bytes, k, 8)] = UInt32(word(bytes, k + 8, 4)) }
            guard sparse.count == bytes.count / 12 else {
                throw DecodingError.dataCorruptedError(forKey: .sparse, in: c, debugDescription: "repeated hashes")
            }
            return
        }
        let data = try c.decode(Data.self, forKey: .counters)
        guard data.count == width * Self.depth * 4 else {
            throw DecodingError.dataCorruptedError(forKey: .counters, in: c, debugDescription: "counter count does not match width")
        }
        let bytes = [UInt8](data)
        counters = (0..<(width * Self.depth)).map { k in UInt32(word(bytes, 4 * k, 4)) }
    }
}
