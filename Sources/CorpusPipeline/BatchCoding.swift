import CorpusIO
import Foundation

/// A little-endian binary writer for the files a sharded run leaves for `census merge`.
package struct BinaryWriter {
    package var bytes: [UInt8] = []

    package mutating func int(_ v: Int) { u64(UInt64(bitPattern: Int64(v))) }
    package mutating func u64(_ v: UInt64) { withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) } }
    package mutating func data<C: Collection>(_ v: C) where C.Element == UInt8 {
        int(v.count)
        bytes.append(contentsOf: v)
    }
    package mutating func string(_ s: String) { data(Array(s.utf8)) }
}

/// Reads what ``BinaryWriter`` wrote; every read checks bounds and throws on damaged data.
package struct BinaryReader {
    package let bytes: [UInt8]
    package var offset = 0
    package let path: String

    package init(_ bytes: [UInt8], path: String) {
        self.bytes = bytes
        self.path = path
    }

    package mutating func u64() throws(InputError) -> UInt64 {
        guard offset + 8 <= bytes.count else { throw damaged() }
        let v = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }
        offset += 8
        return UInt64(littleEndian: v)
    }

    package mutating func int() throws(InputError) -> Int { Int(Int64(bitPattern: try u64())) }

    package mutating func data() throws(InputError) -> ArraySlice<UInt8> {
        let n = try int()
        guard n >= 0, offset + n <= bytes.count else { throw damaged() }
        defer { offset += n }
        return bytes[offset..<(offset + n)]
    }

    package mutating func string() throws(InputError) -> String { String(decoding: try data(), as: UTF8.self) }

    package func damaged() -> InputError { InputError(.unreadable, path: path, "damaged at byte \(offset)") }
}

extension AnalyzedBatch {
    /// The batch without its statistics (a sharded run keeps those per shard) and without its band keys (those
    /// go to the shard's bands.bin, which the merge sorts; replaying a batch needs only the decisions), as bytes.
    package func encoded() -> [UInt8] {
        var w = BinaryWriter()
        w.bytes.reserveCapacity(records.count + documents.count * 104 + 256)
        w.int(file)
        w.int(index)
        w.int(documents.count)
        for d in documents {
            // (Not an array literal: that would allocate for every document.)
            w.int(d.recordStart); w.int(d.recordEnd); w.int(d.language); w.int(d.words); w.int(d.characters)
            w.int(d.bytes); w.int(d.lines); w.int(Int(d.quality)); w.int(d.llmTokens ?? -1); w.int(d.crawl)
            w.u64(d.exactKey.0)
            w.u64(d.exactKey.1)
            w.u64(d.priority)
        }
        w.data(records)
        w.int(codes.count)
        for c in codes { w.string(c) }
        w.int(crawls.count)
        for c in crawls { w.string(c) }
        for k in codes.indices {
            let hosts = k < statistics.count ? statistics[k].domains.sorted { $0.key < $1.key } : []
            w.int(hosts.count)
            for (host, n) in hosts { w.string(host); w.int(n) }
        }
        w.int(rejections.count)
        for r in rejections {
            w.string(r.reason.name)
            w.int(r.recordNumber)
            w.int(r.location)
            w.int(r.locationUnit == .line ? 0 : 1)
            w.string(r.detail)
        }
        w.int(textBytes)
        w.int(inputOffset)
        if let s = summary {
            w.int(1)
            w.string(s.path)
            w.int(s.inputBytes)
            w.int(s.documents)
            w.int(s.rejected.count)
            for (reason, n) in s.rejected.sorted(by: { $0.key < $1.key }) { w.string(reason.name); w.int(n) }
            w.int(s.skipped.count)
            for (type, n) in s.skipped.sorted(by: { $0.key < $1.key }) { w.string(type); w.int(n) }
            w.int(s.errors.count)
            for e in s.errors { w.string(e.code.description); w.string(e.path); w.string(e.message) }
            w.int(s.warnings.count)
            for warning in s.warnings { w.string(warning) }
        } else {
            w.int(0)
        }
        return w.bytes
    }

    /// Decodes ``encoded()``.
    package init(decoding r: inout BinaryReader) throws(InputError) {
        self.init(file: try r.int(), index: try r.int())
        let n = try r.int()
        guard n >= 0 && n <= r.bytes.count else { throw r.damaged() }
        documents.reserveCapacity(n)
        for _ in 0..<n {
            let start = try r.int(), end = try r.int(), language = try r.int(), words = try r.int(), characters = try r.int()
            let bytes = try r.int(), lines = try r.int(), quality = try r.int(), tokens = try r.int(), crawl = try r.int()
            let e0 = try r.u64(), e1 = try r.u64(), priority = try r.u64()
            documents.append(AnalyzedDocument(recordStart: start, recordEnd: end, language: language, exactKey: (e0, e1),
                                              bandStart: 0, bandEnd: 0, words: words, characters: characters, bytes: bytes,
                                              lines: lines, priority: priority, quality: UInt8(truncatingIfNeeded: quality),
                                              llmTokens: tokens < 0 ? nil : tokens, crawl: crawl))
        }
        records = Array(try r.data())
        let c = try r.int()
        guard c >= 0 && c <= r.bytes.count else { throw r.damaged() }
        for _ in 0..<c { codes.append(try r.string()) }
        let crawlCount = try r.int()
        guard crawlCount >= 0 && crawlCount <= r.bytes.count else { throw r.damaged() }
        for _ in 0..<crawlCount { crawls.append(try r.string()) }
        for _ in 0..<c {
            let hosts = try r.int()
            guard hosts >= 0 && hosts <= r.bytes.count else { throw r.damaged() }
            var counts: [String: Int] = [:]
            for _ in 0..<hosts { counts[try r.string()] = try r.int() }
            domains.append(counts)
        }
        let j = try r.int()
        for _ in 0..<max(0, j) {
            let reason = RejectReason(try r.string())
            let number = try r.int(), location = try r.int(), unit = try r.int()
            rejections.append(Rejection(reason: reason, recordNumber: number, location: location,
                                        locationUnit: unit == 0 ? .line : .byte, detail: try r.string()))
        }
        textBytes = try r.int()
        inputOffset = try r.int()
        for d in documents where d.recordEnd > records.count || d.language >= codes.count || d.recordStart > d.recordEnd
            || d.crawl < 0 || (d.crawl >= crawls.count && !(d.crawl == 0 && crawls.isEmpty)) {
            throw r.damaged()
        }
        if try r.int() == 1 {
            var s = InputSummary(path: try r.string())
            s.inputBytes = try r.int()
            s.documents = try r.int()
            for _ in 0..<max(0, try r.int()) { s.rejected[RejectReason(try r.string())] = try r.int() }
            for _ in 0..<max(0, try r.int()) { s.skipped[try r.string()] = try r.int() }
            for _ in 0..<max(0, try r.int()) {
                let code = try r.string(), path = try r.string(), message = try r.string()
                s.errors.append(InputError(InputError.Code.named(code), path: path, message))
            }
            for _ in 0..<max(0, try r.int()) { s.warnings.append(try r.string()) }
            summary = s
        }
    }
}

/// Reads the length-prefixed batches a shard saved, up to the length its checkpoint recorded.
final class BatchReader {
    let path: String
    private let handle: FileHandle
    private var remaining: Int

    init(path: String, limit: Int) throws(InputError) {
        self.path = path
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw InputError(.unreadable, path: path, "cannot open")
        }
        self.handle = handle
        remaining = limit
    }

    deinit { try? handle.close() }

    private func read(_ n: Int) throws(InputError) -> [UInt8] {
        guard n <= remaining, let data = try? handle.read(upToCount: n), data.count == n else {
            throw InputError(.unreadable, path: path, "truncated")
        }
        remaining -= n
        return [UInt8](data)
    }

    func next() throws(InputError) -> AnalyzedBatch? {
        guard remaining > 0 else { return nil }
        var header = BinaryReader(try read(8), path: path)
        let length = try header.int()
        var body = BinaryReader(try read(length), path: path)
        return try AnalyzedBatch(decoding: &body)
    }
}
