/// The report's "Usable text" section: per language the funnel valid → unique → usable (documents and words),
/// what each quality rule removed, and for the HTML report a few removed documents per rule.
extension ScarcityReport {
    /// Languages with documents, in the table's order.
    private var funnelRows: [Row] { rows.filter { $0.documents > 0 } }

    /// The rules that removed most of a language's documents, with their shares of its unique documents.
    static func topRules(_ r: Row, _ count: Int = 3) -> String {
        guard r.qualityRemoved > 0 else { return "–" }
        return r.qualityRemovedByRule.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(count)
            .map { "\($0.key) \(String(format: "%.1f %%", 100 * Double($0.value) / Double(max(1, r.documentsUnique))))" }
            .joined(separator: ", ")
    }

    func usableMarkdown() -> String {
        guard qualityRemoved > 0 || settings["quality"] != nil else { return "" }
        var out = "\n## Usable text\n\nPer language: valid documents (and words) → unique (after deduplication) → usable (after the "
            + "quality rules, \(Self.cell(settings["quality"] ?? "filter"))); the tiers count usable words.\n\n"
        out += "| language | documents valid → unique → usable | words valid → unique → usable | removed by quality (top rules) |\n"
        out += "|---|---:|---:|---|\n"
        for r in funnelRows {
            out += "| \(Self.cell(r.code)) | \(Self.number(r.documents)) → \(Self.number(r.documentsUnique)) → \(Self.number(r.documentsKept)) | "
                + "\(Self.number(r.words)) → \(Self.number(r.wordsUnique)) → \(Self.number(r.wordsKept)) | \(Self.cell(Self.topRules(r))) |\n"
        }
        return out
    }

    func usableHTML(_ examples: [String: [String: [String]]]) -> String {
        guard qualityRemoved > 0 || settings["quality"] != nil else { return "" }
        var h = "<h2>Usable text</h2>\n<p class=\"note\">Valid documents → unique (after deduplication) → usable (after the quality rules); "
            + "the bar shows the usable share of the valid words. The tiers count usable words.</p>\n"
        h += "<table id=\"usable\"><tr><th>language</th><th>documents valid → unique → usable</th><th>words valid → unique → usable</th><th>usable words</th><th>removed by quality (top rules)</th></tr>\n"
        for r in funnelRows {
            let unique = r.words > 0 ? Double(r.wordsUnique) / Double(r.words) : 0
            let usable = r.words > 0 ? Double(r.wordsKept) / Double(r.words) : 0
            let bar = "<svg width=\"160\" height=\"12\"><rect width=\"160\" height=\"12\" fill=\"#eee\"/>"
                + "<rect width=\"\(Int(160 * unique))\" height=\"12\" fill=\"#bcd\"/><rect width=\"\(Int(160 * usable))\" height=\"12\" fill=\"#268\"/></svg>"
            h += "<tr><td>\(Self.escape(r.code))</td><td>\(Self.number(r.documents)) → \(Self.number(r.documentsUnique)) → \(Self.number(r.documentsKept))</td>"
                + "<td>\(Self.number(r.words)) → \(Self.number(r.wordsUnique)) → \(Self.number(r.wordsKept))</td><td>\(bar) \(String(format: "%.0f %%", 100 * usable))</td>"
                + "<td>\(Self.escape(Self.topRules(r)))</td></tr>\n"
        }
        h += "</table>\n"
        for r in funnelRows {
            guard let byRule = examples[r.code], !byRule.isEmpty else { continue }
            h += "<details><summary>\(Self.escape(r.name)): documents the quality rules removed</summary>\n"
            for (rule, texts) in byRule.sorted(by: { $0.key < $1.key }) {
                h += "<h4>\(Self.escape(rule)) (\(Self.number(r.qualityRemovedByRule[rule] ?? 0)))</h4>\n"
                for text in texts { h += "<blockquote class=\"note\">\(Self.escape(text))</blockquote>\n" }
            }
            h += "</details>\n"
        }
        return h
    }
}
