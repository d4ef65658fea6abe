import Foundation

/// The HTML report's charts: inline SVG, no script, no network. Every label is placed so that none overlaps
/// another (the browser test measures them).
extension ScarcityReport {
    /// A word count on an axis: "1", "100", "10 k", "1 M", "100 B".
    static func axisWords(_ w: Double) -> String {
        let units: [(Double, String)] = [(1e12, " T"), (1e9, " B"), (1e6, " M"), (1e3, " k")]
        for (size, unit) in units where w >= size { return ScarcityThresholds.trim(w / size) + unit }
        return ScarcityThresholds.trim(w)
    }

    /// A vertical marker of the words chart: a tier boundary or the target.
    private struct Marker {
        var words: Double
        var label: String
        var color: String
        var kind: String
    }

    /// Horizontal log-scale bars of kept words per language, coloured by tier, with an x-axis in words, the
    /// critical / scarce / moderate boundaries and the target as labelled lines, and each bar's words at its end.
    func chart() -> String {
        let barHeight = 16, left = 170, width = 960, right = 110, top = 48, bottom = 64
        let plotWidth = width - left - right
        let height = top + rows.count * barHeight + bottom
        let maxWords = max(thresholds.target * 10, thresholds.moderate * 3, Double(rows.map(\.wordsKept).max() ?? 1))
        let decades = Int(log10(maxWords).rounded(.up))
        func x(_ words: Double) -> Int { left + Int(Double(plotWidth) * max(0, log10(max(words, 1))) / Double(decades)) }
        var s = "<svg id=\"chart\" width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-label=\"kept words per language, log scale, with the tier boundaries and the target\">\n"
        // Grid and x-axis: a tick per decade, a label where there is room (at least 48 px apart).
        let labelEvery = max(1, Int((48.0 * Double(decades) / Double(plotWidth)).rounded(.up)))
        let axisY = top + rows.count * barHeight + 4
        for d in 0...decades {
            let tx = x(pow(10, Double(d)))
            s += "<line class=\"grid\" x1=\"\(tx)\" y1=\"\(top)\" x2=\"\(tx)\" y2=\"\(axisY)\" stroke=\"#eee\"/>"
            s += "<line x1=\"\(tx)\" y1=\"\(axisY)\" x2=\"\(tx)\" y2=\"\(axisY + 4)\" stroke=\"#666\"/>"
            if d % labelEvery == 0 {
                s += "<text class=\"tick\" x=\"\(tx)\" y=\"\(axisY + 16)\" text-anchor=\"middle\" fill=\"#444\">\(Self.axisWords(pow(10, Double(d))))</text>"
            }
        }
        s += "\n<line class=\"axis\" x1=\"\(left)\" y1=\"\(axisY)\" x2=\"\(x(pow(10, Double(decades))))\" y2=\"\(axisY)\" stroke=\"#666\"/>"
        s += "<text class=\"axis-title\" x=\"\(left + plotWidth / 2)\" y=\"\(axisY + 34)\" text-anchor=\"middle\" fill=\"#444\">words kept (log scale)</text>\n"
        for (k, r) in rows.enumerated() {
            let y = top + k * barHeight
            let color = Self.tierColors[r.tier] ?? "#999"
            let end = max(left + 1, x(Double(r.wordsKept)))
            s += "<text class=\"name\" x=\"\(left - 6)\" y=\"\(y + 12)\" text-anchor=\"end\">\(Self.escape(r.name))</text>"
            s += "<rect class=\"bar\" data-lang=\"\(Self.escape(r.code))\" x=\"\(left)\" y=\"\(y + 2)\" width=\"\(end - left)\" height=\"\(barHeight - 4)\" fill=\"\(color)\"><title>\(Self.escape(r.code)): \(Self.number(r.wordsKept)) words, \(r.tier.rawValue)</title></rect>"
            s += "<text class=\"value\" x=\"\(end + 4)\" y=\"\(y + 12)\" fill=\"#444\">\(Self.number(r.wordsKept))</text>\n"
        }
        // The tier boundaries and the target; markers at the same count share a line and a label.
        var markers = [Marker(words: thresholds.critical, label: "critical < \(Self.axisWords(thresholds.critical))", color: Self.tierColors[.critical]!, kind: "critical"),
                       Marker(words: thresholds.scarce, label: "scarce < \(Self.axisWords(thresholds.scarce))", color: Self.tierColors[.scarce]!, kind: "scarce"),
                       Marker(words: thresholds.moderate, label: "moderate < \(Self.axisWords(thresholds.moderate))", color: Self.tierColors[.moderate]!, kind: "moderate")]
        if let same = markers.firstIndex(where: { $0.words == thresholds.target }) {
            markers[same].label += ", target"
            markers[same].color = "#000"
            markers[same].kind += " target"
        } else {
            markers.append(Marker(words: thresholds.target, label: "target \(Self.axisWords(thresholds.target))", color: "#000", kind: "target"))
        }
        markers.sort { $0.words < $1.words }
        // Labels end at their line; one that would run into the previous label on its row moves up a row.
        var rowEnds: [Int] = []
        for m in markers {
            let mx = x(m.words)
            let labelWidth = m.label.count * 6 + 6
            let row = rowEnds.firstIndex { $0 + 4 < mx - labelWidth } ?? rowEnds.count
            if row == rowEnds.count { rowEnds.append(mx) } else { rowEnds[row] = mx }
            let ly = top - 6 - row * 14
            s += "<line class=\"tier-line\" data-tier=\"\(m.kind)\" data-words=\"\(Int(m.words))\" x1=\"\(mx)\" y1=\"\(ly + 2)\" x2=\"\(mx)\" y2=\"\(axisY)\" stroke=\"\(m.color)\" stroke-dasharray=\"4 3\"/>"
            s += "<text class=\"tier-label\" x=\"\(mx - 3)\" y=\"\(ly)\" text-anchor=\"end\" fill=\"\(m.color)\">\(Self.escape(m.label))</text>\n"
        }
        // The tier colours.
        var lx = left
        let legendY = height - 6
        for tier in ScarcityTier.allCases {
            s += "<rect x=\"\(lx)\" y=\"\(legendY - 9)\" width=\"10\" height=\"10\" fill=\"\(Self.tierColors[tier]!)\"/>"
            s += "<text class=\"legend\" x=\"\(lx + 14)\" y=\"\(legendY)\">\(tier.rawValue)</text>"
            lx += 80
        }
        return s + "\n</svg>\n"
    }

    /// Per language with documents: its first sample's start, top words and sources, the length and confidence
    /// histograms, and its sampled documents embedded (closed; a link to `#sample-<code>` opens them).
    func distributionsHTML(samples: [String: [String]], sampleLinks: [String: String]) -> String {
        var h = "<h2>Distributions and samples</h2>\n<p class=\"note\">Per language: the kept documents' lengths, the identifier's "
            + "confidence, and its sampled documents. The samples are embedded, so the report reads the same wherever it is "
            + "copied; the full sample records are the files under <code>samples/</code> of the output folder, linked relative "
            + "to this report.</p>\n"
        let threshold = Double(settings["min_confidence"] ?? "") ?? 0.5
        for r in rows where r.documents > 0 {
            h += "<section class=\"language\"><h3 id=\"lang-\(Self.escape(r.code))\">\(Self.escape(r.name))</h3>\n"
            let texts = samples[r.code] ?? []
            if let first = texts.first { h += "<blockquote class=\"note\">\(Self.escape(Self.excerpt(first, 240)))</blockquote>\n" }
            if !r.topWords.isEmpty {
                h += "<div class=\"note\">top words: " + r.topWords.map { "\(Self.escape($0.word)) (\(Self.number($0.count)))" }.joined(separator: ", ") + "</div>\n"
            }
            if !r.topDomains.isEmpty {
                h += "<div class=\"note\">top sources: " + r.topDomains.map { "\(Self.escape($0.host)) (\(Self.number($0.documents)))" }.joined(separator: ", ") + "</div>\n"
            }
            // Length buckets up to the last one used (at least 8), so an empty tail does not crowd the chart.
            let lengths = Array(r.lengthHistogram.prefix(max(8, (r.lengthHistogram.lastIndex { $0 > 0 } ?? 0) + 2)))
            h += Self.histogram(id: "length-\(r.code)", title: "document length (words, kept documents)", counts: lengths,
                                labels: (0..<lengths.count).map { LengthBuckets.label($0) })
            h += Self.histogram(id: "confidence-\(r.code)", title: "language-ID confidence of its documents (\(Self.number(r.belowThreshold)) more below the threshold went to und"
                                    + ((r.decidedInSet ?? 0) > 0 ? "; left of the threshold: documents decided in its close set)" : ")"),
                                counts: r.confidenceHistogram,
                                labels: (0..<r.confidenceHistogram.count).map { String(format: "%.1f–%.1f", Double($0) / 10, Double($0 + 1) / 10) },
                                marker: (threshold * 10, "threshold \(settings["min_confidence"] ?? "0.5")"))
            if !texts.isEmpty {
                h += "<details class=\"samples\" id=\"sample-\(Self.escape(r.code))\"><summary>\(texts.count) sampled documents"
                    + (sampleLinks[r.code].map { " (records: <a href=\"\(Self.escape($0))\">\(Self.escape($0))</a>)" } ?? "") + "</summary>\n"
                for text in texts { h += "<blockquote class=\"note sample\">\(Self.escape(Self.excerpt(text, Self.embeddedSampleCharacters)))</blockquote>\n" }
                h += "</details>\n"
            }
            h += "</section>\n"
        }
        return h
    }

    /// A bar chart of document counts per bucket, with a y-axis (0, half and the largest count), every bucket
    /// labelled (rotated, so labels never overlap) and an optional dashed marker before bucket `marker`.
    static func histogram(id: String, title: String, counts: [Int], labels: [String], marker: (at: Double, label: String)? = nil) -> String {
        let maxCount = max(1, counts.max() ?? 1)
        let w = 24, h = 70, left = 46, top = 16
        let labelRoom = (labels.map(\.count).max() ?? 1) * 5 + 18
        let width = left + counts.count * w + 10, height = top + h + labelRoom
        var s = "<figure class=\"histogram\"><figcaption class=\"note\">\(escape(title))</figcaption><svg id=\"\(escape(id))\" width=\"\(width)\" height=\"\(height)\">"
        // y-axis: 0, half and the maximum.
        s += "<line class=\"y-axis\" x1=\"\(left - 2)\" y1=\"\(top)\" x2=\"\(left - 2)\" y2=\"\(top + h)\" stroke=\"#666\"/>"
        for value in Array(Set([0, maxCount / 2, maxCount])).sorted() {
            let ty = top + h - Int(Double(h) * Double(value) / Double(maxCount))
            s += "<line x1=\"\(left - 6)\" y1=\"\(ty)\" x2=\"\(left - 2)\" y2=\"\(ty)\" stroke=\"#666\"/>"
            s += "<text class=\"y-tick\" x=\"\(left - 8)\" y=\"\(ty + 4)\" text-anchor=\"end\" fill=\"#444\">\(number(value))</text>"
        }
        s += "<line x1=\"\(left - 2)\" y1=\"\(top + h)\" x2=\"\(left + counts.count * w)\" y2=\"\(top + h)\" stroke=\"#666\"/>"
        for (k, c) in counts.enumerated() {
            let bh = Int(Double(h) * Double(c) / Double(maxCount))
            let bx = left + k * w
            s += "<rect x=\"\(bx + 2)\" y=\"\(top + h - bh)\" width=\"\(w - 4)\" height=\"\(bh)\" fill=\"#4c78a8\"><title>\(escape(labels[k])): \(number(c))</title></rect>"
            let cx = bx + w / 2 + 4, cy = top + h + 16
            s += "<text class=\"x-tick\" x=\"\(cx)\" y=\"\(cy)\" text-anchor=\"end\" transform=\"rotate(-50 \(cx) \(cy))\">\(escape(labels[k]))</text>"
        }
        if let marker {
            let mx = left + Int(Double(w) * marker.at)
            s += "<line class=\"threshold\" x1=\"\(mx)\" y1=\"\(top - 4)\" x2=\"\(mx)\" y2=\"\(top + h)\" stroke=\"#d62728\" stroke-dasharray=\"3 2\"/>"
            s += "<text x=\"\(mx + 3)\" y=\"\(top - 6)\" fill=\"#d62728\">\(escape(marker.label))</text>"
        }
        return s + "</svg></figure>\n"
    }
}
