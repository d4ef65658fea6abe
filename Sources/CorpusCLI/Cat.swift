import ArgumentParser
import CorpusCore
import CorpusIO

/// `census cat`: decoded documents as JSONL.
struct Cat: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the decoded documents as JSONL (id, text, source, metadata).",
        discussion: """
        Each output line is {"id": ..., "text": ..., "source": "PATH:RECORD", "metadata": {...}}, where RECORD is \
        the record's 1-based number in its input and metadata holds the record's other fields (JSONL) or its \
        WARC headers (url, warc_date, warc_identified_language). A record without an id gets "PATH:RECORD".
        """
    )

    @OptionGroup var input: InputOptions

    func run() throws {
        let out = Output()
        let summaries = InputLoop(options: input).run { source, document in
            out.withBuffer { buffer in
                let sourceTag = "\(source.path):\(document.recordNumber)"
                buffer.append(contentsOf: #"{"id":"#.utf8)
                if document.id.isEmpty {
                    JSONEscape.appendQuoted(sourceTag, to: &buffer)
                } else {
                    JSONEscape.appendQuoted(document.id, to: &buffer)
                }
                buffer.append(contentsOf: #","text":"#.utf8)
                JSONEscape.appendQuoted(document.text, to: &buffer)
                buffer.append(contentsOf: #","source":"#.utf8)
                JSONEscape.appendQuoted(sourceTag, to: &buffer)
                buffer.append(contentsOf: #","metadata":{"#.utf8)
                buffer.append(contentsOf: document.metadata)
                buffer.append(contentsOf: "}}\n".utf8)
            }
            out.lineDone()
        }
        out.flush()
        if summaries.contains(where: \.failed) { throw ExitCode.failure }
    }
}
