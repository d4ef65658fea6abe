import CorpusIO

/// The problems of each input as events, the same in every command that streams inputs: every rejected
/// record and input problem goes to the log (errors.log) when there is one; as events, the first
/// `maxMessages` rejected records of each input, then one line saying how many more, its warnings (not when
/// quiet) and its errors (always).
package struct InputMessages {
    let maxMessages: Int
    let quiet: Bool
    /// Where the hidden ones can be seen ("errors.log", "the counts").
    let seeAlso: String
    private var shown = 0
    private var hidden = 0

    package init(maxMessages: Int, quiet: Bool, seeAlso: String) {
        self.maxMessages = quiet ? 0 : maxMessages
        self.quiet = quiet
        self.seeAlso = seeAlso
    }

    /// A rejected record of the input being read.
    package mutating func reject(_ rejection: Rejection, path: String, log: AppendLog?, events: (PipelineEvent) -> Void) {
        let message = "\(path): \(rejection.locationUnit.describe(rejection.location)): \(rejection.reason.name): \(rejection.detail)"
        log?.line(message)
        if shown < maxMessages {
            shown += 1
            events(.problem(message))
        } else {
            hidden += 1
        }
    }

    /// The input is complete.
    package mutating func end(_ summary: InputSummary, log: AppendLog?, events: (PipelineEvent) -> Void) {
        let path = summary.path
        if hidden > 0 && !quiet {
            events(.problem("\(path): \(hidden) more rejected records not shown (see \(seeAlso))"))
        }
        shown = 0
        hidden = 0
        for warning in summary.warnings {
            log?.line("\(path): \(warning)")
            if !quiet { events(.problem("\(path): \(warning)")) }
        }
        for error in summary.errors {
            log?.line(error.description)
            events(.problem(error.description))
        }
    }
}
