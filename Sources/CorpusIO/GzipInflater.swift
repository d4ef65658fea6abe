import CDeflate
import CZlib

/// Streaming gzip/zlib decompression with zlib, for multi-member files and damaged ones.
///
/// Members follow one another (Common Crawl WET files hold one gzip member per record): at the end of a
/// member the inflater resets and carries on with the next. A gzip member that lies whole in the bytes fed
/// and decompresses to at most ``wholeMemberCapacity`` is decoded at once by libdeflate (about twice zlib's
/// speed); any other member (split between two reads, larger, or damaged) goes through zlib, so damage is
/// reported by zlib as before. After ``wholeMemberGiveUp`` members in a row that libdeflate could not take
/// (a single-stream file, or members too large), the input stays with zlib. Damage is reported, not fatal: on invalid data
/// the inflater reports the compressed byte offset and zlib's message, then scans forward for the next gzip
/// member header (`1f 8b 08`) and resumes there, so one bad member costs only its own records. Bytes after
/// the last member that are not a member are reported as trailing garbage. A stream that ends inside a member
/// is reported as truncated by ``finish()``.
///
/// The `z_stream` lives at one heap address for the inflater's life (zlib keeps a pointer back to it).
struct GzipInflater: ~Copyable {
    typealias Event = DecompressionEvent

    /// gzip only (`15 + 16`) or zlib only (`15`).
    enum Container { case gzip, zlib }

    static let outputCapacity = 256 * 1024
    /// Output room for a member decoded whole.
    static let wholeMemberCapacity = 1 << 20
    /// Consecutive members libdeflate could not take before it is no longer tried on this input.
    static let wholeMemberGiveUp = 8
    private let stream: UnsafeMutablePointer<z_stream>
    private let output: UnsafeMutableRawPointer
    /// libdeflate's decompressor and its output buffer (allocated on first use; gzip only).
    private var whole: OpaquePointer?
    private var wholeOutput: UnsafeMutableRawPointer?
    private var wholeMisses = 0
    private let container: Container
    /// Compressed bytes consumed so far.
    private(set) var consumed = 0
    /// Complete members so far.
    private(set) var members = 0
    /// Whether bytes of a member have been fed since the last member ended.
    private var inMember = false
    /// Output produced by the current member.
    private var memberOutput = 0
    /// Compressed offset where the current member starts, and its first bytes (to tell a damaged member
    /// from bytes that are no member at all).
    private var memberStart = 0
    private var memberHead: [UInt8] = []
    /// Damage being skipped up to the next member header.
    private var damage = DamageSkip(signature: GzipInflater.magic, unit: "gzip member")
    private static let magic: [UInt8] = [0x1F, 0x8B, 0x08]

    init(container: Container) throws(InputError) {
        self.container = container
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        output = .allocate(byteCount: Self.outputCapacity, alignment: 16)
        let bits: Int32 = container == .gzip ? 15 + 16 : 15
        let rc = czlib_inflate_init2(stream, bits)
        guard rc == Z_OK else {
            stream.deallocate()
            output.deallocate()
            throw InputError(.corruptCompression, path: "", "zlib inflateInit2 failed (code \(rc))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        output.deallocate()
        if let whole { libdeflate_free_decompressor(whole) }
        wholeOutput?.deallocate()
    }

    /// Decompresses `input`, calling `handler` for each output block and each gap.
    mutating func feed(_ input: UnsafeRawBufferPointer, _ handler: (Event) -> Void) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        var i = 0
        let n = input.count
        while i < n {
            if damage.active {
                i = scan(base, i, n, handler)
                continue
            }
            if !inMember && container == .gzip && wholeMisses < Self.wholeMemberGiveUp,
               let used = decodeWholeMember(UnsafeRawBufferPointer(start: base + i, count: n - i), handler) {
                i += used
                continue
            }
            let fed = n - i
            i += inflateSome(UnsafeRawBufferPointer(start: base + i, count: fed), handler)
        }
    }

    /// At a member boundary: decodes the gzip member at the start of `input` with libdeflate when it lies
    /// there whole and fits ``wholeMemberCapacity``; returns the compressed bytes it took, or nil (nothing
    /// consumed, nothing reported) for zlib to take the member.
    private mutating func decodeWholeMember(_ input: UnsafeRawBufferPointer, _ handler: (Event) -> Void) -> Int? {
        // Too short for a member header and trailer, or not a member: zlib decides (and reports) those. So it
        // does for a header with a CRC (FHCRC) or reserved flags: zlib checks those and libdeflate does not,
        // and a member must be judged the same however the reads split it.
        guard input.count >= 18, input[0] == 0x1F, input[1] == 0x8B, input[2] == 0x08, input[3] & 0xE2 == 0 else { return nil }
        if whole == nil {
            guard let decompressor = libdeflate_alloc_decompressor() else {
                wholeMisses = Self.wholeMemberGiveUp
                return nil
            }
            whole = decompressor
            wholeOutput = .allocate(byteCount: Self.wholeMemberCapacity, alignment: 16)
        }
        var taken = 0, produced = 0
        let result = libdeflate_gzip_decompress_ex(whole, input.baseAddress, input.count, wholeOutput, Self.wholeMemberCapacity,
                                                   &taken, &produced)
        guard result == LIBDEFLATE_SUCCESS else {
            wholeMisses += 1
            return nil
        }
        wholeMisses = 0
        consumed += taken
        members += 1
        memberStart = consumed
        if produced > 0 { handler(.output(UnsafeRawBufferPointer(start: wholeOutput, count: produced))) }
        return taken
    }

    /// Scans for the member magic from `start`; on a full match restarts inflation with the magic bytes.
    private mutating func scan(_ base: UnsafeRawPointer, _ start: Int, _ n: Int, _ handler: (Event) -> Void) -> Int {
        guard let found = damage.scan(base, from: start, to: n, consumed: &consumed) else { return n }
        handler(found.gap)
        inflateReset(stream)
        inMember = false
        memberOutput = 0
        memberStart = consumed
        memberHead.removeAll(keepingCapacity: true)
        Self.magic.withUnsafeBytes { m in
            var k = 0
            while k < m.count && !damage.active { k += inflateSome(UnsafeRawBufferPointer(rebasing: m[k...]), handler) }
        }
        return found.end
    }

    /// Runs inflate over `input` until it is consumed or damage is found; returns bytes consumed.
    private mutating func inflateSome(_ input: UnsafeRawBufferPointer, _ handler: (Event) -> Void) -> Int {
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(input.count)
        defer {
            stream.pointee.next_in = nil
            stream.pointee.avail_in = 0
        }
        while true {
            let before = Int(stream.pointee.avail_in)
            if memberHead.count < 3, before > 0, let next = stream.pointee.next_in {
                for k in 0..<min(3 - memberHead.count, before) { memberHead.append(next[k]) }
            }
            stream.pointee.next_out = output.assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = UInt32(Self.outputCapacity)
            let rc = inflate(stream, Z_NO_FLUSH)
            let used = before - Int(stream.pointee.avail_in)
            if used > 0 { inMember = true }
            consumed += used
            let produced = Self.outputCapacity - Int(stream.pointee.avail_out)
            if produced > 0 {
                memberOutput += produced
                handler(.output(UnsafeRawBufferPointer(start: output, count: produced)))
            }
            switch rc {
            case Z_STREAM_END:
                members += 1
                inflateReset(stream)
                inMember = false
                memberOutput = 0
                memberStart = consumed
                memberHead.removeAll(keepingCapacity: true)
                // Back to feed(), which may decode the next member whole.
                if container == .gzip && wholeMisses < Self.wholeMemberGiveUp { return input.count - Int(stream.pointee.avail_in) }
                if stream.pointee.avail_in == 0 { return input.count }
            case Z_OK:
                if stream.pointee.avail_in == 0 && stream.pointee.avail_out > 0 { return input.count }
            case Z_BUF_ERROR:
                if stream.pointee.avail_in == 0 { return input.count }
            default:
                let detail = stream.pointee.msg.map { String(cString: $0) } ?? "error \(rc)"
                if container == .gzip && members > 0 && !memberHead.elementsEqual(Self.magic.prefix(memberHead.count)) {
                    damage.begin(.trailingGarbage, "data after gzip member \(members) at compressed byte \(memberStart) is not gzip (zlib: \(detail))",
                                 at: memberStart)
                } else {
                    let position = max(consumed - 1, 0)
                    damage.begin(.corruptCompression, "invalid \(container == .gzip ? "gzip" : "zlib") data at compressed byte \(position) (zlib: \(detail))",
                                 at: position)
                }
                inMember = false
                return input.count - Int(stream.pointee.avail_in)
            }
        }
    }

    /// Ends the stream: the problem at its end, if any (a truncated last member, or damage that ran to the
    /// end), with its message, and whether the damage was already signalled as a gap.
    func finish() -> DecompressionEndProblem? {
        if let unfinished = damage.unfinished(consumed: consumed) { return unfinished }
        if inMember {
            return (.truncatedCompression,
                    "truncated \(container == .gzip ? "gzip" : "zlib") data: unexpected end of file at compressed byte \(consumed) (member \(members + 1) incomplete)", false)
        }
        return nil
    }
}
