import ArgumentParser
import CorpusIO
import CorpusNormalize
import CorpusPipeline

/// A byte count with an optional binary suffix: `256M`, `1G`, `64k`, `1048576`.
struct ByteSize: ExpressibleByArgument, Sendable {
    var bytes: Int

    init(bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        var text = argument.uppercased()
        if text.hasSuffix("IB") { text.removeLast(2) } else if text.hasSuffix("B") { text.removeLast() }
        var scale = 1
        if let unit = text.last, let shift = ["K": 10, "M": 20, "G": 30, "T": 40][String(unit)] {
            scale = 1 << shift
            text.removeLast()
        }
        guard let value = Double(text), value > 0, value * Double(scale) < 9e18 else { return nil }
        bytes = Int(value * Double(scale))
    }

    var defaultValueDescription: String { bytes % (1 << 20) == 0 ? "\(bytes >> 20)M" : "\(bytes)" }
}

/// `I/N` (`--shard`): the I-th (from 0) of N slices of a sharded run.
struct SliceArgument: ExpressibleByArgument, Sendable, Equatable {
    var index: Int
    var count: Int

    init?(argument: String) {
        let parts = argument.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (0..<n).contains(i) else { return nil }
        index = i
        count = n
    }

    var slice: RunSlice { RunSlice(index: index, count: count)! }
}

/// A number of words: plain (`1000000000`, `1e9`) or with a decimal suffix, K (thousand), M (million), B or G
/// (billion), T (trillion): `10M`, `2.5B`, `100B`.
struct WordCount: ExpressibleByArgument, Sendable, Equatable {
    var value: Double

    init(_ value: Double) { self.value = value }

    init?(argument: String) {
        var text = argument.uppercased()
        var scale = 1.0
        if let unit = text.last, let factor = ["K": 1e3, "M": 1e6, "B": 1e9, "G": 1e9, "T": 1e12][String(unit)] {
            scale = factor
            text.removeLast()
        }
        guard let number = Double(text), number.isFinite, number >= 0 else { return nil }
        value = number * scale
    }

    var defaultValueDescription: String {
        for (suffix, factor) in [("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)] where value >= factor && (value / factor).rounded() == value / factor {
            return "\(Int(value / factor))\(suffix)"
        }
        return value.rounded() == value && value < 1e15 ? "\(Int(value))" : "\(value)"
    }
}

extension RecordFormat: ExpressibleByArgument {}
extension NormalizationForm: ExpressibleByArgument {}

/// `--schema census|fineweb2`.
extension JSONLRecord.Schema: ExpressibleByArgument {}
