import Foundation

extension ScarcityReport {
    static func number(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (k, c) in s.reversed().enumerated() {
            if k > 0 && k % 3 == 0 && c != "-" { out.append(",") }
            out.append(c)
        }
        return String(out.reversed())
    }

    static func factor(_ f: Double?) -> String {
        guard let f else { return "∞ (no text)" }
        if f <= 1 { return "reached" }
        return f >= 100 ? "\(number(Int(f.rounded())))×" : String(format: "%.1f×", f)
    }

    /// How far a language is from the target, both ways round: "655,000× more (has 0.00015 % of it)".
    static func need(_ r: Row) -> String {
        guard let f = r.factorToTarget else { return "∞ (no text)" }
        if f <= 1 { return "reached" }
        return "\(factor(f)) more (has \(percent(r.shareOfTarget)))"
    }

    /// A share as a percentage people read: "42 %", "3.5 %", "0.0021 %" (two significant digits below 1 %).
    static func percent(_ share: Double) -> String {
        let p = share * 100
        if p == 0 { return "0 %" }
        if p >= 10 { return String(format: "%.0f %%", p) }
        if p >= 1 { return String(format: "%.1f %%", p) }
        let digits = min(12, 1 - Int(floor(log10(p))))
        return String(format: "%.\(digits)f %%", p)
    }

    /// The row's share of its reference corpus: "12 % of FineWeb-2", or "–".
    static func referenceShare(_ r: Row) -> String {
        guard let ref = r.reference else { return "–" }
        guard let share = r.shareOfReference else { return "– (\(ref.corpus) gives tokens)" }
        return "\(percent(share)) of \(ref.corpus) (\(ScarcityThresholds.words(Double(ref.words ?? 0))))"
    }

    /// `report.md`.
    public func markdown() -> String {
        var out = "# Data scarcity report\n\n"
        out += "Records read: \(Self.number(recordsRead)) = kept \(Self.number(kept)) + exact duplicates "
            + "\(Self.number(exactDuplicates)) + near duplicates \(Self.number(nearDuplicates)) + below quality "
            + "\(Self.number(qualityRemoved)) + rejected "
            + "\(Self.number(rejected.values.reduce(0, +)))" + (accountingHolds ? " ✓" : " (does not add up!)") + "\n\n"
        out += tierExplanation + "\n\n"
        out += "| language | status | tier | words (kept) | documents (kept) | duplicates | vocabulary | word share ÷ speaker share | beside the reference corpus | needs for target |\n"
        out += "|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n"
        for r in rows {
            let ratio = r.shareRatio.map { String(format: "%.2f", $0) } ?? "–"
            out += "| \(Self.cell(r.name)) (\(Self.cell(r.code))) | \(Self.cell(r.euStatus)) | \(r.tier.rawValue) | \(Self.number(r.wordsKept)) | "
                + "\(Self.number(r.documentsKept)) | \(String(format: "%.1f %%", r.duplicateRate * 100)) | "
                + "~\(Self.number(r.vocabularyEstimate)) | \(ratio) | \(Self.cell(Self.referenceShare(r))) | \(Self.need(r)) |\n"
        }
        out += "\nUndetermined (`und`): \(Self.number(undetermined.documents)) documents, \(Self.number(undetermined.words)) words.\n"
        if !rejected.isEmpty {
            out += "Rejected records: " + rejected.sorted { $0.key < $1.key }.map { "\(Self.cell($0.key)) \($0.value)" }.joined(separator: ", ") + ".\n"
        }
        out += usableMarkdown()
        out += trustMarkdown()
        out += tokensMarkdown()
        out += "\n## Accounting\n\nEvery record read is kept, removed as a duplicate, removed by a quality rule or rejected:\n\n"
        out += "| language | documents | = kept | + exact duplicates | + near duplicates | + below quality |\n|---|---:|---:|---:|---:|---:|\n"
        for a in accounting {
            out += "| \(Self.cell(a.code)) | \(Self.number(a.documents)) | \(Self.number(a.kept)) | \(Self.number(a.exactDuplicates)) | \(Self.number(a.nearDuplicates)) | \(Self.number(a.qualityRemoved))\(a.holds ? "" : " (does not add up!)") |\n"
        }
        out += "| rejected (no language) | \(Self.number(rejected.values.reduce(0, +))) | | | | |\n"
        out += "| **all records** | **\(Self.number(recordsRead))** | **\(Self.number(kept))** | **\(Self.number(exactDuplicates))** | **\(Self.number(nearDuplicates))** | **\(Self.number(qualityRemoved))** |\n"
        if !qualityRemovedByRule.isEmpty {
            out += "\nRemoved by quality rule: " + qualityRemovedByRule.sorted { ($1.value, $0.key) < ($0.value, $1.key) }
                .map { "\(Self.cell($0.key)) \(Self.number($0.value))" }.joined(separator: ", ") + ".\n"
        }
        out += "\n## Method\n\n" + methodNotes.map { "- \(Self.cell($0))\n" }.joined()
        return out
    }

    /// The method notes shared by the Markdown and HTML reports.
    var methodNotes: [String] {
        var notes = [
            "Words are Unicode word-segmentation (UAX #29) tokens — letters, numbers, kana, ideographs — after clean-up and \(settings["normalization"] ?? "NFC") normalisation; characters are Unicode scalars; bytes are UTF-8.",
            "Languages come from census's language identifier (`census langid`); documents below confidence \(settings["min_confidence"] ?? "0.5") count as undetermined.",
            "Duplicates: exact = same case-folded words (digits as 0); near = MinHash over word \(settings["ngram"] ?? "5")-grams with \(settings["bands"] ?? "14") bands × \(settings["rows"] ?? "8") rows, a document is removed when it shares its exact key or an LSH band with any earlier document in input order.",
            "Vocabulary: HyperLogLog estimate of distinct case-folded words (relative standard error about \(String(format: "%.1f", (rows.first?.vocabularyStandardError ?? 0.0081) * 100)) %).",
            "Speaker shares: \(speakerSource)",
        ]
        let references = Set(rows.compactMap { $0.reference?.source }).sorted()
        if !references.isEmpty {
            notes.append("Reference corpora (the largest public web corpus of each language, to tell whether a figure is a lot): "
                + references.joined(separator: "; ") + ". Their words are whitespace-separated tokens after their own filters and "
                + "deduplication, ours Unicode words of the kept documents: the share compares orders of magnitude, not exact sizes.")
            var byTier: [ScarcityTier: [String]] = [:]
            for r in rows { if let w = r.reference?.words { byTier[thresholds.tier(w), default: []].append(r.code) } }
            notes.append("The tiers against the reference: by the same thresholds, FineWeb-2 itself is "
                + ScarcityTier.allCases.reversed().compactMap { t in byTier[t].map { "\(t.rawValue) in \($0.sorted().joined(separator: " "))" } }
                    .joined(separator: "; ") + ".")
        }
        if let lf = settings["lang_field"] {
            notes[1] = "Languages come from the input field `\(lf)`."
        } else {
            notes[1] += " Text in a language census does not identify (36 other languages in Latin and Cyrillic script are modelled as one class) is undetermined too. A document surely in one set of close languages (hr/sr/bs, cs/sk, da/nb/nn/sv, es/gl/pt, ca/oc) but below the confidence for any one of them counts as the most likely one of the set."
        }
        return notes
    }

    /// Text from the data (language codes from `--lang-field`, names) for a Markdown table cell or line:
    /// HTML-escaped (Markdown renderers pass raw HTML through), `|` and backslashes escaped, line breaks as
    /// spaces, so it can neither run markup nor break the table.
    static func cell(_ s: String) -> String {
        var out = ""
        for c in escape(s, quotes: false).unicodeScalars {
            switch c {
            case "|": out += "\\|"
            case "\\": out += "\\\\"
            case "`": out += "\\`"
            case "\n", "\r": out += " "
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// HTML-escaped text; quotes too unless `quotes` is false (Markdown text outside attributes: with `<`
    /// escaped no tag can open, so a quote is harmless there and stays readable).
    static func escape(_ s: String, quotes: Bool = true) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where quotes: out += "&quot;"
            case "'" where quotes: out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static let tierColors: [ScarcityTier: String] = [
        .absent: "#7f7f7f", .critical: "#d62728", .scarce: "#ff7f0e", .moderate: "#bcbd22", .rich: "#2ca02c",
    ]

    /// `report.html`: self-contained (inline CSS and SVG, no network).
    /// - Parameters:
    ///   - sampleLinks: per language, a relative link to its sample file.
    ///   - excerpts: per language, the start of one sampled document (corpus text: escaped like all text).
    ///   - qualityExamples: per language and quality rule, the start of a few removed documents (escaped too).
    public func html(sampleLinks: [String: String] = [:], excerpts: [String: String] = [:],
                     qualityExamples: [String: [String: [String]]] = [:]) -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Data scarcity report</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
        table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}
        td:first-child,th:first-child{text-align:left}.tier{padding:1px 6px;border-radius:3px;color:#fff}
        .note{color:#555;font-size:13px}svg text{font-size:11px;font-family:system-ui,sans-serif}
        </style></head><body>
        <h1>Data scarcity report</h1>
        <p class="note">\(Self.escape("Records read \(Self.number(recordsRead)) = kept \(Self.number(kept)) + exact duplicates \(Self.number(exactDuplicates)) + near duplicates \(Self.number(nearDuplicates)) + below quality \(Self.number(qualityRemoved)) + rejected \(Self.number(rejected.values.reduce(0, +)))"))\(accountingHolds ? " ✓" : " — does not add up")</p>
        <p>\(Self.escape(tierExplanation))</p>

        """
        h += chart()
        h += "<h2>Languages</h2>\n<table id=\"languages\"><tr><th>language</th><th>status</th><th>tier</th><th>words kept</th><th>documents kept</th><th>duplicates</th><th>vocabulary</th><th>share ratio</th><th>beside the reference corpus</th><th>needs for target</th><th>sample</th></tr>\n"
        for r in rows {
            let color = Self.tierColors[r.tier] ?? "#999"
            let ratio = r.shareRatio.map { String(format: "%.2f", $0) } ?? "–"
            let sample = sampleLinks[r.code].map { "<a href=\"\(Self.escape($0))\">read</a>" } ?? ""
            h += "<tr><td>\(Self.escape(r.name)) <small>(\(Self.escape(r.code)), \(Self.escape(r.endonym)))</small></td><td>\(Self.escape(r.euStatus))</td>"
                + "<td><span class=\"tier\" style=\"background:\(color)\">\(r.tier.rawValue)</span></td><td>\(Self.number(r.wordsKept))</td>"
                + "<td>\(Self.number(r.documentsKept))</td><td>\(String(format: "%.1f %%", r.duplicateRate * 100))</td>"
                + "<td>~\(Self.number(r.vocabularyEstimate))</td><td>\(ratio)</td><td>\(Self.escape(Self.referenceShare(r)))</td><td>\(Self.escape(Self.need(r)))</td><td>\(sample)</td></tr>\n"
        }
        h += "</table>\n"
        h += usableHTML(qualityExamples)
        h += trustHTML()
        h += tokensHTML()
        h += "<h2>Distributions</h2>\n"
        for r in rows where r.documents > 0 {
            h += "<h3>\(Self.escape(r.name))</h3>\n"
            if let excerpt = excerpts[r.code] { h += "<blockquote class=\"note\">\(Self.escape(excerpt))</blockquote>\n" }
            if !r.topWords.isEmpty {
                h += "<div class=\"note\">top words: " + r.topWords.map { "\(Self.escape($0.word)) (\(Self.number($0.count)))" }.joined(separator: ", ") + "</div>\n"
            }
            if !r.topDomains.isEmpty {
                h += "<div class=\"note\">top sources: " + r.topDomains.map { "\(Self.escape($0.host)) (\(Self.number($0.documents)))" }.joined(separator: ", ") + "</div>\n"
            }
            h += Self.histogram(title: "document length (words, kept)", counts: r.lengthHistogram,
                                labels: (0..<r.lengthHistogram.count).map { LengthBuckets.label($0) })
            h += Self.histogram(title: "language-ID confidence (\(Self.number(r.belowThreshold)) below the threshold)",
                                counts: r.confidenceHistogram, labels: (0..<10).map { String(format: "%.1f", Double($0) / 10) })
        }
        h += "<h2>Accounting</h2>\n<table id=\"accounting\"><tr><th>language</th><th>documents</th><th>= kept</th><th>+ exact duplicates</th><th>+ near duplicates</th><th>+ below quality</th></tr>\n"
        for a in accounting {
            h += "<tr><td>\(Self.escape(a.code))</td><td>\(Self.number(a.documents))</td><td>\(Self.number(a.kept))</td><td>\(Self.number(a.exactDuplicates))</td><td>\(Self.number(a.nearDuplicates))</td><td>\(Self.number(a.qualityRemoved))\(a.holds ? "" : " — does not add up")</td></tr>\n"
        }
        h += "<tr><td>rejected (no language)</td><td>\(Self.number(rejected.values.reduce(0, +)))</td><td></td><td></td><td></td><td></td></tr>\n"
        h += "<tr><th>all records</th><th>\(Self.number(recordsRead))</th><th>\(Self.number(kept))</th><th>\(Self.number(exactDuplicates))</th><th>\(Self.number(nearDuplicates))</th><th>\(Self.number(qualityRemoved))</th></tr>\n</table>\n"
        h += "<h2>Method</h2>\n<ul class=\"note\">\n" + methodNotes.map { "<li>\(Self.escape($0))</li>\n" }.joined() + "</ul>\n</body></html>\n"
        return h
    }

    /// Horizontal log-scale bars of kept words per language, coloured by tier, with the target as a line.
    func chart() -> String {
        let barHeight = 16, left = 170, width = 900
        let height = rows.count * barHeight + 40
        let maxWords = max(thresholds.target * 10, Double(rows.map(\.wordsKept).max() ?? 1))
        let top = log10(maxWords)
        func x(_ words: Double) -> Int { left + Int(Double(width - left - 20) * max(0, log10(max(words, 1))) / top) }
        var s = "<svg id=\"chart\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"words per language, log scale\">\n"
        for (k, r) in rows.enumerated() {
            let y = 20 + k * barHeight
            let color = Self.tierColors[r.tier] ?? "#999"
            s += "<text x=\"\(left - 6)\" y=\"\(y + 12)\" text-anchor=\"end\">\(Self.escape(r.name))</text>"
            s += "<rect class=\"bar\" data-lang=\"\(Self.escape(r.code))\" x=\"\(left)\" y=\"\(y + 2)\" width=\"\(max(1, x(Double(r.wordsKept)) - left))\" height=\"\(barHeight - 4)\" fill=\"\(color)\"><title>\(Self.escape(r.code)): \(Self.number(r.wordsKept)) words</title></rect>\n"
        }
        let tx = x(thresholds.target)
        s += "<line x1=\"\(tx)\" y1=\"14\" x2=\"\(tx)\" y2=\"\(height - 20)\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>"
        s += "<text x=\"\(tx - 4)\" y=\"12\" text-anchor=\"end\">target \(Self.escape(ScarcityThresholds.words(thresholds.target)))</text>\n"
        var decade = 1.0
        while decade <= maxWords {
            s += "<text x=\"\(x(decade))\" y=\"\(height - 4)\" text-anchor=\"middle\" fill=\"#666\">1e\(Int(log10(decade).rounded()))</text>"
            decade *= 100
        }
        return s + "</svg>\n"
    }

    static func histogram(title: String, counts: [Int], labels: [String]) -> String {
        let maxCount = max(1, counts.max() ?? 1)
        let w = 26, h = 60
        var s = "<div class=\"note\">\(escape(title))</div><svg width=\"\(counts.count * w + 10)\" height=\"\(h + 30)\">"
        for (k, c) in counts.enumerated() {
            let bh = Int(Double(h) * Double(c) / Double(maxCount))
            s += "<rect x=\"\(k * w + 5)\" y=\"\(h - bh + 5)\" width=\"\(w - 4)\" height=\"\(bh)\" fill=\"#4c78a8\"><title>\(escape(labels[k])): \(c)</title></rect>"
            if k % 2 == 0 { s += "<text x=\"\(k * w + 5)\" y=\"\(h + 20)\">\(escape(labels[k]))</text>" }
        }
        return s + "</svg>\n"
    }
}
