/// How scarce a language's data is, by words after deduplication.
public enum ScarcityTier: String, Sendable, Codable, CaseIterable, Comparable {
    case absent, critical, scarce, moderate, rich

    public static func < (a: Self, b: Self) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// The tier boundaries and the target, in words after deduplication.
///
/// Defaults: absent 0; critical < 10 M; scarce < 1 B; moderate < 100 B; rich ≥ 100 B words; target 1 B.
/// Why: 10 M words is about what a monolingual corpus needs before a language model learns anything but
/// vocabulary; around 1 B words models of a few hundred million parameters train without repeating data
/// (compute-optimal ratios of ~20 tokens per parameter); 100 B words is the scale at which the largest open
/// models' per-language data starts, so above it a language is no longer limited by data.
public struct ScarcityThresholds: Sendable, Codable, Equatable {
    public var critical: Double = 10e6
    public var scarce: Double = 1e9
    public var moderate: Double = 100e9
    /// Words each language should reach (`--target-words`).
    public var target: Double = 1e9

    public init() {}

    /// The tier of a word count.
    public func tier(_ words: Int) -> ScarcityTier {
        let w = Double(words)
        if words == 0 { return .absent }
        if w < critical { return .critical }
        if w < scarce { return .scarce }
        if w < moderate { return .moderate }
        return .rich
    }

    /// The paragraph the report prints to explain the tiers.
    public var explanation: String {
        "Tiers count words after deduplication: absent (0), critical (< \(Self.words(critical))), scarce "
            + "(< \(Self.words(scarce))), moderate (< \(Self.words(moderate))), rich (≥ \(Self.words(moderate))). "
            + "About 10 million words is what a corpus needs before a model learns more than vocabulary; around "
            + "1 billion, models of a few hundred million parameters train without repeating data (compute-optimal "
            + "training uses ~20 tokens per parameter); at 100 billion, a language's data matches what the largest "
            + "open models saw per language, and data stops being the limit. The target (\(Self.words(target))) is "
            + "the scale this report measures every language against."
    }

    /// "10 M", "1 B".
    public static func words(_ w: Double) -> String {
        if w >= 1e9 { return "\(trim(w / 1e9)) B words" }
        if w >= 1e6 { return "\(trim(w / 1e6)) M words" }
        if w >= 1e3 { return "\(trim(w / 1e3)) k words" }
        return "\(Int(w)) words"
    }

    static func trim(_ v: Double) -> String {
        let r = (v * 10).rounded() / 10
        return r == r.rounded() ? "\(Int(r))" : "\(r)"
    }
}
