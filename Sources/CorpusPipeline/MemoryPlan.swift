import CorpusIO
import Foundation

/// How `census run` keeps within its memory (``RunOptions/memoryBytes``): duplicates are decided in memory as
/// documents stream past (``StreamingDeduplicator``, 150–290 bytes per unique document) when the documents'
/// keys fit, and otherwise by sorting the keys on disk, as a sharded run's merge does (the run is read as one
/// slice, DIR/shards/0, and merged within the memory), which costs disk space for the analysed batches (about
/// the size of the outputs) and a second pass over them, and gives the same bytes.
///
/// Whether the keys fit is decided before the run, from the inputs' sizes and the documents per byte of a sample
/// of them: the first ``sampleBytes`` of up to ``sampledInputs`` inputs spread over the list.
package enum MemoryPlan {
    /// Memory of a run besides the duplicate keys: batches in flight, statistics, writers (measured: 80 MB on
    /// the samples, with margin for 4 MB batches on every worker).
    package static let fixedBytes = 200 << 20
    /// Bytes per unique document of the streaming deduplicator's keys, at their peak (just after a table doubled).
    package static let keyBytesPerDocument = 290
    static let sampleBytes = 1 << 20
    static let sampledInputs = 8

    /// The memory this process may use: the smallest of its cgroup's limit (v2 `memory.max`, v1
    /// `memory.limit_in_bytes`) and the machine's RAM (`MemTotal`); nil when none can be read.
    package static func available() -> Int? {
        var limits: [Int] = []
        for path in ["/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"] {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let n = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)), n > 0, n < 1 << 60 {
                limits.append(n)
            }
        }
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemTotal:") }),
           let kb = Int(line.split(separator: " ").dropFirst().first ?? "") {
            limits.append(kb * 1024)
        }
        return limits.min()
    }

    /// The default memory of a run: half of what this process may use (1 GiB when that is unknown).
    package static var defaultBytes: Int { (available() ?? 2 << 30) / 2 }

    /// Documents the inputs hold, estimated from the documents per byte on disk of a sample (nil when an input's
    /// size is unknown, as standard input's).
    package static func estimatedDocuments(_ sources: [InputSource], reader: ReaderOptions) -> Int? {
        let sizes = sources.map(\.fileSize)
        guard !sizes.contains(where: { $0 == nil }) else { return nil }
        let total = sizes.reduce(0) { $0 + $1! }
        guard !sources.isEmpty, total > 0 else { return 0 }
        let step = max(1, sources.count / sampledInputs)
        var documents = 0, bytes = 0
        for k in stride(from: 0, to: sources.count, by: step).prefix(sampledInputs) {
            let (n, read) = sample(sources[k], reader: reader)
            documents += n
            bytes += read
        }
        guard bytes > 0 else { return 0 }
        return Int((Double(documents) / Double(bytes) * Double(total)).rounded(.up))
    }

    /// Documents in the first ``sampleBytes`` of an input, and the bytes read.
    private static func sample(_ source: InputSource, reader: ReaderOptions) -> (documents: Int, bytes: Int) {
        guard let handle = FileHandle(forReadingAtPath: source.path) else { return (0, 0) }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: sampleBytes), !data.isEmpty else { return (0, 0) }
        var documents = 0
        let decoder = InputDecoder(path: source.path, options: reader, onDocument: { _ in documents += 1 }, onRejection: { _ in documents += 1 })
        data.withUnsafeBytes { decoder.consume($0) }
        return (documents, data.count)
    }

    /// Whether the duplicate keys of `documents` documents fit in `memory` bytes beside the rest of a run.
    package static func keysFit(documents: Int, memory: Int) -> Bool {
        let (bytes, overflow) = documents.multipliedReportingOverflow(by: keyBytesPerDocument)
        return !overflow && bytes <= memory - fixedBytes
    }

    /// The memory a merge may use to sort keys, of a run's `memory`.
    package static func sortBytes(_ memory: Int) -> Int { max(1 << 20, memory - fixedBytes) }
}
