/// A HyperLogLog sketch of distinct 64-bit hashes (Flajolet et al. 2007, with the small-range correction),
/// for estimating vocabulary sizes. Mergeable: the union of two sketches is their register-wise maximum.
///
/// With `precision` p there are m = 2^p registers and the relative standard error is about 1.04 / sqrt(m):
/// 0.81 % at the default p = 14 (16 KiB per sketch).
public struct HyperLogLog: Sendable, Hashable, Codable {
    enum CodingKeys: String, CodingKey { case precision, registers }

    /// Registers are saved as base64 (16 KiB of bytes, not 16,384 JSON numbers).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(precision, forKey: .precision)
        try c.encode(Data(registers), forKey: .registers)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        precision = try c.decode(Int.self, forKey: .precision)
        registers = [UInt8](try c.decode(Data.self, forKey: .registers))
        guard (4...18).contains(precision), registers.count == 1 << precision else {
            throw DecodingError.dataCorruptedError(forKey: .registers, in: c, debugDescription: "register count does not match precision")
        }
    }

    /// log2 of the number of registers.
    public let precision: Int
    /// The registers: the largest rank seen per bucket.
    public private(set) var registers: [UInt8]

    /// An empty sketch.
    public init(precision: Int = 14) {
        precondition((4...18).contains(precision), "precision must be 4...18")
        self.precision = precision
        registers = [UInt8](repeating: 0, count: 1 << precision)
    }

    /// The relative standard error of the estimate, 1.04 / sqrt(m).
    public var standardError: Double { 1.04 / Double(1 << precision).squareRoot() }

    /// Adds a (well-mixed) 64-bit hash.
    public mutating func add(_ hash: UInt64) {
        let index = Int(hash >> UInt64(64 - precision))
        let rest = (hash << UInt64(precision)) | (1 << UInt64(precision - 1))   // a guard bit bounds the rank
        let rank = UInt8(rest.leadingZeroBitCount + 1)
        registers.withUnsafeMutableBufferPointer { r in if rank > r[index] { r[index] = rank } }
    }

    /// Adds many hashes at once (one access to the registers for all of them).
    public mutating func add(contentsOf hashes: UnsafeBufferPointer<UInt64>) {
        let p = UInt64(precision)
        registers.withUnsafeMutableBufferPointer { r in
            for hash in hashes {
                let index = Int(hash >> (64 - p))
                let rank = UInt8(((hash << p) | (1 << (p - 1))).leadingZeroBitCount + 1)
                if rank > r[index] { r[index] = rank }
            }
        }
    }

    /// Adds everything `other` saw (same precision).
    public mutating func merge(_ other: HyperLogLog) {
        precondition(other.precision == precision, "cannot merge sketches of different precision")
        other.registers.withUnsafeBufferPointer { o in
            registers.withUnsafeMutableBufferPointer { r in
                for i in 0..<r.count { r[i] = Swift.max(r[i], o[i]) }   // vectorises
            }
        }
    }

    /// The estimated number of distinct hashes added.
    public var estimate: Double {
        let m = Double(registers.count)
        var sum = 0.0
        var zeros = 0
        for r in registers {
            sum += 1 / Double(UInt64(1) << UInt64(r))
            if r == 0 { zeros += 1 }
        }
        let alpha = 0.7213 / (1 + 1.079 / m)
        let raw = alpha * m * m / sum
        if raw <= 2.5 * m && zeros > 0 { return m * log(m / Double(zeros)) }   // linear counting
        return raw
    }
}

import Foundation
