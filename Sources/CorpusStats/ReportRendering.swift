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
        out += "| language | status | tier | words (kept) | documents (kept) | duplicates | vocabulary | word share ÷ L1 speaker share | beside the reference corpus | needs for target |\n"
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
        out += speakersMarkdown()
        out += trustMarkdown()
        out += tokensMarkdown()
        out += inputsMarkdown()
        out += crawlsMarkdown()
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

    /// Embedded sample texts are cut at this many characters.
    public static let embeddedSampleCharacters = 2_000

    /// The start of a text: at most `limit` characters, "…" where it was cut.
    static func excerpt(_ text: String, _ limit: Int) -> String {
        text.count > limit ? String(text.prefix(limit)) + "…" : text
    }

    /// Note text for HTML: escaped, and `code` spans (the notes' only Markdown) as `<code>`, so no Markdown
    /// shows literally.
    static func prose(_ s: String) -> String {
        let parts = escape(s).split(separator: "`", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return escape(s) }
        var out = ""
        for (k, part) in parts.enumerated() {
            if k % 2 == 1 && k < parts.count - 1 { out += "<code>" + part + "</code>" }
            else { out += (k % 2 == 1 ? "`" : "") + part }
        }
        return out
    }

    static let tierColors: [ScarcityTier: String] = [
        .absent: "#7f7f7f", .critical: "#d62728", .scarce: "#ff7f0e", .moderate: "#bcbd22", .rich: "#2ca02c",
    ]

    /// `report.html`: self-contained (inline CSS and SVG, no network), so it reads the same wherever the file is
    /// copied: the sampled documents are embedded, and the links to the full sample records are relative.
    /// - Parameters:
    ///   - sampleLinks: per language, a link to its sample records relative to the report ("../samples/de.jsonl").
    ///   - samples: per language, the texts of its sampled documents, embedded (corpus text: escaped like all text;
    ///     each is cut at ``embeddedSampleCharacters``).
    ///   - qualityExamples: per language and quality rule, the start of a few removed documents (escaped too).
    public func html(sampleLinks: [String: String] = [:], samples: [String: [String]] = [:],
                     qualityExamples: [String: [String: [String]]] = [:]) -> String {
        var h = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Data scarcity report</title>
        <style>
        body{font-family:system-ui,sans-serif;margin:2em;color:#222;max-width:1200px}
        table{border-collapse:collapse;font-size:13px}td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:right}
        td:first-child,th:first-child{text-align:left}.tier{padding:1px 6px;border-radius:3px;color:#fff}
        .note{color:#555;font-size:13px}svg text{font-size:11px;font-family:system-ui,sans-serif}
        code{font-size:92%;background:#f3f3f3;padding:0 3px;border-radius:2px}
        figure.histogram{display:inline-block;margin:4px 32px 8px 0;vertical-align:top}summary{cursor:pointer;color:#555;font-size:13px}
        blockquote.sample{white-space:pre-wrap;border-left:3px solid #ccc;margin:6px 0 6px 8px;padding-left:8px}
        @media print{body{margin:0;max-width:none;font-size:11px}table{font-size:10px}a{color:inherit;text-decoration:none}
        .tier,svg rect{-webkit-print-color-adjust:exact;print-color-adjust:exact}
        tr,svg,blockquote,h4{break-inside:avoid}h2,h3{break-after:avoid}h2{break-before:auto}}
        </style>
        <script>
        window.addEventListener("beforeprint",()=>{for(const d of document.querySelectorAll("details:not(.samples)"))d.open=true});
        function openTarget(){const t=location.hash&&document.getElementById(location.hash.slice(1));if(t&&t.tagName==="DETAILS")t.open=true}
        window.addEventListener("hashchange",openTarget);window.addEventListener("DOMContentLoaded",openTarget);
        </script>
        </head><body>
        <h1>Data scarcity report</h1>
        <p class="note">\(Self.escape("Records read \(Self.number(recordsRead)) = kept \(Self.number(kept)) + exact duplicates \(Self.number(exactDuplicates)) + near duplicates \(Self.number(nearDuplicates)) + below quality \(Self.number(qualityRemoved)) + rejected \(Self.number(rejected.values.reduce(0, +)))"))\(accountingHolds ? " ✓" : " — does not add up")</p>
        <p>\(Self.escape(tierExplanation))</p>

        """
        h += chart()
        h += "<h2>Languages</h2>\n<table id=\"languages\"><tr><th>language</th><th>status</th><th>tier</th><th>words kept</th><th>documents kept</th><th>duplicates</th><th>vocabulary</th><th>word share ÷ L1 speaker share</th><th>beside the reference corpus</th><th>needs for target</th><th>sample</th></tr>\n"
        for r in rows {
            let color = Self.tierColors[r.tier] ?? "#999"
            let ratio = r.shareRatio.map { String(format: "%.2f", $0) } ?? "–"
            let sample = samples[r.code] != nil ? "<a href=\"#sample-\(Self.escape(r.code))\">read</a>" : ""
            h += "<tr><td>\(Self.escape(r.name)) <small>(\(Self.escape(r.code)), \(Self.escape(r.endonym)))</small></td><td>\(Self.escape(r.euStatus))</td>"
                + "<td><span class=\"tier\" style=\"background:\(color)\">\(r.tier.rawValue)</span></td><td>\(Self.number(r.wordsKept))</td>"
                + "<td>\(Self.number(r.documentsKept))</td><td>\(String(format: "%.1f %%", r.duplicateRate * 100))</td>"
                + "<td>~\(Self.number(r.vocabularyEstimate))</td><td>\(ratio)</td><td>\(Self.escape(Self.referenceShare(r)))</td><td>\(Self.escape(Self.need(r)))</td><td>\(sample)</td></tr>\n"
        }
        h += "</table>\n"
        h += usableHTML(qualityExamples)
        h += speakersHTML()
        h += trustHTML()
        h += tokensHTML()
        h += inputsHTML()
        h += crawlsHTML()
        h += distributionsHTML(samples: samples, sampleLinks: sampleLinks)
        h += "<h2>Accounting</h2>\n<table id=\"accounting\"><tr><th>language</th><th>documents</th><th>= kept</th><th>+ exact duplicates</th><th>+ near duplicates</th><th>+ below quality</th></tr>\n"
        for a in accounting {
            h += "<tr><td>\(Self.escape(a.code))</td><td>\(Self.number(a.documents))</td><td>\(Self.number(a.kept))</td><td>\(Self.number(a.exactDuplicates))</td><td>\(Self.number(a.nearDuplicates))</td><td>\(Self.number(a.qualityRemoved))\(a.holds ? "" : " — does not add up")</td></tr>\n"
        }
        h += "<tr><td>rejected (no language)</td><td>\(Self.number(rejected.values.reduce(0, +)))</td><td></td><td></td><td></td><td></td></tr>\n"
        h += "<tr><th>all records</th><th>\(Self.number(recordsRead))</th><th>\(Self.number(kept))</th><th>\(Self.number(exactDuplicates))</th><th>\(Self.number(nearDuplicates))</th><th>\(Self.number(qualityRemoved))</th></tr>\n</table>\n"
        h += "<h2>Method</h2>\n<ul class=\"note\">\n" + methodNotes.map { "<li>\(Self.prose($0))</li>\n" }.joined() + "</ul>\n</body></html>\n"
        return h
    }
}
