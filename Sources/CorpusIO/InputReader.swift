/// Reads inputs from the file system through an ``InputDecoder``.
public enum InputReader {
    /// Reads one input to its end, pushing documents and rejections to the handlers.
    ///
    /// Never throws: an input that cannot be opened or read, or whose compression is broken, comes back
    /// with ``InputSummary/errors`` set, and everything readable before (and, for damaged gzip, after) the
    /// problem is still delivered.
    ///
    /// - Parameters:
    ///   - source: the file or standard input.
    ///   - options: format, text field, limits.
    ///   - onDocument: called for each document (a reused value: copy what you keep).
    ///   - onRejection: called for each rejected record.
    ///   - onProgress: called with the input bytes read so far before each chunk is decoded.
    /// - Returns: counts and problems for this input.
    /// - Complexity: O(input size) time; memory bounded by the chunk size plus `maxDocumentBytes`.
    public static func read(
        _ source: InputSource, options: ReaderOptions = ReaderOptions(),
        onDocument: @escaping (Document) -> Void,
        onRejection: @escaping (Rejection) -> Void = { _ in },
        onProgress: ((Int) -> Void)? = nil
    ) -> InputSummary {
        let decoder = InputDecoder(path: source.path, options: options, onDocument: onDocument, onRejection: onRejection)
        let fd: Int32
        if source.isStandardInput {
            fd = 0
        } else {
            if case .directory = Syscalls.kind(of: source.path) {
                decoder.fail(.unreadable, "is a directory")
                return decoder.finish()
            }
            switch Syscalls.openForReading(source.path) {
            case .success(let opened): fd = opened
            case .failure(let errno):
                decoder.fail(errno.isNotFound ? .notFound : .unreadable, "cannot open (\(errno.message))")
                var summary = decoder.finish()
                summary.format = nil
                return summary
            }
        }
        defer { if fd != 0 { Syscalls.close(fd) } }
        // A regular file shorter at its end than when it was opened was cut while being read.
        let sizeAtOpen = Syscalls.size(of: fd)
        let capacity = max(options.chunkSize, 4096)
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 64)
        defer { buffer.deallocate() }
        var offset = 0
        loop: while true {
            switch Syscalls.read(fd, into: buffer, count: capacity) {
            case .success(0):
                if let size = sizeAtOpen, offset < size {
                    decoder.fail(.readFailed, "shrank while being read: ends at byte \(offset), held \(size) bytes when opened")
                }
                break loop
            case .success(let n):
                offset += n
                onProgress?(offset)
                decoder.consume(UnsafeRawBufferPointer(start: buffer, count: n))
                if decoder.hasGivenUp { break loop }   // binary data: /dev/zero named x.jsonl would never end
            case .failure(let errno):
                decoder.fail(.readFailed, "read failed at byte \(offset) (\(errno.message))")
                break loop
            }
        }
        return decoder.finish()
    }
}
