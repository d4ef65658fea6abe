/// The duplicate decision of every document of a sharded run, 2 bits per document numbered in input order,
/// found by `census merge` sorting every document's keys (``ExternalKeySort``): the third way of deciding
/// duplicates beside ``DedupIndex`` (two passes, `census dedup`) and ``StreamingDeduplicator`` (one pass,
/// `census run`).
package final class DecisionTable {
    /// The number of the first document of each input.
    package let base: [Int]
    private var bits: [UInt8]

    package init(documentsPerInput: [Int]) {
        var base: [Int] = []
        var total = 0
        for n in documentsPerInput {
            base.append(total)
            total += n
        }
        self.base = base
        bits = [UInt8](repeating: 0, count: (total + 3) / 4)
    }

    /// Marks document `ordinal` removed; an exact duplicate stays exact.
    package func mark(_ ordinal: Int, exact: Bool) {
        let shift = UInt8((ordinal & 3) * 2)
        let current = (bits[ordinal >> 2] >> shift) & 3
        if current == 1 { return }
        bits[ordinal >> 2] = bits[ordinal >> 2] & ~(3 << shift) | ((exact ? 1 : 2) << shift)
    }

    package func reason(input: Int, index: Int) -> DedupResult.Reason? {
        let ordinal = base[input] + index
        switch (bits[ordinal >> 2] >> UInt8((ordinal & 3) * 2)) & 3 {
        case 1: return .exact
        case 2: return .near
        default: return nil
        }
    }
}
