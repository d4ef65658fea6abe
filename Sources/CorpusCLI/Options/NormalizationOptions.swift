import ArgumentParser
import CorpusNormalize
import CorpusPipeline

/// Clean-up and normalisation options shared by the commands that look at text.
struct NormalizationOptions: ParsableArguments {
    @Option(name: [.customLong("normalize"), .customLong("form")],
            help: "Normalisation: nfc, nfkc, nfkc-casefold or none.")
    var form: NormalizationForm = .nfc

    @Flag(help: "Keep C0/C1 control characters (default: strip all but tab and newline).")
    var keepControls = false

    @Flag(help: "Keep CR, CR LF, VT, FF, NEL, U+2028, U+2029 as they are (default: fold them to \\n).")
    var keepLineBreaks = false

    @Flag(help: "Keep runs of horizontal white space (default: collapse each run to one space).")
    var keepSpaces = false

    /// The engine's value of these options.
    var settings: TextOptions {
        var t = TextOptions()
        t.form = form
        t.keepControls = keepControls
        t.keepLineBreaks = keepLineBreaks
        t.keepSpaces = keepSpaces
        return t
    }

    func makeNormalizer() -> TextNormalizer { settings.makeNormalizer() }
}
