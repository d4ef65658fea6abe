import CorpusIO

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
