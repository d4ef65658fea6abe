import CorpusTestSupport
import Dedup
import Foundation
import Testing

/// Generated documents: space-separated ASCII words, so words are exactly the tokens.
enum Generated {
    static func words(_ count: Int, tag: String, _ rng: inout SeededRandom) -> [String] {
        (0..<count).map { k in String((0..<5).map { _ in "abcdefghijklmnopqrstuvwxyz".randomElement(using: &rng)! }) + "\(tag)x\(k)" }
    }

    static func shingles(_ w: [String], n: Int = 5) -> Set<[String]> {
        w.count < n ? [w] : Set((0...(w.count - n)).map { Array(w[$0..<($0 + n)]) })
    }

    static func jaccard(_ a: [String], _ b: [String]) -> Double {
        let x = shingles(a), y = shingles(b)
        return Double(x.intersection(y).count) / Double(x.union(y).count)
    }

    /// A pair: `b` is `a` with `edits` words replaced.
    static func pair(_ p: Int, words: Int, edits: Int, _ rng: inout SeededRandom) -> ([String], [String]) {
        let a = Self.words(words, tag: "p\(p)", &rng)
        var b = a
        let fresh = Self.words(edits, tag: "p\(p)e", &rng)
        for e in 0..<edits { b[Int.random(in: 0..<b.count, using: &rng)] = fresh[e] }
        return (a, b)
    }
}

func sketch(_ words: [String], _ sketcher: inout DocumentSketcher) -> DocumentSketch {
    Array(words.joined(separator: " ").utf8).withUnsafeBytes { sketcher.sketch($0) }
}

@Suite struct DedupTests {
    @Test func formulaAtTheDefaults() {
        let c = DedupConfiguration()
        #expect(c.hashCount == 112)
        #expect(abs(c.candidateProbability(0.685) - 0.5) < 0.01)
        #expect(abs(pow(1 / 14.0, 1 / 8.0) - 0.72) < 0.005)
        #expect(abs(c.candidateProbability(0.8) - 0.92) < 0.01)
        #expect(c.candidateProbability(0.3) < 0.001)
        #expect(c.candidateProbability(0.9) > 0.999)
    }

    @Test func minHashEstimateIsWithinThreeSigmaOfExactJaccard() {
        var rng = SeededRandom(seed: 1)
        var sketcher = DocumentSketcher(configuration: DedupConfiguration())
        let k = Double(DedupConfiguration().hashCount)
        var outside = 0
        let trials = 400
        for p in 0..<trials {
            let (a, b) = Generated.pair(p, words: 150, edits: Int.random(in: 0...60, using: &rng), &rng)
            let j = Generated.jaccard(a, b)
            let estimate = DocumentSketcher.estimatedJaccard(sketch(a, &sketcher).signature, sketch(b, &sketcher).signature)
            let sigma = (j * (1 - j) / k).squareRoot()
            if abs(estimate - j) > 3 * sigma + 1e-9 { outside += 1 }
        }
        // 3 sigma leaves 0.27 % outside for a normal estimate; allow 1 %.
        #expect(outside <= trials / 100, "\(outside) of \(trials) estimates outside 3 sigma")
    }

    @Test func identicalDocumentsAreAlwaysCaughtAndLowSimilarityNeverRemoved() {
        var rng = SeededRandom(seed: 2)
        var sketcher = DocumentSketcher(configuration: DedupConfiguration())
        var index = DedupIndex(configuration: DedupConfiguration())
        var expectedExact: [Int] = []
        var lowPairs: [(Int, Int)] = []
        var n = 0
        for p in 0..<300 {
            let (a, b) = Generated.pair(p, words: 120, edits: 60 + p % 40, &rng)   // J well below 0.3
            #expect(Generated.jaccard(a, b) < 0.3)
            index.add(sketch(a, &sketcher)); index.add(sketch(b, &sketcher))
            lowPairs.append((n, n + 1))
            index.add(sketch(a, &sketcher))                                         // an identical copy
            expectedExact.append(n + 2)
            n += 3
        }
        let result = index.resolve()
        for d in expectedExact {
            #expect(result.reason(d) == .exact)
            #expect(result.roots[d] == UInt32(d - 2))
        }
        for (x, y) in lowPairs { #expect(result.isKept(x) && result.isKept(y)) }
        #expect(result.clusterSizes[0] == 2)
    }

    @Test func exactKeysIgnoreCasePunctuationAndDigits() {
        var sketcher = DocumentSketcher(configuration: DedupConfiguration())
        let a = Array("Hello, World — 2024!".utf8).withUnsafeBytes { sketcher.sketch($0) }
        let b = Array("hello world 2025".utf8).withUnsafeBytes { sketcher.sketch($0) }
        let c = Array("hello world 2025 again".utf8).withUnsafeBytes { sketcher.sketch($0) }
        #expect(a.exactKey == b.exactKey)
        #expect(a.exactKey != c.exactKey)
        let empty = Array("—!?".utf8).withUnsafeBytes { sketcher.sketch($0) }
        #expect(empty.words == 0 && empty.signature.isEmpty && empty.bandKeys.isEmpty)
    }

    @Test func shortDocumentsUseOneShingleAndClustersAreTransitive() {
        var sketcher = DocumentSketcher(configuration: DedupConfiguration())
        var index = DedupIndex(configuration: DedupConfiguration())
        for text in ["only three words", "ONLY three words!", "something else entirely here"] {
            index.add(Array(text.utf8).withUnsafeBytes { sketcher.sketch($0) })
        }
        // A chain: d3 ~ d4 (one word changed at the end), d4 ~ d5: all one cluster, the first kept.
        var rng = SeededRandom(seed: 3)
        let base = Generated.words(400, tag: "chain", &rng)
        var second = base; second[399] = "changed1"
        var third = second; third[0] = "changed2"
        for w in [base, second, third] { index.add(sketch(w, &sketcher)) }
        let result = index.resolve()
        #expect(result.reason(1) == .exact)
        #expect(result.isKept(2))
        #expect(result.isKept(3) && result.reason(4) == .near && result.reason(5) == .near)
        #expect(result.roots[5] == 3 && result.clusterSizes[3] == 3)
    }

    @Test func verificationRejectsWeakCandidates() {
        var config = DedupConfiguration()
        config.verifyJaccard = 0.99
        var sketcher = DocumentSketcher(configuration: config)
        var index = DedupIndex(configuration: config)
        var rng = SeededRandom(seed: 4)
        let (a, b) = Generated.pair(0, words: 300, edits: 3, &rng)   // J ≈ 0.9: a candidate, but below 0.99
        index.add(sketch(a, &sketcher)); index.add(sketch(b, &sketcher))
        let result = index.resolve()
        #expect(result.isKept(1))
        #expect(result.candidatePairs >= 1 && result.rejectedPairs == result.candidatePairs)
        #expect(index.bytesPerDocument == 24 + 12 * 14 + 4 * 112)
    }

    @Test func streamingDecisionsEqualTheSortedResolution() {
        // Originals, exact copies, near copies, chains and a document bridging two unrelated ones.
        var rng = SeededRandom(seed: 5)
        var sketcher = DocumentSketcher(configuration: DedupConfiguration())
        var index = DedupIndex(configuration: DedupConfiguration())
        var documents: [[String]] = []
        for k in 0..<600 {
            let choice = k < 20 ? 0 : Int(rng.next() % 5)
            var words: [String]
            switch choice {
            case 1: words = documents[Int(rng.next() % UInt64(documents.count))]                 // exact copy
            case 2:                                                                                // near copy
                words = documents[Int(rng.next() % UInt64(documents.count))]
                if !words.isEmpty { words[Int(rng.next() % UInt64(words.count))] = "edit\(k)" }
            case 3:                                                                                // bridge of two
                let a = documents[Int(rng.next() % UInt64(documents.count))], b = documents[Int(rng.next() % UInt64(documents.count))]
                words = Array(a.prefix(a.count / 2)) + Array(b.suffix(b.count / 2))
            default: words = Generated.words(20 + Int(rng.next() % 200), tag: "o\(k)", &rng)
            }
            documents.append(words)
            index.add(sketch(words, &sketcher))
        }
        // Streamed in the same order, each decision equals the sorted resolution's.
        let result = index.resolve()
        var again = StreamingDeduplicator(configuration: DedupConfiguration())
        var removed = 0
        for (d, words) in documents.enumerated() {
            let s = sketch(words, &sketcher)
            let decision = s.bandKeys.withUnsafeBufferPointer { again.decide(exactKey: s.exactKey, bandKeys: $0) }
            #expect(decision == result.reason(d), "document \(d)")
            if decision != nil { removed += 1 }
        }
        #expect(removed > 200 && removed < 500)
    }
}
