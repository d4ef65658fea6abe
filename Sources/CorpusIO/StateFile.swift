import CDeflate
#if canImport(Glibc)
import Glibc
#endif

/// Checks for the files census keeps to resume and merge (`state/`, `shards/I/`): a file is used only when
/// it is exactly what census wrote, otherwise the command stops with one line naming the file, never a crash
/// and never a different answer.
///
/// Whole JSON state files (checkpoint.json, stats.json) are *sealed*: `{"checksum":"<crc32>","<name>":BODY}`,
/// still valid JSON, where the CRC-32 covers BODY's bytes. Append-only files (keys.bin, batches.bin, ...) and
/// the shard being written carry their length and CRC-32 in the checkpoint, and are checked before use.
public enum StateFile {
    /// CRC-32 (gzip's) of `bytes`, continuing from `crc` (0 to begin). libdeflate's, vectorised.
    public static func crc32(_ bytes: UnsafeRawBufferPointer, continuing crc: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return crc }
        return libdeflate_crc32(crc, base, bytes.count)
    }

    /// The message of every damaged state file, after the path.
    public static let damagedAdvice = "re-run with --force"

    /// An error for a state file that is not what census wrote.
    public static func damaged(_ path: String, _ detail: String) -> InputError {
        InputError(.unreadable, path: path, "state damaged (\(detail)); \(damagedAdvice)")
    }

    /// `body` sealed under `name`: `{"checksum":"xxxxxxxx","name":body}` and a newline.
    public static func seal(_ body: [UInt8], name: String) -> [UInt8] {
        let crc = body.withUnsafeBytes { crc32($0) }
        var out = Array(#"{"checksum":""#.utf8) + Array(hex(crc).utf8) + Array(#"",""#.utf8) + Array(name.utf8) + Array(#"":"#.utf8)
        out.append(contentsOf: body)
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    /// The body of a file sealed under `name`, or a ``damaged(_:_:)`` error naming `path`.
    public static func unseal(_ bytes: [UInt8], name: String, path: String) throws(InputError) -> [UInt8] {
        let head = Array(#"{"checksum":""#.utf8)
        let middle = Array(#"",""#.utf8) + Array(name.utf8) + Array(#"":"#.utf8)
        let tail = Array("}\n".utf8)
        let start = head.count + 8 + middle.count
        guard bytes.count >= start + tail.count, bytes.starts(with: head),
              bytes[(head.count + 8)..<start].elementsEqual(middle), bytes.suffix(tail.count).elementsEqual(tail) else {
            throw damaged(path, "not a sealed census \(name) file")
        }
        let body = Array(bytes[start..<(bytes.count - tail.count)])
        let recorded = String(decoding: bytes[head.count..<(head.count + 8)], as: UTF8.self)
        guard recorded == hex(body.withUnsafeBytes { crc32($0) }) else { throw damaged(path, "checksum mismatch") }
        return body
    }

    /// Checks that the first `length` bytes of the file at `path` have CRC-32 `checksum`, and, with `exact`,
    /// that the file holds no more than that.
    ///
    /// - Throws: a ``damaged(_:_:)`` error when the file is missing, shorter, longer (with `exact`) or different.
    public static func verify(path: String, length: Int, checksum: UInt32, exact: Bool = false) throws(InputError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if length == 0 && errno == ENOENT { return }
            throw damaged(path, "cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw damaged(path, "cannot stat") }
        let size = Int(st.st_size)
        guard size == length || (size > length && !exact) else {
            throw damaged(path, "\(size) bytes where the checkpoint recorded \(length)")
        }
        let chunk = 1 << 20
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: chunk, alignment: 64)
        defer { buffer.deallocate() }
        var crc: UInt32 = 0
        var left = length
        while left > 0 {
            let n = read(fd, buffer, min(chunk, left))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw damaged(path, "cannot read") }
            crc = crc32(UnsafeRawBufferPointer(start: buffer, count: n), continuing: crc)
            left -= n
        }
        guard crc == checksum else { throw damaged(path, "checksum mismatch in its first \(length) bytes") }
    }

    static func hex(_ v: UInt32) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
