import CorpusPipeline
import ArgumentParser
import CorpusIO
#if canImport(Glibc)
import Glibc
#endif

/// The `census` root command.
public struct Census: ParsableCommand {
    /// The tool's version.
    public static let version = censusVersion

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
        subcommands: [Cat.self, Count.self, Normalize.self, Tokenize.self, LangID.self, Languages.self, DedupCommand.self, Run.self, Merge.self, Slurm.self, Stats.self, Report.self, QualityThresholdsCommand.self, TrainLangID.self, EvalLangID.self]
    )

    public init() {}

    /// Parses the command line, runs the command and exits, like `main()`, but with every message on standard
    /// error in one form: `census: …` (usage errors too, followed by the usage), so scripts and logs see one
    /// prefix. Help and `--version` go to standard output. Exit status: 0, 1 (an input or the job failed),
    /// 64 (usage).
    public static func runAndExit(_ arguments: [String]? = nil) -> Never {
        // Arguments as bytes: a file name that is not UTF-8 keeps its bytes (PathBytes), so it can be opened.
        let arguments = arguments ?? (1..<Int(CommandLine.argc)).map { k in
            CommandLine.unsafeArgv[k].map { PathBytes.string(UnsafeRawBufferPointer(start: $0, count: strlen($0))) } ?? ""
        }
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            exit(withError: nil)
        } catch {
            let code = exitCode(for: error)
            var message = fullMessage(for: error)
            if code == .success || message.isEmpty { exit(withError: error) }   // help, version, ExitCode(n)
            if message.hasPrefix("Error: ") { message = "census: " + message.dropFirst(7) }
            if !message.hasPrefix("census: ") { message = "census: " + message }
            var err = StandardError()
            err.write(message.hasSuffix("\n") ? message : message + "\n")
            Glibc.exit(code.rawValue)
        }
    }
}
