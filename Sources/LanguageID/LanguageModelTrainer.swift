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
        /// Perceptron epochs after naive Bayes (0: naive Bayes only). On held-out text by source, the
        /// perceptron lowered accuracy (95.8 % against 96.2 % with naive Bayes alone), so it is off by default.
        public var epochs = 0
        /// The perceptron's first learning rate (in log-probability units per feature).
        public var learningRate: Float = 0.5

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
        for info in LanguageRegistry.modelClasses {
            let path = directory + "/" + info.code + ".txt"
            if FileManager.default.fileExists(atPath: path) { files.append((info.code, path)) }
        }
        guard !files.isEmpty else {
            throw LanguageModelError("\(directory): no training files (<code>.txt for the languages of `census languages`)")
        }
        // One accumulator per script, mutated in place (each holds a large count table).
        var accumulators: [Accumulator] = Self.scripts.map { script in
            let codes = LanguageRegistry.modelClasses.filter { $0.scripts.contains(script.code) }.map(\.code)
            let bits = options.bits[script] ?? 16
            return Accumulator(languages: codes, counts: [UInt32](repeating: 0, count: (1 << bits) * codes.count),
                               totals: [Double](repeating: 0, count: codes.count))
        }
        var report = Report()
        var extractor = FeatureExtractor()
        for (code, path) in files {
            progress("reading \(code)")
            try Self.read(code: code, path: path, into: &accumulators, report: &report, extractor: &extractor, options: options)
        }
        var modelGroups: [LanguageModel.Group] = []
        for (g, script) in Self.scripts.enumerated() {
            if let group = makeGroup(script, accumulators[g], options: options, report: &report, progress: progress) {
                modelGroups.append(group)
            }
        }
        return (LanguageModel(groups: modelGroups), report)
    }

    /// The scripts the model has groups for.
    private static let scripts: [Script] = [.latin, .cyrillic, .greek]

    /// What the lines of one script add up to while reading.
    private struct Accumulator {
        var languages: [String]
        var counts: [UInt32]
        var totals: [Double]
        var calibration: [(Int, [UInt64])] = []
        /// Training samples for the discriminative pass: label per line, row indices of all lines.
        var labels: [UInt16] = []
        var ends: [Int] = []
        var rows: [UInt32] = []
    }

    /// Adds the lines of one language's training file to the accumulators.
    private static func read(code: String, path: String, into accumulators: inout [Accumulator], report: inout Report,
                             extractor: inout FeatureExtractor, options: Options) throws {
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
                    accumulators[g].calibration.append((l, Array(extractor.hashes)))
                } else {
                    let bits = options.bits[script] ?? 16
                    let nL = accumulators[g].languages.count
                    let shift = UInt64(64 - bits)
                    extractor.hashes.withUnsafeBufferPointer { hashes in
                        accumulators[g].counts.withUnsafeMutableBufferPointer { counts in
                            for h in hashes { counts[Int(truncatingIfNeeded: h >> shift) * nL + l] &+= 1 }
                        }
                    }
                    if options.epochs > 0 {
                        accumulators[g].labels.append(UInt16(l))
                        for h in extractor.hashes { accumulators[g].rows.append(UInt32(truncatingIfNeeded: h >> shift)) }
                        accumulators[g].ends.append(accumulators[g].rows.count)
                    }
                    accumulators[g].totals[l] += Double(extractor.hashes.count)
                    report.lines[code, default: [:]][script, default: 0] += 1
                }
            }
        }
    }

    /// The model group of one script: naive Bayes weights, the discriminative refinement, quantisation and
    /// the calibrated sharpness; nil when no language of the script has enough lines.
    private func makeGroup(_ script: Script, _ acc: Accumulator, options: Options, report: inout Report,
                           progress: (String) -> Void) -> LanguageModel.Group? {
        let bits = options.bits[script] ?? 16
        let rows = 1 << bits
        let oldN = acc.languages.count
        let keep = (0..<oldN).filter { (report.lines[acc.languages[$0]]?[script] ?? 0) >= options.minimumLines }
        guard !keep.isEmpty else { return nil }
        let nL = keep.count
        let alpha = options.alpha
        // Naive Bayes: per-feature gains over each language's floor (the log-probability of an unseen feature).
        var floors: [Float] = []
        for l in keep {
            let denominator = acc.totals[l] + alpha * Double(rows)
            floors.append(Float(log(alpha / denominator)))
        }
        var weights = [Float](repeating: 0, count: rows * nL)
        for r in 0..<rows {
            for (k, l) in keep.enumerated() {
                let c = acc.counts[r * oldN + l]
                if c != 0 { weights[r * nL + k] = Float(log((Double(c) + alpha) / alpha)) }
            }
        }
        // Discriminative refinement (perceptron on the naive Bayes weights): sharpens close languages.
        if options.epochs > 0 && nL > 1 {
            let remapLabels = Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($1, $0) })
            Self.refine(&weights, languages: nL, floors: floors, labels: acc.labels.map { remapLabels[Int($0)] ?? -1 },
                        ends: acc.ends, rows: acc.rows, options: options, progress: progress)
        }
        // Quantise: table = round((w − minimum) · scale); the minimum moves into the floors.
        var minimum = Float.infinity, maximum = -Float.infinity
        for w in weights { minimum = min(minimum, w); maximum = max(maximum, w) }
        let scale = Float(255) / max(maximum - minimum, 1e-6)
        let table = weights.map { UInt8(min(255, max(0, (($0 - minimum) * scale).rounded()))) }
        floors = floors.map { $0 + minimum }
        var group = LanguageModel.Group(script: script, bits: bits, languages: keep.map { acc.languages[$0] },
                                        floors: floors, scale: scale, sharpness: 1, table: RowTable(table))
        // Calibration: the sharpness that minimises the log loss of held-back lines.
        let remap = Dictionary(uniqueKeysWithValues: keep.enumerated().map { ($1, $0) })
        let samples = acc.calibration.compactMap { (l, hashes) in remap[l].map { ($0, hashes) } }
        group.sharpness = Self.fitSharpness(group, samples)
        report.sharpness[script] = group.sharpness
        progress("\(script.code): \(nL) languages, sharpness \(group.sharpness)")
        return group
    }

    /// Perceptron passes over the training lines (seeded order): when a line scores another language above its
    /// own, its features move toward its language and away from the other by the learning rate (halved
    /// each epoch). Scores are those of the model: Σ weights + n · floor.
    static func refine(_ weights: inout [Float], languages nL: Int, floors: [Float], labels: [Int], ends: [Int],
                       rows: [UInt32], options: Options, progress: (String) -> Void) {
        var order = Array(labels.indices)
        var rng = SplitMix(seed: 0x5EED)
        var scores = [Float](repeating: 0, count: nL)
        var rate = options.learningRate
        weights.withUnsafeMutableBufferPointer { w in
            rows.withUnsafeBufferPointer { rowsBuffer in
                for epoch in 1...options.epochs {
                    for i in stride(from: order.count - 1, to: 0, by: -1) {
                        order.swapAt(i, Int(rng.next() % UInt64(i + 1)))
                    }
                    var errors = 0
                    for s in order {
                        let label = labels[s]
                        if label < 0 { continue }
                        let start = s == 0 ? 0 : ends[s - 1], end = ends[s]
                        let n = Float(end - start)
                        for k in 0..<nL { scores[k] = n * floors[k] }
                        for f in start..<end {
                            let base = Int(rowsBuffer[f]) * nL
                            for k in 0..<nL { scores[k] += w[base + k] }
                        }
                        var best = label == 0 ? 1 : 0
                        for k in 0..<nL where k != label && scores[k] > scores[best] { best = k }
                        guard scores[best] >= scores[label] else { continue }
                        errors += 1
                        for f in start..<end {
                            let base = Int(rowsBuffer[f]) * nL
                            w[base + label] += rate
                            w[base + best] -= rate
                        }
                    }
                    progress("perceptron epoch \(epoch): \(errors) corrections of \(order.count) lines")
                    rate *= 0.5
                }
            }
        }
    }

    /// A small seeded generator for the training order.
    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
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
                let row = Int(truncatingIfNeeded: h >> shift)
                for l in 0..<nL { sums[l] += Int(group.value(row: row, language: l)) }
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
