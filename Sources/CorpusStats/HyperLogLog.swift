import Foundation

/// A HyperLogLog sketch of distinct 64-bit hashes (Flajolet et al. 2007, with the small-range correction),
/// for estimating vocabulary sizes. Mergeable: the union of two sketches is their register-wise maximum.
///
/// With `precision` p there are m = 2^p registers and the relative standard error is about 1.04 / sqrt(m):
/// 0.81 % at the default p = 14 (16 KiB per sketch).
public struct HyperLogLog: Sendable, Hashable, Codable {
    enum CodingKeys: String, CodingKey { case precision, registers, sparse }

    /// Distinct hashes kept exactly before the registers are allocated. A sketch of a few words (a language
    /// with one short document, a batch's share of a rare language) then costs at most 1 KiB, not 16 KiB.
    public static let sparseLimit = 128

    /// Sparse sketches are saved as base64 of their sorted hashes, dense ones as their registers (16 KiB of
    /// bytes, not 16,384 JSON numbers).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(precision, forKey: .precision)
        if registers.isEmpty {
            var data = Data(capacity: sparse.count * 8)
            for v in sparse { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
            try c.encode(data, forKey: .sparse)
        } else {
            try c.encode(Data(registers), forKey: .registers)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        precision = try c.decode(Int.self, forKey: .precision)
        guard (4...18).contains(precision) else {
            throw DecodingError.dataCorruptedError(forKey: .precision, in: c, debugDescription: "precision out of range")
        }
        if let data = try c.decodeIfPresent(Data.self, forKey: .sparse) {
            let bytes = [UInt8](data)
            guard bytes.count % 8 == 0, bytes.count / 8 <= Self.sparseLimit else {
                throw DecodingError.dataCorruptedError(forKey: .sparse, in: c, debugDescription: "damaged sparse hashes")
            }
            registers = []
            sparse = stride(from: 0, to: bytes.count, by: 8).map { (k: Int) -> UInt64 in
                var v: UInt64 = 0
                for j in 0..<8 { v |= UInt64(bytes[k + j]) << UInt64(8 * j) }
                return v
            }
            guard zip(sparse, sparse.dropFirst()).allSatisfy({ $0 < $1 }) else {
                throw DecodingError.dataCorruptedError(forKey: .sparse, in: c, debugDescription: "sparse hashes not sorted")
            }
        } else {
            registers = [UInt8](try c.decode(Data.self, forKey: .registers))
            sparse = []
            guard registers.count == 1 << precision, registers.allSatisfy({ Int($0) <= 65 - precision }) else {
                throw DecodingError.dataCorruptedError(forKey: .registers, in: c, debugDescription: "register count does not match precision")
            }
        }
    }

    /// log2 of the number of registers.
    public let precision: Int
    /// The registers: the largest rank seen per bucket; empty while the sketch is sparse.
    public private(set) var registers: [UInt8]
    /// While at most ``sparseLimit`` distinct hashes were added: those hashes, sorted (then `registers` is
    /// empty). Which form a sketch has depends only on the set of hashes added, so equal sets give equal
    /// sketches whatever the order of adds and merges.
    public private(set) var sparse: [UInt64] = []

    /// An empty sketch.
    public init(precision: Int = 14) {
        precondition((4...18).contains(precision), "precision must be 4...18")
        self.precision = precision
        registers = []
    }

    /// The relative standard error of the estimate, 1.04 / sqrt(m).
    public var standardError: Double { 1.04 / Double(1 << precision).squareRoot() }

    @inline(__always)
    static func slot(_ hash: UInt64, _ p: UInt64) -> (index: Int, rank: UInt8) {
        (Int(hash >> (64 - p)), UInt8(((hash << p) | (1 << (p - 1))).leadingZeroBitCount + 1))
    }

    /// The registers of the sparse hashes (what the dense sketch would hold).
    private func denseRegisters() -> [UInt8] {
        if !registers.isEmpty { return registers }
        var r = [UInt8](repeating: 0, count: 1 << precision)
        let p = UInt64(precision)
        for hash in sparse {
            let (index, rank) = Self.slot(hash, p)
            if rank > r[index] { r[index] = rank }
        }
        return r
    }

    /// Inserts a hash into the sparse set; allocates the registers once it holds more than the limit.
    private mutating func addSparse(_ hash: UInt64) {
        var low = 0, high = sparse.count
        while low < high {
            let mid = (low + high) / 2
            if sparse[mid] < hash { low = mid + 1 } else { high = mid }
        }
        if low < sparse.count && sparse[low] == hash { return }
        sparse.insert(hash, at: low)
        if sparse.count > Self.sparseLimit {
            registers = denseRegisters()
            sparse = []
        }
    }

    /// Adds a (well-mixed) 64-bit hash.
    public mutating func add(_ hash: UInt64) {
        if registers.isEmpty { addSparse(hash); return }
        let (index, rank) = Self.slot(hash, UInt64(precision))
        registers.withUnsafeMutableBufferPointer { r in if rank > r[index] { r[index] = rank } }
    }

    /// Adds many hashes at once (one access to the registers for all of them).
    public mutating func add(contentsOf hashes: UnsafeBufferPointer<UInt64>) {
        var k = 0
        while registers.isEmpty && k < hashes.count {
            addSparse(hashes[k])
            k += 1
        }
        guard k < hashes.count else { return }
        let p = UInt64(precision)
        registers.withUnsafeMutableBufferPointer { r in
            for hash in hashes[k...] {
                let (index, rank) = Self.slot(hash, p)
                if rank > r[index] { r[index] = rank }
            }
        }
    }

    /// Adds everything `other` saw (same precision).
    public mutating func merge(_ other: HyperLogLog) {
        precondition(other.precision == precision, "cannot merge sketches of different precision")
        if other.registers.isEmpty {
            other.sparse.withUnsafeBufferPointer { add(contentsOf: $0) }
            return
        }
        if registers.isEmpty { registers = denseRegisters(); sparse = [] }
        other.registers.withUnsafeBufferPointer { o in
            registers.withUnsafeMutableBufferPointer { r in
                for i in 0..<r.count { r[i] = Swift.max(r[i], o[i]) }   // vectorises
            }
        }
    }

    /// The estimated number of distinct hashes added (the same for a sparse sketch as for the dense one
    /// it stands for).
    public var estimate: Double {
        let registers = denseRegisters()
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

    /// Bytes this sketch holds.
    public var memoryBytes: Int { registers.capacity + sparse.capacity * 8 }
}
