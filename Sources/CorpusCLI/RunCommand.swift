import ArgumentParser
import CorpusIO
import CorpusPipeline
import Foundation

/// `census run`: the whole job in one streaming pass.
struct Run: ParsableCommand, CorpusJob {
    static let configuration = CommandConfiguration(
        abstract: "Clean, identify, deduplicate and count a corpus, writing per-language shards and the report.",
        discussion: """
        One pass over the inputs (sorted as `census cat` reads them). Every document is cleaned and normalised, \
        its language identified (or taken from --lang-field), tokenised once for counts, vocabulary and its \
        duplicate sketch, and then, in input order, kept or removed: an exact duplicate when an earlier document \
        had the same words (case-folded, digits as 0), a near duplicate when it shares a MinHash LSH band with an \
        earlier document (5-grams, 14 bands x 8 rows by default, as datatrove and FineWeb). The output is the \
        same for any --threads.

        Output in DIR:
          data/<lang>/part-NNNNN.jsonl.gz  kept documents, {"id","text","lang","lang_score","source","metadata"}
                                           per line; a new part every --shard-size of records (--schema fineweb2:
                                           {"text","id","url","date","file_path","language","language_score","language_script"})
          report/                          report.json, report.csv, report.md, report.html, inputs.csv
          samples/<lang>.jsonl             --samples documents per language (reproducible from --seed)
          removed/part-NNNNN.jsonl.gz      with --keep-removed: duplicates, each with "reason"
          errors.log                       every rejected record and input problem, with file and position
          state/                           checkpoint.json, keys.bin and stats.json (for --resume and `census report`)

        Every record read is counted as kept, exact duplicate, near duplicate or rejected (by reason); the report \
        shows the sum. After a crash or kill, run the same command with --resume: completed inputs are not read \
        again and the outputs end up identical to an uninterrupted run's. Files being written carry a .partial \
        or .tmp suffix until they are complete.
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var normalization: NormalizationOptions
    @OptionGroup var identification: LanguageIDOptions
    @OptionGroup var dedup: DedupOptions
    @OptionGroup var scarcity: ScarcityOptions
    @OptionGroup var tokens: TokenizerOptions
    @OptionGroup var qualityOptions: QualityOptions
    @OptionGroup var job: JobOptions

    @Option(help: "Start a new part after this many bytes of records (uncompressed; K, M, G suffixes).")
    var shardSize = ByteSize(bytes: 256 << 20)
    @Option(help: "gzip level of the shards, 1 (fastest) to 12 (smallest; 6 is gzip's default).")
    var compressionLevel = 1
    @Flag(help: "Also write the removed duplicates to DIR/removed/.")
    var keepRemoved = false
    @Option(help: ArgumentHelp("Field names of the shards' records: census ({\"id\",\"text\",\"lang\",\"lang_score\",\"source\",\"metadata\"}) or fineweb2 ({\"text\",\"id\",\"url\",\"date\",\"file_path\",\"language\",\"language_score\",\"language_script\"}, FineWeb-2's names and ISO 639-3 codes, the same members in every record, so HF datasets and datatrove read the shards as they are).", valueName: "census|fineweb2"))
    var schema = JSONLRecord.Schema.census
    @OptionGroup var restart: StartOptions
    @Flag(help: "Print a timestamped progress line every 10 seconds, for batch logs (default: a live line when standard error is a terminal).")
    var progress = false
    @Option(help: ArgumentHelp("Seconds between --progress lines (implies --progress).", valueName: "SECONDS"))
    var progressEvery: Double?
    @Option(help: ArgumentHelp("Process only slice I of N (0 <= I < N; input k, in sorted order, belongs to slice k mod N) and save partial results in DIR/shards/I/ for `census merge DIR`.", valueName: "I/N"))
    var shard: SliceArgument?
    @Option(help: ArgumentHelp("Memory the run may use (K, M, G suffixes; default: half of the cgroup's limit or the RAM). When the duplicate keys of the documents the inputs are estimated to hold (from a sample of them) would not fit, duplicates are decided by sorting the keys on disk, as `census merge` does: the same outputs, about the outputs' size of disk beside them for a while, and a second pass.", valueName: "SIZE"))
    var memory: ByteSize?
    @Option(help: .hidden)
    var checkpointSeconds: Double = 10
    @Option(help: .hidden)
    var stopAfter: Int?
    @Option(help: .hidden)
    var stopAfterBatches: Int?
    @Option(help: .hidden)
    var checkpointBatches = 64

    func validate() throws {
        guard (1...12).contains(compressionLevel) else { throw ValidationError("--compression-level must be between 1 and 12.") }
        if let every = progressEvery, !(every >= 0.1 && every <= 86_400) {
            throw ValidationError("--progress-every must be between 0.1 and 86400 seconds.")
        }
        if let memory, memory.bytes < 1 << 20 { throw ValidationError("--memory must be at least 1M.") }
        if restart.resume && (input.inputs.isEmpty || input.inputs.contains("-")) {
            throw ValidationError("--resume cannot continue reading standard input; give files.")
        }
    }

    func run() throws {
        var options = try runOptions()
        options.partBytes = shardSize.bytes
        options.compressionLevel = compressionLevel
        options.keepRemoved = keepRemoved
        options.schema = schema
        options.slice = shard?.slice
        options.checkpointSeconds = checkpointSeconds
        options.stopAfter = stopAfter
        options.stopAfterBatches = stopAfterBatches
        options.checkpointBatches = checkpointBatches
        options.memoryBytes = memory?.bytes
        let folder = shard.map { job.out + "/shards/\($0.index)" } ?? job.out
        Interruption.install(advice: "\(folder) holds the outputs as of the last checkpoint; continue with the same command and --resume")
        let lines = progress || progressEvery != nil
        let reporter = ProgressReporter(mode: input.quiet ? .none : (lines ? .lines(every: progressEvery ?? 10) : (isatty(STDERR_FILENO) == 1 ? .terminal : .none)))
        let summary = try EngineCall.run(reporter: reporter) { events throws(PipelineError) in
            try CorpusRun(options).run(restart.start, events: events)
        }
        if summary.alreadyComplete { return }
        let stats = summary.statistics
        if !input.quiet {
            let seconds = summary.seconds
            let mb = Double(summary.textBytes) / 1e6
            let out = summary.folder
            if let shard {
                Diagnostics.error("run: shard \(shard.index)/\(shard.count): \(stats.recordsRead) records of \(summary.inputs) inputs, \(String(format: "%.1f", mb)) MB of text in \(String(format: "%.1f", seconds)) s, saved for `census merge \(job.out)` -> \(out)/")
            } else {
                Diagnostics.error("run: \(stats.recordsRead) records = \(stats.keptDocuments) kept + \(stats.exactDuplicates) exact + \(stats.nearDuplicates) near duplicates + \(stats.qualityRemoved) below quality + \(stats.rejectedRecords) rejected; \(stats.languages.count) languages; \(String(format: "%.1f", mb)) MB of text in \(String(format: "%.1f", seconds)) s (\(String(format: "%.1f", mb / max(seconds, 1e-9))) MB/s) -> \(out.hasSuffix("/") ? out : out + "/")")
            }
        }
        if stats.failedInputs > 0 { throw ExitCode.failure }
    }
}
