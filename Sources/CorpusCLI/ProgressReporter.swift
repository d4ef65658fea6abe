import ArgumentParser
import CorpusPipeline
import Foundation

/// Progress on standard error: a live line on a terminal (at most 4 redraws a second), or plain lines every
/// 10 seconds with `--progress`.
final class ProgressReporter {
    enum Mode { case none, terminal, lines }
    let mode: Mode
    private let started = Date()
    private var last = Date.distantPast
    private var drawn = false

    init(mode: Mode) {
        self.mode = mode
    }

    func update(_ progress: RunProgress) {
        guard mode != .none else { return }
        let now = Date()
        guard now.timeIntervalSince(last) >= (mode == .terminal ? 0.25 : 10) else { return }
        last = now
        let seconds = max(now.timeIntervalSince(started), 1e-3)
        let done = progress.inputBytes, totalBytes = progress.totalInputBytes
        var eta = "?"
        if done > 0 && totalBytes > done {
            let left = Int(seconds * Double(totalBytes - done) / Double(done))
            eta = left >= 3600 ? "\(left / 3600)h\(String(format: "%02d", left / 60 % 60))m" : "\(left / 60):\(String(format: "%02d", left % 60))"
        } else if totalBytes > 0 && done >= totalBytes {
            eta = "0:00"
        }
        let line = "\(progress.inputsDone)/\(progress.inputs) inputs, \(String(format: "%.1f", Double(progress.textBytes) / 1e6)) MB of text, "
            + "\(String(format: "%.1f", Double(progress.textBytes) / 1e6 / seconds)) MB/s, \(Int(Double(progress.documents) / seconds)) documents/s, ETA \(eta)"
        var err = StandardError()
        if mode == .terminal {
            err.write("\r\u{1B}[K" + line)
            drawn = true
        } else {
            err.write("census: " + line + "\n")
        }
    }

    func clear() {
        guard drawn else { return }
        var err = StandardError()
        err.write("\r\u{1B}[K")
        drawn = false
    }
}

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
