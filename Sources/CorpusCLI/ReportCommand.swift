import ArgumentParser
import CorpusPipeline
import CorpusStats

/// `census report`: re-renders the report from saved statistics.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-render the scarcity report of DIR from DIR/state/stats.json (e.g. with other thresholds).",
        discussion: "With --merge DIR2 (repeatable), the statistics saved in those folders are added up (exactly: every statistic merges by addition or union), saved in DIR and rendered there. Duplicates are not looked for across the merged folders."
    )

    @Argument(help: "A folder written by `census stats` or `census run` (or the folder to create with --merge).")
    var directory: String
    @Option(help: "Add the statistics saved in this folder (repeatable).")
    var merge: [String] = []
    @OptionGroup var scarcity: ScarcityOptions

    func run() throws {
        do {
            var stats: CorpusStatistics
            if merge.isEmpty {
                stats = try ReportFiles.load(from: directory)
            } else {
                stats = CorpusStatistics()
                for folder in merge { stats.merge(try ReportFiles.load(from: folder)) }
                try ReportFiles.save(stats, in: directory)
            }
            try ReportFiles.write(stats, to: directory, thresholds: scarcity.thresholds)
        } catch let error as PipelineError {
            Diagnostics.error(error.message)
            throw ExitCode.failure
        }
    }
}

