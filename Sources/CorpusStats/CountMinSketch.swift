import Foundation

/// A Count-Min sketch of 64-bit hashes (Cormode & Muthukrishnan 2005): `depth` rows of `width` counters;
/// a hash adds one to one counter per row, and its estimate is the smallest of its counters, never below
/// the true count and at most total/width × e above it with probability 1 − e^−depth. Linear, so merging
/// (adding the counters) is exact and order-independent: the sketch of a corpus equals the merged sketches
/// of its parts.
public struct CountMinSketch: Sendable, Hashable, Codable {
    public static let depth = 2
    /// Counters per row (a power of two).
    public let width: Int
    public private(set) var counters: [UInt32]

    /// An empty sketch; the default (8,192 × 2 counters, 64 KiB) overestimates, with probability 86 %, by at most 0.033 % of the total.
    public init(width: Int = 8192) {
        precondition(width > 0 && width & (width - 1) == 0, "width must be a power of two")
        self.width = width
        counters = [UInt32](repeating: 0, count: width * Self.depth)
    }

    /// The counter of `hash` in each row: its low bits, and the high bits of its product with an odd constant.
    @inline(__always)
    static func slots(_ hash: UInt64, width: Int) -> (Int, Int) {
        let mask = UInt64(width - 1)
        let second = (hash &* 0x9E37_79B9_7F4A_7C15) >> 32
        return (Int(hash & mask), width + Int(second & mask))
    }

    /// Counts many hashes at once.
    public mutating func add(contentsOf hashes: UnsafeBufferPointer<UInt64>) {
        let w = width
        counters.withUnsafeMutableBufferPointer { c in
            for h in hashes {
                let (a, b) = Self.slots(h, width: w)
                c[a] &+= 1
                c[b] &+= 1
            }
        }
    }

    /// The estimated count of a hash.
    public func estimate(_ hash: UInt64) -> Int {
        let (a, b) = Self.slots(hash, width: width)
        return Int(min(counters[a], counters[b]))
    }

    /// Adds the counts of `other` (same width).
    public mutating func merge(_ other: CountMinSketch) {
        precondition(other.width == width, "cannot merge sketches of different width")
        other.counters.withUnsafeBufferPointer { o in
            counters.withUnsafeMutableBufferPointer { c in
                for i in 0..<c.count { c[i] &+= o[i] }   // vectorises
            }
        }
    }

    enum CodingKeys: String, CodingKey { case width, counters }

    /// Counters are saved as base64 of their little-endian bytes.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(width, forKey: .width)
        var data = Data(capacity: counters.count * 4)
        for v in counters { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        try c.encode(data, forKey: .counters)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        width = try c.decode(Int.self, forKey: .width)
        let data = try c.decode(Data.self, forKey: .counters)
        guard width > 0, width & (width - 1) == 0, data.count == width * Self.depth * 4 else {
            throw DecodingError.dataCorruptedError(forKey: .counters, in: c, debugDescription: "counter count does not match width")
        }
        let bytes = [UInt8](data)
        counters = (0..<(width * Self.depth)).map { k in
            UInt32(bytes[4 * k]) | UInt32(bytes[4 * k + 1]) << 8 | UInt32(bytes[4 * k + 2]) << 16 | UInt32(bytes[4 * k + 3]) << 24
        }
    }
}
