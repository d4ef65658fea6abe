import CorpusPipeline
import ArgumentParser
import CorpusCore
import CorpusIO
import CorpusNormalize
import Foundation
import LanguageID

/// `census languages`: the supported languages.
struct Languages: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the languages census knows: codes, names, scripts, EU status.",
        discussion: "A tab-separated table with a header line; in_model says whether the language model identifies it, training_data what the model learned it from (megabytes and register: prose, manuals, interface strings, word lists)."
    )

    @OptionGroup var modelOption: ModelOption

    var model: String? { modelOption.model }

    func run() throws {
        let known = Set((try? (model.map { try LanguageModel(contentsOf: $0) } ?? LanguageModel.bundled.get()))?.languages ?? [])
        let out = Output()
        out.append("code\tiso639_3\tname\tendonym\tscripts\teu_status\tin_model\ttraining_data\n")
        for l in LanguageRegistry.all {
            out.append("\(l.code)\t\(l.iso639_3)\t\(l.name)\t\(l.endonym)\t\(l.scripts.joined(separator: ","))\t\(l.euStatus.rawValue)\t\(known.contains(l.code) ? "yes" : "no")\t\(l.trainingData?.summary ?? "-")\n")
        }
        out.flush()
    }
}
