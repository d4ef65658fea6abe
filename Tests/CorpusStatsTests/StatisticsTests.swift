import CorpusCore
import CorpusStats
import CorpusTestSupport
import Foundation
import Testing

@Suite struct HyperLogLogTests {
    @Test(arguments: [100, 10_000, 1_000_000])
    func estimateIsWithinThreeStandardErrors(_ n: Int) {
        var h = HyperLogLog()
        for i in 0..<n { h.add(Hash64.hash(Array("word\(i)".utf8))) }
        let error = abs(h.estimate - Double(n)) / Double(n)
        #expect(error <= 3 * h.standardError, "n \(n): estimate \(h.estimate)")
    }

    @Test func batchAddEqualsSingleAdds() {
        var a = HyperLogLog(), b = HyperLogLog()
        let hashes = (0..<10_000).map { Hash64.hash(Array("v\($0)".utf8)) }
        for h in hashes { a.add(h) }
        hashes.withUnsafeBufferPointer { b.add(contentsOf: $0) }
        #expect(a == b)
    }

    @Test func mergeIsTheUnion() {
        var a = HyperLogLog(), b = HyperLogLog(), all = HyperLogLog()
        for i in 0..<50_000 {
            let h = Hash64.hash(Array("w\(i)".utf8))
            if i % 3 == 0 { a.add(h) } else { b.add(h) }
            all.add(h)
            if i % 7 == 0 { b.add(h) }   // overlap
        }
        a.merge(b)
        #expect(a == all)
    }
}

@Suite struct CountMinSketchTests {
    /// Zipf-like counts: word k occurs 2000 / (k + 1) times.
    static func corpus() -> [UInt64] {
        var hashes: [UInt64] = []
        for k in 0..<5000 {
            let h = Hash64.hash(Array("w\(k)".utf8))
            hashes.append(contentsOf: repeatElement(h, count: max(1, 2000 / (k + 1))))
        }
        return hashes
    }

    @Test func estimatesNeverUndercountAndStayWithinTheBound() {
        let hashes = Self.corpus()
        var sketch = CountMinSketch()
        hashes.withUnsafeBufferPointer { sketch.add(contentsOf: $0) }
        let bound = Int((Double(hashes.count) / Double(sketch.width) * M_E).rounded(.up))
        var over = 0
        for k in 0..<5000 {
            let truth = max(1, 2000 / (k + 1))
            let estimate = sketch.estimate(Hash64.hash(Array("w\(k)".utf8)))
            #expect(estimate >= truth)
            if estimate - truth > bound { over += 1 }
        }
        // Each estimate exceeds the bound with probability at most e^-2 (13.5 %); allow that rate.
        #expect(over <= 5000 * 135 / 1000, "\(over) of 5000 estimates above true + \(bound)")
        #expect(sketch.estimate(Hash64.hash(Array("w0".utf8))) - 2000 <= bound)
    }

    @Test func mergeEqualsTheWholeAndSurvivesCoding() throws {
        let hashes = Self.corpus()
        var whole = CountMinSketch(), a = CountMinSketch(), b = CountMinSketch()
        hashes.withUnsafeBufferPointer { whole.add(contentsOf: $0) }
        let half = hashes.count / 3
        hashes[..<half].withUnsafeBufferPointer { a.add(contentsOf: $0) }
        hashes[half...].withUnsafeBufferPointer { b.add(contentsOf: $0) }
        b.merge(a)
        #expect(b == whole)
        let decoded = try JSONDecoder().decode(CountMinSketch.self, from: JSONEncoder().encode(whole))
        #expect(decoded == whole)
    }

    @Test func rejectsCountersOfTheWrongLength() {
        let json = Data(#"{"width": 8, "counters": "AAAA"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(CountMinSketch.self, from: json) }
    }
}

@Suite struct LanguageStatisticsTests {
    static func random(_ rng: inout SeededRandom) -> LanguageStatistics {
        var s = LanguageStatistics()
        for _ in 0..<Int.random(in: 1...50, using: &rng) {
            let words = Int.random(in: 0...3000, using: &rng)
            s.all.add(words: words, characters: words * 6, bytes: words * 7, lines: 1 + words / 20)
            if Bool.random(using: &rng) {
                s.kept.add(words: words, characters: words * 6, bytes: words * 7, lines: 1 + words / 20)
                s.lengths[LengthBuckets.bucket(words)] += 1
            } else {
                s.nearDuplicates += 1
            }
            for _ in 0..<10 { s.vocabulary.add(rng.next()) }
            s.addConfidence(Double.random(in: 0...1, using: &rng), belowThreshold: Bool.random(using: &rng))
            s.scripts[["Latn", "Cyrl"].randomElement(using: &rng)!, default: 0] += 1
            if Bool.random(using: &rng) {
                s.runnersUp = (s.runnersUp ?? [:]).merging([["hr", "sr", "und"].randomElement(using: &rng)!: 1], uniquingKeysWith: +)
                s.decidedInSet = (s.decidedInSet ?? 0) + Int.random(in: 0...1, using: &rng)
            }
        }
        return s
    }

    @Test func mergeIsAssociativeAndCommutative() {
        var rng = SeededRandom(seed: 9)
        let a = Self.random(&rng), b = Self.random(&rng), c = Self.random(&rng)
        var ab = a; ab.merge(b)
        var abc1 = ab; abc1.merge(c)
        var bc = b; bc.merge(c)
        var abc2 = a; abc2.merge(bc)
        var cba = c; cba.merge(b); cba.merge(a)
        #expect(abc1 == abc2)
        #expect(abc1 == cba)
    }

    @Test func lengthBuckets() {
        #expect(LengthBuckets.bucket(0) == 0)
        #expect(LengthBuckets.bucket(1) == 1)
        #expect(LengthBuckets.bucket(3) == 2 && LengthBuckets.bucket(4) == 3 && LengthBuckets.bucket(7) == 3)
        #expect(LengthBuckets.bucket(1 << 30) == LengthBuckets.count - 1)
        #expect(LengthBuckets.label(3) == "4–7")
    }
}

@Suite struct DomainTests {
    @Test(arguments: [
        ("https://www.Example.org/a/b?c", "www.example.org"), ("http://user@host.eu:8080/x", "host.eu"),
        ("https://[::1]/", "[::1]"), ("no url", nil), ("https://", nil),
    ] as [(String, String?)])
    func hosts(_ url: String, _ host: String?) {
        #expect(LanguageStatistics.host(of: url) == host)
    }

    @Test func topDomainsAreExactAndMergeable() {
        var a = LanguageStatistics(), b = LanguageStatistics()
        a.domains = ["x.eu": 3, "y.eu": 1]
        b.domains = ["y.eu": 3, "z.eu": 1]
        a.merge(b)
        #expect(a.topDomains(2).map(\.0) == ["y.eu", "x.eu"])
        #expect(a.topDomains(3).map(\.1) == [4, 3, 1])
    }
}

/// Issue 15, item 6: sketches of few words stay small, and their form depends only on what was added.
@Suite struct SparseSketchTests {
    /// Adds `hashes` to sketches in random groups, merged in a random order.
    static func pieces<S>(_ hashes: [UInt64], _ rng: inout SeededRandom, make: () -> S, add: (inout S, [UInt64]) -> Void,
                          merge: (inout S, S) -> Void) -> S {
        var parts: [S] = []
        var k = 0
        while k < hashes.count {
            let n = 1 + Int(rng.next() % 40)
            var s = make()
            add(&s, Array(hashes[k..<min(hashes.count, k + n)]))
            parts.append(s)
            k += n
        }
        var total = make()
        while !parts.isEmpty {
            let i = Int(rng.next() % UInt64(parts.count))
            merge(&total, parts.remove(at: i))
        }
        return total
    }

    @Test(arguments: [0, 1, 50, 128, 129, 300, 5000])
    func hyperLogLogIsTheSameHoweverBuilt(_ n: Int) throws {
        var rng = SeededRandom(seed: UInt64(n) + 1)
        let hashes = (0..<n).map { Hash64.hash(Array("w\($0 % max(1, n * 2 / 3))".utf8)) }   // repeats too
        var whole = HyperLogLog()
        hashes.withUnsafeBufferPointer { whole.add(contentsOf: $0) }
        let pieced = Self.pieces(hashes, &rng, make: { HyperLogLog() },
                                 add: { s, h in for x in h { s.add(x) } }, merge: { $0.merge($1) })
        #expect(pieced == whole)
        #expect(whole.registers.isEmpty == (Set(hashes).count <= HyperLogLog.sparseLimit))
        // The estimate is the dense sketch's, whatever the form.
        var registers = [UInt8](repeating: 0, count: 1 << whole.precision)
        let p = UInt64(whole.precision)
        for h in hashes {
            let i = Int(h >> (64 - p)), rank = UInt8(((h << p) | (1 << (p - 1))).leadingZeroBitCount + 1)
            registers[i] = max(registers[i], rank)
        }
        if !whole.registers.isEmpty { #expect(whole.registers == registers) }
        let decoded = try JSONDecoder().decode(HyperLogLog.self, from: JSONEncoder().encode(whole))
        #expect(decoded == whole && decoded.estimate == whole.estimate)
        if n <= 100 { #expect(whole.memoryBytes <= 2048) }
    }

    @Test(arguments: [0, 10, 256, 257, 2000])
    func countMinIsTheSameHoweverBuiltAndEstimatesAsTheDenseOne(_ n: Int) throws {
        var rng = SeededRandom(seed: UInt64(n) + 7)
        let hashes = (0..<(n * 3)).map { Hash64.hash(Array("w\($0 % max(1, n))".utf8)) }
        var whole = CountMinSketch()
        hashes.withUnsafeBufferPointer { whole.add(contentsOf: $0) }
        let pieced = Self.pieces(hashes, &rng, make: { CountMinSketch() },
                                 add: { s, h in h.withUnsafeBufferPointer { s.add(contentsOf: $0) } }, merge: { $0.merge($1) })
        #expect(pieced == whole)
        #expect(whole.counters.isEmpty == (Set(hashes).count <= CountMinSketch.sparseLimit))
        // Estimates are those a sketch with counters from the start gives: its counters are the sums.
        var counters = [UInt32](repeating: 0, count: 2 * whole.width)
        let mask = UInt64(whole.width - 1)
        for h in hashes {
            counters[Int(h & mask)] &+= 1
            counters[whole.width + Int(((h &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask)] &+= 1
        }
        for h in Set(hashes).prefix(100) {
            let dense = Int(min(counters[Int(h & mask)], counters[whole.width + Int(((h &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask)]))
            #expect(whole.estimate(h) == dense)
        }
        let decoded = try JSONDecoder().decode(CountMinSketch.self, from: JSONEncoder().encode(whole))
        #expect(decoded == whole)
    }

    @Test func hostsAreExactUpToTheLimitAndBoundedBeyond() {
        var s = LanguageStatistics()
        var truth: [String: Int] = [:]
        var rng = SeededRandom(seed: 3)
        for batch in 0..<200 {
            var counts: [String: Int] = [:]
            for _ in 0..<100 {
                // A few big hosts and a long tail of one-document hosts.
                let host = rng.next() % 4 == 0 ? "big\(rng.next() % 5).eu" : "tail\(batch)-\(rng.next()).eu"
                counts[host, default: 0] += 1
                truth[host, default: 0] += 1
            }
            s.mergeDomains(counts)
            #expect(s.domains.count <= LanguageStatistics.domainLimit)
        }
        let total = truth.values.reduce(0, +)
        for k in 0..<5 {
            let host = "big\(k).eu", kept = s.domains[host] ?? 0
            #expect(kept <= truth[host]! && truth[host]! - kept <= total / (LanguageStatistics.domainLimit + 1), "\(host)")
        }
        #expect(s.topDomains(5).map(\.0).sorted() == (0..<5).map { "big\($0).eu" })
        var small = LanguageStatistics()
        small.mergeDomains(["a.eu": 2])
        small.mergeDomains(["a.eu": 1, "b.eu": 4])
        #expect(small.domains == ["a.eu": 3, "b.eu": 4], "exact below the limit")
    }
}
