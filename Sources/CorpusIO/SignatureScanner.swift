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
