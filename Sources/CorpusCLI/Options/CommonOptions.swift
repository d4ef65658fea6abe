import ArgumentParser
import CorpusPipeline

/// The output folder of `census run`, `stats`, `dedup` and `slurm`.
struct OutputOption: ParsableArguments {
    @Option(help: "Output folder.")
    var out: String

    func validate() throws {
        if let problem = OutputFolder.problem(with: out) { throw ValidationError(problem) }
    }
}

/// What `census run` and `census merge` do with the outputs an earlier run left in DIR.
struct StartOptions: ParsableArguments {
    @Flag(help: "Continue the interrupted run or merge in DIR (same inputs and options).")
    var resume = false
    @Flag(help: "Start over: delete the outputs census wrote in DIR first.")
    var force = false

    func validate() throws {
        if resume && force { throw ValidationError("--resume and --force exclude each other.") }
    }

    var start: RunStart { resume ? .resume : (force ? .replace : .new) }
}

/// `--quiet`, of every command that streams inputs or merges.
struct QuietOption: ParsableArguments {
    @Flag(help: "Print nothing on standard error but failures.")
    var quiet = false
}

/// The language model of the commands that identify or list languages.
struct ModelOption: ParsableArguments {
    @Option(help: "A language model file (default: the one built into census).")
    var model: String?
}
