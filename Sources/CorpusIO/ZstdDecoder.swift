import CZstd

/// Streaming zstd decompression, block by block, for multi-frame files and damaged ones.
///
/// zstd's buffer-less API is given exactly the bytes of one unit at a time (a frame header, a block header,
/// a block, a checksum), so output comes a whole block at a time and damage is found at a unit that starts at
/// a fixed offset, whatever sizes the input arrives in. Frames follow one another (`zstd` writes one per file,
/// `zstd --rsyncable` and `pzstd` several; skippable frames are skipped). Damage is reported, not fatal: on an
/// invalid unit the decoder reports its compressed offset and zstd's message, then scans forward for the next
/// frame (`28 b5 2f fd`) and resumes there. Bytes after the last frame that are no frame are reported as
/// trailing garbage; a stream that ends inside a frame, by ``finish()``. Windows above
/// ``maxWindowBytes`` (`zstd --long=31`) are refused as damage rather than allocated.
///
/// Memory: the frame's window plus a block (the round buffer zstd asks for: 2 MiB + 128 KiB at the default
/// level 3, up to 8 MiB windows at level 19), and one block of input.
struct ZstdDecoder: ~Copyable {
    typealias Event = DecompressionEvent

    /// Largest window accepted (zstd's own default limit for decompression, `--long=27`).
    static let maxWindowBytes: UInt64 = 1 << 27
    private static let magic: [UInt8] = [0x28, 0xB5, 0x2F, 0xFD]

    private let context: OpaquePointer
    /// The round buffer blocks are decoded into (its size follows the frame's window).
    private var window: UnsafeMutableRawPointer?
    private var windowSize = 0
    private var windowPosition = 0
    private var blockSizeMax = 0
    /// Bytes of the current unit gathered so far, when it arrives in pieces.
    private var pending: [UInt8] = []
    /// Bytes the current unit needs; 0 between frames.
    private var needed = 0
    /// Where the current unit and the current frame start (compressed offsets).
    private var unitStart = 0
    private var frameStart = 0
    /// Whether a frame header has been read (frames are set up from their first bytes).
    private var inFrame = false
    /// Compressed bytes consumed so far.
    private(set) var consumed = 0
    /// Complete frames so far.
    private(set) var frames = 0
    /// Damage being skipped up to the next frame.
    private var damage = DamageSkip(signature: ZstdDecoder.magic, unit: "zstd frame")

    init() throws(InputError) {
        guard let context = ZSTD_createDCtx() else {
            throw InputError(.corruptCompression, path: "", "zstd: cannot create a decompression context")
        }
        self.context = context
    }

    deinit {
        ZSTD_freeDCtx(context)
        window?.deallocate()
    }

    /// Decompresses `input`, calling `handler` for each block's output and each gap.
    mutating func feed(_ input: UnsafeRawBufferPointer, _ handler: (Event) -> Void) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        var i = 0
        let n = input.count
        while i < n {
            if damage.active {
                i = scan(base, i, n, handler)
                continue
            }
            if inFrame {
                i += feedUnits(UnsafeRawBufferPointer(start: base + i, count: n - i), handler)
                continue
            }
            // A frame starts: gather enough of its header to learn its window, then set up.
            if needed == 0 {
                needed = 5   // ZSTD_FRAMEHEADERSIZE_PREFIX: magic + frame header descriptor
                frameStart = consumed
            }
            i += gather(base + i, n - i)
            guard pending.count == needed else { continue }
            var header = ZSTD_frameHeader()
            let wanted = pending.withUnsafeBytes { bytes in ZSTD_getFrameHeader(&header, bytes.baseAddress, bytes.count) }
            if ZSTD_isError(wanted) != 0 {
                damagePending(at: frameStart, message: Self.message(wanted, at: frameStart), handler)
                continue
            }
            if wanted > 0 {
                needed = wanted   // a longer header: gather the rest
                continue
            }
            if let problem = beginFrame(header) {
                damagePending(at: frameStart, message: problem, handler)
                continue
            }
            // The header bytes go through zstd as units like the rest of the frame.
            let gathered = pending
            pending.removeAll(keepingCapacity: true)
            consumed -= gathered.count
            unitStart = frameStart
            needed = ZSTD_nextSrcSizeToDecompress(context)
            gathered.withUnsafeBytes { bytes in
                let taken = feedUnits(bytes, handler)
                // Damage in the header itself (a frame that needs a dictionary): scan the rest of it.
                if taken < bytes.count { feed(UnsafeRawBufferPointer(rebasing: bytes[taken...]), handler) }
            }
        }
    }

    /// Copies bytes of the current unit into `pending` (up to `needed`); returns how many were taken.
    private mutating func gather(_ p: UnsafeRawPointer, _ available: Int) -> Int {
        let take = min(needed - pending.count, available)
        pending.append(contentsOf: UnsafeRawBufferPointer(start: p, count: take))
        consumed += take
        return take
    }

    private static func message(_ code: Int, at offset: Int) -> String {
        "invalid zstd data at compressed byte \(offset) (zstd: \(String(cString: ZSTD_getErrorName(code))))"
    }

    /// Sets up the round buffer for a frame; a message when it cannot be decoded (its window is too large).
    private mutating func beginFrame(_ header: ZSTD_frameHeader) -> String? {
        if header.frameType == ZSTD_frame && header.windowSize > Self.maxWindowBytes {
            return "zstd frame at compressed byte \(frameStart) needs a \(header.windowSize >> 20) MiB window (more than \(Self.maxWindowBytes >> 20) MiB)"
        }
        let begun = ZSTD_decompressBegin(context)
        if ZSTD_isError(begun) != 0 { return Self.message(begun, at: frameStart) }
        if header.frameType == ZSTD_frame {
            let size = ZSTD_decodingBufferSize_min(header.windowSize, header.frameContentSize)
            if ZSTD_isError(size) != 0 { return Self.message(size, at: frameStart) }
            if size > windowSize {
                window?.deallocate()
                window = .allocate(byteCount: size, alignment: 16)
                windowSize = size
            }
            blockSizeMax = Int(header.blockSizeMax)
        }
        windowPosition = 0
        inFrame = true
        return nil
    }

    /// Runs whole units of the current frame from `input`; returns the bytes taken: all of them, or up to the
    /// end of the frame, or up to the second byte of a damaged unit (the scan for the next frame starts there).
    private mutating func feedUnits(_ input: UnsafeRawBufferPointer, _ handler: (Event) -> Void) -> Int {
        guard let base = input.baseAddress else { return 0 }
        var i = 0
        while inFrame {
            if needed == 0 {
                frames += 1   // the frame is complete
                inFrame = false
                return i
            }
            if pending.isEmpty && input.count - i >= needed {
                let start = i
                i += needed
                consumed += needed
                if let problem = decodeUnit(UnsafeRawBufferPointer(start: base + start, count: i - start), handler) {
                    startDamage(at: unitStart, message: problem)
                    consumed = unitStart + 1
                    return start + 1
                }
            } else {
                guard i < input.count else { return i }
                i += gather(base + i, input.count - i)
                guard pending.count == needed else { return i }
                // Decoded from a local array (self is mutated meanwhile), handed back to keep its capacity.
                var unit: [UInt8] = []
                swap(&unit, &pending)
                let problem = unit.withUnsafeBytes { decodeUnit($0, handler) }
                swap(&unit, &pending)
                if let problem {
                    damagePending(at: unitStart, message: problem, handler)
                    return i
                }
                pending.removeAll(keepingCapacity: true)
            }
        }
        return i
    }

    /// Decodes one unit (exactly `needed` bytes) and moves on to the next; a message if it is damaged.
    private mutating func decodeUnit(_ unit: UnsafeRawBufferPointer, _ handler: (Event) -> Void) -> String? {
        if windowSize - windowPosition < blockSizeMax { windowPosition = 0 }
        let produced = ZSTD_decompressContinue(context, window.map { $0 + windowPosition }, windowSize - windowPosition,
                                               unit.baseAddress, unit.count)
        if ZSTD_isError(produced) != 0 { return Self.message(produced, at: unitStart) }
        if produced > 0, let window {
            handler(.output(UnsafeRawBufferPointer(start: window + windowPosition, count: produced)))
            windowPosition += produced
        }
        unitStart = consumed
        needed = ZSTD_nextSrcSizeToDecompress(context)
        return nil
    }

    /// Enters the scan for the next frame from the second byte of the damaged unit at `offset`. At a frame
    /// boundary after complete frames, bytes that are no frame at all are trailing garbage (nothing was lost).
    private mutating func startDamage(at offset: Int, message: String) {
        if !inFrame && offset == frameStart && frames > 0 && !pending.starts(with: Self.magic) {
            damage.begin(.trailingGarbage, "data after zstd frame \(frames) at compressed byte \(offset) is not zstd", at: offset)
        } else {
            damage.begin(.corruptCompression, message, at: offset)
        }
        inFrame = false
        needed = 0
    }

    /// Damage in a unit gathered in `pending`: its bytes after the first are scanned again (a frame may start
    /// inside them), as they would be had the unit arrived in one piece.
    private mutating func damagePending(at offset: Int, message: String, _ handler: (Event) -> Void) {
        startDamage(at: offset, message: message)
        let gathered = pending
        pending.removeAll(keepingCapacity: true)
        consumed = offset + 1
        if gathered.count > 1 { gathered.withUnsafeBytes { feed(UnsafeRawBufferPointer(rebasing: $0[1...]), handler) } }
    }

    /// Scans for the frame magic from `start`; on a full match, starts the frame with the magic bytes.
    private mutating func scan(_ base: UnsafeRawPointer, _ start: Int, _ n: Int, _ handler: (Event) -> Void) -> Int {
        guard let found = damage.scan(base, from: start, to: n, consumed: &consumed) else { return n }
        handler(found.gap)
        Self.magic.withUnsafeBytes { feed($0, handler) }
        return found.end
    }

    /// Ends the stream: the problem at its end, if any (a truncated frame, or damage that ran to the end),
    /// with its message, and whether the damage was already signalled as a gap.
    func finish() -> DecompressionEndProblem? {
        if let unfinished = damage.unfinished(consumed: consumed) { return unfinished }
        if inFrame || !pending.isEmpty {
            if !inFrame && frames > 0 && !pending.starts(with: Self.magic.prefix(pending.count)) {
                return (.trailingGarbage, "data after zstd frame \(frames) at compressed byte \(frameStart) is not zstd; the remaining \(consumed - frameStart) bytes hold no further zstd frame", true)
            }
            return (.truncatedCompression,
                    "truncated zstd data: unexpected end of file at compressed byte \(consumed) (frame \(frames + 1) incomplete)", false)
        }
        return nil
    }
}
