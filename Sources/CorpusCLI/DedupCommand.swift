import ArgumentParser
import CorpusPipeline

/// `census dedup`: exact and near-duplicate removal.
struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Remove exact and near duplicates (MinHash + LSH), keeping the first in input order.",
        discussion: """
        Reads the inputs twice: first to sketch every document (128-bit exact key of its case-folded words with \
        digits as 0; MinHash over word n-grams; LSH band keys), then, once duplicates are resolved (a document is \
        removed when it shares its exact key or a band key with any earlier document in input order), to write DIR/kept.jsonl.gz (JSONL like `census cat`, with \
        "dup_cluster_size" in the metadata of each kept document), DIR/removed.jsonl ({"id", "reason": \
        "exact"|"near", "kept_id"}) and DIR/summary.json. Standard input is spooled to a temporary file.

        A pair of documents with shingle Jaccard similarity s becomes a candidate with probability \
        1 - (1 - s^rows)^bands: with the defaults (5-grams, 14 bands x 8 rows, as datatrove and FineWeb), about \
        0.5 at s = 0.72, 0.92 at 0.8, 0.05 at 0.5.
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var normalization: NormalizationOptions

    @OptionGroup var output: OutputOption

    @OptionGroup var sketching: DedupOptions
    @OptionGroup var seeding: SeedOptions
    @Option(help: "Confirm each candidate pair: its signatures must agree on at least this share of values (0-1).")
    var verifyJaccard: Double?
    @Flag(help: "Print the ids of removed documents on standard output, one per line.")
    var printRemoved = false
    @OptionGroup var threading: ThreadOptions

    var out: String { output.out }

    func validate() throws {
        if let v = verifyJaccard, !(0...1).contains(v) { throw ValidationError("--verify-jaccard must be between 0 and 1.") }
    }

    func run() throws {
        var removal = DuplicateRemoval(inputs: input.inputs, out: out)
        removal.allFiles = input.allFiles
        removal.reader = input.readerOptions
        removal.maxMessages = input.maxMessages
        removal.quiet = input.quiet
        removal.text = normalization.settings
        removal.dedup = sketching.configuration(seed: seeding.seed)
        removal.dedup.verifyJaccard = verifyJaccard
        removal.threads = threading.threads
        let stdout = Output()
        let printRemoved = printRemoved
        let summary = try EngineCall.run { events throws(PipelineError) in
            try removal.run(removed: { id in
                guard printRemoved else { return }
                stdout.append(id)
                stdout.append(0x0A)
                stdout.lineDone()
            }, events: events)
        }
        stdout.flush()
        if !input.quiet {
            let s = summary
            Diagnostics.error("dedup: \(s.documents) documents, kept \(s.kept), removed \(s.exactDuplicates) exact and \(s.nearDuplicates) near duplicates -> \(out)")
        }
    }
}
