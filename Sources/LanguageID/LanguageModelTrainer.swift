import CorpusCore
import Foundation

/// Trains a ``LanguageModel`` from one text file per language (`<code>.txt`, one sentence or paragraph per
/// line), as `census train-langid DATA_DIR --out MODEL` does.
///
/// Each line goes to the script group of its letters (Latin, Cyrillic, Greek) if the language is written
/// in that script (per ``LanguageRegistry``); its features are counted per language. Log-probabilities use
/// additive smoothing (`alpha`). One line in `calibrationEvery` is held back to fit each group's softmax
/// sharpness, so that confidences are calibrated (minimum log loss over a grid). Deterministic: the same
/// files and options give the same model bytes.
public struct LanguageModelTrainer {
    /// Training options.
    public struct Options: Sendable {
        /// Bucket bits per script group (table rows = 2^bits).
        public var bits: [Script: Int] = [.latin: 19, .cyrillic: 18, .greek: 12]
        /// Additive smoothing.
        public var alpha: Double = 0.1
        /// Every this-many-th line is held back for calibration.
        public var calibrationEvery = 20
        /// Languages with fewer lines than this in a script are left out of that script's group.
        public var minimumLines = 30
        /// Letters read per line at most.
        public var maxLetters = LanguageIdentifier.defaultMaxLetters

        public init() {}
    }

    /// What training read.
    public struct Report: Sendable {
        /// Lines used per language and script.
        public var lines: [String: [Script: Int]] = [:]
        /// Lines skipped (no letters, or letters of a script the language is not written in).
        public var skipped: [String: Int] = [:]
        /// Fitted sharpness per group.
        public var sharpness: [Script: Float] = [:]
    }

    public init() {}

    /// Trains on the `<code>.txt` files in `directory` (codes from ``LanguageRegistry``; other files ignored).
    ///
    /// - Throws: when the directory cannot be read or holds no training file.
    public func train(directory: String, options: Options = Options(),
                      progress: (String) -> Void = { _ in }) throws -> (LanguageModel, Report) {
        var files: [(String, String)] = []
        for info in LanguageRegistry.all {
            let path = directory + "/" + info.code + ".txt"
            if FileManager.default.fileExists(atPath: path) { files.append((info.code, path)) }
        }
        guard !files.isEmpty else {
            throw LanguageModelError("\(directory): no training files (<code>.txt for the languages of `census languages`)")
        }
        let scripts: [Script] = [.latin, .cyrillic, .greek]
        struct Accumulator {
            var languages: [String]
            var counts: [UInt32]
            var totals: [Double]
            var calibration: [(Int, [UInt64])] = []
        }
        // One accumulator per script, mutated in place (each holds a large count table).
        var accumulators: [Accumulator] = scripts.map { script in
            let codes = LanguageRegistry.all.filter { $0.scripts.contains(script.code) }.map(\.code)
            let bits = options.bits[script] ?? 16
            return Accumulator(languages: codes, counts: [UInt32](repeating: 0, count: (1 << bits) * codes.count),
                               totals: [Double](repeating: 0, count: codes.count))
        }
        var report = Report()
        var extractor = FeatureExtractor()
        for (code, path) in files {
            progress("reading \(code)")
            guard let data = FileManager.default.contents(atPath: path) else { throw LanguageModelError("\(path): cannot read") }
            let bytes = [UInt8](data)
            var lineNumber = 0
            bytes.withUnsafeBytes { raw in
                var start = 0
                while start < raw.count {
                    var end = start
                    while end < raw.count && raw[end] != 0x0A { end += 1 }
                    let line = UnsafeRawBufferPointer(rebasing: raw[start..<end])
                    start = end + 1
                    lineNumber += 1
                    extractor.extract(line, maxLetters: options.maxLetters)
                    guard let script = extractor.dominantScript, let g = scripts.firstIndex(of: script),
                          let l = accumulators[g].languages.firstIndex(of: code), !extractor.hashes.isEmpty else {
                        report.skipped[code, default: 0] += 1
                        continue
                    }
                    if lineNumber % options.calibrationEvery == 0 {
                        accumulators[g].calibration.append((l, extractor.hashes))
                    } else {
                        let bits = options.bits[script] ?? 16
                        let nL = accumulators[g].languages.count
                        let shift = UInt64(64 - bits)
                        extractor.hashes.withUnsafeBufferPointer { hashes in
                            accumulators[g].counts.withUnsafeMutableBufferPointer { counts in
                                for h in hashes { counts[Int(truncatingIfNeeded: h >> shift) * nL + l] &+= 1 }
                            }
                        }
                        accumulators[g].totals[l] += Double(extractor.hashes.count)
                        report.lines[code, default: [:]][script, default: 0] += 1
                    }
                }
            }
        }
        var modelGroups: [LanguageModel.Group] = []
        for (g, script) in scripts.enumerated() {
            let acc = accumulators[g]
            let bits = options.bits[script] ?? 16
            let rows = 1 << bits
            let oldN = acc.languages.count
            let keep = (0..<oldN).filter { (report.lines[acc.languages[$0]]?[script] ?? 0) >= options.minimumLines }
            guard !keep.isEmpty else { continue }
            let nL = keep.count
            let alpha = options.alpha
            var floors: [Float] = []
            var maxGain = 0.0
            for l in keep {
                let denominator = acc.totals[l] + alpha * Double(rows)
                floors.append(Float(log(alpha / denominator)))
                let maxCount = stride(from: l, to: acc.counts.count, by: oldN).reduce(UInt32(0)) { max($0, acc.counts[$1]) }
                maxGain = max(maxGain, log((Double(maxCount) + alpha) / alpha))
            }
            let scale = Float(255.0 / max(maxGain, 1e-9))
            var table = [UInt8](repeating: 0, count: rows * nL)
            for r in 0..<rows {
                for (k, l) in keep.enumerated() {
                    let c = acc.counts[r * oldN + l]
                    if c == 0 { continue }
                    let gain = log((Double(c) + alpha) / alpha)
                    table[r * nL + k] = UInt8(min(255, max(0, (gain * Double(scale)).rounded())))
                }
            }
            var group = LanguageModel.Group(script: script, bits: bits, languages: keep.map { acc.languages[$0] },
                                            floors: floors, scale: scale, sharpness: 1, table: table)
            // Calibration: the sharpness that minimises the log loss of held-back lines.
            let remap = Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($1, $0) })
            let samples = acc.calibration.compactMap { (l, hashes) in remap[l].map { ($0, hashes) } }
            group.sharpness = Self.fitSharpness(group, samples)
            report.sharpness[script] = group.sharpness
            progress("\(script.code): \(nL) languages, sharpness \(group.sharpness)")
            modelGroups.append(group)
        }
        return (LanguageModel(groups: modelGroups), report)
    }

    /// Average per-feature scores of each sample, then a grid search for the sharpness with least log loss.
    static func fitSharpness(_ group: LanguageModel.Group, _ samples: [(Int, [UInt64])]) -> Float {
        let nL = group.languages.count
        guard nL > 1, !samples.isEmpty else { return 1 }
        let shift = UInt64(64 - group.bits)
        var averages: [[Double]] = []
        for (_, hashes) in samples {
            var sums = [Int](repeating: 0, count: nL)
            for h in hashes {
                let row = Int(truncatingIfNeeded: h >> shift) * nL
                for l in 0..<nL { sums[l] += Int(group.table[row + l]) }
            }
            let n = Double(hashes.count)
            averages.append((0..<nL).map { Double(sums[$0]) / Double(group.scale) / n + Double(group.floors[$0]) })
        }
        var best: (loss: Double, k: Double) = (.infinity, 1)
        var k = 0.25
        while k <= 2000 {
            var loss = 0.0
            for (s, (label, _)) in samples.enumerated() {
                let a = averages[s]
                let m = a.map { $0 * k }.max()!
                let total = a.reduce(0.0) { $0 + exp($1 * k - m) }
                loss -= (a[label] * k - m) - log(total)
            }
            if loss < best.loss { best = (loss, k) }
            k *= 1.15
        }
        return Float(best.k)
    }
}
