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
