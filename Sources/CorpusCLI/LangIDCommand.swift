import CorpusPipeline
import ArgumentParser
import CorpusCore
import CorpusIO
import CorpusNormalize
import Foundation
import LanguageID

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
            JSONLRecord.appendScore(guess.confidence, to: &line)
            line.append(0x09)
            line.append(contentsOf: (guess.script?.code ?? "Zyyy").utf8)
            for alternative in guess.alternatives {
                line.append(0x09)
                line.append(contentsOf: alternative.code.utf8)
                line.append(0x09)
                JSONLRecord.appendScore(alternative.confidence, to: &line)
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
