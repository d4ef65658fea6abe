import ArgumentParser
import CorpusPipeline
import LanguageID

/// Options of the language identifier shared by the commands that use it.
struct LanguageIDOptions: ParsableArguments {
    @Option(help: "Answer `und` below this confidence (0 to 1).")
    var minConfidence: Double = LanguageIdentifier.defaultMinConfidence

    @Option(help: "Letters read per text at most (of a long document, half from its start and half from its middle).")
    var maxLetters: Int = LanguageIdentifier.defaultMaxLetters

    @OptionGroup var modelOption: ModelOption

    var model: String? { modelOption.model }

    @Option(help: "Weight of the prior from each language's share of web pages (0: none).")
    var priorStrength: Double = LanguageIdentifier.defaultPriorStrength

    @Option(help: "Letters per span read before a first decision (0: read --max-letters at once).")
    var firstLook: Int = LanguageIdentifier.defaultFirstLook

    @Option(help: "Stop reading after the first look when the best language has this confidence (above 1: never).")
    var earlyConfidence: Double = LanguageIdentifier.defaultEarlyConfidence

    func validate() throws {
        guard firstLook >= 0 else { throw ValidationError("--first-look must not be negative.") }
        guard earlyConfidence >= 0 else { throw ValidationError("--early-confidence must not be negative.") }
        guard priorStrength >= 0 else { throw ValidationError("--prior-strength must not be negative.") }
        guard (0...1).contains(minConfidence) else { throw ValidationError("--min-confidence (\(minConfidence)) must be between 0 and 1.") }
        guard maxLetters > 0 else { throw ValidationError("--max-letters must be positive.") }
    }

    /// The engine's value of these options.
    var settings: LanguageIDSettings {
        var l = LanguageIDSettings()
        l.model = model
        l.minConfidence = minConfidence
        l.maxLetters = maxLetters
        l.priorStrength = priorStrength
        l.firstLook = firstLook
        l.earlyConfidence = earlyConfidence
        return l
    }

    /// The identifier; prints the error and fails when the model cannot be loaded.
    func makeIdentifier() throws -> LanguageIdentifier {
        do { return try settings.makeIdentifier() } catch {
            Diagnostics.error(error.message)
            throw ExitCode.failure
        }
    }
}
