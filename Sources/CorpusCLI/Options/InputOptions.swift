import CorpusPipeline
import ArgumentParser
import CorpusIO

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

    @OptionGroup var verbosity: QuietOption

    var quiet: Bool { verbosity.quiet }

    func validate() throws {
        if maxDocBytes < 1 { throw ValidationError("--max-doc-bytes (\(maxDocBytes)) must be at least 1.") }
        if textField.isEmpty { throw ValidationError("--text-field must not be empty.") }
        if maxMessages < 0 { throw ValidationError("--max-messages must not be negative.") }
    }

    /// The inputs named, expanded (``InputSource/expand(_:allFiles:)``), with notes on what was passed over.
    func expand() -> InputSource.Expansion {
        let expansion = InputSource.expand(inputs, allFiles: allFiles)
        if !quiet { for note in expansion.notes { Diagnostics.error(note) } }
        return expansion
    }

    var readerOptions: ReaderOptions {
        ReaderOptions(format: format, textField: textField, maxDocumentBytes: maxDocBytes)
    }
}

extension InputOptions {
    /// The engine's reader settings and input names, as a start for the options of a run.
    func runOptions(out: String) -> RunOptions {
        var options = RunOptions(inputs: inputs, out: out)
        options.allFiles = allFiles
        options.reader = readerOptions
        options.maxMessages = maxMessages
        options.quiet = quiet
        return options
    }
}
