import CorpusPipeline
import ArgumentParser
import CorpusCore
import CorpusIO
import CorpusNormalize
import Foundation
import LanguageID

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
