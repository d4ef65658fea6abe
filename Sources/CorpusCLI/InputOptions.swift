import CorpusPipeline
import ArgumentParser
import CorpusIO

extension RecordFormat: ExpressibleByArgument {}

/// Options shared by every command that reads corpora.
struct InputOptions: ParsableArguments {
    @Argument(help: "Files, directories (walked recursively), globs, or - for standard input.")
    var inputs: [String] = []

    @Option(help: "Record format: jsonl, wet, lines or paragraphs (default: detected from extension and content).")
    var format: RecordFormat?

    @Option(help: "The JSONL field that holds the document text.")
    var textField: String = "text"

    @Option(help: "Reject records longer than this many bytes (keeps memory bounded).")
    var maxDocBytes: Int = 16 << 20

    @Option(help: "Print at most this many rejected-record messages per input (0: none).")
    var maxMessages: Int = 20

    @Flag(help: "In directories, read every file, not only those with a corpus extension (.jsonl, .wet, .txt, ...).")
    var allFiles = false

    @Flag(help: "Print nothing on standard error but input failures.")
    var quiet = false

    func validate() throws {
        if maxDocBytes < 1 { throw ValidationError("--max-doc-bytes (\(maxDocBytes)) must be at least 1.") }
        if textField.isEmpty { throw ValidationError("--text-field must not be empty.") }
        if maxMessages < 0 { throw ValidationError("--max-messages must not be negative.") }
    }

    /// The inputs named, expanded (``InputSource/expand(_:allFiles:)``), with notes on what was passed over.
    func expand() -> InputSource.Expansion {
        let expansion = InputSource.expand(inputs, allFiles: allFiles)
        if !quiet {
            if expansion.passedOver > 0 {
                Diagnostics.error("note: passed over \(expansion.passedOver) files in directories without a corpus extension (use --all-files to read them)")
            }
            for directory in expansion.revisited {
                Diagnostics.error("note: \(directory): already walked (a symbolic link to a folder read before); not read again")
            }
        }
        return expansion
    }

    var readerOptions: ReaderOptions {
        ReaderOptions(format: format, textField: textField, maxDocumentBytes: maxDocBytes)
    }
}

/// Reads every input in order, printing errors and (capped) rejection messages on standard error.
struct InputLoop {
    let options: InputOptions
    let readerOptions: ReaderOptions

    init(options: InputOptions, readerOptions: ReaderOptions? = nil) {
        self.options = options
        self.readerOptions = readerOptions ?? options.readerOptions
    }

    /// Returns the summaries: first one per name that matched nothing, then one per input in order.
    func run(onDocument: @escaping (InputSource, Document) -> Void) -> [InputSummary] {
        let expansion = options.expand()
        let (sources, errors) = (expansion.sources, expansion.errors)
        var summaries: [InputSummary] = []
        for error in errors {
            Diagnostics.error(error.description)
            var summary = InputSummary(path: error.path)
            summary.errors = [error]
            summaries.append(summary)
        }
        let limit = options.quiet ? 0 : options.maxMessages
        for source in sources {
            var shown = 0
            var hidden = 0
            let path = source.path
            let summary = InputReader.read(source, options: readerOptions,
                onDocument: { onDocument(source, $0) },
                onRejection: { rejection in
                    if shown < limit {
                        shown += 1
                        Diagnostics.error("\(path): \(rejection.locationUnit.describe(rejection.location)): "
                            + "\(rejection.reason.name): \(rejection.detail)")
                    } else {
                        hidden += 1
                    }
                })
            if hidden > 0 && !options.quiet {
                Diagnostics.error("\(path): \(hidden) more rejected records not shown (see the counts)")
            }
            if !options.quiet {
                for warning in summary.warnings { Diagnostics.error("\(path): \(warning)") }
            }
            for error in summary.errors { Diagnostics.error(error.description) }
            summaries.append(summary)
        }
        return summaries
    }
}
