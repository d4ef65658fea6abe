#if canImport(Glibc)
import Glibc
#endif
import CCorpusKernels

/// The files and folders census writes: folders created as needed, files written whole, the file system made
/// durable at once.
public enum OutputFiles {
    /// Creates `path` and its parents (like `mkdir -p`).
    public static func makeDirectories(_ path: String) throws(InputError) {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += (prefix.isEmpty || prefix.hasSuffix("/") ? "" : "/") + component
            if mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw InputError(.unreadable, path: prefix, "cannot create directory (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// Makes everything written on the file system that holds `path` durable at once (`syncfs`), cheaper
    /// than an fsync per file when thousands of shards are open. The corresponding C function is `syncfs`.
    public static func syncFileSystem(of path: String) throws(InputError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw InputError(.writeFailed, path: path, "cannot open (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        guard census_syncfs(fd) == 0 else { throw InputError(.writeFailed, path: path, "cannot flush the file system (\(String(cString: strerror(errno))))") }
    }

    /// Writes a whole file so that `path` is never seen half-written: the bytes go to `path.tmp`, are flushed
    /// (fsync) and renamed to `path`.
    public static func writeWhole(_ bytes: UnsafeRawBufferPointer, to path: String) throws(InputError) {
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw InputError(.unreadable, path: temporary, "cannot create (\(String(cString: strerror(errno))))") }
        if let error = Syscalls.writeAll(fd, bytes) {
            close(fd)
            unlink(temporary)
            throw InputError(.writeFailed, path: temporary, "write failed (\(error.message))")
        }
        guard fsync(fd) == 0 || errno == EINVAL, close(fd) == 0 else {
            unlink(temporary)
            throw InputError(.writeFailed, path: temporary, "cannot flush (\(String(cString: strerror(errno))))")
        }
        guard rename(temporary, path) == 0 else {
            throw InputError(.writeFailed, path: path, "cannot rename \(temporary) (\(String(cString: strerror(errno))))")
        }
    }
}
