import CorpusPipeline
import ArgumentParser
import CorpusCore
import CorpusIO
import CorpusNormalize
import Dedup
import Foundation

/// `census dedup`: exact and near-duplicate removal.
struct DedupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dedup",
        abstract: "Remove exact and near duplicates (MinHash + LSH), keeping the first in input order.",
        discussion: """
        Reads the inputs twice: first to sketch every document (128-bit exact key of its case-folded words with \
        digits as 0; MinHash over word n-grams; LSH band keys), then, once duplicates are resolved (a document is \
        removed when it shares its exact key or a band key with any earlier document in input order), to write DIR/kept.jsonl.gz (JSONL like `census cat`, with \
        "dup_cluster_size" in the metadata of each kept document), DIR/removed.jsonl ({"id", "reason": \
        "exact"|"near", "kept_id"}) and DIR/summary.json. Standard input is spooled to a temporary file.

        A pair of documents with shingle Jaccard similarity s becomes a candidate with probability \
        1 - (1 - s^rows)^bands: with the defaults (5-grams, 14 bands x 8 rows, as datatrove and FineWeb), about \
        0.5 at s = 0.72, 0.92 at 0.8, 0.05 at 0.5.
        """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var normalization: NormalizationOptions

    @Option(help: "Output folder.")
    var out: String

    @OptionGroup var sketching: DedupOptions
    @Option(help: "Seed of the MinHash functions.")
    var seed: UInt64 = 1
    @Option(help: "Confirm each candidate pair: its signatures must agree on at least this share of values (0-1).")
    var verifyJaccard: Double?
    @Flag(help: "Print the ids of removed documents on standard output, one per line.")
    var printRemoved = false
    @Option(help: "Worker threads for sketching (default: the CPUs this process may use: affinity and cgroup quota).")
    var threads: Int?

    func validate() throws {
        if let problem = OutputFolder.problem(with: out) { throw ValidationError(problem) }
        if let v = verifyJaccard, !(0...1).contains(v) { throw ValidationError("--verify-jaccard must be between 0 and 1.") }
        if let t = threads, t < 1 { throw ValidationError("--threads must be at least 1.") }
    }

    var dedupConfiguration: DedupConfiguration {
        var c = sketching.configuration(seed: seed)
        c.verifyJaccard = verifyJaccard
        return c
    }

    func run() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        // Standard input cannot be read twice: spool it (in 1 MiB chunks, so memory stays constant).
        var inputs = input.inputs.isEmpty ? ["-"] : input.inputs
        var spool: String?
        defer { if let spool { try? FileManager.default.removeItem(atPath: spool) } }
        if let k = inputs.firstIndex(of: "-") {
            let path = out + "/.stdin-\(getpid())"
            try Data().write(to: URL(fileURLWithPath: path))
            spool = path
            let sink = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
                try sink.write(contentsOf: chunk)
            }
            try sink.close()
            inputs[k] = path
        }
        var options = input
        options.inputs = inputs

        // Pass 1: sketches, in parallel batches, added to the index in input order.
        let config = dedupConfiguration
        var index = DedupIndex(configuration: config)
        let workers = WorkerThreads.resolve(threads) { if !input.quiet { Diagnostics.error($0) } }
        var batch: [[UInt8]] = []
        var normalizer = normalization.makeNormalizer()
        var sketchers = (0..<workers).map { _ in DocumentSketcher(configuration: config) }
        func flush() {
            guard !batch.isEmpty else { return }
            let chunk = (batch.count + workers - 1) / workers
            let results = UnsafeMutableBufferPointer<DocumentSketch?>.allocate(capacity: batch.count)
            results.initialize(repeating: nil)
            defer { results.deallocate() }
            let texts = batch
            nonisolated(unsafe) let shared = results
            nonisolated(unsafe) var localSketchers = sketchers
            localSketchers.withUnsafeMutableBufferPointer { pool in
                nonisolated(unsafe) let pool = pool
                DispatchQueue.concurrentPerform(iterations: workers) { w in
                    let start = w * chunk, end = min(texts.count, start + chunk)
                    guard start < end else { return }
                    for d in start..<end { shared[d] = texts[d].withUnsafeBytes { pool[w].sketch($0) } }
                }
            }
            sketchers = localSketchers
            for d in 0..<batch.count { index.add(results[d]!) }
            batch.removeAll(keepingCapacity: true)
        }
        let first = InputLoop(options: options).run { _, document in
            var text: [UInt8] = []
            document.text.withUnsafeBytes { _ = normalizer.normalize($0, into: &text) }
            batch.append(text)
            if batch.count >= 4096 { flush() }
        }
        flush()
        if first.contains(where: \.failed) {
            Diagnostics.error("dedup: an input failed in the first pass; nothing written")
            throw ExitCode.failure
        }
        var result = index.resolve()

        // Pass 2: write kept documents and the removal list.
        let kept = try GzipFileWriter(path: out + "/kept.jsonl.gz", level: 1)   // as census run's shards: speed first
        var removedLines: [UInt8] = []
        var idsOfRoots: [UInt32: [UInt8]] = [:]
        var d = 0
        var buffer: [UInt8] = []
        var writeError: InputError?
        let stdout = Output()
        var quietOptions = options
        quietOptions.quiet = true
        quietOptions.maxMessages = 0
        let spooled = spool
        _ = InputLoop(options: quietOptions).run { source, document in
            let source = source.path == spooled ? InputSource.standardInput : source   // named as the user named it
            defer { d += 1 }
            let id: [UInt8] = document.id.isEmpty ? Array("\(PathBytes.readable(source.path)):\(document.recordNumber)".utf8) : document.id
            if result.isKept(d) {
                if result.clusterSizes[d] > 1 { idsOfRoots[UInt32(d)] = id }
                var doc = document
                if !doc.metadata.isEmpty { doc.metadata.append(UInt8(ascii: ",")) }
                doc.metadata.append(contentsOf: "\"dup_cluster_size\":\(result.clusterSizes[d])".utf8)
                buffer.removeAll(keepingCapacity: true)
                JSONLRecord.append(doc, path: source.path, to: &buffer)
                do throws(InputError) { try kept.write(buffer) } catch { writeError = error }
            } else {
                removedLines.append(contentsOf: #"{"id":"#.utf8)
                JSONEscape.appendQuoted(id, to: &removedLines)
                removedLines.append(contentsOf: #","reason":"\#(result.reason(d)!.rawValue)","kept_id":"#.utf8)
                JSONEscape.appendQuoted(idsOfRoots[result.roots[d]] ?? [], to: &removedLines)
                removedLines.append(contentsOf: "}\n".utf8)
                if printRemoved {
                    stdout.append(id)
                    stdout.append(0x0A)
                    stdout.lineDone()
                }
            }
        }
        stdout.flush()
        if let writeError {
            Diagnostics.error(writeError.description)
            throw ExitCode.failure
        }
        try kept.finish()
        try Data(removedLines).write(to: URL(fileURLWithPath: out + "/removed.jsonl"), options: .atomic)
        let (exact, near) = result.removedCounts
        let summary = """
        {"documents":\(index.count),"kept":\(index.count - exact - near),"exact_duplicates":\(exact),\
        "near_duplicates":\(near),"candidate_pairs":\(result.candidatePairs),"rejected_pairs":\(result.rejectedPairs),\
        "index_bytes_per_document":\(index.bytesPerDocument),"ngram":\(sketching.ngram),"bands":\(sketching.bands),"rows":\(sketching.rows),\
        "seed":\(seed),"verify_jaccard":\(verifyJaccard.map { "\($0)" } ?? "null")}

        """
        try Data(summary.utf8).write(to: URL(fileURLWithPath: out + "/summary.json"), options: .atomic)
        result.roots = []
        if !input.quiet {
            Diagnostics.error("dedup: \(index.count) documents, kept \(index.count - exact - near), removed \(exact) exact and \(near) near duplicates -> \(out)")
        }
    }
}
