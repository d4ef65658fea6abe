import CorpusIO
import CorpusPipeline

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
        var messages = InputMessages(maxMessages: options.maxMessages, quiet: options.quiet, seeAlso: "the counts")
        let print: (PipelineEvent) -> Void = { if case .problem(let line) = $0 { Diagnostics.error(line) } }
        for source in sources {
            let summary = InputReader.read(source, options: readerOptions,
                onDocument: { onDocument(source, $0) },
                onRejection: { messages.reject($0, path: source.path, log: nil, events: print) })
            messages.end(summary, log: nil, events: print)
            summaries.append(summary)
        }
        return summaries
    }
}
