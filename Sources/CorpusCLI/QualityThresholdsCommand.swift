import ArgumentParser
import CorpusPipeline
import CorpusQuality
import LanguageID

/// `census quality-thresholds`: the quality thresholds each language gets, and where they come from.
struct QualityThresholdsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quality-thresholds",
        abstract: "Print the quality thresholds of each language (defaults and --quality-config overrides).",
        discussion: """
        A tab-separated table: language, key, value, source; keys are those of a --quality-config file \
        (datatrove's parameter names), 0 means the rule is off. Without languages, every language census knows.
        """
    )

    @Argument(help: "Language codes (default: all).")
    var languages: [String] = []
    @OptionGroup var qualityOptions: QualityOptions

    func run() throws {
        let configuration = try qualityOptions.configuration()
        let out = Output()
        out.append("lang\tkey\tvalue\tsource\n")
        for code in languages.isEmpty ? LanguageRegistry.all.map(\.code) : languages {
            let t = configuration.thresholds(for: code)
            for (key, value) in t.settings { out.append("\(code)\t\(key)\t\(value)\t\(t.source)\n") }
        }
        out.flush()
    }
}
