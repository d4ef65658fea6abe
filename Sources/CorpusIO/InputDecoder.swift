/// Options for reading inputs.
public struct ReaderOptions: Sendable, Hashable {
    /// The record format, or nil to detect it from the extension and the content.
    public var format: RecordFormat?
    /// The JSONL field that holds the text.
    public var textField: String
    /// Records longer than this many bytes are rejected as `too_long` (memory stays bounded).
    public var maxDocumentBytes: Int
    /// Bytes read from a file at a time.
    public var chunkSize: Int
    /// In the `lines` format, make blank lines empty documents instead of skipping them (for commands that
    /// answer one output line per input line).
    public var keepBlankLines = false

    /// The defaults: detect the format, text field `text`, 16 MiB documents, 256 KiB reads.
    public init(format: RecordFormat? = nil, textField: String = "text",
                maxDocumentBytes: Int = 16 << 20, chunkSize: Int = 256 << 10) {
        self.format = format
        self.textField = textField
        self.maxDocumentBytes = maxDocumentBytes
        self.chunkSize = chunkSize
    }
}

/// What reading one input produced: counts, and the problems with the input as a whole.
public struct InputSummary: Sendable, Hashable {
    /// The input as named by the user.
    public var path: String
    /// The record format used (nil when nothing could be read).
    public var format: RecordFormat?
    /// The compression detected.
    public var compression: Compression = .none
    /// Bytes read from the input.
    public var inputBytes = 0
    /// Bytes after decompression.
    public var decompressedBytes = 0
    /// Documents produced.
    public var documents = 0
    /// UTF-8 bytes of document text (after repair).
    public var textBytes = 0
    /// Input bytes replaced by U+FFFD.
    public var repairedBytes = 0
    /// Rejected records by reason.
    public var rejected: [RejectReason: Int] = [:]
    /// Records skipped by design, by kind (WARC types other than `conversion`).
    public var skipped: [String: Int] = [:]
    /// Problems with the input as a whole (unreadable, broken compression). Non-empty means it failed.
    public var errors: [InputError] = []
    /// Things worth saying that do not fail the input (it was empty; some bytes needed UTF-8 repair).
    public var warnings: [String] = []

    /// Creates an empty summary for `path`.
    public init(path: String) { self.path = path }

    /// Whether the input failed (some of it could not be read).
    public var failed: Bool { !errors.isEmpty }
    /// Records seen: documents plus rejected ones.
    public var records: Int { documents + rejected.values.reduce(0, +) }
}

private protocol RecordDecoder {
    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ events: RecordEvents)
    mutating func finish(_ events: RecordEvents, truncated: Bool)
    mutating func gap(_ events: RecordEvents)
}
extension JSONLDecoder: RecordDecoder {}
extension WETDecoder: RecordDecoder {}
extension LinesDecoder: RecordDecoder {}
extension ParagraphsDecoder: RecordDecoder {}

/// Turns the bytes of one input into documents, pushed chunk by chunk (any split gives the same result).
///
/// Detects compression from the magic bytes (gzip, zlib, zstd; bzip2 and xz are reported as unsupported),
/// then the record format (``ReaderOptions/format`` if set, else the extension, else the content), checks
/// that the content is text, and decodes records. Memory is bounded by the chunk size plus
/// ``ReaderOptions/maxDocumentBytes``.
///
/// ```swift
/// let decoder = InputDecoder(path: "web.jsonl.gz", options: ReaderOptions(),
///                            onDocument: { doc in print(doc.text.count) })
/// decoder.consume(bytes)
/// let summary = decoder.finish()
/// ```
public final class InputDecoder {
    /// Bytes looked at to decide the format and whether the content is text.
    public static let sniffBytes = 8 * 1024

    private let options: ReaderOptions
    private let events: RecordEvents
    private var summary: InputSummary
    private var rawHead: [UInt8] = []
    private var textHead: [UInt8] = []
    private var inflater: GzipInflater?
    private var zstd: ZstdDecoder?
    private var decoder: (any RecordDecoder)?
    private var decidedCompression = false
    private var stopped = false

    /// Creates a decoder for the input named `path` (used for extension-based detection and messages).
    ///
    /// - Parameters:
    ///   - onDocument: called for each document; the value is reused, copy what you keep.
    ///   - onRejection: called for each rejected record.
    public init(path: String, options: ReaderOptions,
                onDocument: @escaping (Document) -> Void,
                onRejection: @escaping (Rejection) -> Void = { _ in }) {
        self.options = options
        self.events = RecordEvents(onDocument: onDocument, onRejection: onRejection)
        self.summary = InputSummary(path: path)
    }

    /// Whether the decoder has given up on this input (binary data): the rest need not be read.
    public var hasGivenUp: Bool { stopped }

    /// Feeds the next bytes of the input.
    public func consume(_ chunk: UnsafeRawBufferPointer) {
        guard !stopped, chunk.count > 0 else { return }
        summary.inputBytes += chunk.count
        if decidedCompression {
            decompress(chunk)
            return
        }
        rawHead.append(contentsOf: chunk)
        if rawHead.count >= 4 { decideCompression() }
    }

    /// Ends the input and returns what it held.
    public func finish() -> InputSummary {
        if !stopped && !decidedCompression { decideCompression() }
        var truncated = false
        if !stopped, let problem = inflater?.finish() ?? zstd?.finish() {
            if problem.afterGap {
                if problem.code != .trailingGarbage { decoderGap() }
            } else {
                truncated = true
            }
            fail(problem.code, problem.message)
        }
        if !stopped && decoder == nil { decideFormat() }
        if !stopped { decoder?.finish(events, truncated: truncated) }
        summary.documents = events.documents
        summary.textBytes = events.textBytes
        summary.repairedBytes = events.repairedBytes
        summary.rejected = events.rejected
        summary.skipped = events.skipped
        if summary.inputBytes == 0 && summary.errors.isEmpty {
            summary.warnings.append("empty input (0 bytes)")
        } else if let first = events.firstRepair {
            summary.warnings.append("replaced \(events.repairedBytes) invalid UTF-8 bytes with U+FFFD in "
                + "\(events.repairedRecords) records (first at \(first.unit.describe(first.location)))")
        }
        inflater = nil
        zstd = nil
        return summary
    }

    /// Records a problem with the input as a whole that was found outside the decoder (a read error).
    public func fail(_ code: InputError.Code, _ message: String) {
        summary.errors.append(InputError(code, path: summary.path, message))
    }

    private func decideCompression() {
        decidedCompression = true
        let head = rawHead
        rawHead = []
        let detected = head.withUnsafeBytes { Compression.detect($0) }
        switch detected {
        case .failure(let unsupported):
            fail(.unsupportedCompression, "\(unsupported.name)-compressed input is not supported; decompress it first (e.g. `\(unsupported.name) -dc`)")
            stopped = true
            return
        case .success(let compression):
            summary.compression = compression
            switch compression {
            case .gzip, .zlib:
                do {
                    inflater = try GzipInflater(container: compression == .gzip ? .gzip : .zlib)
                } catch {
                    fail(error.code, error.message)
                    stopped = true
                    return
                }
            case .zstd:
                do {
                    zstd = try ZstdDecoder()
                } catch {
                    fail(error.code, error.message)
                    stopped = true
                    return
                }
            case .none:
                break
            }
        }
        head.withUnsafeBytes { decompress($0) }
    }

    private func decompress(_ chunk: UnsafeRawBufferPointer) {
        let handle = { (event: DecompressionEvent) in
            switch event {
            case .output(let bytes):
                self.text(bytes)
            case .damage(let code, let message, let lostData):
                if lostData { self.decoderGap() }
                self.fail(code, message)
            }
        }
        if inflater != nil {
            inflater!.feed(chunk, handle)
        } else if zstd != nil {
            zstd!.feed(chunk, handle)
        } else {
            text(chunk)
        }
    }

    private func decoderGap() {
        if decoder == nil && !textHead.isEmpty { decideFormat() }
        decoder?.gap(events)
    }

    private func text(_ bytes: UnsafeRawBufferPointer) {
        guard !stopped else { return }
        summary.decompressedBytes += bytes.count
        if decoder != nil {
            decoder!.feed(bytes, events)
            return
        }
        textHead.append(contentsOf: bytes)
        if textHead.count >= Self.sniffBytes { decideFormat() }
    }

    private func decideFormat() {
        let head = textHead
        textHead = []
        // Binary content: NUL bytes make up 2% or more of the first bytes (a stray NUL in text is left to
        // the decoders, which reject the record that holds it).
        // Exactly the first sniffBytes (or fewer at the end of the input), however the reads were split.
        let sniffed = head.prefix(Self.sniffBytes)
        let nuls = sniffed.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        if nuls > 0 && nuls * 50 >= sniffed.count, let nul = sniffed.firstIndex(of: 0) {
            fail(.binaryData, "not text: \(nuls) NUL bytes in the first \(sniffed.count), the first at byte \(nul)\(summary.compression == .none ? "" : " of the decompressed data"); input skipped")
            stopped = true
            return
        }
        let format = options.format ?? RecordFormat.fromExtension(of: summary.path)
            ?? sniffed.withUnsafeBytes { RecordFormat.sniff($0) }
        summary.format = format
        let limit = options.maxDocumentBytes
        switch format {
        case .jsonl: decoder = JSONLDecoder(textField: options.textField, maxDocumentBytes: limit)
        case .wet: decoder = WETDecoder(maxDocumentBytes: limit)
        case .lines: decoder = LinesDecoder(maxDocumentBytes: limit, keepBlankLines: options.keepBlankLines)
        case .paragraphs: decoder = ParagraphsDecoder(maxDocumentBytes: limit)
        }
        head.withUnsafeBytes { decoder!.feed($0, events) }
    }
}
