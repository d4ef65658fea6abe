import Benchmark
import CorpusIO
import CorpusNormalize
import Foundation

/// A benchmark name made of lower-case letters, digits and `-` ("Cyrillic+Greek" → "cyrillic-greek"), so the
/// threshold files (`Thresholds/<target>.<name>.p90.json`) have the names the threshold check looks for.
public func slug(_ s: String) -> String {
    var out = ""
    for c in s.lowercased() {
        if c.isLetter || c.isNumber { out.append(c) } else if !out.hasSuffix("-") { out.append("-") }
    }
    while out.hasSuffix("-") { out.removeLast() }
    return out
}

/// Inputs and metrics shared by the benchmark targets.
public enum BenchmarkSupport {
    /// "MB/s" of input per iteration, recorded by each benchmark from its own clock.
    public static let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    /// Documents per second per iteration.
    public static let documentsPerSecond = BenchmarkMetric.custom("documents/s", polarity: .prefersLarger, useScalingFactor: false)
    /// Word tokens found per iteration (to check that fast is also right).
    public static let tokens = BenchmarkMetric.custom("tokens", polarity: .prefersLarger, useScalingFactor: false)

    /// `corpora-samples/` of the package.
    public static let samples: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("corpora-samples").path

    /// Scripts the sample documents are grouped by.
    public enum Script { case latin, cyrillicGreek }

    /// The texts of every sample document whose letters are mostly of `script`.
    public static func sampleTexts(_ script: Script) -> [[UInt8]] {
        var texts: [[UInt8]] = []
        for name in ["web-docs.jsonl.gz", "crawl.warc.wet.gz", "lines.txt.gz", "help.paragraphs.txt"] {
            _ = InputReader.read(InputSource(path: samples + "/" + name), onDocument: { doc in
                var latin = 0, other = 0
                for scalar in String(decoding: doc.text, as: UTF8.self).unicodeScalars where scalar.properties.isAlphabetic {
                    switch scalar.value {
                    case 0x41...0x24F: latin += 1
                    case 0x370...0x52F: other += 1
                    default: break
                    }
                }
                let isLatin = latin > 4 * other
                if (script == .latin) == isLatin && latin + other > 0 { texts.append(doc.text) }
            })
        }
        return texts
    }

    /// Repeats `texts` until they hold at least `bytes` bytes.
    public static func repeated(_ texts: [[UInt8]], toAtLeast bytes: Int) -> [[UInt8]] {
        guard !texts.isEmpty else { return [] }
        var out: [[UInt8]] = []
        var total = 0
        while total < bytes {
            for t in texts { out.append(t); total += t.count }
        }
        return out
    }

    /// The texts cleaned up and normalised to NFC, as the pipeline sees them.
    public static func nfc(_ texts: [[UInt8]]) -> [[UInt8]] {
        var normalizer = TextNormalizer(form: .nfc)
        return texts.map { t in
            var out: [UInt8] = []
            t.withUnsafeBytes { _ = normalizer.normalize($0, into: &out) }
            return out
        }
    }

    /// Runs `body` once, returning elapsed seconds.
    public static func seconds(_ body: () -> Void) -> Double {
        let start = ContinuousClock.now
        body()
        let d = start.duration(to: .now)
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
