import ArgumentParser
import CorpusPipeline

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
    @OptionGroup var tokens: TokenizerOptions
    @OptionGroup var qualityOptions: QualityOptions
    @OptionGroup var job: JobOptions

    func run() throws {
        var options = try runOptions()
        options.writeDocuments = false
        let summary = try EngineCall.run { events throws(PipelineError) in try CorpusRun(options).run(events: events) }
        let stats = summary.statistics
        if !input.quiet {
            let out = job.out
            Diagnostics.error("stats: \(stats.recordsRead) records, \(stats.keptDocuments) kept, \(stats.exactDuplicates) exact and \(stats.nearDuplicates) near duplicates, \(stats.qualityRemoved) below quality, \(stats.rejectedRecords) rejected -> \(out.hasSuffix("/") ? out : out + "/")report")
        }
        if stats.failedInputs > 0 { throw ExitCode.failure }
    }
}
