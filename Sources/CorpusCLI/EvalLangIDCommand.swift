import CorpusPipeline
import ArgumentParser
import CorpusCore
import CorpusIO
import CorpusNormalize
import Foundation
import LanguageID

/// `census eval-langid`: precision, recall and F1 on a labelled set.
struct EvalLangID: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval-langid",
        abstract: "Evaluate language identification on a labelled set.",
        discussion: """
        LABELLED is a folder of <code>.txt files (one text per line) or a TSV file, gzip'd or not, of \
        CODE<TAB>TEXT lines. Codes outside `census languages` are scored too (and can only be wrong). Prints a \
        TSV per language: lines, precision, recall, F1 and the most frequent confusions; then the accuracy and \
        the mean F1 over all languages and over the 24 official EU languages. An `und` answer counts as a miss.
        """
    )

    @Argument(help: "A folder of <code>.txt files, or a CODE<TAB>TEXT file.")
    var labelled: String

    @OptionGroup var identification: LanguageIDOptions
    @OptionGroup var normalization: NormalizationOptions

    @Option(help: "Texts read per language at most (0: all).")
    var maxLines = 0

    func run() throws {
        var identifier = try identification.makeIdentifier()
        var normalizer = normalization.makeNormalizer()
        var confusion: [String: [String: Int]] = [:]   // truth -> predicted -> count
        var calibration: [(confidence: Double, right: Bool)] = []
        var text: [UInt8] = []
        func score(_ truth: String, _ line: UnsafeRawBufferPointer) {
            if maxLines > 0 && (confusion[truth]?.values.reduce(0, +) ?? 0) >= maxLines { return }
            _ = normalizer.normalize(line, into: &text)
            let guess = text.withUnsafeBytes { identifier.identify($0) }
            confusion[truth, default: [:]][guess.code, default: 0] += 1
            // The best answer before the threshold; for a language outside the model, `und` is right.
            let right = guess.best == truth || (LanguageRegistry.info(truth) == nil && guess.best == LanguageGuess.undetermined)
            calibration.append((guess.confidence, right))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: labelled, isDirectory: &isDirectory) else {
            Diagnostics.error("\(labelled): no such file or folder")
            throw ExitCode.failure
        }
        if isDirectory.boolValue {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: labelled)) ?? []).filter { $0.hasSuffix(".txt") }.sorted()
            guard !names.isEmpty else {
                Diagnostics.error("\(labelled): no <code>.txt files")
                throw ExitCode.failure
            }
            for name in names {
                let truth = String(name.dropLast(4))
                _ = InputReader.read(InputSource(path: labelled + "/" + name), options: ReaderOptions(format: .lines),
                                     onDocument: { doc in doc.text.withUnsafeBytes { score(truth, $0) } })
            }
        } else {
            let summary = InputReader.read(InputSource(path: labelled), options: ReaderOptions(format: .lines), onDocument: { doc in
                doc.text.withUnsafeBytes { raw in
                    guard let tab = raw.firstIndex(of: 0x09) else { return }
                    score(String(decoding: raw[..<tab], as: UTF8.self), UnsafeRawBufferPointer(rebasing: raw[(tab + 1)...]))
                }
            })
            for error in summary.errors { Diagnostics.error(error.description) }
            if summary.failed { throw ExitCode.failure }
        }
        var report = LanguageIDEvaluation(confusion: confusion)
        report.calibration = calibration
        let out = Output()
        out.append(report.table())
        out.flush()
    }
}

/// Precision, recall and F1 from a confusion table.
struct LanguageIDEvaluation {
    var confusion: [String: [String: Int]]
    /// Per text: the confidence of the best answer and whether it was right.
    var calibration: [(confidence: Double, right: Bool)] = []

    /// Expected calibration error over 10 equal-width confidence bins (the mean gap between confidence and
    /// accuracy, weighted by the texts in each bin), and the share and accuracy of answers at 0.9 or more.
    func calibrationLine() -> String {
        guard !calibration.isEmpty else { return "" }
        var count = [Int](repeating: 0, count: 10), right = [Int](repeating: 0, count: 10), sum = [Double](repeating: 0, count: 10)
        var high = 0, highRight = 0
        for (c, r) in calibration {
            let b = min(9, max(0, Int(c * 10)))
            count[b] += 1
            sum[b] += c
            if r { right[b] += 1 }
            if c >= 0.9 {
                high += 1
                if r { highRight += 1 }
            }
        }
        var ece = 0.0
        for b in 0..<10 where count[b] > 0 {
            ece += Double(count[b]) / Double(calibration.count) * abs(sum[b] / Double(count[b]) - Double(right[b]) / Double(count[b]))
        }
        return "# calibration: ECE \(ratio(ece)) over \(calibration.count) texts (10 bins, best answer before the threshold); "
            + "confidence >= 0.9: \(ratio(Double(high) / Double(calibration.count))) of texts, accuracy \(ratio(Double(highRight) / Double(max(1, high))))\n"
    }

    func table() -> String {
        var predicted: [String: Int] = [:]
        for (_, row) in confusion { for (p, c) in row { predicted[p, default: 0] += c } }
        var lines = "language\tlines\tprecision\trecall\tf1\tconfusions\n"
        var f1s: [String: Double] = [:]
        var correct = 0, total = 0
        for truth in confusion.keys.sorted() {
            let row = confusion[truth]!
            let n = row.values.reduce(0, +)
            let tp = row[truth] ?? 0
            correct += tp
            total += n
            let precision = predicted[truth].map { $0 > 0 ? Double(tp) / Double($0) : 0 } ?? 0
            let recall = n > 0 ? Double(tp) / Double(n) : 0
            let f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0
            f1s[truth] = f1
            let confusions = row.filter { $0.key != truth }.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
                .prefix(4).map { "\($0.key):\($0.value)" }.joined(separator: ",")
            lines += "\(truth)\t\(n)\t\(ratio(precision))\t\(ratio(recall))\t\(ratio(f1))\t\(confusions.isEmpty ? "-" : confusions)\n"
        }
        let official = LanguageRegistry.officialCodes.filter { f1s[$0] != nil }
        let meanAll = f1s.values.reduce(0, +) / Double(max(1, f1s.count))
        let meanOfficial = official.map { f1s[$0]! }.reduce(0, +) / Double(max(1, official.count))
        lines += "# accuracy \(ratio(Double(correct) / Double(max(1, total)))) over \(total) texts; "
        lines += "mean F1 \(ratio(meanAll)) over \(f1s.count) languages; "
        lines += "mean F1 \(ratio(meanOfficial)) over \(official.count) EU official languages\n"
        return lines + calibrationLine()
    }
}

/// A share in 0...1 for the evaluation tables, with four decimals ("0.9981", "1.0000").
private func ratio(_ value: Double) -> String {
    String(format: "%.4f", min(1, max(0, value)))
}
