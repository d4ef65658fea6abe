/// The report's "LLM tokens" section (only with `--tokenizer`): per language the kept documents' tokens, tokens
/// per word (fertility), and the report's word tiers and target in this tokenizer's tokens.
extension ScarcityReport {
    /// True when the run counted tokens.
    var hasTokens: Bool { rows.contains { $0.tokensKept != nil } }

    private var tokenRows: [Row] { rows.filter { $0.tokensKept != nil && $0.documentsKept > 0 } }

    private var tokensIntro: String {
        "Tokens of the kept documents with \(settings["tokenizer"] ?? "the run's tokenizer") (counted as tiktoken's "
            + "encode_ordinary does, no special tokens). Tokens per word is the tokenizer's fertility for the language: the "
            + "same text costs that many tokens per word, so a language's tiers in tokens are its word thresholds times its "
            + "fertility. Critical below \(Self.number(Int(thresholds.critical))) words, target \(Self.number(Int(thresholds.target))) words."
    }

    private func cells(_ r: Row) -> [String] {
        let fertility = r.tokensPerWord ?? 0
        return [r.code, Self.number(r.wordsKept), Self.number(r.tokensKept ?? 0), String(format: "%.2f", fertility),
                Self.number(Int((thresholds.critical * fertility).rounded())), Self.number(Int((thresholds.target * fertility).rounded()))]
    }

    private static let tokenHeader = ["language", "words kept", "tokens kept", "tokens per word", "critical below (tokens)", "target (tokens)"]

    func tokensMarkdown() -> String {
        guard hasTokens else { return "" }
        var out = "\n## LLM tokens\n\n" + Self.cell(tokensIntro) + "\n\n"
        out += "| " + Self.tokenHeader.joined(separator: " | ") + " |\n|---|---:|---:|---:|---:|---:|\n"
        for r in tokenRows { out += "| " + cells(r).map(Self.cell).joined(separator: " | ") + " |\n" }
        return out
    }

    func tokensHTML() -> String {
        guard hasTokens else { return "" }
        var h = "<h2>LLM tokens</h2>\n<p class=\"note\">\(Self.escape(tokensIntro))</p>\n<table id=\"tokens\"><tr>"
        h += Self.tokenHeader.map { "<th>\(Self.escape($0))</th>" }.joined() + "</tr>\n"
        for r in tokenRows { h += "<tr>" + cells(r).map { "<td>\(Self.escape($0))</td>" }.joined() + "</tr>\n" }
        return h + "</table>\n"
    }
}
