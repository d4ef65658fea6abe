import CorpusPipeline
import CorpusIO
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes to standard error through the file descriptor (Swift 6 rejects the C global `stderr`).
struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var s = string
        s.withUTF8 { Output.writeAll(STDERR_FILENO, UnsafeRawBufferPointer($0)) }
    }
}

/// Buffered standard output: bytes are appended to one reusable buffer and written in 64 KiB chunks, or per
/// line when standard output is a terminal.
final class Output {
    static let chunk = 64 * 1024
    private(set) var buffer: [UInt8] = []
    private let lineBuffered: Bool
    private let fd: Int32

    init(fd: Int32 = STDOUT_FILENO) {
        self.fd = fd
        lineBuffered = isatty(fd) == 1
        buffer.reserveCapacity(Self.chunk * 2)
    }

    /// Call after appending one or more complete lines.
    @inline(__always)
    func lineDone() {
        if lineBuffered || buffer.count >= Self.chunk { flush() }
    }

    func append(_ bytes: [UInt8]) { buffer.append(contentsOf: bytes) }
    func append(_ string: String) { buffer.append(contentsOf: string.utf8) }
    func append(_ byte: UInt8) { buffer.append(byte) }
    func withBuffer<R>(_ body: (inout [UInt8]) -> R) -> R { body(&buffer) }

    /// Writes what is buffered. Data that cannot be written ends the command: a message on standard error
    /// and exit status 1 (`census cat x > /dev/full`); a closed pipe ends it by SIGPIPE as before.
    func flush() {
        guard !buffer.isEmpty else { return }
        let failed = buffer.withUnsafeBytes { Output.writeAll(fd, $0) }
        buffer.removeAll(keepingCapacity: true)
        if let code = failed {
            if code == EPIPE { exit(0) }   // SIGPIPE ignored by the parent: the reader is gone, as ripgrep does
            Diagnostics.error("\(fd == STDOUT_FILENO ? "standard output" : "output"): write failed (\(String(cString: strerror(code))))")
            exit(1)
        }
    }

    /// Writes all bytes, retrying on EINTR and short writes; returns errno when a write fails. A closed pipe
    /// ends the process by SIGPIPE.
    @discardableResult
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        guard var p = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            p += n
            left -= n
        }
        return nil
    }
}

/// Prints `census: <path>: <message>` lines on standard error.
enum Diagnostics {
    static func error(_ message: String) {
        var err = StandardError()
        // One line, whatever the message holds (names with line breaks or terminal escapes).
        print("census: \(PathBytes.display(message))", to: &err)
    }
}

/// SIGINT and SIGTERM (Ctrl-C, `kill`, Slurm's time limit) during a resumable command: it stops at once, as
/// after a crash, but says what was saved and how to go on, and exits with 128 + the signal number (130, 143).
enum Interruption {
    /// Blocks SIGINT and SIGTERM in the calling thread and in every thread started after it, and starts one
    /// thread that waits for them. Call before any worker thread starts.
    /// - Parameter advice: what to say after "interrupted by SIGTERM; " (what was saved, how to continue).
    static func install(advice: String) {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let clear = isatty(STDERR_FILENO) == 1 ? "\r\u{1B}[K" : ""
        let watcher = Thread {
            var signal: Int32 = 0
            var waited = sigset_t()
            sigemptyset(&waited)
            sigaddset(&waited, SIGINT)
            sigaddset(&waited, SIGTERM)
            guard sigwait(&waited, &signal) == 0 else { return }
            var err = StandardError()
            err.write(clear + "census: interrupted by \(signal == SIGINT ? "SIGINT" : "SIGTERM"); \(advice)\n")
            _exit(128 + signal)
        }
        watcher.start()
    }
}
