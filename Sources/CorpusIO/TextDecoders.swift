#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CorpusCore

@inline(__always)
private func isBlank(_ line: UnsafeRawBufferPointer) -> Bool {
    for b in line where !(b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0C || b == 0x0B) { return false }
    return true
}

@inline(__always)
private func trimmingCR(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    if let last = line.last, last == 0x0D { return UnsafeRawBufferPointer(rebasing: line.dropLast()) }
    return line
}

@inline(__always)
private func hasNUL(_ line: UnsafeRawBufferPointer) -> Bool {
    guard let base = line.baseAddress, !line.isEmpty else { return false }
    return memchr(base, 0, line.count) != nil
}

@inline(__always)
private func strippingBOM(_ line: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
    if line.count >= 3, line[0] == 0xEF, line[1] == 0xBB, line[2] == 0xBF {
        return UnsafeRawBufferPointer(rebasing: line.dropFirst(3))
    }
    return line
}

/// Plain text, one document per line. A trailing `\r` is dropped; blank lines are not records (unless
/// `keepBlankLines`, for commands that answer line by line); a line
/// holding NUL bytes is rejected as `binary_data`; a UTF-8 byte-order mark at the start is dropped.
struct LinesDecoder {
    private var framer: LineFramer
    private let maxDocumentBytes: Int
    private let keepBlankLines: Bool
    private var document = Document()
    private var scratch: [UInt8] = []
    private var records = 0

    init(maxDocumentBytes: Int, keepBlankLines: Bool = false) {
        framer = LineFramer(maxLineBytes: maxDocumentBytes)
        self.maxDocumentBytes = maxDocumentBytes
        self.keepBlankLines = keepBlankLines
        document.locationUnit = .line
        document.format = .lines
    }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ events: RecordEvents) {
        var framer = LineFramer(maxLineBytes: 0)
        swap(&framer, &self.framer)
        defer { swap(&framer, &self.framer) }
        framer.feed(chunk, line: { self.line($0, $1, events) }, tooLong: { self.tooLong($0, $1, events) })
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
            framer.finish(line: { self.line($0, $1, events) }, tooLong: { self.tooLong($0, $1, events) })
        }
    }

    mutating func gap(_ events: RecordEvents) {
        if framer.dropPartialLine() {
            records &+= 1
            events.reject(.corruptInput, record: records, at: framer.lineNumber, .line,
                          "line interrupted by corrupt compressed data")
        }
    }

    private mutating func tooLong(_ number: Int, _ length: Int, _ events: RecordEvents) {
        records &+= 1
        events.reject(.tooLong, record: records, at: number, .line,
                      "line of \(length) bytes exceeds --max-doc-bytes (\(maxDocumentBytes))")
    }

    private mutating func line(_ raw: UnsafeRawBufferPointer, _ number: Int, _ events: RecordEvents) {
        var text = trimmingCR(raw)
        if number == 1 { text = strippingBOM(text) }
        if isBlank(text) && !keepBlankLines { return }
        records &+= 1
        if hasNUL(text) {
            events.reject(.binaryData, record: records, at: number, .line, "line holds NUL bytes")
            return
        }
        document.reset(recordNumber: records, location: number)
        document.repairedBytes = UTF8Repair.append(text, to: &document.text)
        events.emit(document)
    }
}

/// Paragraphs: documents separated by one or more blank lines (lines of only spaces or tabs). Lines of a
/// paragraph are joined with `\n`; trailing `\r` is dropped. A paragraph longer than `maxDocumentBytes` is
/// rejected as `too_long` (its lines are skipped, memory stays bounded).
struct ParagraphsDecoder {
    private var framer: LineFramer
    private let maxDocumentBytes: Int
    private var document = Document()
    private var paragraph: [UInt8] = []
    private var scratch: [UInt8] = []
    private var records = 0
    private var firstLine = 0
    private var paragraphBytes = 0
    private var overflow = false
    private var hasNULBytes = false

    init(maxDocumentBytes: Int) {
        self.maxDocumentBytes = maxDocumentBytes
        framer = LineFramer(maxLineBytes: maxDocumentBytes)
        document.locationUnit = .line
        document.format = .paragraphs
    }

    private var inParagraph: Bool { firstLine > 0 }

    mutating func feed(_ chunk: UnsafeRawBufferPointer, _ events: RecordEvents) {
        var framer = LineFramer(maxLineBytes: 0)
        swap(&framer, &self.framer)
        defer { swap(&framer, &self.framer) }
        framer.feed(chunk, line: { self.line($0, $1, events) }, tooLong: { self.tooLong($0, $1, events) })
    }

    mutating func finish(_ events: RecordEvents, truncated: Bool) {
        var framer = LineFramer(maxLineBytes: 0)
        swap(&framer, &self.framer)
        defer { swap(&framer, &self.framer) }
        if truncated, framer.hasPartialLine {
            _ = framer.dropPartialLine()
            if !inParagraph { firstLine = framer.lineNumber }
            records &+= 1
            events.reject(.truncated, record: records, at: firstLine, .line,
                          "paragraph cut off by the end of the compressed data")
            resetParagraph()
        } else {
            framer.finish(line: { self.line($0, $1, events) }, tooLong: { self.tooLong($0, $1, events) })
            endParagraph(events)
        }
    }

    mutating func gap(_ events: RecordEvents) {
        let partial = framer.dropPartialLine()
        if partial && !inParagraph { firstLine = framer.lineNumber }
        if inParagraph {
            records &+= 1
            events.reject(.corruptInput, record: records, at: firstLine, .line,
                          "paragraph interrupted by corrupt compressed data")
        }
        resetParagraph()
    }

    private mutating func tooLong(_ number: Int, _ length: Int, _ events: RecordEvents) {
        if !inParagraph { firstLine = number }
        overflow = true
    }

    private mutating func line(_ raw: UnsafeRawBufferPointer, _ number: Int, _ events: RecordEvents) {
        var text = trimmingCR(raw)
        if number == 1 { text = strippingBOM(text) }
        if isBlank(text) {
            endParagraph(events)
            return
        }
        if !inParagraph { firstLine = number }
        if overflow { return }
        paragraphBytes += text.count + (paragraph.isEmpty ? 0 : 1)
        if paragraphBytes > maxDocumentBytes {
            overflow = true
            paragraph.removeAll(keepingCapacity: false)
            return
        }
        if hasNUL(text) { hasNULBytes = true }
        if !paragraph.isEmpty { paragraph.append(0x0A) }
        paragraph.append(contentsOf: text)
    }

    private mutating func endParagraph(_ events: RecordEvents) {
        guard inParagraph else { return }
        records &+= 1
        if overflow {
            events.reject(.tooLong, record: records, at: firstLine, .line,
                          "paragraph of more than --max-doc-bytes (\(maxDocumentBytes)) bytes")
        } else if hasNULBytes {
            events.reject(.binaryData, record: records, at: firstLine, .line, "paragraph holds NUL bytes")
        } else {
            document.reset(recordNumber: records, location: firstLine)
            document.repairedBytes = paragraph.withUnsafeBytes { UTF8Repair.append($0, to: &document.text) }
            events.emit(document)
        }
        resetParagraph()
    }

    private mutating func resetParagraph() {
        paragraph.removeAll(keepingCapacity: paragraph.capacity <= 1 << 20)
        firstLine = 0
        paragraphBytes = 0
        overflow = false
        hasNULBytes = false
    }
}
