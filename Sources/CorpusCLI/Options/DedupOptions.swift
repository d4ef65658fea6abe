import ArgumentParser
import Dedup

/// Settings of near-duplicate detection shared by `census run` and `census stats`.
struct DedupOptions: ParsableArguments {
    @Option(help: "Words per shingle (MinHash).")
    var ngram = 5
    @Option(help: "LSH bands.")
    var bands = 14
    @Option(help: "Hash values per band.")
    var rows = 8

    func validate() throws {
        guard ngram >= 1 else { throw ValidationError("--ngram must be at least 1.") }
        guard bands >= 1, rows >= 1, bands * rows <= 4096 else {
            throw ValidationError("--bands (\(bands)) times --rows (\(rows)) must be between 1 and 4096.")
        }
    }

    func configuration(seed: UInt64) -> DedupConfiguration {
        var c = DedupConfiguration()
        c.ngram = ngram
        c.bands = bands
        c.rows = rows
        c.seed = seed
        return c
    }
}
