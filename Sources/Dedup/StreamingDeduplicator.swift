/// Decides duplicates as documents stream past in input order: a document is an exact duplicate when an
/// earlier document had its exact key, a near duplicate when it shares a band key with an earlier document,
/// and kept otherwise. Earlier documents count whether they were kept or not.
///
/// This is the rule of ``DedupIndex/resolve()`` too (there decided by sorting keys), so a streaming run, a
/// two-pass `census dedup` and a sharded run merged afterwards keep the same documents. A document's fate is
/// known when it arrives, so kept documents can be written at once.
///
/// Memory: open-addressing sets of the keys, between 7/16 and 7/8 full: 9–18 bytes per band key and 18–37
/// per exact key, so 150–290 bytes per document with 14 bands (the high end just after a table doubled). The
/// tables double at 7/8 rather than 3/4: 1,000,000 unique documents fit in a 2^24-slot band table (peak RSS
/// of `census run` 512 → 282 MB), for about 7 % more time where that many keys are near the top of a table.
public struct StreamingDeduplicator: Sendable {
    public let configuration: DedupConfiguration
    private var exactKeys = KeySet(width: 2)
    private var bandKeys = KeySet(width: 1)
    /// Documents decided.
    public private(set) var count = 0

    public init(configuration: DedupConfiguration) {
        self.configuration = configuration
    }

    /// Bytes held by the key sets.
    public var memoryBytes: Int { exactKeys.memoryBytes + bandKeys.memoryBytes }

    /// Decides the next document and remembers its keys: nil when it is kept.
    public mutating func decide(exactKey: (UInt64, UInt64), bandKeys keys: UnsafeBufferPointer<UInt64>) -> DedupResult.Reason? {
        count += 1
        if !exactKeys.insert(exactKey.0, exactKey.1) {
            return .exact   // same words as an earlier document, so also the same band keys: nothing new
        }
        var seen = false
        for key in keys where !bandKeys.insert(key, 0) { seen = true }
        return seen ? .near : nil
    }
}

/// A set of 64- or 128-bit hash keys: open addressing, linear probing, power-of-two capacity, at most 7/8
/// full. An all-zero slot is empty; the all-zero key itself is remembered apart.
struct KeySet: Sendable {
    let width: Int
    private var slots: [UInt64]
    private var mask: Int
    private var hasZero = false
    private(set) var count = 0

    init(width: Int, capacity: Int = 1024) {
        self.width = width
        slots = [UInt64](repeating: 0, count: capacity * width)
        mask = capacity - 1
    }

    var memoryBytes: Int { slots.count * 8 }

    /// Inserts the key (`b` is ignored when the width is 1); false when it was there already.
    @inline(__always)
    mutating func insert(_ a: UInt64, _ b: UInt64) -> Bool {
        if a == 0 && (width == 1 || b == 0) {
            defer { hasZero = true }
            return !hasZero
        }
        if (count + 1) * 8 > (mask + 1) * 7 { grow() }
        let w = width, m = mask
        var i = Int(truncatingIfNeeded: (a &* 0x9E37_79B9_7F4A_7C15) >> 20) & m
        return slots.withUnsafeMutableBufferPointer { s in
            if w == 1 {
                while s[i] != 0 {
                    if s[i] == a { return false }
                    i = (i + 1) & m
                }
                s[i] = a
            } else {
                while s[2 * i] != 0 || s[2 * i + 1] != 0 {
                    if s[2 * i] == a && s[2 * i + 1] == b { return false }
                    i = (i + 1) & m
                }
                s[2 * i] = a
                s[2 * i + 1] = b
            }
            count += 1
            return true
        }
    }

    private mutating func grow() {
        var bigger = KeySet(width: width, capacity: (mask + 1) * 2)
        bigger.hasZero = hasZero
        for i in 0...mask {
            let a = slots[i * width], b = width == 2 ? slots[i * width + 1] : 0
            if a != 0 || b != 0 { _ = bigger.insert(a, b) }
        }
        self = bigger
    }
}
