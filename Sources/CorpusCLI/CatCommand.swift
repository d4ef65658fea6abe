import CorpusPipeline
import ArgumentParser
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
            out.withBuffer { JSONLRecord.append(document, path: source.path, to: &$0) }
            out.lineDone()
        }
        out.flush()
        if summaries.contains(where: \.failed) { throw ExitCode.failure }
    }
}
