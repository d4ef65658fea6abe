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
        return Self.viewMarkdown("Inputs", intro: Self.cell(inputsIntro), column: "input", rows: rows)
    }

    func inputsHTML() -> String {
        Self.viewHTML("Inputs", id: "inputs", intro: inputsIntro, column: "input", rows: inputGroups.rows)
    }

    /// `inputs.csv`: one row per input and language (`input,language,documents,kept,words_kept`), inputs sorted by
    /// path, languages by kept words; nil when the statistics have no per-input counts.
    public func inputsCSV() -> String? { inputs.map { Self.viewCSV(column: "input", rows: $0) } }

    /// A view's section (inputs, crawls): one row per input or crawl with its language mix; "" without rows.
    static func viewMarkdown(_ title: String, intro: String, column: String, rows: [InputRow]) -> String {
        guard !rows.isEmpty else { return "" }
        var out = "\n## \(title)\n\n" + intro + "\n\n"
        out += "| \(column) | documents | kept | words kept | languages (kept words) |\n|---|---:|---:|---:|---|\n"
        for r in rows {
            out += "| \(cell(r.path)) | \(number(r.documents)) | \(number(r.kept)) | \(number(r.wordsKept)) | \(cell(languageMix(r))) |\n"
        }
        return out
    }

    static func viewHTML(_ title: String, id: String, intro: String, column: String, rows: [InputRow]) -> String {
        guard !rows.isEmpty else { return "" }
        var h = "<h2>\(title)</h2>\n<p class=\"note\">\(prose(intro))</p>\n<table id=\"\(id)\"><tr><th>\(column)</th><th>documents</th><th>kept</th><th>words kept</th><th>languages (kept words)</th></tr>\n"
        for r in rows {
            h += "<tr><td>\(escape(r.path))</td><td>\(number(r.documents))</td><td>\(number(r.kept))</td><td>\(number(r.wordsKept))</td>"
                + "<td style=\"text-align:left\">\(escape(languageMix(r)))</td></tr>\n"
        }
        return h + "</table>\n"
    }

    /// A view as CSV: `COLUMN,language,documents,kept,words_kept`, one row per row and language.
    static func viewCSV(column: String, rows: [InputRow]) -> String {
        var out = "\(column),language,documents,kept,words_kept\n"
        for row in rows {
            for l in row.languages {
                out += "\(csvField(row.path)),\(csvField(l.code)),\(l.documents),\(l.kept),\(l.wordsKept)\n"
            }
        }
        return out
    }
}
