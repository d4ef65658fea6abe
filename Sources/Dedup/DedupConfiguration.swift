/// Settings of exact and near-duplicate detection, with the field's defaults.
///
/// Near duplicates use MinHash over word n-gram shingles and locality-sensitive hashing (LSH) with
/// `bands` bands of `rows` rows each (`bands × rows` hash functions). Two documents whose shingle sets have
/// Jaccard similarity `s` share at least one band, and become candidates, with probability
///
///     P(s) = 1 − (1 − s^rows)^bands
///
/// The defaults are datatrove's and FineWeb's: 5-grams of words, 14 bands × 8 rows = 112 hashes, which puts
/// the S-curve's threshold (its steepest point, (1/bands)^(1/rows)) at s ≈ 0.72; P = 0.5 at s ≈ 0.685,
/// P(0.8) ≈ 0.92, P(0.9) ≈ 0.9996, P(0.5) ≈ 0.053, P(0.3) ≈ 0.0009.
///
/// Exact duplicates are found by a 128-bit hash of the document's words, case-folded, with ASCII digits
/// mapped to `0` and punctuation and white space dropped (so "Hello, World 2024!" and "hello world 2025"
/// are exact duplicates). 128 bits keep the chance of any false match below 10^-14 even for 10^12 documents;
/// 64 bits would give a few percent at 10^9.
public struct DedupConfiguration: Sendable, Hashable {
    /// Words per shingle. A document of at most this many words is one shingle of all its words and, like a
    /// document without words, can only be an exact duplicate (it gets no band keys).
    public var ngram = 5
    /// LSH bands.
    public var bands = 14
    /// Rows (hash values) per band.
    public var rows = 8
    /// Seed of the hash functions.
    public var seed: UInt64 = 1
    /// When set, a candidate pair counts only if its signatures agree on at least this share of hash values
    /// (the MinHash estimate of their Jaccard similarity).
    public var verifyJaccard: Double?

    /// The defaults above.
    public init() {}

    /// Hash functions in a signature.
    public var hashCount: Int { bands * rows }

    /// The probability that two documents with Jaccard similarity `s` become candidates.
    public func candidateProbability(_ s: Double) -> Double {
        1 - pow(1 - pow(s, Double(rows)), Double(bands))
    }
}

#if canImport(Glibc)
import Glibc
#endif
