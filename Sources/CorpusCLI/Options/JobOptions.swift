import ArgumentParser
import CorpusPipeline
import Foundation

/// Worker threads of the commands that run the parallel stage (`census run`, `stats`, `dedup`).
struct ThreadOptions: ParsableArguments {
    @Option(help: "Worker threads (default: the CPUs this process may use: affinity and cgroup quota).")
    var threads: Int?

    func validate() throws {
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1.") }
    }
}

/// The seed of the commands that sample or sketch.
struct SeedOptions: ParsableArguments {
    @Option(help: "Seed of the samples and of the MinHash functions.")
    var seed: UInt64 = 1
}

/// The output folder, language source, samples, seed and threads of `census run` and `census stats`.
struct JobOptions: ParsableArguments {
    @OptionGroup var output: OutputOption
    @Option(help: "Take the language from this JSONL field instead of identifying it.")
    var langField: String?
    @Option(help: "Documents to sample per language for reading.")
    var samples = 20
    @OptionGroup var seeding: SeedOptions
    @OptionGroup var threading: ThreadOptions
    @Option(help: "Statistics rows for language values census does not know (from --lang-field); the others share the row _other.")
    var maxLanguages = 1000

    var out: String { output.out }

    func validate() throws {
        guard samples >= 0 else { throw ValidationError("--samples must not be negative.") }
        if let langField, langField.isEmpty { throw ValidationError("--lang-field must not be empty.") }
        guard (1...100_000).contains(maxLanguages) else { throw ValidationError("--max-languages must be between 1 and 100000.") }
    }
}

/// What `census run` and `census stats` share: the options that shape the statistics.
protocol CorpusJob {
    var input: InputOptions { get }
    var normalization: NormalizationOptions { get }
    var identification: LanguageIDOptions { get }
    var dedup: DedupOptions { get }
    var scarcity: ScarcityOptions { get }
    var tokens: TokenizerOptions { get }
    var qualityOptions: QualityOptions { get }
    var job: JobOptions { get }
}

extension CorpusJob {
    /// The engine's options of this command line (a quality configuration that cannot be used: exit 64).
    func runOptions() throws -> RunOptions {
        var options = input.runOptions(out: job.out)
        options.text = normalization.settings
        options.languageID = identification.settings
        options.dedup = dedup.configuration(seed: job.seeding.seed)
        options.languageField = job.langField
        options.seed = job.seeding.seed
        options.threads = job.threading.threads
        options.samples = job.samples
        options.maxLanguages = job.maxLanguages
        options.thresholds = scarcity.thresholds
        options.quality = qualityOptions.quality
        options.qualityConfiguration = try qualityOptions.configuration()
        if let counter = try tokens.tokenCounter() {
            options.tokenizer = counter
            options.tokenizerName = URL(fileURLWithPath: tokens.tokenizer ?? "").lastPathComponent + " (\(counter.pattern.rawValue), \(counter.vocabularySize) tokens)"
        }
        return options
    }
}
