/// What a decompressor tells its caller besides nothing: output, or a gap where compressed bytes were skipped.
enum DecompressionEvent {
    /// Decompressed bytes (valid until the handler returns).
    case output(UnsafeRawBufferPointer)
    /// Compressed bytes were skipped. `lostData` is true when a member or frame was damaged, so output before
    /// and after does not join; false when only bytes between them (trailing garbage) were skipped.
    case damage(InputError.Code, message: String, lostData: Bool)
}

/// A problem at the end of a compressed input (damage that ran to the end, a truncated member or frame), and
/// whether it was already signalled as a gap.
typealias DecompressionEndProblem = (code: InputError.Code, message: String, afterGap: Bool)

/// Damaged compressed data being skipped, for the gzip and zstd decoders: what was wrong and where it began,
/// and the scan for the signature of the next `unit` (a gzip member, a zstd frame) where decoding resumes.
struct DamageSkip {
    private var scanner: SignatureScanner
    private let unit: String
    /// Whether bytes are being skipped now.
    private(set) var active = false
    private var code = InputError.Code.corruptCompression
    private var message = ""
    private var start = 0

    init(signature: [UInt8], unit: String) {
        scanner = SignatureScanner(signature)
        self.unit = unit
    }

    /// Starts skipping at compressed offset `offset`, for `code` and `message`.
    mutating func begin(_ code: InputError.Code, _ message: String, at offset: Int) {
        self.code = code
        self.message = message
        start = offset
        active = true
        scanner.reset()
    }

    /// Scans `base[from..<end]`, whose first byte is at compressed offset `consumed`. When the next unit's
    /// signature completes there: `consumed` is the unit's offset, skipping ends, and the result is the index just
    /// after the signature with the gap to report. Otherwise nil, and `consumed` is past every byte scanned.
    mutating func scan(_ base: UnsafeRawPointer, from: Int, to end: Int, consumed: inout Int) -> (end: Int, gap: DecompressionEvent)? {
        guard let found = scanner.scan(base, from: from, to: end) else {
            consumed += end - from
            return nil
        }
        consumed += found - from - scanner.signature.count
        active = false
        return (found, .damage(code, message: message + "; skipped \(consumed - start) bytes, resuming at the \(unit) at compressed byte \(consumed)",
                               lostData: code != .trailingGarbage))
    }

    /// The problem to report when the input ends while skipping (nil when not skipping).
    func unfinished(consumed: Int) -> DecompressionEndProblem? {
        guard active else { return nil }
        return (code, message + "; the remaining \(consumed - start) bytes hold no further \(unit)", true)
    }
}

/// Finds a byte signature (a gzip member's or a zstd frame's magic) in a stream that arrives in pieces, so a
/// match may span two pieces. The decoders use it to resume after damage.
struct SignatureScanner {
    let signature: [UInt8]
    private var matched = 0

    init(_ signature: [UInt8]) {
        precondition(!signature.isEmpty)
        self.signature = signature
    }

    /// Forgets a partial match.
    mutating func reset() { matched = 0 }

    /// Scans `base[start..<end]`: the index just after the signature's last byte when it completes there, else
    /// nil (everything was scanned; a partial match at the end carries over to the next call).
    mutating func scan(_ base: UnsafeRawPointer, from start: Int, to end: Int) -> Int? {
        var i = start
        while i < end {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            i += 1
            if b == signature[matched] {
                matched += 1
                if matched == signature.count {
                    matched = 0
                    return i
                }
            } else {
                // The magics scanned for do not overlap themselves, so a mismatch restarts at this byte.
                matched = b == signature[0] ? 1 : 0
            }
        }
        return nil
    }
}
