/// The report's "Inputs" section: per input (or, past ``maxInputRows`` inputs, per folder of inputs) its
/// documents, kept documents and words, and the languages of its kept words; and `inputs.csv`, the whole
/// input × language table for machines.
extension ScarcityReport {
    /// Inputs listed one by one in the Markdown and HTML reports; more are grouped by their folder.
    static let maxInputRows = 100

    /// The rows shown: inputs, or their folders when there are too many (report.json and inputs.csv keep every input).
    package var inputGroups: (rows: [InputRow], grouped: Bool) {
        guard let inputs, !inputs.isEmpty else { return ([], false) }
        guard inputs.count > Self.maxInputRows else { return (inputs, false) }
        var byFolder: [String: [String: InputLanguage]] = [:]
        for input in inputs {
            let folder = input.path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/") + "/"
            for l in input.languages {
                var c = byFolder[folder, default: [:]][l.code] ?? InputLanguage(code: l.code, documents: 0, kept: 0, wordsKept: 0)
                c.documents += l.documents
                c.kept += l.kept
                c.wordsKept += l.wordsKept
                byFolder[folder, default: [:]][l.code] = c
            }
        }
        let rows = byFolder.sorted { $0.key < $1.key }.map { folder, languages in
            let ls = languages.values.sorted { ($1.wordsKept, $0.code) < ($0.wordsKept, $1.code) }
            return InputRow(path: folder, documents: ls.reduce(0) { $0 + $1.documents }, kept: ls.reduce(0) { $0 + $1.kept },
                            wordsKept: ls.reduce(0) { $0 + $1.wordsKept }, languages: ls)
        }
        return (rows, true)
    }

    /// "de 45 %, fr 30 %, en 12 %, +3 more" of an input's kept words.
    static func languageMix(_ r: InputRow, _ count: Int = 5) -> String {
        guard r.wordsKept > 0 else { return "–" }
        let shown = r.languages.filter { $0.wordsKept > 0 }
        let parts = shown.prefix(count).map { "\($0.code) \(percent(Double($0.wordsKept) / Double(r.wordsKept)))" }
        return parts.joined(separator: ", ") + (shown.count > count ? ", +\(shown.count - count) more" : "")
    }

    private var inputsIntro: String {
        let (rows, grouped) = inputGroups
        return "Per input: documents identified, kept (after deduplication and the quality rules) and their words, and "
            + "the languages of the kept words (largest first). "
            + (grouped ? "The run read \(Self.number(inputs?.count ?? 0)) inputs, listed here by folder (\(Self.number(rows.count)) folders); " : "")
            + "report.json (its inputs list) and inputs.csv hold every input × language."
    }

    func inputsMarkdown() -> String {
        let (rows, _) = inputGroups
        guard !rows.isEmpty else { return "" }
        var out = "\n## Inputs\n\n" + Self.cell(inputsIntro) + "\n\n"
        out += "| input | documents | kept | words kept | languages (kept words) |\n|---|---:|---:|---:|---|\n"
        for r in rows {
            out += "| \(Self.cell(r.path)) | \(Self.number(r.documents)) | \(Self.number(r.kept)) | \(Self.number(r.wordsKept)) | \(Self.cell(Self.languageMix(r))) |\n"
        }
        return out
    }

    func inputsHTML() -> String {
        let (rows, _) = inputGroups
        guard !rows.isEmpty else { return "" }
        var h = "<h2>Inputs</h2>\n<p class=\"note\">\(Self.prose(inputsIntro))</p>\n<table id=\"inputs\"><tr><th>input</th><th>documents</th><th>kept</th><th>words kept</th><th>languages (kept words)</th></tr>\n"
        for r in rows {
            h += "<tr><td>\(Self.escape(r.path))</td><td>\(Self.number(r.documents))</td><td>\(Self.number(r.kept))</td><td>\(Self.number(r.wordsKept))</td>"
                + "<td style=\"text-align:left\">\(Self.escape(Self.languageMix(r)))</td></tr>\n"
        }
        return h + "</table>\n"
    }

    /// `inputs.csv`: one row per input and language (`input,language,documents,kept,words_kept`), inputs sorted by
    /// path, languages by kept words; nil when the statistics have no per-input counts.
    public func inputsCSV() -> String? {
        guard let inputs else { return nil }
        var out = "input,language,documents,kept,words_kept\n"
        for input in inputs {
            for l in input.languages {
                out += "\(Self.csvField(input.path)),\(Self.csvField(l.code)),\(l.documents),\(l.kept),\(l.wordsKept)\n"
            }
        }
        return out
    }
}
