import CorpusPipeline
import ArgumentParser
import CorpusCore
import CorpusIO
import CorpusNormalize

/// `census normalize`: cleaned, normalised text.
struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write text cleaned and normalised (NFC by default).",
        discussion: """
        Strips control characters, folds line breaks to \\n, collapses runs of horizontal white space, then \
        normalises with ICU (--form nfc|nfkc|nfkc-casefold|none). Plain text gives one output line per input \
        line; paragraphs are written separated by blank lines; JSONL and WET give JSONL like `census cat`.
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var normalization: NormalizationOptions

    func run() throws {
        var normalizer = normalization.makeNormalizer()
        var options = input.readerOptions
        options.keepBlankLines = true
        let out = Output()
        var text: [UInt8] = []
        let summaries = InputLoop(options: input, readerOptions: options).run { source, document in
            document.text.withUnsafeBytes { _ = normalizer.normalize($0, into: &text) }
            out.withBuffer { buffer in
                switch document.format {
                case .lines:
                    buffer.append(contentsOf: text)
                    buffer.append(0x0A)
                case .paragraphs:
                    buffer.append(contentsOf: text)
                    buffer.append(contentsOf: [0x0A, 0x0A])
                case .jsonl, .wet:
                    var copy = document
                    swap(&copy.text, &text)
                    JSONLRecord.append(copy, path: source.path, to: &buffer)
                    swap(&copy.text, &text)
                }
            }
            out.lineDone()
        }
        out.flush()
        if summaries.contains(where: \.failed) { throw ExitCode.failure }
    }
}
