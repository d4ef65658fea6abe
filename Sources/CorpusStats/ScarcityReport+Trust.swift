/// The report's "Trust" section: per language, how sure the identifier was of its documents, what it confused
/// them with, how many were counted through the close-set rule, and what the model learned the language from.
extension ScarcityReport {
    /// Languages with documents, in the table's order.
    private var trustRows: [Row] { rows.filter { $0.documents > 0 } }

    /// "sr 12 %, bs 3 %" of a row's runners-up, or "–".
    static func confusions(_ r: Row) -> String {
        guard !r.runnersUp.isEmpty, r.documents > 0 else { return "–" }
        return r.runnersUp.map { "\($0.code) \(percent(Double($0.documents) / Double(r.documents)))" }.joined(separator: ", ")
    }

    private var trustIntro: String {
        let threshold = settings["min_confidence"] ?? "0.5"
        return "How far to trust each language's figure. Near the threshold: documents identified with a confidence below "
            + "\(threshold) + 0.1 (the decile holding the threshold and those under it). Lost to und: documents whose best guess "
            + "was this language but below the threshold (counted as undetermined). Contested by: the identifier's second choice "
            + "where it had at least 5 % confidence, as a share of the language's documents; a large share marks a close "
            + "language the figure may include (or lose documents to). "
            + "Decided in set: documents surely in the language's set of close languages (hr/sr/bs, cs/sk, da/nb/nn/sv, "
            + "es/gl/pt, ca/oc) but below the threshold for any one member, counted as the most likely one rather than lost."
    }

    func trustMarkdown() -> String {
        guard settings["lang_field"] == nil, !trustRows.isEmpty else { return "" }
        var out = "\n## Trust\n\n" + Self.cell(trustIntro) + "\n\n"
        out += "| language | documents | near the threshold | lost to und | contested by | decided in set | the model learned it from |\n"
        out += "|---|---:|---:|---:|---|---:|---|\n"
        for r in trustRows {
            out += "| \(Self.cell(r.code)) | \(Self.number(r.documents)) | \(Self.number(r.nearThreshold)) (\(Self.percent(r.nearThresholdShare))) | "
                + "\(Self.number(r.belowThreshold)) | \(Self.cell(Self.confusions(r))) | \(r.decidedInSet.map(Self.number) ?? "–") | "
                + "\(Self.cell(r.modelData ?? "–")) |\n"
        }
        return out
    }

    func trustHTML() -> String {
        guard settings["lang_field"] == nil, !trustRows.isEmpty else { return "" }
        var h = "<h2>Trust</h2>\n<p class=\"note\">\(Self.escape(trustIntro))</p>\n"
        h += "<table id=\"trust\"><tr><th>language</th><th>documents</th><th>near the threshold</th><th>lost to und</th><th>contested by</th><th>decided in set</th><th>the model learned it from</th></tr>\n"
        for r in trustRows {
            h += "<tr><td>\(Self.escape(r.code))</td><td>\(Self.number(r.documents))</td><td>\(Self.number(r.nearThreshold)) (\(Self.escape(Self.percent(r.nearThresholdShare))))</td>"
                + "<td>\(Self.number(r.belowThreshold))</td><td>\(Self.escape(Self.confusions(r)))</td><td>\(r.decidedInSet.map(Self.number) ?? "–")</td>"
                + "<td>\(Self.escape(r.modelData ?? "–"))</td></tr>\n"
        }
        return h + "</table>\n"
    }
}
