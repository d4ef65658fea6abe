import CorpusPipeline
import Foundation

/// Progress on standard error: a live line on a terminal (at most 4 redraws a second), or timestamped plain lines
/// with `--progress` (every 10 seconds, or `--progress-every`).
///
/// A line gives the inputs done, the text read (and the text estimated in all), the rate over the last
/// ``window`` seconds (not an average since the start), the elapsed time and the ETA: the text still to read
/// (``RunProgress/remainingTextBytes``, learnt per input as it goes) at the recent rate.
final class ProgressReporter {
    enum Mode {
        case none, terminal
        case lines(every: Double)
    }

    let mode: Mode
    private let started = Date()
    private var last = Date.distantPast
    private var drawn = false
    /// Recent (time since start, text bytes, documents), one every ``sampleSeconds`` at most, spanning ``window``.
    private var samples: [(time: Double, text: Int, documents: Int)] = []
    static let window = 10.0
    static let sampleSeconds = 0.25

    init(mode: Mode) {
        self.mode = mode
    }

    func update(_ progress: RunProgress) {
        let every: Double
        switch mode {
        case .none: return
        case .terminal: every = 0.25
        case .lines(let seconds): every = seconds
        }
        let now = Date()
        let elapsed = max(now.timeIntervalSince(started), 1e-3)
        if samples.last.map({ elapsed - $0.time >= Self.sampleSeconds }) ?? true {
            samples.append((elapsed, progress.textBytes, progress.documents))
            // Keep one sample at or before the window's start, so the rate spans the whole window.
            while samples.count > 2 && elapsed - samples[1].time >= Self.window { samples.removeFirst() }
        }
        guard now.timeIntervalSince(last) >= every else { return }
        last = now
        let line = Self.line(progress, elapsed: elapsed, since: samples.first ?? (0, 0, 0))
        var err = StandardError()
        if case .terminal = mode {
            err.write("\r\u{1B}[K" + line)
            drawn = true
        } else {
            err.write("census: " + Self.timestamp(now) + " " + line + "\n")
        }
    }

    /// "3/40 inputs, 120.5 MB of ~2.1 GB text, 45.1 MB/s, 12000 documents/s, elapsed 0:32, ETA 1:05".
    static func line(_ p: RunProgress, elapsed: Double, since start: (time: Double, text: Int, documents: Int)) -> String {
        // The rate over the window; in the first second, since the start.
        let span = elapsed - start.time >= 1 ? elapsed - start.time : elapsed
        let text = elapsed - start.time >= 1 ? p.textBytes - start.text : p.textBytes
        let documents = elapsed - start.time >= 1 ? p.documents - start.documents : p.documents
        let rate = Double(text) / span
        var eta = "?"
        if let left = p.remainingTextBytes {
            if left == 0 { eta = "0:00" } else if rate > 0 { eta = duration(Double(left) / rate) }
        }
        let total = p.remainingTextBytes.map { " of ~\(megabytes(p.textBytes + $0))" } ?? ""
        return "\(p.inputsDone)/\(p.inputs) inputs, \(megabytes(p.textBytes))\(total) text, \(String(format: "%.1f", rate / 1e6)) MB/s, "
            + "\(Int(Double(documents) / span)) documents/s, elapsed \(duration(elapsed)), ETA \(eta)"
    }

    /// "120.5 MB", "2.1 GB".
    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1_000_000_000 ? String(format: "%.1f GB", Double(bytes) / 1e9) : String(format: "%.1f MB", Double(bytes) / 1e6)
    }

    /// "0:32", "12:05", "3h07m".
    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds.rounded())
        return s >= 3600 ? "\(s / 3600)h\(String(format: "%02d", s / 60 % 60))m" : "\(s / 60):\(String(format: "%02d", s % 60))"
    }

    /// "2026-12-07T12:30:05Z" (UTC).
    static func timestamp(_ date: Date) -> String {
        var t = time_t(date.timeIntervalSince1970)
        var parts = tm()
        gmtime_r(&t, &parts)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec)
    }

    func clear() {
        guard drawn else { return }
        var err = StandardError()
        err.write("\r\u{1B}[K")
        drawn = false
    }
}
