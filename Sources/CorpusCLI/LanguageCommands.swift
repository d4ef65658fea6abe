import CorpusPipeline
import ArgumentParser
import CorpusCore
import CorpusIO
import CorpusNormalize
import Foundation
import LanguageID

/// Loads the model named by --model, or the bundled one; prints the error and fails otherwise.
func loadLanguageModel(_ path: String?) throws -> LanguageModel {
    do {
        if let path { return try LanguageModel(contentsOf: path) }
        return try LanguageModel.bundled.get()
    } catch {
        Diagnostics.error("\(error)")
        throw ExitCode.failure
    }
}

func formatConfidence(_ value: Double) -> String {
    var bytes: [UInt8] = []
    appendConfidence(value, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// Appends a confidence in [0, 1] with four decimals ("0.9981").
func appendConfidence(_ value: Double, to out: inout [UInt8]) {
    let scaled = min(10_000, max(0, Int((value * 10_000).rounded())))
    out.append(UInt8(ascii: "0") + UInt8(scaled / 10_000))
    out.append(UInt8(ascii: "."))
    out.append(UInt8(ascii: "0") + UInt8(scaled / 1000 % 10))
    out.append(UInt8(ascii: "0") + UInt8(scaled / 100 % 10))
    out.append(UInt8(ascii: "0") + UInt8(scaled / 10 % 10))
    out.append(UInt8(ascii: "0") + UInt8(scaled % 10))
}

/// Options of the language identifier shared by the commands that use it.
struct LanguageIDOptions: ParsableArguments {
    @Option(help: "Answer `und` below this confidence (0 to 1).")
    var minConfidence: Double = LanguageIdentifier.defaultMinConfidence

    @Option(help: "Letters read per text at most (of a long document, half from its start and half from its middle).")
    var maxLetters: Int = LanguageIdentifier.defaultMaxLetters

    @Option(help: "A language model file (default: the one built into census).")
    var model: String?

    @Option(help: "Weight of the prior from each language's share of web pages (0: none).")
    var priorStrength: Double = LanguageIdentifier.defaultPriorStrength

    func validate() throws {
        guard priorStrength >= 0 else { throw ValidationError("--prior-strength must not be negative.") }
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence (\(minConfidence)) must be between 0 and 1.") }
        guard maxLetters > 0 else { throw ValidationError("--max-letters must be positive.") }
    }

    func makeIdentifier() throws -> LanguageIdentifier {
        LanguageIdentifier(model: try loadLanguageModel(model), minConfidence: minConfidence, maxLetters: maxLetters,
                           priorStrength: priorStrength)
    }
}

/// `census langid`: language, confidence and script per line or document.
struct LangID: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "langid",
        abstract: "Identify the language of each line (or document): code, confidence, script.",
        discussion: """
        Prints one line per input line of plain text (blank lines included), or per document with JSONL and \
        WET input: CODE<TAB>CONFIDENCE<TAB>SCRIPT, e.g. "de\t0.9981\tLatn". CODE is ISO 639-1 (639-3 where \
        there is none), or `und` when the confidence is below --min-confidence (default 0.5) or the text has \
        no letters of a script the model knows. CONFIDENCE is calibrated: of texts given 0.9, about 90% are \
        right. SCRIPT is ISO 15924 (Zyyy when there are no letters). With --top N, N-1 pairs \
        CODE<TAB>CONFIDENCE of runners-up follow. `census languages` lists the languages.
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var normalization: NormalizationOptions
    @OptionGroup var identification: LanguageIDOptions

    @Option(help: "How many languages to print per text (the best, then runners-up).")
    var top = 1

    func validate() throws {
        guard top >= 1 else { throw ValidationError("--top must be at least 1.") }
    }

    /// Everything the per-document work mutates, in one value (one access per document).
    struct State {
        var identifier: LanguageIdentifier
        var normalizer: TextNormalizer
        var text: [UInt8] = []
        var line: [UInt8] = []
        let top: Int

        mutating func process(_ document: Document, into out: Output) {
            document.text.withUnsafeBytes { _ = normalizer.normalize($0, into: &text) }
            let guess = text.withUnsafeBytes { identifier.identify($0, top: top) }
            line.removeAll(keepingCapacity: true)
            line.append(contentsOf: guess.code.utf8)
            line.append(0x09)
            appendConfidence(guess.confidence, to: &line)
            line.append(0x09)
            line.append(contentsOf: (guess.script?.code ?? "Zyyy").utf8)
            for alternative in guess.alternatives {
                line.append(0x09)
                line.append(contentsOf: alternative.code.utf8)
                line.append(0x09)
                appendConfidence(alternative.confidence, to: &line)
            }
            line.append(0x0A)
            out.append(line)
            out.lineDone()
        }
    }

    func run() throws {
        var state = State(identifier: try identification.makeIdentifier(), normalizer: normalization.makeNormalizer(), top: top)
        var options = input.readerOptions
        options.keepBlankLines = true
        let out = Output()
        let summaries = InputLoop(options: input, readerOptions: options).run { _, document in
            state.process(document, into: out)
        }
        out.flush()
        if summaries.contains(where: \.failed) { throw ExitCode.failure }
    }
}

/// `census languages`: the supported languages.
struct Languages: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the languages census knows: codes, names, scripts, EU status.",
        discussion: "A tab-separated table with a header line; in_model says whether the language model identifies it, training_data what the model learned it from (megabytes and register: prose, manuals, interface strings, word lists)."
    )

    @Option(help: "A language model file (default: the one built into census).")
    var model: String?

    func run() throws {
        let known = Set((try? (model.map { try LanguageModel(contentsOf: $0) } ?? LanguageModel.bundled.get()))?.languages ?? [])
        let out = Output()
        out.append("code\tiso639_3\tname\tendonym\tscripts\teu_status\tin_model\ttraining_data\n")
        for l in LanguageRegistry.all {
            out.append("\(l.code)\t\(l.iso639_3)\t\(l.name)\t\(l.endonym)\t\(l.scripts.joined(separator: ","))\t\(l.euStatus.rawValue)\t\(known.contains(l.code) ? "yes" : "no")\t\(l.trainingData?.summary ?? "-")\n")
        }
        out.flush()
    }
}

/// `census train-langid`: trains the language model.
struct TrainLangID: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train-langid",
        abstract: "Train a language-identification model from one text file per language.",
        discussion: """
        DATA_DIR holds <code>.txt files (one sentence or paragraph per line) for codes of `census languages` \
        (or a train/ folder with them, as Sources/LanguageID/Training/build-training-data.py writes). The \
        model is written to --out; use it with --model, or copy it to Sources/LanguageID/Resources/langid.model \
        to build it into census.
        """
    )

    @Argument(help: "Folder with <code>.txt training files.")
    var dataDirectory: String

    @Option(help: "Where to write the model.")
    var out: String

    @Option(help: "Additive smoothing of the naive Bayes counts.")
    var alpha: Double = 0.1

    @Flag(help: "Write the model zlib-compressed (smaller; slower to load).")
    var compress = false

    @Option(help: "Perceptron epochs after naive Bayes (0: naive Bayes only; more did not help on held-out text).")
    var epochs = 0

    @Option(help: "The perceptron's first learning rate.")
    var learningRate: Float = 0.5

    @Option(help: "Table rows for Latin-script languages, as a power of two.")
    var latinBits = 19

    @Option(help: "Table rows for Cyrillic-script languages, as a power of two.")
    var cyrillicBits = 18

    func run() throws {
        var directory = dataDirectory
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory + "/train", isDirectory: &isDirectory), isDirectory.boolValue {
            directory += "/train"
        }
        var options = LanguageModelTrainer.Options()
        options.alpha = alpha
        options.epochs = epochs
        options.learningRate = learningRate
        options.bits[.latin] = latinBits
        options.bits[.cyrillic] = cyrillicBits
        var err = StandardError()
        let (model, report) = try LanguageModelTrainer().train(directory: directory, options: options) { print("train-langid: \($0)", to: &err) }
        let bytes = model.serialized(compressed: compress)
        guard FileManager.default.createFile(atPath: out, contents: Data(bytes)) else {
            Diagnostics.error("\(out): cannot write the model")
            throw ExitCode.failure
        }
        let lines = report.lines.values.reduce(0) { $0 + $1.values.reduce(0, +) }
        print("train-langid: \(model.languages.count) languages, \(lines) lines, model \(bytes.count) bytes -> \(out)", to: &err)
    }
}

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
        return "# calibration: ECE \(formatConfidence(ece)) over \(calibration.count) texts (10 bins, best answer before the threshold); "
            + "confidence >= 0.9: \(formatConfidence(Double(high) / Double(calibration.count))) of texts, accuracy \(formatConfidence(Double(highRight) / Double(max(1, high))))\n"
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
            lines += "\(truth)\t\(n)\t\(formatConfidence(precision))\t\(formatConfidence(recall))\t\(formatConfidence(f1))\t\(confusions.isEmpty ? "-" : confusions)\n"
        }
        let official = LanguageRegistry.officialCodes.filter { f1s[$0] != nil }
        let meanAll = f1s.values.reduce(0, +) / Double(max(1, f1s.count))
        let meanOfficial = official.map { f1s[$0]! }.reduce(0, +) / Double(max(1, official.count))
        lines += "# accuracy \(formatConfidence(Double(correct) / Double(max(1, total)))) over \(total) texts; "
        lines += "mean F1 \(formatConfidence(meanAll)) over \(f1s.count) languages; "
        lines += "mean F1 \(formatConfidence(meanOfficial)) over \(official.count) EU official languages\n"
        return lines + calibrationLine()
    }
}
