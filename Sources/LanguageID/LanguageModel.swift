import CZlib
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Read-only bytes of a model table, in an array or in a mapped model file, with at least 64 readable bytes
/// after the last row (vector loads of the last row stay inside).
public struct RowTable: @unchecked Sendable {   // read-only memory kept alive by `owner`
    @usableFromInline final class Owner: @unchecked Sendable {
        let array: [UInt8]?
        let mapping: (UnsafeMutableRawPointer, Int)?
        /// Whether the mapping is of a file (its pages can be dropped and read again) or anonymous memory.
        let fileBacked: Bool
        init(array: [UInt8]) { self.array = array; mapping = nil; fileBacked = false }
        init(mapping: UnsafeMutableRawPointer, length: Int, fileBacked: Bool = true) {
            array = nil
            self.mapping = (mapping, length)
            self.fileBacked = fileBacked
        }
        deinit { if let (base, length) = mapping { munmap(base, length) } }

        /// Gives back the pages of a mapped file wholly inside `count` bytes from `start`, once copied: they
        /// are the file's own clean pages, read again from it if touched (so the table is not resident twice
        /// while the next one is copied). Other memory is left alone.
        func release(_ start: UnsafeRawPointer, _ count: Int) {
            guard mapping != nil, fileBacked else { return }
            let page = Int(sysconf(Int32(_SC_PAGESIZE)))
            let first = (Int(bitPattern: start) + page - 1) / page * page
            let end = (Int(bitPattern: start) + count) / page * page
            if end > first { _ = madvise(UnsafeMutableRawPointer(bitPattern: first), end - first, MADV_DONTNEED) }
        }
    }
    @usableFromInline let owner: Owner
    @usableFromInline let base: UnsafePointer<UInt8>
    /// Bytes in the table (without the padding).
    public let count: Int

    /// A table holding a copy of `bytes`, padded.
    public init(_ bytes: [UInt8]) {
        let owner = Owner(array: bytes + [UInt8](repeating: 0, count: 64))
        self.owner = owner
        base = owner.array!.withUnsafeBufferPointer { $0.baseAddress! }   // the array is never mutated
        count = bytes.count
    }

    init(owner: Owner, base: UnsafePointer<UInt8>, count: Int) {
        self.owner = owner
        self.base = base
        self.count = count
    }

    /// The rows of `width` bytes of `source`, each moved to the start of a slot of `stride` bytes in anonymous
    /// memory of its own (zero elsewhere, padded). Tables of 2 MB or more start on a 2 MB boundary and are
    /// backed by huge pages where the kernel allows (madvise): a handful of page faults instead of thousands
    /// when the model is loaded. A mapped source's pages are released as they are copied.
    init(rows source: RowTable, width: Int, stride: Int) {
        let rows = source.count / width, size = rows * stride + 64
        let huge = 2 << 20
        let large = size >= huge
        let length = large ? (size + huge - 1) / huge * huge : size
        let reserved = large ? length + huge : length
        guard let raw = mmap(nil, reserved, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), raw != MAP_FAILED else {
            fatalError("out of memory for a language model table (\(reserved) bytes)")
        }
        var start = raw
        if large {
            // Keep the 2 MB-aligned `length` bytes inside the reservation; give back the rest.
            let address = Int(bitPattern: raw)
            let aligned = (address + huge - 1) / huge * huge
            if aligned > address { munmap(raw, aligned - address) }
            let tail = address + reserved - (aligned + length)
            if tail > 0 { munmap(UnsafeMutableRawPointer(bitPattern: aligned + length), tail) }
            start = UnsafeMutableRawPointer(bitPattern: aligned)!
            _ = madvise(start, length, MADV_HUGEPAGE)
        }
        let bytes = start.assumingMemoryBound(to: UInt8.self)
        source.withUnsafeBufferPointer { src in
            // A megabyte of rows at a time; the source's pages copied are given back as it goes.
            let chunk = Swift.max(1, (1 << 20) / width)
            var r = 0
            while r < rows {
                let stop = Swift.min(rows, r + chunk)
                for k in r..<stop { (bytes + k * stride).update(from: src.baseAddress! + k * width, count: width) }
                source.owner.release(src.baseAddress! + r * width, (stop - r) * width)
                r = stop
            }
        }
        owner = Owner(mapping: start, length: length, fileBacked: false)
        base = UnsafePointer(bytes)
        count = rows * stride
    }

    /// The byte at `i`.
    @inlinable public subscript(i: Int) -> UInt8 { base[i] }

    /// The bytes, for the duration of `body`.
    @inlinable public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try withExtendedLifetime(owner) { try body(UnsafeBufferPointer(start: base, count: count)) }
    }
}

/// A trained language-identification model: for each script group (Latin, Cyrillic, Greek), a naive Bayes
/// table of quantised log-probabilities of hashed features per language.
///
/// Scoring a text adds, for each of its features, one row of the group's table (one byte per language):
/// `score(L) = Σ q(f, L) / scale + n · floor(L)`, where `q` is the quantised gain of the feature's
/// log-probability over the language's floor (the log-probability of an unseen feature). The confidence is a
/// softmax of the per-feature average scores, sharpened by a factor fitted on held-out text so that
/// confidences are calibrated.
///
/// The file format (little-endian): a 16-byte header `"CCLIDMDL"`, UInt32 version, UInt32 body size; then the
/// body, zlib-compressed in version 1 (for exchange) or as it is in version 2 (what census ships: it loads
/// with one read, no inflating). The body: UInt32 group count; per group: UInt8 script,
/// UInt8 bucket bits, UInt16 language count, the language codes (UInt8 length + UTF-8), Float32 floor per
/// language, Float32 scale, Float32 sharpness, then `2^bits × languages` bytes of table.
public struct LanguageModel: Sendable {
    /// One script's languages and table.
    public struct Group: Sendable {
        public var script: Script
        public var bits: Int
        public var languages: [String]
        public var floors: [Float]
        /// Quantisation: table value = round((log p − floor) · scale).
        public var scale: Float
        /// Softmax sharpness applied to per-feature average scores.
        public var sharpness: Float
        /// `2^bits` rows of ``stride`` bytes: a byte per language, then zeros up to the stride.
        public private(set) var table: RowTable
        /// Bytes from one row to the next: the language count rounded up to a power of two (at most 64),
        /// so that with the table aligned to 64 bytes no row straddles two cache lines. Rows are read at
        /// random from megabytes of table, nearly every one a cache miss: a row of 46 bytes packed end to end
        /// spans two lines seven times in ten.
        public let stride: Int

        /// Creates a group; `table` holds exactly `2^bits × languages.count` bytes. It is copied into rows of
        /// ``stride`` bytes of memory of the group's own (so a mapped model file is released once read).
        public init(script: Script, bits: Int, languages: [String], floors: [Float], scale: Float, sharpness: Float,
                    table: RowTable) {
            self.script = script
            self.bits = bits
            self.languages = languages
            self.floors = floors
            self.scale = scale
            self.sharpness = sharpness
            let width = languages.count
            var stride = 1
            while stride < width { stride *= 2 }
            self.stride = min(stride, Swift.max(width, 64))
            self.table = RowTable(rows: table, width: width, stride: self.stride)
        }

        /// The table byte of `language` in `row`.
        @inlinable public func value(row: Int, language: Int) -> UInt8 { table[row &* stride &+ language] }

        /// The row index of a feature hash.
        @inlinable @inline(__always)
        public func bucket(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> UInt64(64 - bits)) }
    }

    /// The groups, one per script.
    public var groups: [Group]

    /// Creates a model from groups.
    public init(groups: [Group]) { self.groups = groups }

    /// The group for a script, if the model has one.
    public func group(for script: Script) -> Group? { groups.first { $0.script == script } }

    /// Every language code the model can answer, sorted.
    public var languages: [String] { Array(Set(groups.flatMap(\.languages))).sorted() }

    static let magic = Array("CCLIDMDL".utf8)

    /// The serialised model, zlib-compressed (version 1) or not (version 2, faster to load).
    public func serialized(compressed: Bool = false) -> [UInt8] {
        var body: [UInt8] = []
        func u32(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { body.append(contentsOf: $0) } }
        func f32(_ v: Float) { u32(v.bitPattern) }
        u32(UInt32(groups.count))
        for g in groups {
            body.append(g.script.rawValue)
            body.append(UInt8(g.bits))
            body.append(UInt8(g.languages.count & 0xFF)); body.append(UInt8(g.languages.count >> 8))
            for code in g.languages { body.append(UInt8(code.utf8.count)); body.append(contentsOf: code.utf8) }
            for f in g.floors { f32(f) }
            f32(g.scale)
            f32(g.sharpness)
            g.table.withUnsafeBufferPointer { rows in
                for r in 0..<(1 << g.bits) { body.append(contentsOf: rows[(r * g.stride)..<(r * g.stride + g.languages.count)]) }
            }
        }
        body.append(contentsOf: [UInt8](repeating: 0, count: 64))   // lets the last table be used in place
        var out = Self.magic
        guard compressed else {
            withUnsafeBytes(of: UInt32(2).littleEndian) { out.append(contentsOf: $0) }
            withUnsafeBytes(of: UInt32(body.count).littleEndian) { out.append(contentsOf: $0) }
            return out + body
        }
        var bound = compressBound(UInt(body.count))
        var compressed = [UInt8](repeating: 0, count: Int(bound))
        let rc = compressed.withUnsafeMutableBufferPointer { dst in
            body.withUnsafeBufferPointer { src in compress2(dst.baseAddress, &bound, src.baseAddress, UInt(src.count), 9) }
        }
        precondition(rc == Z_OK, "zlib compress2 failed (\(rc))")
        withUnsafeBytes(of: UInt32(1).littleEndian) { out.append(contentsOf: $0) }
        withUnsafeBytes(of: UInt32(body.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: compressed[..<Int(bound)])
        return out
    }

    /// A model read from its serialised form (tables are copied).
    ///
    /// - Throws: ``LanguageModelError`` when the bytes are not a model this version reads.
    public init(serialized bytes: [UInt8]) throws(LanguageModelError) {
        let owner = RowTable.Owner(array: bytes + [UInt8](repeating: 0, count: 64))
        let raw = owner.array!.withUnsafeBytes { UnsafeRawBufferPointer(start: $0.baseAddress, count: bytes.count) }
        try self.init(raw, owner: owner)
    }

    /// Reads a model file; an uncompressed (version 2) file is mapped, its tables copied into rows of their own (``Group/stride``) and the mapping released.
    public init(contentsOf path: String) throws(LanguageModelError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .init("\(path): cannot read the model file (\(String(cString: strerror(errno))))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size >= 16 else { throw .init("\(path): not a census language model") }
        let length = Int(st.st_size)
        guard let mapping = mmap(nil, length, PROT_READ, MAP_PRIVATE, fd, 0), mapping != MAP_FAILED else {
            throw .init("\(path): cannot map the model file (\(String(cString: strerror(errno))))")
        }
        let owner = RowTable.Owner(mapping: mapping, length: length)
        do {
            try self.init(UnsafeRawBufferPointer(start: mapping, count: length), owner: owner)
        } catch {
            throw .init("\(path): \(error.description)")
        }
    }

    /// The trailer of a model appended to a file: this magic, then the model's offset and length (u64 LE).
    static let trailerMagic = Array("CENSUSLM".utf8)

    /// The model appended to the file at `path` (an executable built by scripts/release-static.sh), mapped in
    /// place; nil when the file has no such trailer.
    public init?(embeddedIn path: String) throws(LanguageModelError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_size > 24 else { return nil }
        var trailer = [UInt8](repeating: 0, count: 24)
        guard trailer.withUnsafeMutableBytes({ pread(fd, $0.baseAddress, 24, off_t(st.st_size) - 24) }) == 24,
              trailer[0..<8].elementsEqual(Self.trailerMagic) else { return nil }
        func le64(_ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(trailer[at + $1]) << (8 * $1) } }
        let offset = le64(8), length = le64(16)
        guard offset >= 0, length >= 16, offset + length + 24 == Int(st.st_size) else {
            throw .init("\(path): the embedded language model's trailer is damaged")
        }
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let start = offset / page * page, delta = offset - start
        guard let mapping = mmap(nil, length + delta, PROT_READ, MAP_PRIVATE, fd, off_t(start)), mapping != MAP_FAILED else {
            throw .init("\(path): cannot map the embedded language model (\(String(cString: strerror(errno))))")
        }
        let owner = RowTable.Owner(mapping: mapping, length: length + delta)
        do {
            try self.init(UnsafeRawBufferPointer(start: mapping + delta, count: length), owner: owner)
        } catch {
            throw .init("\(path): embedded model: \(error.description)")
        }
    }

    /// Parses `bytes`, whose memory `owner` keeps alive while the groups copy their tables out of it.
    init(_ bytes: UnsafeRawBufferPointer, owner: RowTable.Owner) throws(LanguageModelError) {
        guard bytes.count >= 16, bytes[0..<8].elementsEqual(Self.magic) else { throw .init("not a census language model") }
        func le32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
            UInt32(b[at]) | UInt32(b[at + 1]) << 8 | UInt32(b[at + 2]) << 16 | UInt32(b[at + 3]) << 24
        }
        let version = le32(bytes, 8)
        guard version == 1 || version == 2 else { throw .init("model format version \(version) is not supported (expected 1 or 2)") }
        let size = Int(le32(bytes, 12))
        var body: UnsafeRawBufferPointer
        var bodyOwner = owner
        if version == 2 {
            guard bytes.count >= 16 + size, size >= 64 else { throw .init("model data is truncated") }
            body = UnsafeRawBufferPointer(rebasing: bytes[16..<(16 + size)])
        } else {
            var inflated = [UInt8](repeating: 0, count: size + 64)
            var length = UInt(size)
            let rc = inflated.withUnsafeMutableBufferPointer { dst in
                uncompress(dst.baseAddress, &length, bytes.baseAddress!.assumingMemoryBound(to: Bytef.self) + 16, UInt(bytes.count - 16))
            }
            guard rc == Z_OK, Int(length) == size else { throw .init("model data is damaged (zlib code \(rc))") }
            bodyOwner = RowTable.Owner(array: inflated)
            body = bodyOwner.array!.withUnsafeBytes { UnsafeRawBufferPointer(start: $0.baseAddress, count: size) }
        }
        var at = 0
        func need(_ n: Int) throws(LanguageModelError) { if at + n > body.count { throw .init("model data is truncated") } }
        func u8() throws(LanguageModelError) -> UInt8 { try need(1); defer { at += 1 }; return body[at] }
        func u32() throws(LanguageModelError) -> UInt32 { try need(4); defer { at += 4 }; return le32(body, at) }
        func f32() throws(LanguageModelError) -> Float { Float(bitPattern: try u32()) }
        let count = Int(try u32())
        var groups: [Group] = []
        for _ in 0..<count {
            guard let script = Script(rawValue: try u8()) else { throw .init("unknown script in model") }
            let bits = Int(try u8())
            guard bits >= 8 && bits <= 26 else { throw .init("bad bucket bits \(bits)") }
            let languageCount = Int(try u8()) | Int(try u8()) << 8
            guard languageCount >= 1 && languageCount <= 64 else { throw .init("bad language count \(languageCount)") }
            var languages: [String] = []
            for _ in 0..<languageCount {
                let n = Int(try u8())
                try need(n)
                languages.append(String(decoding: body[at..<(at + n)], as: UTF8.self))
                at += n
            }
            var floors: [Float] = []
            for _ in 0..<languageCount { floors.append(try f32()) }
            let scale = try f32(), sharpness = try f32()
            let tableSize = (1 << bits) * languageCount
            try need(tableSize + 64)   // the table, then at least 64 bytes (a next table or the padding)
            let table = RowTable(owner: bodyOwner, base: body.baseAddress!.advanced(by: at).assumingMemoryBound(to: UInt8.self),
                                 count: tableSize)
            groups.append(Group(script: script, bits: bits, languages: languages, floors: floors, scale: scale,
                                sharpness: sharpness, table: table))
            at += tableSize
        }
        self.groups = groups
    }

    /// The model that ships with census (`Sources/LanguageID/Resources/langid.model`), loaded once.
    public static let bundled: Result<LanguageModel, LanguageModelError> = {
        if let override = ProcessInfo.processInfo.environment["CENSUS_LANGID_MODEL"] {
            return Result { () throws(LanguageModelError) in try LanguageModel(contentsOf: override) }
        }
        // A single-file release carries the model appended to the executable (scripts/release-static.sh).
        switch Result(catching: { () throws(LanguageModelError) in try LanguageModel(embeddedIn: "/proc/self/exe") }) {
        case .success(let model?): return .success(model)
        case .failure(let error): return .failure(error)
        case .success(nil): break
        }
        guard let url = Bundle.module.url(forResource: "langid", withExtension: "model") else {
            return .failure(.init("the bundled language model is missing (langid.model)"))
        }
        return Result { () throws(LanguageModelError) in try LanguageModel(contentsOf: url.path) }
    }()
}

/// A language model that cannot be read.
public struct LanguageModelError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ description: String) { self.description = description }
}
