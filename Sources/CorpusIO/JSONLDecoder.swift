#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CorpusCore

/// Decodes JSON Lines: one JSON object per line, the document text in one string field.
///
/// The text field's string is unescaped (`\n`, `\"`, `\uXXXX` with surrogate pairs; a lone surrogate
/// becomes U+FFFD and counts as repaired; `\u0000` becomes a NUL character) and checked as UTF-8. A string
/// `id` (or a number) becomes ``Document/id``; every other member is kept verbatim as metadata. Blank
/// lines are not records. Values are skipped iteratively (no recursion); a record nested deeper than
/// ``JSONLimits/maxDepth`` is rejected as `too_deep`, so hostile input
/// cannot exhaust the stack; only the line length is capped.
struct JSONLDecoder {
    private var framer: LineFramer
    private let maxDocumentBytes: Int
    private let textField: [UInt8]
    private var document = Document()
    private var scratch: [UInt8] = []
    private var stack: [UInt8] = []
    private var records = 0
    private var sawFirstLine = false

    init(textField: String, maxDocumentBytes: Int) {
        self.framer = LineFramer(maxLineBytes: maxDocumentBytes)
        self.maxDocumentBytes = maxDocumentBytes
        self.textField = Array(textField.utf8)
        document.locationUnit = .line
        document.format = .jsonl
    }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ events: RecordEvents) {
        var framer = LineFramer(maxLineBytes: 0)
        swap(&framer, &self.framer)
        defer { swap(&framer, &self.framer) }
        framer.feed(chunk, line: { line, number in self.decode(line, number, events) },
                    tooLong: { number, length in self.rejectTooLong(number, length, events) })
    }

    mutating func finish(_ events: RecordEvents, truncated: Bool) {
        var framer = LineFramer(maxLineBytes: 0)
        swap(&framer, &self.framer)
        defer { swap(&framer, &self.framer) }
        if truncated, framer.hasPartialLine {
            _ = framer.dropPartialLine()
            records &+= 1
            events.reject(.truncated, record: records, at: framer.lineNumber, .line,
                          "last line cut off by the end of the compressed data")
        } else {
            framer.finish(line: { line, number in self.decode(line, number, events) },
                          tooLong: { number, length in self.rejectTooLong(number, length, events) })
        }
    }

    mutating func gap(_ events: RecordEvents) {
        if framer.dropPartialLine() {
            records &+= 1
            events.reject(.corruptInput, record: records, at: framer.lineNumber, .line,
                          "line interrupted by corrupt compressed data")
        }
    }

    private mutating func rejectTooLong(_ number: Int, _ length: Int, _ events: RecordEvents) {
        records &+= 1
        events.reject(.tooLong, record: records, at: number, .line,
                      "line of \(length) bytes exceeds --max-doc-bytes (\(maxDocumentBytes))")
    }

    private mutating func decode(_ line: UnsafeRawBufferPointer, _ number: Int, _ events: RecordEvents) {
        var i = 0
        let n = line.count
        if !sawFirstLine {
            sawFirstLine = true
            if n >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF { i = 3 }
        }
        i = JSONScan.skipSpace(line, i)
        if i >= n { return }  // blank line: not a record
        records &+= 1
        document.reset(recordNumber: records, location: number)
        switch parseObject(line, from: i) {
        case .success:
            events.emit(document)
        case .failure(let failure):
            events.reject(failure.reason, record: records, at: number, .line, failure.detail)
        }
    }

    private struct Failure: Error {
        var reason: RejectReason
        var detail: String
    }

    @inline(never)
    private static func tooDeep(_ offset: Int) -> Failure {
        Failure(reason: .tooDeep, detail: "nested deeper than \(JSONLimits.maxDepth) levels at column \(offset + 1)")
    }

    private static func invalid(_ what: String, _ offset: Int) -> Failure {
        Failure(reason: .invalidJSON, detail: "\(what) at column \(offset + 1)")
    }

    private mutating func parseObject(_ line: UnsafeRawBufferPointer, from start: Int) -> Result<Void, Failure> {
        let n = line.count
        var i = start
        guard line[i] == UInt8(ascii: "{") else {
            return .failure(Self.invalid("not a JSON object (expected '{')", i))
        }
        i += 1
        var foundText = false
        var textIsString = true
        var first = true
        while true {
            i = JSONScan.skipSpace(line, i)
            guard i < n else { return .failure(Self.invalid("unexpected end of line inside object", i)) }
            if first && line[i] == UInt8(ascii: "}") { i += 1; break }
            first = false
            guard line[i] == UInt8(ascii: "\"") else { return .failure(Self.invalid("expected '\"' to start an object key", i)) }
            let keyStart = i
            guard let keyEnd = JSONScan.stringEnd(line, from: i) else {
                return .failure(Self.invalid("unterminated string", i))
            }
            i = JSONScan.skipSpace(line, keyEnd)
            guard i < n, line[i] == UInt8(ascii: ":") else {
                return .failure(Self.invalid("expected ':' after object key", i))
            }
            i = JSONScan.skipSpace(line, i + 1)
            guard i < n else { return .failure(Self.invalid("missing value after ':'", i)) }
            switch parseValue(line, key: keyStart..<keyEnd, at: i, foundText: &foundText, textIsString: &textIsString) {
            case .success(let end): i = end
            case .failure(let failure): return .failure(failure)
            }
            i = JSONScan.skipSpace(line, i)
            guard i < n else { return .failure(Self.invalid("unexpected end of line inside object", i)) }
            if line[i] == UInt8(ascii: ",") { i += 1; continue }
            if line[i] == UInt8(ascii: "}") { i += 1; break }
            return .failure(Self.invalid("expected ',' or '}' after object member", i))
        }
        i = JSONScan.skipSpace(line, i)
        if i < n && !(i == n - 1 && line[i] == 0x0D) {
            return .failure(Self.invalid("unexpected data after the object", i))
        }
        guard foundText else {
            return .failure(Failure(reason: .missingTextField,
                                    detail: "no \"\(String(decoding: textField, as: UTF8.self))\" field"))
        }
        guard textIsString else {
            return .failure(Failure(reason: .textNotString,
                                    detail: "\"\(String(decoding: textField, as: UTF8.self))\" is not a string"))
        }
        document.repairedBytes &+= UTF8Repair.repair(&document.text, scratch: &scratch)
        document.repairedBytes &+= UTF8Repair.repair(&document.id, scratch: &scratch)
        document.repairedBytes &+= UTF8Repair.repair(&document.metadata, scratch: &scratch)
        return .success(())
    }

    /// Reads the value of the member whose key is `line[key]`, starting at `start`: the text field and the
    /// id into the document, any other member into its metadata. Returns where the value ends.
    private mutating func parseValue(_ line: UnsafeRawBufferPointer, key: Range<Int>, at start: Int, foundText: inout Bool,
                                     textIsString: inout Bool) -> Result<Int, Failure> {
        let i = start
        let kind = keyKind(line, key.lowerBound, key.upperBound)
        if kind == .text || (kind == .id && line[i] == UInt8(ascii: "\"")) {
            if line[i] == UInt8(ascii: "\"") {
                guard let end = JSONScan.stringEnd(line, from: i) else {
                    return .failure(Self.invalid("unterminated string", i))
                }
                let body = UnsafeRawBufferPointer(rebasing: line[(i + 1)..<(end - 1)])
                let result: (ok: Bool, repaired: Int)
                if kind == .text {
                    foundText = true
                    textIsString = true
                    document.text.removeAll(keepingCapacity: true)
                    result = JSONScan.unescape(body, into: &document.text)
                } else {
                    document.id.removeAll(keepingCapacity: true)
                    result = JSONScan.unescape(body, into: &document.id)
                }
                document.repairedBytes &+= result.repaired
                guard result.ok else { return .failure(Self.invalid("invalid escape sequence in string", i)) }
                return .success(end)
            } else {
                guard let end = JSONScan.valueEnd(line, from: i, stack: &stack) else {
                    return .failure(stack.count > JSONLimits.maxDepth ? Self.tooDeep(i) : Self.invalid("invalid value", i))
                }
                foundText = true
                textIsString = false
                return .success(end)
            }
        } else {
            guard let end = JSONScan.valueEnd(line, from: i, stack: &stack) else {
                return .failure(stack.count > JSONLimits.maxDepth ? Self.tooDeep(i) : Self.invalid("invalid value", i))
            }
            if kind == .id {
                document.id.removeAll(keepingCapacity: true)
                document.id.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[start..<end]))
            } else {
                if !document.metadata.isEmpty { document.metadata.append(UInt8(ascii: ",")) }
                document.metadata.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[key]))
                document.metadata.append(UInt8(ascii: ":"))
                document.metadata.append(contentsOf: UnsafeRawBufferPointer(rebasing: line[start..<end]))
            }
            return .success(end)
        }
    }

    private enum KeyKind { case text, id, other }

    private mutating func keyKind(_ line: UnsafeRawBufferPointer, _ start: Int, _ end: Int) -> KeyKind {
        let raw = UnsafeRawBufferPointer(rebasing: line[(start + 1)..<(end - 1)])
        if memchr(raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, 0x5C, raw.count) == nil || raw.isEmpty {
            if raw.elementsEqual(textField) { return .text }
            if raw.count == 2 && raw[0] == UInt8(ascii: "i") && raw[1] == UInt8(ascii: "d") { return .id }
            return .other
        }
        scratch.removeAll(keepingCapacity: true)
        guard JSONScan.unescape(raw, into: &scratch).ok else { return .other }
        if scratch == textField { return .text }
        if scratch == Array("id".utf8) { return .id }
        return .other
    }
}
