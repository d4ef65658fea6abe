import CorpusCore
import CorpusNormalize

/// Turns text into the hashed features the language model scores: character n-grams of orders 1–4 of each
/// case-folded word with boundary marks (" word " gives " w", "wo", ..., "rd "), plus the whole word.
///
/// Words are runs of letters (with their combining marks, and apostrophes between letters: `c'h`, `l'`);
/// digits, punctuation and symbols only separate words. The dominant script of the letters is counted on the
/// way. At most `maxLetters` letters are read, so long documents are scored on a bounded prefix.
/// A feature extractor holds scratch buffers: one per thread.
public struct FeatureExtractor: Sendable {
    /// Highest n-gram order.
    public static let maxOrder = 4
    /// Words longer than this many letters are not a feature of their own (their n-grams still count).
    public static let maxWordFeature = 24

    @usableFromInline let classes: WordBreakTable
    @usableFromInline let folding: CaseFolding
    @usableFromInline let scripts: [UInt8]
    @usableFromInline var word: [UInt32] = []
    /// Feature hashes of the last extraction.
    public private(set) var hashes: [UInt64] = []
    /// Letters per script in the last extraction, indexed by `Script.rawValue`.
    public private(set) var scriptCounts: [Int] = Array(repeating: 0, count: Script.allCases.count)
    /// Letters read in the last extraction.
    public private(set) var letters = 0

    /// Creates an extractor over ICU's tables.
    public init() {
        classes = .icu
        folding = .icu
        scripts = Script.bmpTable
        word.reserveCapacity(64)
        hashes.reserveCapacity(4096)
    }

    /// The script with most letters in the last extraction, or nil if there were none.
    public var dominantScript: Script? {
        var best = -1, bestCount = 0
        for (k, c) in scriptCounts.enumerated() where c > bestCount { best = k; bestCount = c }
        return best < 0 ? nil : Script(rawValue: UInt8(best))
    }

    /// Extracts the features of `text` (UTF-8, ideally NFC) into ``hashes``.
    public mutating func extract(_ text: UnsafeRawBufferPointer, maxLetters: Int = .max) {
        hashes.removeAll(keepingCapacity: true)
        word.removeAll(keepingCapacity: true)
        for k in scriptCounts.indices { scriptCounts[k] = 0 }
        letters = 0
        var i = 0
        let n = text.count
        var pendingApostrophe = false
        while i < n && letters < maxLetters {
            let (cp, decoded) = UTF8Decoding.decode(text, i)
            let len = max(decoded, 1)
            i += len
            if decoded == 0 { endWord(); pendingApostrophe = false; continue }
            if cp == 0x27 || cp == 0x2019 || cp == 0x2BC {   // apostrophes: kept between letters (c'h, l')
                if !word.isEmpty && !pendingApostrophe { pendingApostrophe = true } else { endWord(); pendingApostrophe = false }
                continue
            }
            let cls = classes.class(of: cp)
            switch WordBreakClass(rawValue: cls) {
            case .aLetter, .hebrewLetter, .otherLetter, .katakana:
                if pendingApostrophe { word.append(0x27); pendingApostrophe = false }
                word.append(folding.fold(cp))
                letters += 1
                if cp < 0x10000 {
                    let s = scripts.withUnsafeBufferPointer { $0[Int(cp)] }
                    if s != 255 { scriptCounts[Int(s)] += 1 }
                }
                if word.count >= 48 { endWord() }
            case .extend:
                if !word.isEmpty && !pendingApostrophe { word.append(cp) }
            default:
                endWord()
                pendingApostrophe = false
            }
        }
        endWord()
    }

    @inline(__always)
    static func mix(_ h: UInt64) -> UInt64 {
        var x = h ^ (h >> 31)
        x = x &* 0x9E37_79B9_7F4A_7C15
        return x ^ (x >> 29)
    }

    /// Emits the features of the word in `word` and clears it.
    private mutating func endWord() {
        let m = word.count
        guard m > 0 else { return }
        // Padded: boundary (space) + word + boundary.
        let padded = m + 2
        @inline(__always) func at(_ k: Int) -> UInt32 { k == 0 || k == padded - 1 ? 0x20 : word[k - 1] }
        for order in 1...Self.maxOrder where order <= padded {
            let seed = 0xCBF2_9CE4_8422_2325 &+ UInt64(order) &* 0x1000_0000_01B3
            for start in 0...(padded - order) {
                if order == 1 && (start == 0 || start == padded - 1) { continue }
                var h = seed
                for k in start..<(start + order) { h = (h ^ UInt64(at(k))) &* 0x0000_0100_0000_01B3 }
                hashes.append(Self.mix(h))
            }
        }
        if m <= Self.maxWordFeature {
            var h: UInt64 = 0x84222325CBF29CE4
            for cp in word { h = (h ^ UInt64(cp)) &* 0x0000_0100_0000_01B3 }
            hashes.append(Self.mix(h ^ 0x5741_5244))
        }
        word.removeAll(keepingCapacity: true)
    }
}
