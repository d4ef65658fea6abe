import CCorpusKernels
import CDeflate
#if canImport(Glibc)
import Glibc
#endif

/// Writes JSONL records into rotating gzip parts `DIR/part-00000.jsonl.gz`, `part-00001.jsonl.gz`, ...
///
/// Records are buffered and compressed (libdeflate) into gzip members of whole records, at most `memberBytes`
/// (256 KiB) each, also ended at every ``endMember()``; a part is closed and a new one begun once it holds `partBytes` of records
/// (uncompressed). Multi-member gzip is read by gzip, zcat, Python's `gzip`, HF datasets and datatrove.
///
/// A part being written is named `part-NNNNN.jsonl.gz.partial` and renamed when complete, so a file under
/// a final name is always whole. Where members end depends only on the records and on where the caller ends
/// members (census ends them at every input-file boundary), so the bytes written are the same for the same
/// records. ``checkpoint()`` makes everything durable and returns a ``Position``; ``restore(_:)`` cuts the
/// directory back to a position after a crash, and a writer created with that position continues as if
/// nothing had happened.
public final class PartWriter {
    /// A libdeflate compressor and its output buffer, shared by the writers of one thread.
    public final class Compressor {
        fileprivate let handle: OpaquePointer
        fileprivate var output: [UInt8] = []

        /// A compressor at `level` (1 fastest ... 12 smallest).
        public init(level: Int = 1) {
            handle = libdeflate_alloc_compressor(Int32(min(12, max(0, level))))!
        }

        deinit { libdeflate_free_compressor(handle) }
    }

    /// Where a writer is: the part being written, and how much of it is on disk.
    public struct Position: Sendable, Hashable, Codable {
        /// The number of the part being written (or to be written next).
        public var part = 0
        /// Compressed bytes of that part on disk (0: not begun).
        public var compressedBytes = 0
        /// Record bytes in that part.
        public var uncompressedBytes = 0
        /// CRC-32 of the `compressedBytes` on disk (checked by ``PartWriter/restore(directory:to:)``).
        public var checksum: UInt32 = 0

        public init() {}
    }

    public let directory: String
    public let partBytes: Int
    public let memberBytes: Int
    private let compressor: Compressor
    private var buffer: [UInt8] = []
    private var fd: Int32 = -1
    private var position: Position
    /// Records written (this session) and their bytes.
    public private(set) var records = 0
    public private(set) var bytes = 0
    /// Parts completed (this session).
    public private(set) var completedParts = 0
    /// For a process with many writers (thousands of `--lang-field` values): no file stays open and no
    /// buffer keeps its memory between members, and ``checkpoint()`` leaves the flush to the caller, who
    /// makes the whole file system durable at once (``OutputFiles/syncFileSystem(of:)``). The bytes written are the same.
    public var frugal = false
    /// Whether bytes were written since the last flush to disk.
    private var unsynced = false

    /// Record bytes buffered for the next member.
    public var bufferedBytes: Int { buffer.count }

    /// A writer of parts in `directory` (created when the first record comes), continuing at `position`.
    public init(directory: String, partBytes: Int = 256 << 20, memberBytes: Int = 256 << 10,
                compressor: Compressor = Compressor(), position: Position = Position()) {
        self.directory = directory
        self.partBytes = max(1, partBytes)
        self.memberBytes = max(1, memberBytes)
        self.position = position
        self.compressor = compressor
    }

    deinit {
        if fd >= 0 { close(fd) }
    }

    /// The file name of part `part`.
    public static func name(_ part: Int) -> String {
        let digits = String(part)
        return "part-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".jsonl.gz"
    }

    private var finalPath: String { directory + "/" + Self.name(position.part) }
    private var partialPath: String { finalPath + ".partial" }

    /// Appends one record (a complete JSONL line).
    public func append<Bytes: Collection>(_ record: Bytes) throws(InputError) where Bytes.Element == UInt8 {
        let n = record.count
        // A member holds whole records, at most memberBytes of them (or one larger record).
        if !buffer.isEmpty && buffer.count + n > memberBytes { try endMember() }
        if buffer.capacity == 0 && !frugal { buffer.reserveCapacity(min(memberBytes, 1 << 22)) }
        buffer.append(contentsOf: record)
        records += 1
        bytes += n
        position.uncompressedBytes += n
        if position.uncompressedBytes >= partBytes { try closePart() }
    }

    /// Compresses what is buffered into one gzip member and writes it.
    public func endMember() throws(InputError) {
        guard !buffer.isEmpty else { return }
        if fd < 0 { try openPart() }
        let handle = compressor.handle
        let bound = buffer.withUnsafeBytes { libdeflate_gzip_compress_bound(handle, $0.count) }
        if compressor.output.count < bound { compressor.output = [UInt8](repeating: 0, count: bound) }
        let n = buffer.withUnsafeBytes { input in
            compressor.output.withUnsafeMutableBytes { output in
                libdeflate_gzip_compress(handle, input.baseAddress, input.count, output.baseAddress, output.count)
            }
        }
        guard n > 0 else { throw InputError(.writeFailed, path: partialPath, "compression failed") }
        if let error = compressor.output.withUnsafeBytes({ writeAll(UnsafeRawBufferPointer(rebasing: $0[0..<n])) }) { throw error }
        position.checksum = compressor.output.withUnsafeBytes { StateFile.crc32(UnsafeRawBufferPointer(rebasing: $0[0..<n]), continuing: position.checksum) }
        position.compressedBytes += n
        unsynced = true
        buffer.removeAll(keepingCapacity: !frugal)
        if frugal { closeFile() }
    }

    private func closeFile() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    /// Flushes what was written to disk (an fsync, reopening the file when it was closed).
    private func sync() throws(InputError) {
        guard unsynced else { return }
        if fd < 0 && position.compressedBytes > 0 {
            fd = open(partialPath, O_WRONLY | O_APPEND | O_CLOEXEC)
            guard fd >= 0 else { throw failure(partialPath, "cannot open") }
            defer { if frugal { closeFile() } }
            if fsync(fd) != 0 && errno != EINVAL { throw failure(partialPath, "cannot flush") }
        } else if fd >= 0 && fsync(fd) != 0 && errno != EINVAL {
            throw failure(partialPath, "cannot flush")
        }
        unsynced = false
    }

    /// Tells the writer that the caller made the file system durable (``OutputFiles/syncFileSystem(of:)``) after the
    /// last member was written: nothing it wrote needs an fsync of its own.
    public func markSynced() { unsynced = false }

    /// Ends the current member and makes everything written durable; returns where the writer is.
    public func checkpoint() throws(InputError) -> Position {
        try endMember()
        if !frugal { try sync() }
        return position
    }

    /// Writes what is buffered and closes the part being written under its final name.
    public func finish() throws(InputError) {
        try closePart()
    }

    private func closePart() throws(InputError) {
        try endMember()
        guard fd >= 0 || position.compressedBytes > 0 else { return }   // nothing begun
        try sync()
        if fd >= 0 {
            let closed = close(fd)
            fd = -1
            guard closed == 0 else { throw failure(partialPath, "cannot close") }
        }
        // A writer restored at a position with bytes on disk and given no record since still owns that
        // `.partial` part: it is completed like one written this session.
        guard rename(partialPath, finalPath) == 0 else { throw failure(finalPath, "cannot rename \(partialPath)") }
        completedParts += 1
        position.part += 1
        position.compressedBytes = 0
        position.uncompressedBytes = 0
        position.checksum = 0
    }

    private func openPart() throws(InputError) {
        try OutputFiles.makeDirectories(directory)
        // A position with bytes on disk continues its partial part (after restore(_:)); else a new one.
        let flags = position.compressedBytes > 0 ? (O_WRONLY | O_APPEND | O_CLOEXEC) : (O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC)
        fd = open(partialPath, flags, 0o644)
        guard fd >= 0 else { throw failure(partialPath, "cannot create") }
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) -> InputError? {
        Syscalls.writeAll(fd, bytes).map { InputError(.writeFailed, path: partialPath, "write failed (\($0.message))") }
    }

    private func failure(_ path: String, _ what: String) -> InputError {
        InputError(.writeFailed, path: path, "\(what) (\(String(cString: strerror(errno))))")
    }

    /// Cuts `directory` back to `position` after an interruption: parts after it are deleted, and the part
    /// being written is cut to the bytes the position counted (also when it had been completed and renamed
    /// since). Parts before it are left as they are.
    ///
    /// - Throws: a damaged-state error (``StateFile/damaged(_:_:)``) when the part being written is missing,
    ///   shorter than the position counted, or its bytes differ from those the position's checksum covers;
    ///   then nothing has been deleted or cut.
    public static func restore(directory: String, to position: Position) throws(InputError) {
        if position.compressedBytes > 0 {
            let final = directory + "/" + name(position.part)
            let path = access(final, F_OK) == 0 ? final : final + ".partial"
            try StateFile.verify(path: path, length: position.compressedBytes, checksum: position.checksum)
        }
        guard let dir = opendir(directory) else { return }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.hasPrefix("part-") { names.append(name) }
        }
        closedir(dir)
        let current = name(position.part)
        for file in names {
            let base = file.hasSuffix(".partial") ? String(file.dropLast(8)) : file
            guard base.hasSuffix(".jsonl.gz"), let n = Int(base.dropFirst(5).dropLast(9)) else { continue }
            if n > position.part || (file.hasSuffix(".partial") && n < position.part) {
                unlink(directory + "/" + file)
            }
        }
        let final = directory + "/" + current, partial = final + ".partial"
        if access(final, F_OK) == 0 {
            unlink(partial)
            guard rename(final, partial) == 0 else {
                throw InputError(.writeFailed, path: final, "cannot rename (\(String(cString: strerror(errno))))")
            }
        }
        if position.compressedBytes == 0 {
            unlink(partial)
        } else if truncate(partial, off_t(position.compressedBytes)) != 0 {
            throw InputError(.writeFailed, path: partial, "cannot cut back to \(position.compressedBytes) bytes (\(String(cString: strerror(errno))))")
        }
    }
}
