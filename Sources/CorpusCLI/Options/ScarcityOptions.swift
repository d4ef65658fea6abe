import ArgumentParser
import CorpusStats

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
