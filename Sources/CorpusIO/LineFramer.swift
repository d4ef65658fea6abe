#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Splits a byte stream into `\n`-terminated lines, in constant memory.
///
/// Lines that lie whole inside one chunk are handed over as views into that chunk (no copy); only a line
/// that spans chunks is assembled in `pending`. A line longer than `maxLineBytes` is not kept: the framer
/// skips to its end and reports its length through `tooLong`, so memory stays bounded whatever the input.
/// The line handed to `body` excludes the `\n` (a trailing `\r` is left for the caller).
struct LineFramer {
    let maxLineBytes: Int
    private(set) var pending: [UInt8] = []
    /// Length of the line being skipped because it is too long, or -1.
    private var overflowLength = -1
    /// Lines completed so far; the line being assembled is `lineNumber + 1`.
    private(set) var lineNumber = 0

    init(maxLineBytes: Int) {
        self.maxLineBytes = maxLineBytes
    }

    /// Whether a partial line is pending (the stream did not end with `\n`).
    var hasPartialLine: Bool { !pending.isEmpty || overflowLength >= 0 }

    mutating func feed(
        _ chunk: UnsafeRawBufferPointer,
        line body: (UnsafeRawBufferPointer, Int) -> Void,
        tooLong: (Int, Int) -> Void
    ) {
        guard let base = chunk.baseAddress, chunk.count > 0 else { return }
        let n = chunk.count
        var start = 0
        while start < n {
            let hit = memchr(base + start, 0x0A, n - start)
            guard let hit else {
                absorb(UnsafeRawBufferPointer(start: base + start, count: n - start))
                return
            }
            let end = base.distance(to: UnsafeRawPointer(hit))
            lineNumber &+= 1
            if overflowLength >= 0 {
                tooLong(lineNumber, overflowLength + (end - start))
                overflowLength = -1
            } else if pending.isEmpty {
                if end - start > maxLineBytes {
                    tooLong(lineNumber, end - start)
                } else {
                    body(UnsafeRawBufferPointer(start: base + start, count: end - start), lineNumber)
                }
            } else {
                if pending.count + (end - start) > maxLineBytes {
                    tooLong(lineNumber, pending.count + (end - start))
                } else {
                    pending.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: end - start))
                    pending.withUnsafeBytes { body($0, lineNumber) }
                }
                pending.removeAll(keepingCapacity: pending.capacity <= 1 << 20)
            }
            start = end + 1
        }
    }

    /// Hands over the last line if the stream did not end with `\n`.
    mutating func finish(line body: (UnsafeRawBufferPointer, Int) -> Void, tooLong: (Int, Int) -> Void) {
        if overflowLength >= 0 {
            lineNumber &+= 1
            tooLong(lineNumber, overflowLength)
            overflowLength = -1
        } else if !pending.isEmpty {
            lineNumber &+= 1
            pending.withUnsafeBytes { body($0, lineNumber) }
            pending.removeAll(keepingCapacity: false)
        }
    }

    /// Forgets a partial line (after a gap in the input); returns whether there was one.
    mutating func dropPartialLine() -> Bool {
        let had = hasPartialLine
        if had { lineNumber &+= 1 }
        pending.removeAll(keepingCapacity: false)
        overflowLength = -1
        return had
    }

    private mutating func absorb(_ bytes: UnsafeRawBufferPointer) {
        if overflowLength >= 0 {
            overflowLength &+= bytes.count
        } else if pending.count + bytes.count > maxLineBytes {
            overflowLength = pending.count + bytes.count
            pending.removeAll(keepingCapacity: false)
        } else {
            pending.append(contentsOf: bytes)
        }
    }
}
