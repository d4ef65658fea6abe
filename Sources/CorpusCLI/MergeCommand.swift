import ArgumentParser
import CorpusPipeline
import Foundation

/// `census merge`: combines the shards of a sharded run into the outputs one run would have written.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the shards of a sharded run (census run --shard I/N --out DIR) into DIR's outputs.",
        discussion: """
        Reads DIR/shards/0 ... DIR/shards/N-1 (all complete, from the same inputs and options). Duplicates across \
        shards are found by sorting the exact and band keys of every document in bounded memory (--memory: sorted \
        runs spill to DIR/state/merge/ and are merged), with the rule of a single run: a document is removed when \
        an earlier document in input order shares its exact key (exact duplicate) or a band key (near duplicate). \
        Then the shards' documents are replayed in input order into DIR/data/<lang>/, DIR/report/, DIR/samples/, \
        DIR/errors.log (and DIR/removed/): byte for byte what `census run` without --shard writes. Interrupted, \
        it continues with --resume.
        """
    )

    @Argument(help: "The folder given as --out to the shards.")
    var directory: String
    @Option(help: "Memory for sorting the keys (K, M, G suffixes); the rest of the merge needs about 100 MB more.")
    var memory = ByteSize(bytes: 1 << 30)
    @OptionGroup var restart: StartOptions
    @OptionGroup var verbosity: QuietOption
    @OptionGroup var scarcity: ScarcityOptions

    func validate() throws {
        if let problem = OutputFolder.problem(with: directory, option: "DIR") { throw ValidationError(problem) }
        guard memory.bytes >= 1 << 20 else { throw ValidationError("--memory must be at least 1M.") }
    }

    func run() throws {
        Interruption.install(advice: "continue with census merge --resume \(directory)")
        var merge = SliceMerge(directory: directory)
        merge.memoryBytes = memory.bytes
        merge.quiet = verbosity.quiet
        merge.thresholds = scarcity.thresholds
        let summary = try EngineCall.run { events throws(PipelineError) in
            try merge.run(restart.start, events: events)
        }
        if summary.alreadyComplete { return }
        let stats = summary.statistics
        if !verbosity.quiet {
            Diagnostics.error("merge: \(summary.slices) shards, \(stats.recordsRead) records = \(stats.keptDocuments) kept + \(stats.exactDuplicates) exact + \(stats.nearDuplicates) near duplicates + \(stats.qualityRemoved) below quality + \(stats.rejectedRecords) rejected; \(String(format: "%.1f", summary.seconds)) s -> \(directory.hasSuffix("/") ? directory : directory + "/")")
        }
        if stats.failedInputs > 0 { throw ExitCode.failure }
    }
}
