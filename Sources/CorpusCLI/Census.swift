import ArgumentParser

/// The `census` root command.
public struct Census: ParsableCommand {
    /// The tool's version.
    public static let version = "0.1.0"

    public static let configuration = CommandConfiguration(
        commandName: "census",
        abstract: "Measure how much unique text a web corpus holds in each European language.",
        discussion: """
        Reads gzip'd or plain JSONL, WARC/WET and text files (files, directories, globs, or - for stdin).

        Examples:
          census run corpora-samples/ --out out/     the whole job: clean shards per language and the report
          census count corpora-samples/
        """,
        version: version,
        subcommands: [Cat.self, Count.self, Normalize.self, Tokenize.self, LangID.self, Languages.self, DedupCommand.self, Run.self, Merge.self, Slurm.self, Stats.self, Report.self, TrainLangID.self, EvalLangID.self]
    )

    public init() {}
}
