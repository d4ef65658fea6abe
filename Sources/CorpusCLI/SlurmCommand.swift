import CorpusPipeline
import ArgumentParser
import CorpusIO
import Foundation

/// `census slurm`: writes (and optionally submits) a Slurm job array of shards and a dependent merge job.
struct Slurm: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a Slurm job array that runs census over N shards, and a merge job that waits for it.",
        discussion: """
        Writes DIR/slurm/shards.sbatch (an array of --tasks tasks; task I runs `census run --shard I/N --resume \
        --out DIR INPUT...` with every other option given here), DIR/slurm/merge.sbatch (`census merge DIR \
        --resume`, submitted with --dependency=afterok on the array) and DIR/slurm/submit.sh, which submits both. \
        Logs go to DIR/logs/. With --submit, census submits them itself and prints the two job ids.

        A failed task is run again alone with `sbatch --array=I DIR/slurm/shards.sbatch`: it continues from its \
        last checkpoint (--resume), and a finished task exits at once. Then submit merge.sbatch again.
        The scripts call this census executable by its absolute path and run in the current folder, so paths \
        given here stay valid on the compute nodes when they share the file system.
        """
    )

    @OptionGroup var output: OutputOption
    @Option(help: "Shards (array tasks).")
    var tasks: Int
    @Option(help: "Slurm partition.")
    var partition: String?
    @Option(help: "Time limit of each task and of the merge (Slurm format, e.g. 2:00:00).")
    var time: String?
    @Option(help: "Memory of each task and of the merge (Slurm format, e.g. 4G).")
    var mem: String?
    @Option(help: "CPUs of each task (its --threads unless given).")
    var cpus: Int?
    @Option(help: "Slurm account.")
    var account: String?
    @Option(help: "Key-sorting memory of the merge (census merge --memory).")
    var mergeMemory = ByteSize(bytes: 1 << 30)
    @Flag(help: "Submit the jobs with sbatch and print their ids.")
    var submit = false
    @Argument(parsing: .allUnrecognized, help: "Inputs and `census run` options (--samples, --threads, ...).")
    var runArguments: [String] = []

    func validate() throws {
        guard tasks >= 1 else { throw ValidationError("--tasks must be at least 1.") }
        // Values that go into #SBATCH lines: one line each, no quote that could end the quoting.
        for (name, value) in [("--partition", partition), ("--time", time), ("--mem", mem), ("--account", account)] {
            if let value, value.isEmpty || value.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" || $0 == "\\" }) {
                throw ValidationError("\(name) must be one word (no spaces, quotes or line breaks).")
            }
        }
        for (name, path) in [("--out", out), ("the current folder", FileManager.default.currentDirectoryPath)] where path.contains(where: { $0.isNewline || $0 == "\"" }) {
            throw ValidationError("\(name) must not contain a line break or a double quote (Slurm's #SBATCH lines cannot hold them).")
        }
        if let c = cpus, c < 1 { throw ValidationError("--cpus must be at least 1.") }
        // The task command must parse (inputs and options), or every task would fail later; census slurm sets
        // --out, --shard and --resume itself (an --out given here would come after, and win).
        let task = try Self.taskCommand(runArguments, out: out)
        if task.job.out != out || task.shard != nil || task.restart.resume || task.restart.force {
            throw ValidationError("--out, --shard, --resume and --force are set by census slurm itself.")
        }
    }

    var out: String { output.out }

    /// The `census run` options of the tasks, parsed as `census run` parses them.
    static func taskCommand(_ arguments: [String], out: String) throws -> Run {
        do { return try Run.parse(["--out", out] + arguments) } catch {
            throw ValidationError("run options: \(Run.message(for: error))")
        }
    }

    /// Single-quotes a word for a POSIX shell.
    static func quote(_ s: String) -> String {
        if !s.isEmpty && s.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0)) }) { return s }
        return "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    static var executable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }

    /// A path for an #SBATCH line: as it is when plain, else in double quotes (sbatch reads them; validate()
    /// refused paths with a double quote or a line break).
    static func sbatchValue(_ path: String) -> String {
        path.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_./=:,+@%".contains($0)) }) ? path : "\"" + path + "\""
    }

    func headers(name: String, output: String) -> [String] {
        var lines = ["#SBATCH --job-name=\(name)", "#SBATCH --output=\(Self.sbatchValue(output))",
                     "#SBATCH --chdir=\(Self.sbatchValue(FileManager.default.currentDirectoryPath))"]
        if let partition { lines.append("#SBATCH --partition=\(partition)") }
        if let time { lines.append("#SBATCH --time=\(time)") }
        if let mem { lines.append("#SBATCH --mem=\(mem)") }
        if let account { lines.append("#SBATCH --account=\(account)") }
        return lines
    }

    func run() throws {
        let dir = URL(fileURLWithPath: out).standardizedFileURL.path
        let scripts = dir + "/slurm", logs = dir + "/logs"
        try OutputFiles.makeDirectories(scripts)
        try OutputFiles.makeDirectories(logs)
        let census = Self.quote(Self.executable)
        var taskArguments = runArguments
        if try Self.taskCommand(runArguments, out: out).job.threading.threads == nil {
            taskArguments += ["--threads", cpus.map(String.init) ?? "${SLURM_CPUS_PER_TASK:-1}"]
        }
        let quoted = taskArguments.map { $0.hasPrefix("${SLURM") ? "\"\($0)\"" : Self.quote($0) }.joined(separator: " ")

        var shards = ["#!/bin/bash"] + headers(name: "census-shard", output: logs + "/shard-%A_%a.out")
        shards.append("#SBATCH --array=0-\(tasks - 1)")
        if let cpus { shards.append("#SBATCH --cpus-per-task=\(cpus)") }
        shards += ["# Shard I of \(tasks) of a census run; continues from its checkpoint when run again.", "set -euo pipefail",
                   "exec \(census) run --progress --shard \"${SLURM_ARRAY_TASK_ID}/\(tasks)\" --resume --out \(Self.quote(dir)) \(quoted)", ""]
        var merge = ["#!/bin/bash"] + headers(name: "census-merge", output: logs + "/merge-%j.out")
        merge += ["# Merges the \(tasks) shards into \(dir)/data, report, samples.", "set -euo pipefail",
                  "exec \(census) merge --resume --memory \(mergeMemory.bytes) \(Self.quote(dir))", ""]
        let submitScript = """
        #!/bin/bash
        # Submits the shards and the merge that waits for them; prints the two job ids.
        set -euo pipefail
        shards=$(sbatch --parsable \(Self.quote(scripts + "/shards.sbatch")))
        merge=$(sbatch --parsable --dependency=afterok:"${shards%%;*}" --kill-on-invalid-dep=yes \(Self.quote(scripts + "/merge.sbatch")))
        echo "shards ${shards%%;*} merge ${merge%%;*}"

        """
        for (name, text) in [("shards.sbatch", shards.joined(separator: "\n")), ("merge.sbatch", merge.joined(separator: "\n")),
                             ("submit.sh", submitScript)] {
            let path = scripts + "/" + name
            try writeDurably(Data(text.utf8), to: path)
            chmod(path, 0o755)
        }
        guard submit else {
            print("wrote \(scripts)/shards.sbatch, merge.sbatch and submit.sh; submit with: bash \(Self.quote(scripts + "/submit.sh"))")
            return
        }
        let shardJob = try Self.sbatch([scripts + "/shards.sbatch"])
        let mergeJob = try Self.sbatch(["--dependency=afterok:\(shardJob)", "--kill-on-invalid-dep=yes", scripts + "/merge.sbatch"])
        print("shards \(shardJob) merge \(mergeJob)")
    }

    /// Runs `sbatch --parsable ARGS` and returns the job id.
    static func sbatch(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sbatch", "--parsable"] + arguments
        let pipe = Pipe(), errors = Pipe()
        process.standardOutput = pipe
        process.standardError = errors
        do { try process.run() } catch {
            Diagnostics.error("cannot run sbatch (\(error)); is Slurm installed and SLURM_CONF set?")
            throw ExitCode.failure
        }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0, let id = output.split(separator: ";").first?.trimmingCharacters(in: .whitespacesAndNewlines), !id.isEmpty else {
            Diagnostics.error("sbatch failed: \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
            throw ExitCode.failure
        }
        return id
    }
}
