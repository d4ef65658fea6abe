import CorpusCore
import CorpusIO

/// What one decoding produced, for comparing decodings of the same bytes.
public struct Decoded: Equatable {
    public var documents: [[UInt8]] = []
    public var rejections: [String] = []
    public var records = 0
    public var failed = false
}

/// Stops the fuzzer with a message (libFuzzer records the input as a crash).
public func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) {
    if !condition() { fatalError("invariant broken: \(message())") }
}

/// Decodes `bytes` as the input `path` with `options`, fed in pieces of `piece` bytes (0: at once), and checks
/// what holds for any input: every document is well-formed UTF-8 and within the size limit, and the counts
/// add up (records = documents + rejected).
public func decode(_ bytes: UnsafeRawBufferPointer, path: String, options: ReaderOptions, piece: Int) -> Decoded {
    var out = Decoded()
    let decoder = InputDecoder(path: path, options: options, onDocument: { document in
        document.text.withUnsafeBytes { check(UTF8Repair.firstInvalidOffset(in: $0) == nil, "document text is not UTF-8") }
        check(document.text.count <= options.maxDocumentBytes, "document over --max-doc-bytes")
        out.documents.append(document.text)
    }, onRejection: { out.rejections.append("\($0.reason.name) \($0.recordNumber)") })
    if piece <= 0 {
        decoder.consume(bytes)
    } else {
        var i = 0
        while i < bytes.count {
            decoder.consume(UnsafeRawBufferPointer(rebasing: bytes[i..<min(i + piece, bytes.count)]))
            i += piece
        }
    }
    let summary = decoder.finish()
    check(summary.records == out.documents.count + out.rejections.count, "records \(summary.records) != documents + rejections")
    check(summary.documents == out.documents.count, "summary documents differ")
    out.records = summary.records
    out.failed = summary.failed
    return out
}

/// The fuzz input split into a piece size (first byte) and the data; decodes whole and in pieces and requires
/// the same result: decoding never depends on how reads split the input.
public func decodeBothWays(_ data: UnsafePointer<UInt8>, _ size: Int, path: String, format: RecordFormat?) {
    guard size > 0 else { return }
    let piece = Int(data[0]) % 64 + 1
    let bytes = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    var options = ReaderOptions(format: format)
    options.maxDocumentBytes = 1 << 16
    let whole = decode(bytes, path: path, options: options, piece: 0)
    let split = decode(bytes, path: path, options: options, piece: piece)
    check(whole == split, "decoding in pieces of \(piece) bytes differs from decoding at once")
}
