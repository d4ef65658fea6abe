/// The report's "Speakers" section: per language with a speaker figure, its L1 and L1 + L2 speakers in the EU,
/// its shares of the official languages' speakers by both counts, and its word share over each.
extension ScarcityReport {
    private var speakerRows: [Row] { rows.filter { $0.euSpeakersMillions != nil } }

    private var speakersIntro: String {
        "Word share ÷ speaker share: a language's share of the kept words over its share of the EU's speakers of the "
            + "official languages; below 1 it has less text than its speakers would suggest. Two counts of speakers: L1 "
            + "(mother tongue) and L1 + L2 (also those who hold a conversation in it as a foreign language). English's L1 + L2 "
            + "share is far larger than its L1 share, so its L1 ratio overstates how over-represented it is. The languages "
            + "table shows the L1 ratio; neither ratio sorts the tables: rows sort by tier, then kept words. Regional and "
            + "neighbour languages show their speakers but no ratio (their speakers are not counted in the shares)."
    }

    private static func millions(_ m: Double?) -> String {
        guard let m else { return "–" }
        return m >= 10 ? String(format: "%.0f M", m) : m >= 1 ? String(format: "%.1f M", m) : String(format: "%.3g M", m)
    }

    private static func ratio(_ v: Double?) -> String { v.map { String(format: "%.2f", $0) } ?? "–" }

    private func cells(_ r: Row) -> [String] {
        [r.code, Self.millions(r.euSpeakersMillions), Self.millions(r.euSpeakersL1L2Millions), Self.percent(r.wordShare),
         r.speakerShare.map(Self.percent) ?? "–", Self.ratio(r.shareRatio),
         r.speakerShareL1L2.map(Self.percent) ?? "–", Self.ratio(r.shareRatioL1L2)]
    }

    private static let speakerHeader = ["language", "L1 speakers", "L1 + L2 speakers", "word share", "L1 share", "word share ÷ L1 share",
                                        "L1 + L2 share", "word share ÷ L1 + L2 share"]

    func speakersMarkdown() -> String {
        guard !speakerRows.isEmpty else { return "" }
        var out = "\n## Speakers\n\n" + Self.cell(speakersIntro) + "\n\n"
        out += "| " + Self.speakerHeader.joined(separator: " | ") + " |\n|---|---:|---:|---:|---:|---:|---:|---:|\n"
        for r in speakerRows { out += "| " + cells(r).map(Self.cell).joined(separator: " | ") + " |\n" }
        return out
    }

    func speakersHTML() -> String {
        guard !speakerRows.isEmpty else { return "" }
        var h = "<h2>Speakers</h2>\n<p class=\"note\">\(Self.escape(speakersIntro))</p>\n<table id=\"speakers\"><tr>"
        h += Self.speakerHeader.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr>\n"
        for r in speakerRows { h += "<tr>" + cells(r).map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n" }
        return h + "</table>\n"
    }
}
