import CorpusPipeline
import ArgumentParser
import CorpusCore
import CorpusIO
import CorpusNormalize

/// Which tokeniser `census tokenize` uses.
enum TokenizerEngine: String, ExpressibleByArgument, CaseIterable {
    case census, icu
}

/// `census tokenize`: word tokens per line or document.
struct Tokenize: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the word tokens of each line (or document), space-separated.",
        discussion: """
        Text is cleaned and normalised first (--normalize, default nfc), then split into words by Unicode \
        word segmentation (UAX #29): letters, numbers, kana and ideographs; punctuation, symbols and spaces \
        are not words. Plain text gives one output line per input line (blank lines give empty lines); JSONL \
        and WET give one line per document.

        --engine icu uses ICU's own word BreakIterator instead, for comparison. --compare runs both and \
        prints, per input, how many tokens agree (F1 over token spans); --show-differences N also prints up \
        to N disagreements on standard error.
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var normalization: NormalizationOptions

    @Option(help: "Tokeniser: census (default) or icu.")
    var engine: TokenizerEngine = .census

    @Flag(help: "Print only the total number of word tokens.")
    var count = false

    @Flag(help: "Print tokens case-folded (Unicode simple case folding).")
    var fold = false

    @Flag(help: "Compare the census and ICU tokenisers: TSV of agreement per input.")
    var compare = false

    @Option(help: "With --compare, print up to this many disagreements per input on standard error.")
    var showDifferences = 0

    func run() throws {
        var normalizer = normalization.makeNormalizer()
        let tokenizer = WordTokenizer.icu
        let folding = fold ? CaseFolding.icu : nil
        var options = input.readerOptions
        options.keepBlankLines = true
        let loop = InputLoop(options: input, readerOptions: options)
        let out = Output()
        var text: [UInt8] = []
        var tokens: [Token] = []
        var icuTokens: [Token] = []
        var scratch: [Int32] = []
        var total = 0
        var icuFailure: ICUError?
        var comparison = TokenComparison()
        var perInput: [(String, TokenComparison)] = []
        var currentPath: String?
        let summaries = loop.run { source, document in
            if compare && currentPath != source.path {
                if let path = currentPath { perInput.append((path, comparison)) }
                comparison = TokenComparison()
                currentPath = source.path
            }
            document.text.withUnsafeBytes { _ = normalizer.normalize($0, into: &text) }
            tokens.removeAll(keepingCapacity: true)
            text.withUnsafeBytes { raw in
                if engine == .icu || compare {
                    icuTokens.removeAll(keepingCapacity: true)
                    do throws(ICUError) { try ICUWordSegmenter.tokenize(raw, into: &icuTokens, scratch: &scratch) } catch { icuFailure = error }
                }
                if engine == .census || compare { tokenizer.tokenize(raw, into: &tokens) }
                if engine == .icu && !compare { swap(&tokens, &icuTokens) }
                if compare {
                    comparison.add(census: tokens, icu: icuTokens, text: raw, show: showDifferences, path: source.path,
                                   record: document.recordNumber)
                    return
                }
                total += tokens.count
                if count { return }
                out.withBuffer { buffer in
                    for (k, token) in tokens.enumerated() {
                        if k > 0 { buffer.append(0x20) }
                        let bytes = UnsafeRawBufferPointer(rebasing: raw[token.range])
                        if let folding { folding.append(bytes, to: &buffer) } else { buffer.append(contentsOf: bytes) }
                    }
                    buffer.append(0x0A)
                }
                out.lineDone()
            }
        }
        if let path = currentPath, compare { perInput.append((path, comparison)) }
        if let icuFailure { Diagnostics.error(icuFailure.description) }
        if compare {
            out.append("input\tcensus_tokens\ticu_tokens\tagreeing\tf1\n")
            var all = TokenComparison()
            for (path, c) in perInput {
                out.append("\(path)\t\(c.census)\t\(c.icu)\t\(c.agreeing)\t\(c.f1Text)\n")
                all.merge(c)
            }
            out.append("total\t\(all.census)\t\(all.icu)\t\(all.agreeing)\t\(all.f1Text)\n")
        } else if count {
            out.append("\(total)\n")
        }
        out.flush()
        if summaries.contains(where: \.failed) || icuFailure != nil { throw ExitCode.failure }
    }
}

/// Agreement between two token span lists.
struct TokenComparison {
    var census = 0, icu = 0, agreeing = 0, shown = 0

    var f1: Double { census + icu == 0 ? 1 : 2 * Double(agreeing) / Double(census + icu) }
    var f1Text: String {
        let value = (f1 * 1_000_000).rounded() / 1_000_000
        return "\(value)"
    }

    mutating func merge(_ other: TokenComparison) {
        census += other.census
        icu += other.icu
        agreeing += other.agreeing
    }

    mutating func add(census a: [Token], icu b: [Token], text: UnsafeRawBufferPointer, show: Int, path: String, record: Int) {
        census += a.count
        icu += b.count
        var i = 0, j = 0
        var mismatchA: [Token] = [], mismatchB: [Token] = []
        while i < a.count || j < b.count {
            if i < a.count && j < b.count && a[i] == b[j] {
                agreeing += 1; i += 1; j += 1
            } else if j >= b.count || (i < a.count && a[i].start < b[j].start) || (i < a.count && a[i].start == b[j].start && a[i].end < b[j].end) {
                mismatchA.append(a[i]); i += 1
            } else {
                mismatchB.append(b[j]); j += 1
            }
        }
        if shown < show && (!mismatchA.isEmpty || !mismatchB.isEmpty) {
            shown += 1
            func words(_ tokens: [Token]) -> String {
                tokens.prefix(5).map { "[" + String(decoding: UnsafeRawBufferPointer(rebasing: text[$0.range]), as: UTF8.self) + "]" }
                    .joined(separator: " ")
            }
            Diagnostics.error("\(path): record \(record): census only: \(words(mismatchA)); icu only: \(words(mismatchB))")
        }
    }
}
