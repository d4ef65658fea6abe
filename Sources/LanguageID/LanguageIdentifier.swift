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
/// not decide alone and the cost per document stays bounded (accuracy does not improve past a few hundred). Below `minConfidence` the answer is
/// `und`, never a forced guess. An identifier holds scratch buffers: use one per thread.
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

    public let model: LanguageModel
    /// Below this confidence the answer is `und`.
    public var minConfidence: Double
    /// Letters read from each text at most.
    public var maxLetters: Int
    /// How strongly the web-share prior (``LanguageInfo/webShare``) weighs: a language's score gains
    /// `priorStrength · log(share)` before the softmax. 0 scores every language alike.
    public var priorStrength: Double {
        didSet { priors = Self.priors(model, priorStrength) }
    }
    /// Per group, per language: the prior added to the score.
    private var priors: [[Double]]
    private var features = FeatureExtractor()
    private var sums: [Int32] = []
    private var rows: [UInt32] = []
    private var probabilities: [Double] = []
    private var wordSums: [Int32] = []
    /// Per language of a close set, its set.
    private let closeSet: [String: Set<String>] = {
        var sets: [String: Set<String>] = [:]
        for set in LanguageRegistry.closeSets { for code in set { sets[code] = Set(set) } }
        return sets
    }()

    /// Creates an identifier.
    public init(model: LanguageModel, minConfidence: Double = defaultMinConfidence, maxLetters: Int = defaultMaxLetters,
                priorStrength: Double = defaultPriorStrength) {
        self.model = model
        self.minConfidence = minConfidence
        self.maxLetters = maxLetters
        self.priorStrength = priorStrength
        priors = Self.priors(model, priorStrength)
    }

    private static func priors(_ model: LanguageModel, _ strength: Double) -> [[Double]] {
        model.groups.map { g in g.languages.map { strength * log(LanguageRegistry.webShare(ofClass: $0)) } }
    }

    /// Identifies the language of UTF-8 `text` (normalised to NFC for best results).
    ///
    /// - Parameter top: how many languages to rank; the runners-up go to ``LanguageGuess/alternatives``.
    /// - Complexity: O(min(n, maxLetters)); no allocation in steady state when `top == 1`.
    public mutating func identify(_ text: UnsafeRawBufferPointer, top: Int = 1) -> LanguageGuess {
        extractFeatures(text)
        let script = features.dominantScript
        guard let script, let group = model.group(for: script), features.count > 0 else {
            return LanguageGuess(code: LanguageGuess.undetermined, confidence: 0, script: script,
                                 best: LanguageGuess.undetermined)
        }
        scoreGroup(group, priors: priors[model.groups.firstIndex { $0.script == script }!])
        var best = 0
        for l in 1..<max(1, group.languages.count) where probabilities[l] > probabilities[best] { best = l }
        if closeWordWeight > 0, let set = closeSet[group.languages[best]], features.wordCount > 0 {
            best = rescoreWithinSet(group, set: set, best: best)
        }
        let confidence = probabilities[best]
        // The pooled class of other languages wins: `und`, and no language of the report was the best one.
        let code = group.languages[best] == LanguageRegistry.otherLanguages.code ? LanguageGuess.undetermined : group.languages[best]
        var sure = confidence >= minConfidence
        if !sure, let set = closeSet[group.languages[best]] {
            // Surely one of a set of close languages, not surely which: the best of them.
            var mass = 0.0
            for (l, c) in group.languages.enumerated() where set.contains(c) { mass += probabilities[l] }
            sure = mass >= minConfidence
        }
        var guess = LanguageGuess(code: sure ? code : LanguageGuess.undetermined,
                                  confidence: confidence, script: script, best: code)
        if top > 1 {
            let order = probabilities.indices.sorted { probabilities[$0] > probabilities[$1] || (probabilities[$0] == probabilities[$1] && $0 < $1) }
            guess.alternatives = order.dropFirst().prefix(top - 1).map {
                let alternative = group.languages[$0] == LanguageRegistry.otherLanguages.code ? LanguageGuess.undetermined : group.languages[$0]
                return LanguageGuess.Alternative(code: alternative, confidence: probabilities[$0])
            }
        }
        return guess
    }

    /// Reads at most `maxLetters` letters: all of a short text; of a longer one, half from its start and half
    /// from its middle (from the first word start after the middle), so that a page's navigation or cookie
    /// notice at the top does not decide alone.
    @inline(__always)
    private mutating func extractFeatures(_ text: UnsafeRawBufferPointer) {
        let half = maxLetters / 2
        guard half > 0 else {
            features.extract(text, maxLetters: maxLetters)
            return
        }
        features.extract(text, maxLetters: half)
        let first = features.consumedBytes
        guard features.letters >= half, first < text.count else { return }
        var start = Swift.max(first, text.count / 2)
        // To the next white space, then past it: the second span starts at a word.
        var k = start
        while k < text.count && k < start + 64 && text[k] != 0x20 && text[k] != 0x0A { k += 1 }
        if k < text.count && k < start + 64 { start = k + 1 }
        while start < text.count && text[start] & 0xC0 == 0x80 { start += 1 }
        guard start < text.count else { return }
        features.extract(UnsafeRawBufferPointer(rebasing: text[start...]), maxLetters: maxLetters - half, appending: true)
    }

    /// How much the whole words weigh when choosing among a set of close languages (``LanguageRegistry/closeSets``):
    /// each member's log-probability gains this times its whole-word score. Words carry what n-grams blur
    /// between close languages (tjedan / nedelja / sedmica); 0.5 measured best on held-out text and UDHR
    /// (EVALUATION.md), 0 turns the second look off.
    public var closeWordWeight = 0.5

    /// Within a set of close languages, adds the whole words' evidence (weighted) to each member's score and
    /// returns the best member. Allocates nothing in steady state.
    private mutating func rescoreWithinSet(_ group: LanguageModel.Group, set: Set<String>, best: Int) -> Int {
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
                    census_add_rows(table.baseAddress!, nL, r.baseAddress!, n, acc.baseAddress!)
                }
            }
        }
        var choice = best
        var top = -Double.infinity
        for l in 0..<nL where probabilities[l] > 0 && set.contains(group.languages[l]) {
            let words = Double(wordSums[l]) / (Double(n) * Double(group.scale)) + Double(group.floors[l])
            let score = log(probabilities[l]) + closeWordWeight * words * Double(group.sharpness)
            if score > top { top = score; choice = l }
        }
        return choice
    }

    /// Fills `probabilities` for the group's languages from the current features.
    private mutating func scoreGroup(_ group: LanguageModel.Group, priors: [Double]) {
        let nL = group.languages.count
        if sums.count < nL { sums = [Int32](repeating: 0, count: nL) }
        if probabilities.count != nL { probabilities = [Double](repeating: 0, count: nL) }
        for l in 0..<nL { sums[l] = 0 }
        guard nL > 1 else {
            probabilities[0] = 1
            return
        }
        let shift = UInt64(64 - group.bits)
        let count = features.count
        if rows.count < count { rows = [UInt32](repeating: 0, count: max(count, 2 * rows.count)) }
        rows.withUnsafeMutableBufferPointer { rows in
            features.hashes.withUnsafeBufferPointer { hashes in
                for i in 0..<count { rows[i] = UInt32(truncatingIfNeeded: hashes[i] >> shift) }
            }
            group.table.withUnsafeBufferPointer { table in
                sums.withUnsafeMutableBufferPointer { acc in
                    census_add_rows(table.baseAddress!, nL, rows.baseAddress!, count, acc.baseAddress!)
                }
            }
        }
        let perFeature = 1 / (Double(count) * Double(group.scale))
        var maxScore = -Double.infinity
        for l in 0..<nL {
            let average = Double(sums[l]) * perFeature + Double(group.floors[l])
            probabilities[l] = average * Double(group.sharpness) + priors[l]
            maxScore = max(maxScore, probabilities[l])
        }
        var total = 0.0
        for l in 0..<nL {
            let d = probabilities[l] - maxScore
            probabilities[l] = d < -25 ? 0 : exp(d)   // e^-25 is far below any confidence we print
            total += probabilities[l]
        }
        for l in 0..<nL { probabilities[l] /= total }
    }
}

#if canImport(Glibc)
import Glibc
#endif
