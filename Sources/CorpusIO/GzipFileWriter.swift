import CZlib
#if canImport(Glibc)
import Glibc
#endif

/// Writes a gzip file (one member) through zlib's deflate, atomically: the data goes to `path.tmp-PID` and is
/// renamed to `path` by ``finish()``, so a file under the final name is always complete.
public final class GzipFileWriter {
    private let stream: UnsafeMutablePointer<z_stream>
    private let fd: Int32
    private let path: String
    private let temporary: String
    private var output = [UInt8](repeating: 0, count: 256 * 1024)
    private var finished = false
    /// Uncompressed bytes written so far.
    public private(set) var bytesIn = 0

    /// Opens `path` for writing (through a temporary name).
    ///
    /// - Throws: ``InputError`` with code `unreadable` when the file cannot be created.
    public init(path: String, level: Int32 = 6) throws(InputError) {
        self.path = path
        temporary = path + ".tmp-\(getpid())"
        fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw InputError(.unreadable, path: path, "cannot create (\(String(cString: strerror(errno))))")
        }
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        guard czlib_deflate_init2(stream, level, 15 + 16) == Z_OK else {
            close(fd)
            stream.deallocate()
            throw InputError(.unreadable, path: path, "zlib deflateInit2 failed")
        }
    }

    deinit {
        deflateEnd(stream)
        stream.deallocate()
        if !finished {
            close(fd)
            unlink(temporary)
        }
    }

    /// Compresses and writes `bytes`.
    public func write(_ bytes: [UInt8]) throws(InputError) {
        if let error = bytes.withUnsafeBytes({ run($0, flush: Z_NO_FLUSH) }) { throw error }
        bytesIn += bytes.count
    }

    /// Ends the gzip member, writes everything, and renames the file to its final name.
    public func finish() throws(InputError) {
        guard !finished else { return }
        if let error = run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH) { throw error }
        guard fsync(fd) == 0 || errno == EINVAL else { throw failure("cannot flush") }
        guard close(fd) == 0 else { throw failure("cannot close") }
        finished = true
        guard rename(temporary, path) == 0 else { throw failure("cannot rename \(temporary)") }
    }

    private func failure(_ what: String) -> InputError {
        InputError(.writeFailed, path: path, "\(what) (\(String(cString: strerror(errno))))")
    }

    /// Runs deflate over `input` and writes what it produces; with Z_FINISH, until the member ends.
    private func run(_ input: UnsafeRawBufferPointer, flush: Int32) -> InputError? {
        stream.pointee.next_in = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        stream.pointee.avail_in = UInt32(input.count)
        while true {
            var rc: Int32 = Z_OK
            let produced: Int = output.withUnsafeMutableBytes { out in
                stream.pointee.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_out = UInt32(out.count)
                rc = deflate(stream, flush)
                return out.count - Int(stream.pointee.avail_out)
            }
            if let error = output.withUnsafeBytes({ Syscalls.writeAll(fd, UnsafeRawBufferPointer(rebasing: $0[0..<produced])) }) {
                return InputError(.writeFailed, path: path, "write failed (\(error.message))")
            }
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { return nil }
            } else if stream.pointee.avail_out != 0 {
                return nil   // all input taken, nothing more pending
            }
        }
    }
}
