#if canImport(Glibc)
import Glibc
#endif

/// An exclusive lock on `DIR/.lock` (`flock`), so two census processes never write the same folder.
///
/// The lock is held from ``init(directory:)`` until ``release()`` or the end of the process (the kernel drops
/// it then, also after `kill -9`), so a stale lock file never blocks a later run.
public final class OutputLock {
    private var fd: Int32

    /// Takes the lock of `directory` (which must exist). The corresponding C function is `flock`.
    ///
    /// - Throws: ``InputError`` when the lock file cannot be created, or another process holds the lock.
    public init(directory: String) throws(InputError) {
        let path = directory + "/.lock"
        fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw InputError(.writeFailed, path: path, "cannot create (\(String(cString: strerror(errno))))")
        }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            fd = -1
            throw InputError(.unreadable, path: directory, "another census process is writing there (\(path) is locked); wait for it or choose another --out")
        }
    }

    deinit { release() }

    /// Gives the lock up.
    public func release() {
        if fd >= 0 {
            flock(fd, LOCK_UN)
            close(fd)
            fd = -1
        }
    }
}
