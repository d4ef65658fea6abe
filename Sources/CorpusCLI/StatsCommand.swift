import ArgumentParser
import CorpusPipeline
import CorpusCore
import CorpusIO
import CorpusNormalize
import CorpusStats
import Dedup
import Foundation
import LanguageID

/// A number of words: plain (`1000000000`, `1e9`) or with a decimal suffix, K (thousand), M (million), B or G
/// (billion), T (trillion): `10M`, `2.5B`, `100B`.
struct WordCount: ExpressibleByArgument, Sendable, Equatable {
    var value: Double

    init(_ value: Double) { self.value = value }

    init?(argument: String) {
        var text = argument.uppercased()
        var scale = 1.0
        if let unit = text.last, let factor = ["K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12][String(unit)] {
            scale = factor
            text.removeLast()
        }
        guard let number = Double(text), number.isFinite, number >= 0 else { return nil }
        value = number * scale
    }

    var defaultValueDescription: String {
        for (suffix, factor) in [("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)] where value >= factor && (value / factor).rounded() == value / factor {
            return "\(Int(value / factor))\(suffix)"
        }
        return value.rounded() == value && value < 1e15 ? "\(Int(value))" : "\(value)"
    }
}

/// Options of the scarcity analysis, shared by `census stats` and `census report`.
struct ScarcityOptions: ParsableArguments {
    @Option(name: .customLong("target-words"), help: "Words each language should reach (the report's target; K, M, B suffixes).")
    var target = WordCount(1e9)
    @Option(name: .customLong("critical-words"), help: "Below this many words (after deduplication) a language is critical.")
    var critical = WordCount(10e6)
    @Option(name: .customLong("scarce-words"), help: "Below this many words a language is scarce.")
    var scarce = WordCount(1e9)
    @Option(name: .customLong("moderate-words"), help: "Below this many words a language is moderate; at or above, rich.")
    var moderate = WordCount(100e9)

    var targetWords: Double { target.value }
    var criticalWords: Double { critical.value }
    var scarceWords: Double { scarce.value }
    var moderateWords: Double { moderate.value }

    func validate() throws {
        guard 0 < criticalWords, criticalWords <= scarceWords, scarceWords <= moderateWords else {
            throw ValidationError("Thresholds must grow: 0 < --critical-words <= --scarce-words <= --moderate-words.")
        }
        guard targetWords > 0 else { throw ValidationError("--target-words must be positive.") }
    }

    var thresholds: ScarcityThresholds {
        var t = ScarcityThresholds()
        t.critical = criticalWords
        t.scarce = scarceWords
        t.moderate = moderateWords
        t.target = targetWords
        return t
    }
}

/// `census stats`: per-language statistics and the scarcity report, without writing documents.
struct Stats: ParsableCommand, CorpusJob {
    static let configuration = CommandConfiguration(
        abstract: "Compute per-language statistics and the EU data-scarcity report.",
        discussion: """
        `census run` without writing documents: for every document, clean-up and normalisation, language \
        (census's identifier, or --lang-field), words, characters, bytes, lines, vocabulary (HyperLogLog), top words \
        (Count-Min), confidence, script, and exact/near duplicates (decided as `census run` decides them). Writes \
        DIR/report/report.{json,csv,md,html}, DIR/samples/<lang>.jsonl (--samples per language, chosen reproducibly \
        from --seed among kept documents) and DIR/state/stats.json, from which `census report DIR` re-renders the \
        report with other thresholds.
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var normalization: NormalizationOptions
    @OptionGroup var identification: LanguageIDOptions
    @OptionGroup var dedup: DedupOptions
    @OptionGroup var scarcity: ScarcityOptions
    @OptionGroup var job: JobOptions

    func run() throws {
        let expansion = input.expand()
        let expandErrors = expansion.errors
        // A run never reads its own outputs (an --out inside an input folder).
        let (sources, insideOut) = OutputFolder.excludingOutputs(expansion.sources, of: out)
        if insideOut > 0 && !input.quiet {
            Diagnostics.error("note: passed over \(insideOut) files inside the output folder \(out)")
        }
        let dedupConfiguration = dedup.configuration(seed: seed)
        var configuration = OrderedStage.Configuration(out: out)
        configuration.events = { if case .problem(let line) = $0 { Diagnostics.error(line) } }
        configuration.writeData = false
        configuration.samples = samples
        configuration.maxLanguages = job.maxLanguages
        configuration.maxMessages = input.maxMessages
        configuration.quiet = input.quiet
        configuration.settings = methodSettings
        try OutputFolder.claim(out)
        let engine = OrderedStage(configuration: configuration, sources: sources, dedup: dedupConfiguration)
        for error in expandErrors { engine.note(error) }
        let pipeline = try makePipeline(sources, buildRecords: false)
        try pipeline.run(inputs: engine.inputs, from: 0) { try engine.consume($0) }
        try engine.finish(thresholds: scarcity.thresholds)
        let stats = engine.currentStatistics
        if !input.quiet {
            Diagnostics.error("stats: \(stats.recordsRead) records, \(stats.keptDocuments) kept, \(stats.exactDuplicates) exact and \(stats.nearDuplicates) near duplicates, \(stats.rejectedRecords) rejected -> \(out.hasSuffix("/") ? out : out + "/")report")
        }
        if stats.failedInputs > 0 { throw ExitCode.failure }
    }
}

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

    static func load(_ folder: String) throws -> CorpusStatistics {
        let path = folder + "/state/stats.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            Diagnostics.error("\(path): cannot read the saved statistics")
            throw ExitCode.failure
        }
        do {
            let body = try StateFile.unseal([UInt8](data), name: "statistics", path: path)
            return try JSONDecoder().decode(CorpusStatistics.self, from: Data(body))
        } catch let error as InputError {
            Diagnostics.error(error.description)
            throw ExitCode.failure
        } catch {
            Diagnostics.error(StateFile.damaged(path, "not census statistics").description)
            throw ExitCode.failure
        }
    }

    func run() throws {
        var stats: CorpusStatistics
        if merge.isEmpty {
            stats = try Self.load(directory)
        } else {
            stats = CorpusStatistics()
            for folder in merge { stats.merge(try Self.load(folder)) }
            try saveStatistics(stats, in: directory)
        }
        try writeReport(stats, to: directory, thresholds: scarcity.thresholds)
    }
}

