import CCorpusKernels
import CorpusCore
import CorpusNormalize

/// What deduplication keeps of one document: its exact key, its MinHash signature and its LSH band keys.
public struct DocumentSketch: Sendable {
    /// 128-bit hash of the document's normalised words.
    public var exactKey: (UInt64, UInt64)
    /// Word tokens in the document.
    public var words: Int
    /// MinHash values, `bands × rows` of them (empty when the document has no words).
    public var signature: [UInt32]
    /// One key per band (empty when the document has no words); the band index is mixed in.
    public var bandKeys: [UInt64]
}

/// Computes ``DocumentSketch``es: tokenises once, folds case, maps digits to 0, hashes words, shingles them,
/// computes the MinHash signature (AVX2 kernel) and the band keys. Holds scratch buffers: one per thread.
public struct DocumentSketcher: Sendable {
    public let configuration: DedupConfiguration
    let a: [UInt32]
    let b: [UInt32]
    private var tokens: [Token] = []
    private var wordHashes: [UInt64] = []
    private var shingles: [UInt64] = []
    private var plainHashes: [UInt64] = []
    private var wordKeys = WordKeys()

    /// Creates a sketcher; the hash functions come from the configuration's seed.
    public init(configuration: DedupConfiguration) {
        self.configuration = configuration
        var state = configuration.seed ^ 0x6D69_6E68_6173_6821   // "minhash!"
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var a: [UInt32] = [], b: [UInt32] = []
        for _ in 0..<configuration.hashCount {
            a.append(UInt32(truncatingIfNeeded: next()) | 1)   // odd: x -> a·x + b is a permutation of 32-bit values
            b.append(UInt32(truncatingIfNeeded: next() >> 32))
        }
        self.a = a
        self.b = b
    }

    /// The sketch of UTF-8 `text` (normalised as the pipeline normalises it).
    public mutating func sketch(_ text: UnsafeRawBufferPointer) -> DocumentSketch {
        tokens.removeAll(keepingCapacity: true)
        WordTokenizer.icu.tokenize(text, into: &tokens)
        wordHashes.removeAll(keepingCapacity: true)
        // Case-folded, ASCII digits as 0 (the plain keys are computed on the way and not needed here).
        plainHashes.removeAll(keepingCapacity: true)
        wordKeys.append(text, tokens: tokens, folding: CaseFolding.icu, plain: &plainHashes, digitsAsZero: &wordHashes)
        return sketchWords()
    }

    /// The sketch of a document given the hashes of its words (case-folded, ASCII digits as 0, as
    /// `Hash64.hashFolded(_:folding:scratch:digitsToZero: true)` gives them), for callers that already
    /// tokenised the text.
    public mutating func sketch(wordHashes hashes: UnsafeBufferPointer<UInt64>) -> DocumentSketch {
        wordHashes.removeAll(keepingCapacity: true)
        wordHashes.append(contentsOf: hashes)
        return sketchWords()
    }

    private mutating func sketchWords() -> DocumentSketch {
        // Exact key: two independent polynomial hashes (different odd multipliers) of the word-hash sequence,
        // each finished with the word count.
        var k0: UInt64 = 0x243F_6A88_85A3_08D3, k1: UInt64 = 0x1319_8A2E_0370_7344
        for h in wordHashes {
            k0 = k0 &* 0x9E37_79B9_7F4A_7C15 &+ h
            k1 = (k1 ^ h) &* 0xC2B2_AE3D_27D4_EB4F
        }
        k0 = Hash64.combine(k0, UInt64(wordHashes.count))
        k1 = Hash64.combine(k1, UInt64(wordHashes.count) ^ 0xA409_3822_299F_31D0)
        guard !wordHashes.isEmpty else {
            return DocumentSketch(exactKey: (k0, k1), words: 0, signature: [], bandKeys: [])
        }
        // Shingles: n consecutive words (all words when there are fewer than n), as a rolling polynomial hash
        // of their word hashes, s = Σ w[i+j]·P^(n−1−j) mod 2^64, each finished by a multiply-xorshift.
        shingles.removeAll(keepingCapacity: true)
        let n = min(configuration.ngram, wordHashes.count)
        let p: UInt64 = 0x9E37_79B9_7F4A_7C15
        var top: UInt64 = 1                       // P^(n−1)
        for _ in 1..<max(n, 1) { top = top &* p }
        var rolling: UInt64 = 0
        wordHashes.withUnsafeBufferPointer { w in
            for k in 0..<n { rolling = rolling &* p &+ w[k] }
            var start = 0
            while true {
                var h = (rolling ^ UInt64(n)) &* 0xD6E8_FEB8_6659_FD93
                h ^= h >> 32
                shingles.append(h)
                if start + n >= w.count { break }
                rolling = (rolling &- w[start] &* top) &* p &+ w[start + n]
                start += 1
            }
        }
        var signature = [UInt32](repeating: .max, count: configuration.hashCount)
        signature.withUnsafeMutableBufferPointer { sig in
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    shingles.withUnsafeBufferPointer { s in
                        census_minhash_update(sig.baseAddress!, sig.count, a.baseAddress!, b.baseAddress!, s.baseAddress!, s.count)
                    }
                }
            }
        }
        var bandKeys: [UInt64] = []
        // A document of one shingle (at most n words) is that shingle: another document resembles it only by
        // containing it, which its exact key or the S-curve's low odds at such Jaccard values cover. It gets
        // no band keys, so short documents cost the index 16 bytes, not 16 + 8 · bands.
        guard shingles.count > 1 else {
            return DocumentSketch(exactKey: (k0, k1), words: wordHashes.count, signature: signature, bandKeys: [])
        }
        bandKeys.reserveCapacity(configuration.bands)
        let rows = configuration.rows
        for band in 0..<configuration.bands {
            var h: UInt64 = 0x4241_4E44_0000_0000 | UInt64(band)
            for r in 0..<rows { h = Hash64.combine(h, UInt64(signature[band * rows + r])) }
            bandKeys.append(h)
        }
        return DocumentSketch(exactKey: (k0, k1), words: wordHashes.count, signature: signature, bandKeys: bandKeys)
    }

    /// The share of equal values in two signatures: the MinHash estimate of the Jaccard similarity.
    public static func estimatedJaccard(_ x: [UInt32], _ y: [UInt32]) -> Double {
        guard !x.isEmpty, x.count == y.count else { return 0 }
        var equal = 0
        for i in x.indices where x[i] == y[i] { equal += 1 }
        return Double(equal) / Double(x.count)
    }
}
