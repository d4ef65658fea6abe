#if canImport(Glibc)
import Glibc
#endif

/// A plain text file that is only appended to (census's `errors.log`), with the same checkpoint and restore
/// as ``PartWriter``: its length is recorded at checkpoints and cut back to on resume.
public final class AppendLog {
    public let path: String
    private var fd: Int32 = -1
    private var buffer: [UInt8] = []
    private var length: Int
    /// CRC-32 of the bytes written so far (of the first ``flush(sync:)``ed length), for the checkpoint.
    public private(set) var checksum: UInt32

    /// Opens (creating) `path`; continues at `length` bytes whose CRC-32 is `checksum` (cut back by
    /// ``restore(path:length:checksum:)``).
    public init(path: String, length: Int = 0, checksum: UInt32 = 0) throws(InputError) {
        self.path = path
        self.length = length
        self.checksum = checksum
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw InputError(.unreadable, path: path, "cannot create (\(String(cString: strerror(errno))))") }
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Appends a line (a newline is added). Line breaks, control characters and escaped bytes of file names
    /// in `text` are shown escaped (``PathBytes/display(_:)``), so one message is always one line.
    public func line(_ text: String) {
        buffer.append(contentsOf: PathBytes.display(text).utf8)
        buffer.append(0x0A)
    }

    /// Appends bytes as they are.
    public func append<Bytes: Collection>(_ bytes: Bytes) throws(InputError) where Bytes.Element == UInt8 {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes what is buffered; returns the file's length.
    @discardableResult
    public func flush(sync: Bool = false) throws(InputError) -> Int {
        if let error = buffer.withUnsafeBytes({ Syscalls.writeAll(fd, $0) }) {
            throw InputError(.writeFailed, path: path, "write failed (\(error.message))")
        }
        length += buffer.count
        checksum = buffer.withUnsafeBytes { StateFile.crc32($0, continuing: checksum) }
        buffer.removeAll(keepingCapacity: true)
        if sync && fsync(fd) != 0 && errno != EINVAL {
            throw InputError(.writeFailed, path: path, "cannot flush (\(String(cString: strerror(errno))))")
        }
        return length
    }

    /// Cuts `path` back to `length` bytes (creating it empty when missing), after checking that those bytes
    /// are the ones whose CRC-32 the checkpoint recorded.
    ///
    /// - Throws: a damaged-state error (``StateFile/damaged(_:_:)``) when the file is shorter or differs.
    public static func restore(path: String, length: Int, checksum: UInt32) throws(InputError) {
        try StateFile.verify(path: path, length: length, checksum: checksum)
        let fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0, ftruncate(fd, off_t(length)) == 0 else {
            if fd >= 0 { close(fd) }
            throw InputError(.writeFailed, path: path, "cannot cut back to \(length) bytes (\(String(cString: strerror(errno))))")
        }
        close(fd)
    }
}
