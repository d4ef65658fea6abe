#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Every C call the I/O layer makes, each turned into a typed result on the spot.
enum Syscalls {
    /// The text of an errno value. The corresponding C function is `strerror`.
    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }

    /// Opens a file read-only. The corresponding C function is `open`.
    static func openForReading(_ path: String) -> Result<Int32, Errno> {
        while true {
            let fd = PathBytes.withCString(path) { open($0, O_RDONLY | O_CLOEXEC) }
            if fd >= 0 { return .success(fd) }
            if errno != EINTR { return .failure(Errno(errno)) }
        }
    }

    /// Reads up to `count` bytes; 0 at end of file. The corresponding C function is `read`.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawPointer, count: Int) -> Result<Int, Errno> {
        while true {
            let n = Glibc.read(fd, buffer, count)
            if n >= 0 { return .success(n) }
            if errno != EINTR { return .failure(Errno(errno)) }
        }
    }

    /// Writes all of `bytes`, retrying short writes and EINTR. The corresponding C function is `write`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Errno? {
        guard var p = bytes.baseAddress else { return nil }
        var left = bytes.count
        while left > 0 {
            let n = Glibc.write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                return Errno(errno)
            }
            p += n
            left -= n
        }
        return nil
    }

    /// Closes a descriptor. The corresponding C function is `close`.
    static func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }

    enum FileKind { case regular, directory, other, missing(Errno) }

    /// What a path names, following symbolic links. The corresponding C function is `stat`.
    static func kind(of path: String) -> FileKind {
        var st = stat()
        guard PathBytes.withCString(path, { stat($0, &st) }) == 0 else { return .missing(Errno(errno)) }
        switch st.st_mode & S_IFMT {
        case S_IFREG: return .regular
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    /// The size of a regular file, or nil. The corresponding C function is `stat`.
    static func size(of path: String) -> Int? {
        var st = stat()
        guard PathBytes.withCString(path, { stat($0, &st) }) == 0 else { return nil }
        return Int(st.st_size)
    }

    /// What identifies a file's content for a resume: size, modification time (ns) and inode, or nil. The
    /// corresponding C function is `stat`.
    static func identity(of path: String) -> (size: Int, modified: Int, device: UInt64, inode: UInt64)? {
        var st = stat()
        guard PathBytes.withCString(path, { stat($0, &st) }) == 0 else { return nil }
        return (Int(st.st_size), Int(st.st_mtim.tv_sec) * 1_000_000_000 + Int(st.st_mtim.tv_nsec),
                UInt64(st.st_dev), UInt64(st.st_ino))
    }

    /// The size of an open file, or nil. The corresponding C function is `fstat`.
    static func size(of fd: Int32) -> Int? {
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        return Int(st.st_size)
    }

    /// The names in a directory, without `.` and `..`. The corresponding C functions are `opendir`,
    /// `readdir` and `closedir`.
    static func directoryEntries(_ path: String) -> Result<[String], Errno> {
        guard let dir = PathBytes.withCString(path, { opendir($0) }) else { return .failure(Errno(errno)) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            // Names that are not UTF-8 keep their bytes (PathBytes), so they can be opened and shown.
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                PathBytes.string(raw.prefix(while: { $0 != 0 }))
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return .success(names)
    }

    /// Expands a glob pattern; an empty array when nothing matches. The corresponding C function is `glob`.
    static func glob(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard PathBytes.withCString(pattern, { Glibc.glob($0, 0, nil, &g) }) == 0 else { return [] }
        var paths: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { paths.append(PathBytes.string(UnsafeRawBufferPointer(start: p, count: strlen(p)))) }
        }
        return paths
    }

    /// An errno value.
    struct Errno: Error, Hashable {
        var code: Int32
        init(_ code: Int32) { self.code = code }
        var message: String { Syscalls.describe(code) }
        var isNotFound: Bool { code == ENOENT || code == ENOTDIR }
    }
}
