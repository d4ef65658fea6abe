import ArgumentParser
import CorpusStats
import Foundation
import TokenCount

extension TokenCounter.Pattern: ExpressibleByArgument {}

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
    @Option(help: ArgumentHelp("Count LLM tokens per language with this tokenizer: a tiktoken rank file (cl100k_base, gpt2, Whisper's).", valueName: "file"))
    var tokenizer: String?
    @Option(help: "The tokenizer's pre-tokenisation pattern: cl100k or gpt2 (default: cl100k for 100,000 tokens or more, else gpt2).")
    var tokenizerPattern: TokenCounter.Pattern?

    /// The tokenizer, or nil; a file that cannot be read is a usage error.
    func tokenCounter() throws -> TokenCounter? {
        guard let tokenizer else { return nil }
        do { return try TokenCounter(tiktokenFile: tokenizer, pattern: tokenizerPattern) } catch {
            Diagnostics.error((error as? TokenizerFileError)?.description ?? "\(tokenizer): \(error)")
            throw ExitCode(64)
        }
    }

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
