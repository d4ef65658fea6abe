import CCorpusKernels
import CorpusCore

/// The answer for one text.
public struct LanguageGuess: Sendable, Equatable {
    /// The language code, or `und` when the identifier is not sure (confidence below the threshold) or the
    /// text has no letters of a script the model knows.
    public var code: String
    /// Calibrated confidence in [0, 1] of the best language (even when `code` is `und`).
    public var confidence: Double
    /// The dominant script of the text's letters, if it has any.
    public var script: Script?
    /// The best language before the threshold was applied (equal to `code` unless that is `und`).
    public var best: String
    /// The next-best languages with their confidences, when asked for (`top > 1`).
    public var alternatives: [Alternative] = []
    /// The second-best language (`und` for the pooled other languages or when there is none): what the
    /// report's trust column counts as a language's main confusion.
    public var runnerUp = LanguageGuess.undetermined
    /// The runner-up's calibrated confidence (0 when there is none).
    public var runnerUpConfidence = 0.0

    /// A runner-up.
    public struct Alternative: Sendable, Equatable {
        public var code: String
        public var confidence: Double
    }

    /// The code used when the identifier is not sure.
    public static let undetermined = "und"
}

/// Identifies the language of texts with a ``LanguageModel``.
///
/// The script of the letters chooses the candidates (Latin, Cyrillic or Greek languages); the model then
/// scores hashed character n-grams and words of at most `maxLetters` letters: all of a short text; of a long
/// one, half from its start and half from its middle, so top-of-page boilerplate (menus, cookie notices) does
/// not decide alone and the cost per document stays bounded (accuracy does not improve past a few hundred).
/// Reading is progressive: the first `firstLook` letters of each span are scored first, and when one language
/// already has `earlyConfidence` from letters of one script the rest is not read (most texts are plain; the
/// unclear ones read it all).
/// Below `minConfidence` the answer is `und`, never a forced guess. An identifier holds scratch buffers: use
/// one per thread.
///
/// ```swift
/// var identifier = LanguageIdentifier(model: try LanguageModel.bundled.get())
/// let guess = identifier.identify(bytes)      // guess.code, guess.confidence, guess.script
/// ```
public struct LanguageIdentifier: Sendable {
    /// The default confidence threshold: below it the answer is `und`.
    public static let defaultMinConfidence = 0.5
    /// The default number of letters read from a text.
    public static let defaultMaxLetters = 250
    /// The default weight of the web-share prior.
    public static let defaultPriorStrength = 0.1
    /// The default letters per span of the first look.
    public static let defaultFirstLook = 40
    /// The default confidence that ends reading after the first look.
    public static let defaultEarlyConfidence = 0.999

    public let model: LanguageModel
    /// Below this confidence the answer is `und`.
    public var minConfidence: Double
    /// Letters read from each text at most.
    public var maxLetters: Int
    /// Letters per span (start, middle) read before the first decision; 0 reads everything at once.
    public var firstLook = defaultFirstLook
    /// When the best language has at least this confidence after the first look, the rest of the text is not
    /// read. Above 1: always read `maxLetters`.
    public var earlyConfidence = defaultEarlyConfidence
    /// How strongly the web-share prior (``LanguageInfo/webShare``) weighs: a language's score gains
    /// `priorStrength · log(share)` before the softmax. 0 scores every language alike.
    public var priorStrength: Double {
        didSet { scoring = Self.scoring(model, priorStrength) }
    }
    /// Per group (as in the model), what scoring needs without looking anything up by name.
    private var scoring: [GroupScoring]
    /// Per script (`Script.rawValue`): the index of its group, or -1.
    private let groupOfScript: [Int]
    private var features = FeatureExtractor(expandsWords: false)
    private var sums: [Int32] = []
    private var rows: [UInt32] = []
    private var probabilities: [Double] = []
    private var wordSums: [Int32] = []
    /// The runs of rows ``addRows`` reads from the table: where each ends, its whole word (-1: not a word)
    /// and its sums.
    private var runEnds: [UInt32] = []
    private var runWords: [Int32] = []
    private var runSums: [UInt16] = []
    private var cache = WordCache()

    /// Row vectors of whole words recently scored, direct-mapped by the word's feature hash: 32,768 entries
    /// of 64 16-bit lanes (4 MB, allocated on first use). Lanes below the group's language count hold the
    /// word's summed rows; lane 59 holds the group + 1 (0: empty) and lanes 60–63 the hash, so checking an
    /// entry reads the same two cache lines as using it. Groups of more than 59 languages are not cached.
    struct WordCache {
        static let entries = 32768
        static let tagLane = 59
        /// The entries, in memory of their own aligned to 2 MB (huge pages where the kernel allows), zero at
        /// first. A copy of an identifier starts with a cache of its own (the cache changes no result).
        final class Storage: @unchecked Sendable {   // written only by the identifier that owns it alone
            let lanes: UnsafeMutablePointer<UInt16>
            private let mapping: UnsafeMutableRawPointer
            private let length: Int

            init() {
                let bytes = 128 * WordCache.entries, huge = 2 << 20
                length = bytes + huge
                guard let raw = mmap(nil, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
                      raw != MAP_FAILED else { fatalError("out of memory for the language identifier's word cache") }
                mapping = raw
                let aligned = (Int(bitPattern: raw) + huge - 1) / huge * huge
                lanes = UnsafeMutablePointer<UInt16>(bitPattern: aligned)!
                _ = madvise(UnsafeMutableRawPointer(lanes), bytes, MADV_HUGEPAGE)
            }

            deinit { munmap(mapping, length) }
        }
        var storage: Storage?

        /// The entries, this identifier's own.
        mutating func lanes() -> UnsafeMutablePointer<UInt16> {
            if storage == nil || !isKnownUniquelyReferenced(&storage!) { storage = Storage() }
            return storage!.lanes
        }

        /// The entry of a word hash.
        @inline(__always) static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key >> 32) & UInt64(entries - 1)) }

        /// Whether `entry` holds `key` of the group tagged `tag`.
        @inline(__always) static func holds(_ entry: UnsafeMutablePointer<UInt16>, _ key: UInt64, _ tag: UInt16) -> Bool {
            entry[tagLane] == tag && UnsafeMutableRawPointer(entry + 60).loadUnaligned(as: UInt64.self) == key
        }

        @inline(__always) static func store(_ entry: UnsafeMutablePointer<UInt16>, _ key: UInt64, _ tag: UInt16,
                                            _ sums: UnsafeMutablePointer<UInt16>, _ width: Int) {
            entry.update(from: sums, count: width)
            entry[tagLane] = tag
            UnsafeMutableRawPointer(entry + 60).storeBytes(of: key, as: UInt64.self)
        }
    }

    /// One group's scoring constants.
    struct GroupScoring {
        /// Per language: `floor · sharpness + prior`, the score of a text of unseen features.
        var bias: [Double]
        /// Per language: its close set (index into ``LanguageRegistry/closeSets``), or -1.
        var closeSet: [Int]
        /// The class of other languages, or -1.
        var other: Int
    }

    /// Creates an identifier.
    public init(model: LanguageModel, minConfidence: Double = defaultMinConfidence, maxLetters: Int = defaultMaxLetters,
                priorStrength: Double = defaultPriorStrength) {
        self.model = model
        self.minConfidence = minConfidence
        self.maxLetters = maxLetters
        self.priorStrength = priorStrength
        scoring = Self.scoring(model, priorStrength)
        var groupOfScript = [Int](repeating: -1, count: 256)
        for (g, group) in model.groups.enumerated() where groupOfScript[Int(group.script.rawValue)] < 0 {
            groupOfScript[Int(group.script.rawValue)] = g
        }
        self.groupOfScript = groupOfScript
    }

    private static func scoring(_ model: LanguageModel, _ strength: Double) -> [GroupScoring] {
        model.groups.map { g in
            let bias = g.languages.indices.map {
                Double(g.floors[$0]) * Double(g.sharpness) + strength * log(LanguageRegistry.webShare(ofClass: g.languages[$0]))
            }
            let closeSet = g.languages.map { code in LanguageRegistry.closeSets.firstIndex { $0.contains(code) } ?? -1 }
            return GroupScoring(bias: bias, closeSet: closeSet,
                                other: g.languages.firstIndex(of: LanguageRegistry.otherLanguages.code) ?? -1)
        }
    }

    /// Identifies the language of UTF-8 `text` (normalised to NFC for best results).
    ///
    /// - Parameter top: how many languages to rank; the runners-up go to ``LanguageGuess/alternatives``.
    /// - Complexity: O(min(n, maxLetters)); no allocation in steady state when `top == 1`.
    public mutating func identify(_ text: UnsafeRawBufferPointer, top: Int = 1) -> LanguageGuess {
        let half = maxLetters / 2
        let look = firstLook > 0 && earlyConfidence <= 1 ? Swift.min(firstLook, half) : half
        // The first look: `look` letters from the start, and as many from the middle of a long text.
        var reading = Reading(count: text.count)
        features.extract(text, maxLetters: half > 0 ? look : maxLetters)
        reading.startEnd = features.consumedBytes
        reading.startLetters = features.letters
        if half > 0 && reading.startEnd < text.count && reading.startLetters >= look {
            reading.middle = Self.middleStart(text, after: reading.startEnd)
            if reading.middle < text.count {
                readMiddle(text, &reading, letters: look == half ? maxLetters - half : look)
            }
        }
        let script = features.dominantScript
        guard let script, case let g = groupOfScript[Int(script.rawValue)], g >= 0, features.featureCount > 0 else {
            return LanguageGuess(code: LanguageGuess.undetermined, confidence: 0, script: script,
                                 best: LanguageGuess.undetermined)
        }
        let group = model.groups[g]
        let nL = group.languages.count
        if sums.count < nL { sums = [Int32](repeating: 0, count: nL) }
        for l in 0..<nL { sums[l] = 0 }
        addRows(group, g, from: 0, words: 0)
        var best = scoresFromSums(group, scoring[g])
        // The rest, unless the first look was enough (or there is no rest).
        // Sure enough: one language at `earlyConfidence`, from letters of one script (nine in ten at least;
        // a text of mixed scripts is read to the end of its budget). When another language's score is close
        // enough to the best that the best cannot reach it, the softmax is not computed for the first look.
        let more = half > 0 && look < half && reading.hasMore(half: half, maxLetters: maxLetters)
        var sure = false, normalised = false
        if !more || !surelyBelowEarlyConfidence(nL, best) {
            normalise(nL, best)
            normalised = true
            sure = probabilities[best] >= earlyConfidence
                && features.scriptCounts[Int(script.rawValue)] &* 10 >= features.letters &* 9
        }
        if more && !sure {
            let before = features.count, wordsBefore = features.wordCount, totalBefore = features.featureCount
            readRest(text, &reading, half: half)
            // The rest may hold letters of another script: the group is chosen again from all letters.
            if let again = features.dominantScript, again != script {
                return identify(text, top: top, readingAll: true)
            }
            if features.featureCount > totalBefore {
                addRows(group, g, from: before, words: wordsBefore)
                best = scoresFromSums(group, scoring[g])
                normalised = false
            }
        }
        if !normalised { normalise(nL, best) }
        return answer(group, scoring[g], script: script, best: best, top: top)
    }

    /// Identifies with the whole budget read at once (no first look): when the first look chose another
    /// script's group than the whole text does.
    private mutating func identify(_ text: UnsafeRawBufferPointer, top: Int, readingAll: Bool) -> LanguageGuess {
        let saved = firstLook
        firstLook = 0
        defer { firstLook = saved }
        return identify(text, top: top)
    }

    /// Where the spans of a progressive reading stand.
    private struct Reading {
        let count: Int
        /// Bytes of the start span read, and its letters.
        var startEnd = 0
        var startLetters = 0
        /// Where the middle span starts (`count` when there is none), the bytes of it read and its letters.
        var middle: Int
        var middleEnd: Int
        var middleLetters = 0

        init(count: Int) {
            self.count = count
            middle = count
            middleEnd = count
        }

        /// Whether reading on could add letters.
        func hasMore(half: Int, maxLetters: Int) -> Bool {
            (startEnd < middle && startLetters < half) || (middleEnd < count && middleLetters < maxLetters - half)
        }
    }

    /// Reads the middle span from `reading.middle` on, up to `letters` letters.
    private mutating func readMiddle(_ text: UnsafeRawBufferPointer, _ reading: inout Reading, letters: Int) {
        let before = features.letters
        features.extract(UnsafeRawBufferPointer(rebasing: text[reading.middle...]), maxLetters: letters, appending: true)
        reading.middleEnd = reading.middle + features.consumedBytes
        reading.middleLetters = features.letters - before
    }

    /// Reads on where the first look stopped: the start span to `half` letters (never into the middle
    /// span), then the middle span (or, if there was none yet, from the middle) to `maxLetters` in all.
    private mutating func readRest(_ text: UnsafeRawBufferPointer, _ reading: inout Reading, half: Int) {
        if reading.startEnd < reading.middle && reading.startLetters < half {
            let before = features.letters
            features.extract(UnsafeRawBufferPointer(rebasing: text[reading.startEnd..<reading.middle]),
                             maxLetters: half - reading.startLetters, appending: true)
            reading.startEnd += features.consumedBytes
            reading.startLetters += features.letters - before
        }
        let rest = maxLetters - half
        if reading.middle == reading.count {
            // The first look read no middle span: the start span went on; a long text's middle comes now.
            guard reading.startLetters >= half, reading.startEnd < reading.count else { return }
            reading.middle = Self.middleStart(text, after: reading.startEnd)
            guard reading.middle < reading.count else { return }
            readMiddle(text, &reading, letters: rest)
        } else if reading.middleEnd < reading.count && reading.middleLetters < rest {
            let before = features.letters
            features.extract(UnsafeRawBufferPointer(rebasing: text[reading.middleEnd...]),
                             maxLetters: rest - reading.middleLetters, appending: true)
            reading.middleEnd += features.consumedBytes
            reading.middleLetters += features.letters - before
        }
    }

    /// Where the middle span of a long text starts: the first word start after its middle, and never before
    /// `after` (what the start span read).
    private static func middleStart(_ text: UnsafeRawBufferPointer, after first: Int) -> Int {
        var start = Swift.max(first, text.count / 2)
        // To the next white space, then past it: the span starts at a word.
        var k = start
        while k < text.count && k < start + 64 && text[k] != 0x20 && text[k] != 0x0A { k += 1 }
        if k < text.count && k < start + 64 { start = k + 1 }
        while start < text.count && text[start] & 0xC0 == 0x80 { start += 1 }
        return start
    }

    /// The guess for the scored features: the close-set second look, the threshold, the runners-up.
    private mutating func answer(_ group: LanguageModel.Group, _ s: GroupScoring, script: Script, best first: Int,
                                 top: Int) -> LanguageGuess {
        var best = first
        let set = s.closeSet[best]
        if closeWordWeight > 0, set >= 0, features.wordCount > 0 {
            best = rescoreWithinSet(group, s, set: set, best: best)
        }
        let confidence = probabilities[best]
        // The pooled class of other languages wins: `und`, and no language of the report was the best one.
        let code = best == s.other ? LanguageGuess.undetermined : group.languages[best]
        var sure = confidence >= minConfidence
        if !sure, s.closeSet[best] >= 0 {
            // Surely one of a set of close languages, not surely which: the best of them.
            var mass = 0.0
            for l in probabilities.indices where s.closeSet[l] == s.closeSet[best] { mass += probabilities[l] }
            sure = mass >= minConfidence
        }
        var guess = LanguageGuess(code: sure ? code : LanguageGuess.undetermined,
                                  confidence: confidence, script: script, best: code)
        var second = -1
        for l in probabilities.indices where l != best && (second < 0 || probabilities[l] > probabilities[second]) { second = l }
        if second >= 0 {
            if second != s.other { guess.runnerUp = group.languages[second] }
            guess.runnerUpConfidence = probabilities[second]
        }
        if top > 1 {
            let order = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1) }
            guess.alternatives = order.dropFirst().prefix(top - 1).map {
                let alternative = $0 == s.other ? LanguageGuess.undetermined : group.languages[$0]
                return LanguageGuess.Alternative(code: alternative, confidence: probabilities[$0])
            }
        }
        return guess
    }

    /// How much the whole words weigh when choosing among a set of close languages (``LanguageRegistry/closeSets``):
    /// each member's log-probability gains this times its whole-word score. Words carry what n-grams blur
    /// between close languages (tjedan / nedelja / sedmica); 0.5 measured best on held-out text and UDHR
    /// (EVALUATION.md), 0 turns the second look off.
    public var closeWordWeight = 0.5

    /// Within a set of close languages, adds the whole words' evidence (weighted) to each member's score and
    /// returns the best member. Allocates nothing in steady state.
    private mutating func rescoreWithinSet(_ group: LanguageModel.Group, _ s: GroupScoring, set: Int, best: Int) -> Int {
        let nL = group.languages.count
        let shift = UInt64(64 - group.bits)
        let n = features.wordCount
        if rows.count < n { rows = [UInt32](repeating: 0, count: max(n, 2 * rows.count)) }
        for k in 0..<n { rows[k] = UInt32(truncatingIfNeeded: features.wordHash(k) >> shift) }
        if wordSums.count < nL { wordSums = [Int32](repeating: 0, count: nL) }
        for l in 0..<nL { wordSums[l] = 0 }
        rows.withUnsafeBufferPointer { r in
            group.table.withUnsafeBufferPointer { table in
                wordSums.withUnsafeMutableBufferPointer { acc in
                    census_add_rows(table.baseAddress!, group.stride, nL, r.baseAddress!, n, acc.baseAddress!)
                }
            }
        }
        var choice = best
        var top = -Double.infinity
        for l in 0..<nL where probabilities[l] > 0 && s.closeSet[l] == set {
            let words = Double(wordSums[l]) / (Double(n) * Double(group.scale)) + Double(group.floors[l])
            let score = log(probabilities[l]) + closeWordWeight * words * Double(group.sharpness)
            if score > top { top = score; choice = l }
        }
        return choice
    }

    /// Adds the table rows of the features written out from `first` on and of the words from `firstWord` on
    /// to `sums`.
    ///
    /// A whole word's features (its n-grams and itself) always sum to the same row vector, so the vectors of
    /// words seen before come from ``WordCache`` instead of the table: one read of 128 bytes instead of a
    /// dozen rows scattered over megabytes, and the word's n-grams are never hashed (the extractor keeps words
    /// as letters). The rest (words not in the cache, words too long to be a feature) are read from the table
    /// in one pass, and the words' sums are kept. The sums are integers, so the result is exactly that of
    /// adding every row.
    private mutating func addRows(_ group: LanguageModel.Group, _ g: Int, from first: Int, words firstWord: Int) {
        let nL = group.languages.count
        let count = features.count
        let words = features.wordCount - firstWord
        guard nL > 1, count > first || words > 0 else { return }
        let shift = UInt64(64 - group.bits)
        let bound = count - first + words * FeatureExtractor.maxWordFeatures
        if rows.count < bound { rows = [UInt32](repeating: 0, count: max(bound, 2 * rows.count)) }
        if runEnds.count < words + 1 {
            runEnds = [UInt32](repeating: 0, count: 2 * words + 1 + 64)
            runWords = [Int32](repeating: 0, count: 2 * words + 1 + 64)
        }
        // Groups too wide for the cache read every word from the table.
        let cached = nL <= WordCache.tagLane
        let lanes = cached && words > 0 ? cache.lanes() : nil
        let tag = UInt16(truncatingIfNeeded: g + 1)
        var runs = 0
        rows.withUnsafeMutableBufferPointer { rows in
        runEnds.withUnsafeMutableBufferPointer { ends in
        runWords.withUnsafeMutableBufferPointer { runWord in
        sums.withUnsafeMutableBufferPointer { acc in
        features.storage.withUnsafeBufferPointer { hashes in
        features.wordKeys.withUnsafeBufferPointer { keys in
        features.letterStore.withUnsafeBufferPointer { letters in
        features.letterEnds.withUnsafeBufferPointer { letterEnds in
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: FeatureExtractor.maxWordFeatures) { expanded in
            var n = 0           // rows gathered
            @inline(__always) func endRun(word: Int) {
                ends[runs] = UInt32(truncatingIfNeeded: n)
                runWord[runs] = Int32(truncatingIfNeeded: word)
                runs &+= 1
            }
            if let lanes {
                // The entries of the words are requested first, all at once, then read.
                for k in firstWord..<(firstWord + words) {
                    let entry = lanes + WordCache.slot(keys[k]) &* 64
                    census_prefetch(entry)
                    census_prefetch(entry + 32)
                }
            }
            for k in firstWord..<(firstWord + words) {
                let key = keys[k]
                if let lanes, case let entry = lanes + WordCache.slot(key) &* 64, WordCache.holds(entry, key, tag) {
                    for l in 0..<nL { acc[l] &+= Int32(entry[l]) }
                    continue
                }
                let m = FeatureExtractor.expand(k, letters: letters.baseAddress!, ends: letterEnds.baseAddress!,
                                                into: expanded.baseAddress!)
                for i in 0..<m { rows[n] = UInt32(truncatingIfNeeded: expanded[i] >> shift); n &+= 1 }
                endRun(word: cached ? k : -1)
            }
            if count > first {
                for i in first..<count { rows[n] = UInt32(truncatingIfNeeded: hashes[i] >> shift); n &+= 1 }
                endRun(word: -1)
            }
            guard runs > 0 else { return }
            if runSums.count < 64 * runs { runSums = [UInt16](repeating: 0, count: 64 * (runs + 64)) }
            runSums.withUnsafeMutableBufferPointer { runSums in
                group.table.withUnsafeBufferPointer { table in
                    census_add_row_runs(table.baseAddress!, group.stride, nL, rows.baseAddress!, ends.baseAddress!, runs,
                                        runSums.baseAddress!, acc.baseAddress!)
                }
                // The words read from the table go into the cache.
                for r in 0..<runs where runWord[r] >= 0 {
                    let key = keys[Int(runWord[r])]
                    WordCache.store(lanes! + WordCache.slot(key) &* 64, key, tag, runSums.baseAddress! + r &* 64, nL)
                }
            }
        }
        }
        }
        }
        }
        }
        }
        }
        }
    }

    /// Fills `probabilities` with the group's languages' scores (log-probabilities up to a constant) from
    /// `sums` over all features; returns the best. ``normalise(_:_:)`` turns them into probabilities.
    private mutating func scoresFromSums(_ group: LanguageModel.Group, _ s: GroupScoring) -> Int {
        let nL = group.languages.count
        if probabilities.count != nL { probabilities = [Double](repeating: 0, count: nL) }
        guard nL > 1 else {
            probabilities[0] = 0
            return 0
        }
        let perFeature = Double(group.sharpness) / (Double(features.featureCount) * Double(group.scale))
        var maxScore = -Double.infinity
        var best = 0
        for l in 0..<nL {
            probabilities[l] = Double(sums[l]) * perFeature + s.bias[l]
            if probabilities[l] > maxScore { maxScore = probabilities[l]; best = l }
        }
        return best
    }

    /// The softmax of the scores in `probabilities` (`best` has the highest).
    private mutating func normalise(_ nL: Int, _ best: Int) {
        let maxScore = probabilities[best]
        var total = 0.0
        for l in 0..<nL {
            let d = probabilities[l] - maxScore
            probabilities[l] = d < -25 ? 0 : exp(d)   // e^-25 is far below any confidence we print
            total += probabilities[l]
        }
        for l in 0..<nL { probabilities[l] /= total }
    }

    /// Whether the scores in `probabilities` surely give the best language less than `earlyConfidence`: one
    /// other language's term e^(score − best) alone is more than 1 / earlyConfidence − 1 (with a margin far
    /// above rounding), so normalising could not make the text sure.
    private func surelyBelowEarlyConfidence(_ nL: Int, _ best: Int) -> Bool {
        guard earlyConfidence <= 1 else { return true }
        guard nL > 1 else { return false }
        let cut = probabilities[best] + (earlyConfidence >= 1 ? -25 : log(1 / earlyConfidence - 1)) + 1e-6
        for l in 0..<nL where l != best && probabilities[l] > cut { return true }
        return false
    }
}

#if canImport(Glibc)
import Glibc
#endif
