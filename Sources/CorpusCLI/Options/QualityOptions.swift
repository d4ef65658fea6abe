import ArgumentParser
import CorpusPipeline
import CorpusQuality
import Foundation

extension QualityMode: ExpressibleByArgument {}

/// The quality rules of `census run` and `census stats`.
struct QualityOptions: ParsableArguments {
    @Option(help: "Quality rules (Gopher, FineWeb, C4) after deduplication: filter (remove failing documents), annotate (write their signals into the metadata) or off.")
    var quality: QualityMode = .filter
    @Option(help: ArgumentHelp("Per-language thresholds overriding the defaults: lines of LANGUAGE KEY VALUE (`*` for every language).", valueName: "file"))
    var qualityConfig: String?

    /// The thresholds; a file that cannot be read or used is a usage error.
    func configuration() throws -> QualityConfiguration {
        guard let path = qualityConfig else { return QualityConfiguration() }
        guard let data = FileManager.default.contents(atPath: path) else {
            Diagnostics.error("\(path): cannot read the quality configuration")
            throw ExitCode(64)
        }
        do { return try QualityConfiguration(parsing: String(decoding: data, as: UTF8.self), source: path) } catch {
            Diagnostics.error(error.description)
            throw ExitCode(64)
        }
    }
}
