import CorpusCore
import CorpusIO
import CorpusNormalize
import Dedup
import Foundation

/// `census dedup`: exact and near-duplicate removal in two passes, keeping the first document of each
/// cluster in input order.
///
/// Pass 1 runs the ``ParallelStage`` with a sketching analyser (normalise, then ``DocumentSketcher``: exact
/// key, MinHash signature, LSH band keys) and adds the sketches to a ``DedupIndex`` in input order; the index
/// resolves clusters (with ``DedupConfiguration/verifyJaccard``, candidates are confirmed on their
/// signatures). Pass 2 reads the inputs again and writes DIR/kept.jsonl.gz (each kept document with
/// `"dup_cluster_size"` in its metadata), DIR/removed.jsonl (`{"id","reason","kept_id"}`) and
/// DIR/summary.json. Standard input is spooled to a file in DIR first, as it cannot be read twice.
///
/// ```swift
/// var removal = DuplicateRemoval(inputs: ["corpora-samples/web-docs.jsonl.gz"], out: "/tmp/dedup")
/// removal.dedup.verifyJaccard = 0.7
/// let summary = try removal.run()
/// print(summary.kept, "of", summary.documents, "kept")
/// ```
public struct DuplicateRemoval: Sendable {
    /// Files, directories, globs, or `-` for standard input.
    public var inputs: [String]
    public var allFiles = false
    public var reader = ReaderOptions()
    public var text = TextOptions()
    /// Shingles, bands, rows, seed and the optional signature check.
    public var dedup = DedupConfiguration()
    /// Worker threads of the sketching pass (nil: the CPUs this process may use).
    public var threads: Int?
    /// The output folder.
    public var out: String
    public var maxMessages = 20
    public var quiet = false

    public init(inputs: [String], out: String) {
        self.inputs = inputs
        self.out = out
    }

    /// What a removal found.
    public struct Summary: Sendable, Equatable {
        public var documents: Int
        public var kept: Int
        public var exactDuplicates: Int
        public var nearDuplicates: Int
        public var candidatePairs: Int
        public var rejectedPairs: Int
    }

    /// Runs both passes.
    ///
    /// - Parameters:
    ///   - removed: called with the id of every removed document, in input order (`--print-removed`).
    ///   - events: problems and notes, as they happen.
    /// - Throws: ``PipelineError``: `failed` when an input fails in the first pass (nothing is written) or
    ///   an output cannot be written.
    public func run(removed: ([UInt8]) -> Void = { _ in },
                    events: @escaping (PipelineEvent) -> Void = { _ in }) throws(PipelineError) -> Summary {
        try OutputFolder.validate(out)
        do throws(InputError) { try OutputFiles.makeDirectories(out) } catch { throw PipelineError(error) }
        var names = inputs.isEmpty ? ["-"] : inputs
        var spool: String?
        defer { if let spool { unlink(spool) } }
        if let k = names.firstIndex(of: "-") {
            let path = out + "/.stdin-\(getpid())"
            spool = path
            try Self.spoolStandardInput(to: path)
            names[k] = path
        }
        let expansion = InputSource.expand(names, allFiles: allFiles)
        if !quiet { for note in expansion.notes { events(.note(note)) } }
        for error in expansion.errors { events(.problem(error.description)) }
        var index = DedupIndex(configuration: dedup)
        let failed = try sketch(expansion.sources, spooled: spool, into: &index, events: events)
        if failed || !expansion.errors.isEmpty {
            throw PipelineError(.failed, "dedup: an input failed in the first pass; nothing written")
        }
        let result = index.resolve()
        let writer = DuplicateWriter(out: out, result: result, spooled: spool)
        do throws(InputError) {
            try writer.write(expansion.sources, options: reader, removed: removed, events: events)
            try writeSummary(index: index, result: result)
        } catch {
            throw PipelineError(error)
        }
        let (exact, near) = result.removedCounts
        return Summary(documents: index.count, kept: index.count - exact - near, exactDuplicates: exact, nearDuplicates: near,
                       candidatePairs: result.candidatePairs, rejectedPairs: result.rejectedPairs)
    }

    /// Pass 1: the sketches, made in parallel, added to the index in input order. Returns whether an input failed.
    private func sketch(_ sources: [InputSource], spooled: String?, into index: inout DedupIndex,
                        events: (PipelineEvent) -> Void) throws(PipelineError) -> Bool {
        let configuration = dedup, normalizer = text.makeNormalizer()
        let threads = WorkerThreads.resolve(threads) { if !quiet { events(.note($0)) } }
        let stage = ParallelStage(sources: sources, readerOptions: reader, threads: threads) {
            SketchAnalyzer(normalizer: normalizer, sketcher: DocumentSketcher(configuration: configuration))
        }
        var messages = InputMessages(maxMessages: maxMessages, quiet: quiet, seeAlso: "the counts")
        var failed = false
        do {
            try stage.run(inputs: Array(sources.indices), from: 0) { batch in
                for sketch in batch.sketches { index.add(sketch) }
                // The spool of standard input is named as the user named it: `-`.
                let path = sources[batch.file].path == spooled ? "-" : sources[batch.file].path
                for rejection in batch.rejections { messages.reject(rejection, path: path, log: nil, events: events) }
                if var summary = batch.summary {
                    summary.path = path
                    for k in summary.errors.indices { summary.errors[k].path = path }
                    messages.end(summary, log: nil, events: events)
                    failed = failed || summary.failed
                }
            }
        } catch {
            throw PipelineError(.failed, "\(error)")
        }
        return failed
    }

    private func writeSummary(index: DedupIndex, result: DedupResult) throws(InputError) {
        let (exact, near) = result.removedCounts
        let summary = """
        {"documents":\(index.count),"kept":\(index.count - exact - near),"exact_duplicates":\(exact),\
        "near_duplicates":\(near),"candidate_pairs":\(result.candidatePairs),"rejected_pairs":\(result.rejectedPairs),\
        "index_bytes_per_document":\(index.bytesPerDocument),"ngram":\(dedup.ngram),"bands":\(dedup.bands),"rows":\(dedup.rows),\
        "seed":\(dedup.seed),"verify_jaccard":\(dedup.verifyJaccard.map { "\($0)" } ?? "null")}

        """
        try writeDurably(Data(summary.utf8), to: out + "/summary.json")
    }

    /// Copies standard input to `path` in 1 MiB chunks (memory stays constant).
    private static func spoolStandardInput(to path: String) throws(PipelineError) {
        guard FileManager.default.createFile(atPath: path, contents: nil), let sink = FileHandle(forWritingAtPath: path) else {
            throw PipelineError(.failed, "\(path): cannot create the spool of standard input")
        }
        defer { try? sink.close() }
        do {
            while let chunk = try FileHandle.standardInput.read(upToCount: 1 << 20), !chunk.isEmpty {
                try sink.write(contentsOf: chunk)
            }
        } catch {
            throw PipelineError(.failed, "-: cannot spool standard input (\(error))")
        }
    }
}

/// The sketches of one batch.
struct SketchedBatch: AnalyzedOutput {
    var file: Int
    var index: Int
    var sketches: [DocumentSketch] = []
    var rejections: [Rejection] = []
    var summary: InputSummary?
}

/// The per-document work of `census dedup`'s first pass: normalise, sketch.
struct SketchAnalyzer: BatchAnalyzer {
    var normalizer: TextNormalizer
    var sketcher: DocumentSketcher
    private var text: [UInt8] = []

    init(normalizer: TextNormalizer, sketcher: DocumentSketcher) {
        self.normalizer = normalizer
        self.sketcher = sketcher
    }

    mutating func analyze(_ raw: RawBatch, path: String) -> SketchedBatch {
        var out = SketchedBatch(file: raw.file, index: raw.index, rejections: raw.rejections, summary: raw.summary)
        out.sketches.reserveCapacity(raw.documents.count)
        for document in raw.documents {
            document.text.withUnsafeBytes { _ = normalizer.normalize($0, into: &text) }
            out.sketches.append(text.withUnsafeBytes { sketcher.sketch($0) })
        }
        return out
    }
}

/// Pass 2 of `census dedup`: the kept documents and the removal list.
struct DuplicateWriter {
    let out: String
    let result: DedupResult
    /// The spool of standard input, named `-` in the outputs.
    let spooled: String?

    func write(_ sources: [InputSource], options: ReaderOptions, removed: ([UInt8]) -> Void,
               events: (PipelineEvent) -> Void) throws(InputError) {
        let kept = try GzipFileWriter(path: out + "/kept.jsonl.gz", level: 1)   // as census run's parts: speed first
        var removedLines: [UInt8] = []
        var idsOfRoots: [UInt32: [UInt8]] = [:]
        var d = 0
        var buffer: [UInt8] = []
        var writeError: InputError?
        for source in sources {
            let name = source.path == spooled ? InputSource.standardInput : source   // named as the user named it
            let summary = withoutActuallyEscaping(removed) { removed in
                InputReader.read(source, options: options, onDocument: { document in
                    defer { d += 1 }
                    let id: [UInt8] = document.id.isEmpty ? Array("\(PathBytes.readable(name.path)):\(document.recordNumber)".utf8) : document.id
                    if result.isKept(d) {
                        if result.clusterSizes[d] > 1 { idsOfRoots[UInt32(d)] = id }
                        var doc = document
                        if !doc.metadata.isEmpty { doc.metadata.append(UInt8(ascii: ",")) }
                        doc.metadata.append(contentsOf: "\"dup_cluster_size\":\(result.clusterSizes[d])".utf8)
                        buffer.removeAll(keepingCapacity: true)
                        JSONLRecord.append(doc, path: name.path, to: &buffer)
                        do throws(InputError) { try kept.write(buffer) } catch { writeError = writeError ?? error }
                    } else {
                        removedLines.append(contentsOf: #"{"id":"#.utf8)
                        JSONEscape.appendQuoted(id, to: &removedLines)
                        removedLines.append(contentsOf: #","reason":"\#(result.reason(d)!.rawValue)","kept_id":"#.utf8)
                        JSONEscape.appendQuoted(idsOfRoots[result.roots[d]] ?? [], to: &removedLines)
                        removedLines.append(contentsOf: "}\n".utf8)
                        removed(id)
                    }
                })
            }
            for error in summary.errors { events(.problem(error.description)) }
        }
        if let writeError { throw writeError }
        try kept.finish()
        try writeDurably(Data(removedLines), to: out + "/removed.jsonl")
    }
}
