import ArgumentParser
import CorpusPipeline

/// Calls the engine from a command: prints its problems and notes (clearing the progress line first), feeds
/// its progress to the reporter, and turns its errors into the command's exit status (64 usage, 1 failure).
enum EngineCall {
    static func run<Result>(reporter: ProgressReporter? = nil,
                            _ body: (@escaping (PipelineEvent) -> Void) throws(PipelineError) -> Result) throws -> Result {
        let events: (PipelineEvent) -> Void = { event in
            switch event {
            case .problem(let line), .note(let line):
                reporter?.clear()
                Diagnostics.error(line)
            case .progress(let progress):
                reporter?.update(progress)
            }
        }
        do {
            let summary = try body(events)
            reporter?.clear()
            return summary
        } catch {
            reporter?.clear()
            Diagnostics.error(error.message)
            throw error.kind == .usage ? ExitCode(64) : ExitCode.failure
        }
    }
}
