import CorpusCore

/// Decodes WARC files, keeping the text of `conversion` records (Common Crawl WET).
///
/// A record is a `WARC/1.x` version line, header lines, a blank line, then exactly `Content-Length`
/// bytes of block, then a blank-line separator. The block is streamed, never held whole unless it becomes
/// a document (at most `maxDocumentBytes`), so a record claiming a terabyte costs no memory: it is skipped
/// and, if the input ends first, rejected as truncated. Non-conversion records (warcinfo, metadata, request,
/// ...) are skipped and counted by type. Bytes between records that are not a record are rejected once per
/// run as `invalid_warc_header`, and decoding resumes at the next `WARC/` line.
///
/// Kept metadata: `url` (WARC-Target-URI), `warc_date` (WARC-Date), `warc_identified_language`
/// (WARC-Identified-Content-Language) when present; the WARC-Record-ID becomes the document id. A warcinfo
/// record's `isPartOf` field (Common Crawl's crawl name, `CC-MAIN-2024-10`) becomes ``Document/crawl`` of the
/// records after it.
struct WETDecoder {
    private enum State {
        /// Between records or inside a header; `resync` skips lines until one starts with `WARC/`.
        case header(resync: Bool)
        /// Inside a block with `remaining` bytes to go; `keep` when it becomes a document.
        case block(remaining: Int, keep: Bool)
    }

    static let maxHeaderBytes = 64 * 1024

    private let maxDocumentBytes: Int
    private var state: State = .header(resync: false)
    /// The current header line being assembled (bounded).
    private var line: [UInt8] = []
    private var lineOverflow = false
    /// Header lines of the current record (bounded by `maxHeaderBytes`).
    private var header: [(name: [UInt8], value: [UInt8])] = []
    private var headerBytes = 0
    private var offset = 0
    private var recordStart = 0
    private var records = 0
    private var garbageStart = -1
    private var document = Document()
    private var scratch: [UInt8] = []
    private var blockLength = 0
    private var recordType: [UInt8] = []
    /// The block of the current warcinfo record (at most ``maxInfoBytes``), read for its `isPartOf` field.
    private var info: [UInt8] = []
    private var readsInfo = false
    static let maxInfoBytes = 64 * 1024

    init(maxDocumentBytes: Int) {
        self.maxDocumentBytes = maxDocumentBytes
        document.locationUnit = .byte
        document.format = .wet
    }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ events: RecordEvents) {
        var i = 0
        let n = chunk.count
        while i < n {
            switch state {
            case .block(let remaining, let keep):
                let take = min(remaining, n - i)
                if keep { document.text.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[i..<(i + take)])) }
                if readsInfo { info.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[i..<(i + take)])) }
                i += take
                offset += take
                if take == remaining {
                    finishBlock(keep: keep, events)
                    lineStart = offset
                } else {
                    state = .block(remaining: remaining - take, keep: keep)
                }
            case .header(let resync):
                let b = chunk[i]
                i += 1
                offset += 1
                if b == 0x0A {
                    endHeaderLine(resync: resync, events)
                    lineStart = offset
                } else if line.count < Self.maxHeaderBytes {
                    line.append(b)
                } else {
                    lineOverflow = true
                }
            }
        }
    }

    /// Offset of the first byte of the line being assembled.
    private var lineStart = 0

    private mutating func endHeaderLine(resync: Bool, _ events: RecordEvents) {
        if line.last == 0x0D { line.removeLast() }
        defer { line.removeAll(keepingCapacity: true); lineOverflow = false }
        let startsRecord = line.count >= 5 && line[0] == 0x57 && line[1] == 0x41 && line[2] == 0x52
            && line[3] == 0x43 && line[4] == 0x2F  // "WARC/"
        if resync {
            if startsRecord {
                state = .header(resync: false)
                beginRecord(at: lineStart)
            }
            return
        }
        if !inRecord {
            if line.isEmpty { return }  // separator between records
            if startsRecord {
                beginRecord(at: lineStart)
                return
            }
            garbage(at: lineStart, events)
            return
        }
        // Inside a record's header.
        if line.isEmpty {
            endHeader(events)
            return
        }
        headerBytes += line.count + 1
        if lineOverflow || headerBytes > Self.maxHeaderBytes {
            records += 1
            events.reject(.invalidWARCHeader, record: records, at: recordStart, .byte,
                          "WARC header longer than \(Self.maxHeaderBytes) bytes")
            resetRecord()
            state = .header(resync: true)
            return
        }
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
            records += 1
            events.reject(.invalidWARCHeader, record: records, at: recordStart, .byte,
                          "header line without ':' in WARC record")
            resetRecord()
            state = .header(resync: true)
            return
        }
        var valueStart = colon + 1
        while valueStart < line.count && (line[valueStart] == 0x20 || line[valueStart] == 0x09) { valueStart += 1 }
        header.append((Array(line[..<colon]), Array(line[valueStart...])))
    }

    /// Whether a version line was seen and the record's header is being read.
    private var inRecord = false

    private mutating func beginRecord(at start: Int) {
        inRecord = true
        recordStart = start
        header.removeAll(keepingCapacity: true)
        headerBytes = 0
    }

    private mutating func resetRecord() {
        inRecord = false
        readsInfo = false
        header.removeAll(keepingCapacity: true)
        headerBytes = 0
        recordType.removeAll()
    }

    private mutating func garbage(at start: Int, _ events: RecordEvents) {
        records += 1
        events.reject(.invalidWARCHeader, record: records, at: start, .byte,
                      "data between WARC records that is not a record (expected a 'WARC/' version line)")
        state = .header(resync: true)
    }

    private static func equalsIgnoringCase(_ a: [UInt8], _ b: String) -> Bool {
        let bb = Array(b.utf8)
        guard a.count == bb.count else { return false }
        for k in 0..<a.count {
            var x = a[k], y = bb[k]
            if x >= 0x41 && x <= 0x5A { x |= 0x20 }
            if y >= 0x41 && y <= 0x5A { y |= 0x20 }
            if x != y { return false }
        }
        return true
    }

    private func value(_ name: String) -> [UInt8]? {
        header.last(where: { Self.equalsIgnoringCase($0.name, name) })?.value
    }

    private mutating func endHeader(_ events: RecordEvents) {
        records += 1
        let type = value("WARC-Type") ?? []
        guard let lengthBytes = value("Content-Length"), !lengthBytes.isEmpty, lengthBytes.count <= 18,
              lengthBytes.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let length = Int(String(decoding: lengthBytes, as: UTF8.self)) else {
            events.reject(.invalidWARCHeader, record: records, at: recordStart, .byte,
                          "WARC record without a valid Content-Length")
            resetRecord()
            state = .header(resync: true)
            return
        }
        blockLength = length
        recordType = type.isEmpty ? Array("(none)".utf8) : type
        let isConversion = Self.equalsIgnoringCase(type, "conversion")
        let keep = isConversion && length <= maxDocumentBytes
        readsInfo = Self.equalsIgnoringCase(type, "warcinfo") && length <= Self.maxInfoBytes
        info.removeAll(keepingCapacity: true)
        if keep {
            document.reset(recordNumber: records, location: recordStart)
            if let id = value("WARC-Record-ID") {
                document.repairedBytes &+= id.withUnsafeBytes { UTF8Repair.append($0, to: &document.id) }
            }
            appendMetadata("url", value("WARC-Target-URI"))
            appendMetadata("warc_date", value("WARC-Date"))
            appendMetadata("warc_identified_language", value("WARC-Identified-Content-Language"))
        }
        header.removeAll(keepingCapacity: true)
        if length == 0 {
            finishBlock(keep: keep, events)
        } else {
            state = .block(remaining: length, keep: keep)
        }
    }

    private mutating func appendMetadata(_ key: String, _ value: [UInt8]?) {
        guard let value else { return }
        if !document.metadata.isEmpty { document.metadata.append(UInt8(ascii: ",")) }
        JSONEscape.appendQuoted(key, to: &document.metadata)
        document.metadata.append(UInt8(ascii: ":"))
        scratch.removeAll(keepingCapacity: true)
        document.repairedBytes &+= value.withUnsafeBytes { UTF8Repair.append($0, to: &scratch) }
        JSONEscape.appendQuoted(scratch, to: &document.metadata)
    }

    private mutating func finishBlock(keep: Bool, _ events: RecordEvents) {
        state = .header(resync: false)
        let isConversion = Self.equalsIgnoringCase(recordType, "conversion")
        if keep {
            document.repairedBytes &+= UTF8Repair.repair(&document.text, scratch: &scratch)
            events.emit(document)
        } else if isConversion {
            events.reject(.tooLong, record: records, at: recordStart, .byte,
                          "conversion record of \(blockLength) bytes exceeds --max-doc-bytes (\(maxDocumentBytes))")
        } else {
            if readsInfo { readCrawl() }
            events.skip(type: String(decoding: recordType, as: UTF8.self))
        }
        resetRecord()
    }

    /// Takes the crawl name from a complete warcinfo block's `isPartOf:` line (application/warc-fields), as the
    /// crawl of the records that follow; a warcinfo without one leaves the crawl as it was.
    private mutating func readCrawl() {
        let name = Array("ispartof".utf8)
        for line in info.split(separator: 0x0A) {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let key = line[line.startIndex..<colon].filter { $0 != 0x20 && $0 != 0x09 }.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            guard key == name else { continue }
            var value = line[(colon + 1)...]
            while let f = value.first, f == 0x20 || f == 0x09 { value = value.dropFirst() }
            while let l = value.last, l == 0x20 || l == 0x09 || l == 0x0D { value = value.dropLast() }
            guard !value.isEmpty, value.count <= 200 else { continue }
            var crawl: [UInt8] = []
            _ = Array(value).withUnsafeBytes { UTF8Repair.append($0, to: &crawl) }
            document.crawl = crawl
            return
        }
    }

    mutating func finish(_ events: RecordEvents, truncated: Bool) {
        switch state {
        case .block(let remaining, _):
            events.reject(.truncated, record: records, at: recordStart, .byte,
                          "Content-Length \(blockLength) overruns the end of the input by \(remaining) bytes")
        case .header(let resync):
            let partialLine = !line.allSatisfy { $0 == 0x0D }
            if inRecord || (!resync && partialLine) {
                records += 1
                events.reject(.truncated, record: records, at: inRecord ? recordStart : lineStart, .byte,
                              truncated ? "WARC header cut off by the end of the compressed data"
                                        : "WARC header cut off by the end of the input")
            }
        }
        resetRecord()
        line.removeAll()
        state = .header(resync: false)
    }

    mutating func gap(_ events: RecordEvents) {
        switch state {
        case .block:
            events.reject(.corruptInput, record: records, at: recordStart, .byte,
                          "WARC record interrupted by corrupt compressed data")
        case .header(let resync):
            if !resync && inRecord {
                records += 1
                events.reject(.corruptInput, record: records, at: recordStart, .byte,
                              "WARC header interrupted by corrupt compressed data")
            }
        }
        resetRecord()
        line.removeAll()
        state = .header(resync: true)
    }
}
