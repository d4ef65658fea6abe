import CorpusPipeline
import ArgumentParser
import CorpusCore
import CorpusIO

/// `census count`: documents, bytes, repairs and rejections per input and in total.
struct Count: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Count documents, text bytes, repaired bytes and rejected records per input.",
        discussion: """
        Prints a tab-separated table with a header line: one row per input and a final "total" row. \
        bytes are UTF-8 bytes of document text after repair; repaired_bytes are input bytes replaced by \
        U+FFFD; rejected is the number of records not turned into documents, with the reasons in \
        rejected_by_reason; skipped counts WARC records of other types than conversion.

        With --json, prints one JSON object {"inputs": [...], "total": {...}}.
        """
    )

    @OptionGroup var input: InputOptions

    @Flag(help: "Print one JSON object instead of the table.")
    var json = false

    func run() throws {
        let summaries = InputLoop(options: input).run { _, _ in }
        var total = InputSummary(path: "total")
        for s in summaries { total.add(s) }
        let out = Output()
        if json {
            out.withBuffer { buffer in
                buffer.append(contentsOf: #"{"inputs":["#.utf8)
                for (k, s) in summaries.enumerated() {
                    if k > 0 { buffer.append(UInt8(ascii: ",")) }
                    s.appendJSON(to: &buffer, includePath: true)
                }
                buffer.append(contentsOf: #"],"total":"#.utf8)
                total.appendJSON(to: &buffer, includePath: false)
                buffer.append(contentsOf: "}\n".utf8)
            }
        } else {
            out.append("input\tformat\tcompression\tdocuments\tbytes\trepaired_bytes\trejected\trejected_by_reason\tskipped\tstatus\n")
            let anyFailed = summaries.contains(where: \.failed)
            for s in summaries {
                out.append(row(s, format: s.format?.rawValue ?? "-", compression: s.compression.rawValue, failed: s.failed))
            }
            out.append(row(total, format: "-", compression: "-", failed: anyFailed))
        }
        out.flush()
        if summaries.contains(where: \.failed) { throw ExitCode.failure }
    }

    private func row(_ s: InputSummary, format: String, compression: String, failed: Bool) -> String {
        let reasons = s.rejected.sorted { $0.key < $1.key }.map { "\($0.key.name)=\($0.value)" }.joined(separator: ",")
        let skipped = s.skipped.values.reduce(0, +)
        return "\(PathBytes.display(s.path))\t\(format)\t\(compression)\t\(s.documents)\t\(s.textBytes)\t\(s.repairedBytes)\t"
            + "\(s.rejected.values.reduce(0, +))\t\(reasons.isEmpty ? "-" : reasons)\t\(skipped)\t\(failed ? "failed" : "ok")\n"
    }
}

extension InputSummary {
    mutating func add(_ other: InputSummary) {
        inputBytes += other.inputBytes
        decompressedBytes += other.decompressedBytes
        documents += other.documents
        textBytes += other.textBytes
        repairedBytes += other.repairedBytes
        for (k, v) in other.rejected { rejected[k, default: 0] += v }
        for (k, v) in other.skipped { skipped[k, default: 0] += v }
        errors += other.errors
    }

    func appendJSON(to out: inout [UInt8], includePath: Bool) {
        out.append(UInt8(ascii: "{"))
        if includePath {
            out.append(contentsOf: #""path":"#.utf8)
            JSONEscape.appendQuoted(PathBytes.readable(path), to: &out)
            out.append(contentsOf: #","format":"#.utf8)
            if let format { JSONEscape.appendQuoted(format.rawValue, to: &out) } else { out.append(contentsOf: "null".utf8) }
            out.append(contentsOf: #","compression":"#.utf8)
            JSONEscape.appendQuoted(compression.rawValue, to: &out)
            out.append(UInt8(ascii: ","))
        }
        out.append(contentsOf: "\"documents\":\(documents),\"bytes\":\(textBytes),\"repaired_bytes\":\(repairedBytes),".utf8)
        out.append(contentsOf: "\"records\":\(records),\"input_bytes\":\(inputBytes),\"decompressed_bytes\":\(decompressedBytes),".utf8)
        out.append(contentsOf: #""rejected":{"#.utf8)
        for (k, (reason, n)) in rejected.sorted(by: { $0.key < $1.key }).enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONEscape.appendQuoted(reason.name, to: &out)
            out.append(contentsOf: ":\(n)".utf8)
        }
        out.append(contentsOf: #"},"skipped":{"#.utf8)
        for (k, (type, n)) in skipped.sorted(by: { $0.key < $1.key }).enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONEscape.appendQuoted(type, to: &out)
            out.append(contentsOf: ":\(n)".utf8)
        }
        out.append(contentsOf: #"},"errors":["#.utf8)
        for (k, e) in errors.enumerated() {
            if k > 0 { out.append(UInt8(ascii: ",")) }
            JSONEscape.appendQuoted(includePath ? e.message : e.description, to: &out)
        }
        out.append(contentsOf: "],\"failed\":\(!errors.isEmpty)}".utf8)
    }
}
