import CorpusCore
import CorpusNormalize

/// Turns text into the hashed features the language model scores: character n-grams of orders 1–4 of each
/// case-folded word with boundary marks (" word " gives " w", "wo", ..., "rd "), plus the whole word.
///
/// Words are runs of letters (with their combining marks, and apostrophes between letters: `c'h`, `l'`);
/// digits, punctuation and symbols only separate words. The dominant script of the letters is counted on the
/// way. About `maxLetters` letters (combining marks count too) are read per call — the word that reaches the
/// limit is read to its end —, so work and memory stay bounded; ``LanguageIdentifier`` reads long documents in two spans (start and middle).
/// A feature extractor holds scratch buffers: one per thread.
///
/// An extractor made with `expandsWords: false` keeps each word that is a feature of its own as its folded
/// letters and its hash instead of writing its n-grams (``wordLetters(_:)``, ``expand(_:into:)``): a reader
/// that knows a word's summed rows already (``LanguageIdentifier``'s word cache) never hashes its n-grams.
public struct FeatureExtractor: Sendable {
    /// Highest n-gram order.
    public static let maxOrder = 5
    /// Words longer than this many letters are not a feature of their own (their n-grams still count).
    public static let maxWordFeature = 24

    @usableFromInline let classes: WordBreakTable
    @usableFromInline let folding: CaseFolding
    @usableFromInline let scripts: [UInt8]
    @usableFromInline var word: [UInt32] = []
    /// Storage for the feature hashes; the first `count` are those of the last extraction.
    @usableFromInline var storage: [UInt64] = []
    /// Whether every word is written out as its n-grams (else see ``FeatureExtractor``).
    public let expandsWords: Bool
    /// Number of features in ``hashes``: all features of the last extraction when ``expandsWords``, else
    /// those of the words too long to be a feature.
    public private(set) var count = 0
    /// Number of features of the last extraction, written out or not.
    public private(set) var featureCount = 0
    /// Feature hashes of the last extraction (see ``count``).
    public var hashes: ArraySlice<UInt64> { storage[0..<count] }
    /// The whole-word feature of word `k` of the last extraction (`k < wordCount`).
    public func wordHash(_ k: Int) -> UInt64 { wordKeys[k] }
    @usableFromInline var wordKeys: [UInt64] = []
    /// Without ``expandsWords``: the folded letters of the words, and where word `k`'s end (it starts where
    /// word `k - 1`'s end).
    @usableFromInline var letterStore: [UInt32] = []
    @usableFromInline var letterEnds: [Int32] = []
    /// Whole-word features of the last extraction.
    public private(set) var wordCount = 0
    /// Letters per script in the last extraction, indexed by `Script.rawValue`.
    public private(set) var scriptCounts: [Int] = Array(repeating: 0, count: Script.allCases.count)
    /// Letters (and combining marks) read in the last extraction.
    public private(set) var letters = 0
    /// Bytes of the text the last call read (less than the text when `maxLetters` stopped it).
    public private(set) var consumedBytes = 0

    /// Creates an extractor over ICU's tables; see ``FeatureExtractor`` for `expandsWords`.
    public init(expandsWords: Bool = true) {
        self.expandsWords = expandsWords
        classes = .icu
        folding = .icu
        scripts = Script.bmpTable
        word.reserveCapacity(64)
        storage = [UInt64](repeating: 0, count: 4096)
        wordKeys = [UInt64](repeating: 0, count: 1024)
        if !expandsWords {
            letterStore = [UInt32](repeating: 0, count: 4096)
            letterEnds = [Int32](repeating: 0, count: 1024)
        }
    }

    /// The folded letters of word `k` of the last extraction, when words are not expanded.
    public func wordLetters(_ k: Int) -> ArraySlice<UInt32> {
        letterStore[(k == 0 ? 0 : Int(letterEnds[k - 1]))..<Int(letterEnds[k])]
    }

    /// Writes the features of word `k` (its n-grams, then the word) at `out` and returns how many; `out` has
    /// room for ``maxWordFeatures``. Only when words are not expanded.
    public func expand(_ k: Int, into out: UnsafeMutablePointer<UInt64>) -> Int {
        letterStore.withUnsafeBufferPointer { letters in
            letterEnds.withUnsafeBufferPointer { ends in Self.expand(k, letters: letters.baseAddress!, ends: ends.baseAddress!, into: out) }
        }
    }

    /// ``expand(_:into:)`` over the letter buffers (`letterStore`, `letterEnds`) borrowed once for many words.
    @inline(__always)
    static func expand(_ k: Int, letters: UnsafePointer<UInt32>, ends: UnsafePointer<Int32>,
                       into out: UnsafeMutablePointer<UInt64>) -> Int {
        let from = k == 0 ? 0 : Int(ends[k &- 1])
        return emit(letters + from, Int(ends[k]) &- from, into: out, at: 0)
    }

    /// The most features a word that is a feature of its own has (its n-grams and itself).
    public static let maxWordFeatures = featuresOfWord(maxWordFeature)

    /// The features of a word of m > 0 letters: each start position in " word " (m + 2 symbols) gives
    /// min(`maxOrder`, symbols from it on) n-grams, less the two lone boundaries, and a word of at most
    /// `maxWordFeature` letters is a feature itself.
    @inline(__always)
    static func featuresOfWord(_ m: Int) -> Int {
        let padded = m &+ 2
        let ngrams = padded >= maxOrder ? maxOrder &* padded &- maxOrder &* (maxOrder &- 1) / 2 : padded &* (padded &+ 1) / 2
        return ngrams &- 2 &+ (m <= maxWordFeature ? 1 : 0)
    }

    /// The script with most letters in the last extraction, or nil if there were none.
    public var dominantScript: Script? {
        var best = -1, bestCount = 0
        for (k, c) in scriptCounts.enumerated() where c > bestCount { best = k; bestCount = c }
        return best < 0 ? nil : Script(rawValue: UInt8(best))
    }

    /// Per ASCII byte: its folded value when it is a letter, 0 when it separates words, 1 for an apostrophe,
    /// 2 for a byte that may start what is not language (`:` of a URL scheme, `.` of `www.`, `@`, `<`).
    @usableFromInline static let asciiKinds: [UInt32] = (0..<128).map { b -> UInt32 in
        if b == 0x27 { return 1 }
        if b == 0x3A || b == 0x2E || b == 0x40 || b == 0x3C { return 2 }
        if (0x41...0x5A).contains(b) { return UInt32(b | 0x20) }
        if (0x61...0x7A).contains(b) { return UInt32(b) }
        return 0
    }

    /// Extracts the features of `text` (UTF-8, ideally NFC) into ``hashes``.
    ///
    /// - Complexity: O(min(n, maxLetters)); no allocation once the buffers have grown to the largest text.
    ///
    /// With `appending`, the features (letters, script counts) of `text` are added to those of the previous
    /// extraction instead of replacing them: a text can be read in several spans.
    public mutating func extract(_ text: UnsafeRawBufferPointer, maxLetters: Int = .max, appending: Bool = false) {
        if !appending {
            count = 0
            featureCount = 0
            wordCount = 0
            letters = 0
            for k in scriptCounts.indices { scriptCounts[k] = 0 }
        }
        consumedBytes = 0
        guard text.count > 0 else { return }
        reserve(for: text.count, maxLetters: maxLetters)
        let classes = self.classes, folding = self.folding
        var scan = WordScan(featureCount: count, words: wordCount, total: featureCount,
                            stored: wordCount > 0 && !expandsWords ? Int(letterEnds[wordCount - 1]) : 0)
        var stoppedAt = 0
        // Moved out and back (not copied): a copy would allocate for every text and span.
        var counts: [Int] = []
        swap(&counts, &scriptCounts)
        counts.withUnsafeMutableBufferPointer { scriptCount in
        wordKeys.withUnsafeMutableBufferPointer { wordKey in
        letterStore.withUnsafeMutableBufferPointer { letterStore in
        letterEnds.withUnsafeMutableBufferPointer { letterEnd in
        storage.withUnsafeMutableBufferPointer { out in
        word.withUnsafeMutableBufferPointer { w in
        Self.asciiKinds.withUnsafeBufferPointer { ascii in
        scripts.withUnsafeBufferPointer { scriptOf in
            let buffers = WordScan.Buffers(w: w.baseAddress!, out: out.baseAddress!,
                                           wordKey: wordKey.baseAddress!, letters: expandsWords ? nil : letterStore.baseAddress,
                                           letterEnd: expandsWords ? nil : letterEnd.baseAddress, scriptCount: scriptCount.baseAddress!)
            stoppedAt = Self.scan(text, maxLetters: maxLetters, &scan, buffers, ascii: ascii, scriptOf: scriptOf,
                                  classes: classes, folding: folding)
        }
        }
        }
        }
        }
        }
        }
        }
        scriptCounts = counts
        count = scan.featureCount
        featureCount = scan.total
        wordCount = scan.words
        letters &+= scan.letterCount
        consumedBytes = stoppedAt
    }

    /// Grows the buffers to hold every feature a text of `n` bytes can give: a word of m symbols (letters and
    /// marks, each at least a byte, at most maxLetters + 48 of them) gives at most maxOrder·(m + 2) + 1 ≤ 16·m
    /// features. What earlier spans wrote is kept.
    private mutating func reserve(for n: Int, maxLetters: Int) {
        let letters = maxLetters >= n ? n : Swift.min(n, maxLetters + 48)   // the last word is read to its end
        let bound = count &+ letters &* 16 &+ 16
        if storage.count < bound { storage += [UInt64](repeating: 0, count: bound - storage.count) }
        let wordBound = wordCount &+ letters &+ 16
        if wordKeys.count < wordBound { wordKeys += [UInt64](repeating: 0, count: wordBound - wordKeys.count) }
        if !expandsWords {
            if letterEnds.count < wordBound { letterEnds += [Int32](repeating: 0, count: wordBound - letterEnds.count) }
            let stored = wordCount > 0 ? Int(letterEnds[wordCount - 1]) : 0
            let letterBound = stored &+ letters &+ 64
            if letterStore.count < letterBound { letterStore += [UInt32](repeating: 0, count: letterBound - letterStore.count) }
        }
        if word.count < 64 { word = [UInt32](repeating: 0, count: 64) }
    }

    /// Reads `text` until its end or `maxLetters` letters; returns the bytes read.
    @inline(__always)
    private static func scan(_ text: UnsafeRawBufferPointer, maxLetters: Int, _ scan: inout WordScan, _ b: WordScan.Buffers,
                             ascii: UnsafeBufferPointer<UInt32>, scriptOf: UnsafeBufferPointer<UInt8>,
                             classes: WordBreakTable, folding: CaseFolding) -> Int {
        let n = text.count
        var i = 0
        // A word that reaches the limit is read to its end (at most 48 letters more), so a span stops between
        // words and reading on from `consumedBytes` gives the same features as one longer span.
        while i < n && (scan.letterCount < maxLetters || scan.m > 0) {
            let byte = text[i]
            if byte < 0x80 {
                let k = ascii[Int(byte)]
                if k > 2 {
                    i &+= 1
                    scan.addLetter(k, b)
                    scan.latin &+= 1
                    continue
                }
                // Not language: URLs (scheme://... and www....), e-mail addresses and markup tags are skipped
                // whole, so their Latin letters neither become features nor decide the script.
                if k == 2, let next = skipNonLanguage(text, at: i, &scan, b, ascii: ascii) {
                    i = next
                    continue
                }
                i &+= 1
                if k == 1 { scan.apostrophe(b) } else { scan.endWord(b) }
                continue
            }
            let (cp, decoded) = UTF8Decoding.decode(text, i)
            i &+= Swift.max(decoded, 1)
            if decoded == 0 { scan.endWord(b); continue }
            if cp == 0x2019 || cp == 0x2BC {   // apostrophes: kept between letters (c'h, l')
                scan.apostrophe(b)
                continue
            }
            let cls = classes.class(of: cp)
            if cls == WordBreakClass.aLetter.rawValue || cls == WordBreakClass.hebrewLetter.rawValue
                || cls == WordBreakClass.otherLetter.rawValue || cls == WordBreakClass.katakana.rawValue {
                scan.addLetter(folding.fold(cp), b)
                if cp < 0x10000 {
                    let s = scriptOf[Int(cp)]
                    if s != 255 { b.scriptCount[Int(s)] &+= 1 }
                }
            } else if cls == WordBreakClass.extend.rawValue {
                scan.addMark(cp, b)
            } else {
                scan.endWord(b)
            }
        }
        scan.endWord(b)
        b.scriptCount[Int(Script.latin.rawValue)] &+= scan.latin
        return i
    }

    /// At an ASCII byte: where reading goes on when a URL scheme (`https://`), `www.`, an e-mail address or a
    /// markup tag starts here (the word before it dropped or ended), or nil.
    @inline(__always)
    private static func skipNonLanguage(_ text: UnsafeRawBufferPointer, at i: Int, _ scan: inout WordScan, _ b: WordScan.Buffers,
                                        ascii: UnsafeBufferPointer<UInt32>) -> Int? {
        let n = text.count, byte = text[i], m = scan.m
        /// The end of the whitespace-delimited token at `j` (at most 2,048 bytes on).
        @inline(__always) func tokenEnd(_ j: Int) -> Int {
            var k = j
            let limit = Swift.min(n, j &+ 2048)
            while k < limit && text[k] > 0x20 { k &+= 1 }
            return k
        }
        if byte == 0x3A && m > 0 && i &+ 2 < n && text[i &+ 1] == 0x2F && text[i &+ 2] == 0x2F && m <= 10 {
            scan.dropWord(b)                             // "https" of https://
            return tokenEnd(i)
        }
        if byte == 0x2E && m == 3 && b.w[0] == 0x77 && b.w[1] == 0x77 && b.w[2] == 0x77 {
            scan.dropWord(b)                             // "www" of www.example.org
            return tokenEnd(i)
        }
        if byte == 0x40 && m > 0 && i &+ 1 < n && ascii[Int(text[i &+ 1] & 0x7F)] > 2 {
            scan.dropWord(b)                             // the local part of name@host
            return tokenEnd(i)
        }
        if byte == 0x3C && i &+ 1 < n && (ascii[Int(text[i &+ 1] & 0x7F)] > 2 || text[i &+ 1] == 0x2F || text[i &+ 1] == 0x21) {
            // A tag <a href=...>, </p>, <!-- ... -->: to its '>' (within 512 bytes), else just '<'.
            var k = i &+ 1
            let limit = Swift.min(n, i &+ 512)
            while k < limit && text[k] != 0x3E && text[k] != 0x3C { k &+= 1 }
            if k < limit && text[k] == 0x3E {
                scan.endWord(b)
                return k &+ 1
            }
        }
        return nil
    }

    /// Writes the features of the word `w[0..<m]` at `out[at...]` and returns the new end: for each start
    /// position in " word ", the n-grams of orders 1 to `maxOrder` by one rolling hash (the order is mixed
    /// in as each is emitted), then the word itself.
    @inline(__always)
    static func emit(_ w: UnsafePointer<UInt32>, _ m: Int, into out: UnsafeMutablePointer<UInt64>, at: Int) -> Int {
        var n = at
        let padded = m &+ 2
        let prime: UInt64 = 0x0000_0100_0000_01B3
        let spread: UInt64 = 0x9E37_79B9_7F4A_7C15
        // " word " as 64-bit values, so the loops below have no branches for the boundaries.
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 52) { p in
            p[0] = 0x20
            for k in 0..<m { p[k &+ 1] = UInt64(w[k]) }
            p[padded &- 1] = 0x20
            for start in 0..<padded {
                var h: UInt64 = 0xCBF2_9CE4_8422_2325
                h = (h ^ p[start]) &* prime
                // A lone boundary is not a feature; every other n-gram is (the order mixed in).
                if start != 0 && start != padded &- 1 {
                    out[n] = (h &+ 1) &* spread
                    n &+= 1
                }
                let last = Swift.min(padded, start &+ maxOrder)
                var order: UInt64 = 2
                var k = start &+ 1
                while k < last {
                    h = (h ^ p[k]) &* prime
                    out[n] = (h &+ order) &* spread
                    n &+= 1
                    order &+= 1
                    k &+= 1
                }
            }
            if m <= maxWordFeature {
                out[n] = wordFeature(w, m)
                n &+= 1
            }
            return n
        }
    }

    /// The feature of the whole word `w[0..<m]`.
    @inline(__always)
    static func wordFeature(_ w: UnsafePointer<UInt32>, _ m: Int) -> UInt64 {
        var h: UInt64 = 0x8422_2325_CBF2_9CE4
        for k in 0..<m { h = (h ^ UInt64(w[k])) &* 0x0000_0100_0000_01B3 }
        return (h ^ 0x5741_5244) &* 0x9E37_79B9_7F4A_7C15
    }
}

/// The state of one ``FeatureExtractor/extract(_:maxLetters:appending:)`` scan: the word being read (its
/// letters in `w`), and how many features, whole words and letters the text gave so far.
struct WordScan {
    /// Where a scan writes (the extractor's buffers, borrowed for the scan).
    struct Buffers {
        let w: UnsafeMutablePointer<UInt32>
        let out: UnsafeMutablePointer<UInt64>
        let wordKey: UnsafeMutablePointer<UInt64>
        /// Where words are kept as letters (nil: they are expanded).
        let letters: UnsafeMutablePointer<UInt32>?
        let letterEnd: UnsafeMutablePointer<Int32>?
        let scriptCount: UnsafeMutablePointer<Int>
    }

    /// Features written out, and features in all.
    var featureCount: Int
    var total: Int
    var words: Int
    /// Letters of the words kept as letters.
    var stored: Int
    /// Letters in the current word, and letters read.
    var m = 0
    var letterCount = 0
    /// ASCII (Latin) letters read, added to the script counts at the end.
    var latin = 0
    var pendingApostrophe = false

    init(featureCount: Int, words: Int, total: Int, stored: Int) {
        self.featureCount = featureCount
        self.words = words
        self.total = total
        self.stored = stored
    }

    @inline(__always) mutating func endWord(_ b: Buffers) {
        if m > 0 {
            if m <= FeatureExtractor.maxWordFeature, let letters = b.letters {
                // Kept as letters: only the word's hash now.
                b.wordKey[words] = FeatureExtractor.wordFeature(b.w, m)
                (letters + stored).update(from: b.w, count: m)
                stored &+= m
                b.letterEnd.unsafelyUnwrapped[words] = Int32(truncatingIfNeeded: stored)
                words &+= 1
                total &+= FeatureExtractor.featuresOfWord(m)
            } else {
                let from = featureCount
                featureCount = FeatureExtractor.emit(b.w, m, into: b.out, at: featureCount)
                total &+= featureCount &- from
                if m <= FeatureExtractor.maxWordFeature {
                    b.wordKey[words] = b.out[featureCount &- 1]
                    words &+= 1
                }
            }
        }
        m = 0
        pendingApostrophe = false
    }

    /// Drops the word being read (a URL scheme, `www`, an e-mail's local part): its letters were ASCII Latin
    /// and counted as such.
    @inline(__always) mutating func dropWord(_ b: Buffers) {
        letterCount &-= m
        latin &-= m
        m = 0
        pendingApostrophe = false
    }

    @inline(__always) mutating func addLetter(_ folded: UInt32, _ b: Buffers) {
        if pendingApostrophe { b.w[m] = 0x27; m &+= 1; pendingApostrophe = false }
        b.w[m] = folded
        m &+= 1
        letterCount &+= 1
        if m >= 48 { endWord(b) }
    }

    /// A combining mark: part of the word after a letter (it counts as a letter for the bounds).
    @inline(__always) mutating func addMark(_ cp: UInt32, _ b: Buffers) {
        if m > 0 && !pendingApostrophe {
            b.w[m] = cp
            m &+= 1
            letterCount &+= 1
            if m >= 48 { endWord(b) }
        }
    }

    /// An apostrophe: kept when it is between letters, else it ends the word.
    @inline(__always) mutating func apostrophe(_ b: Buffers) {
        if m > 0 && !pendingApostrophe { pendingApostrophe = true } else { endWord(b) }
    }
}
