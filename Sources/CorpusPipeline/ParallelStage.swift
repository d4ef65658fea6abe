import CorpusIO
import Foundation

/// The work a worker of the ``ParallelStage`` does on each batch, on its own copy (scratch buffers, models).
package protocol BatchAnalyzer: SendableMetatype {
    associatedtype Output: AnalyzedOutput
    mutating func analyze(_ raw: RawBatch, path: String) -> Output
}

/// What a worker made of a batch: it keeps the batch's place (input, batch number) and, on an input's last
/// batch, the input's summary.
package protocol AnalyzedOutput: Sendable {
    var file: Int { get }
    var index: Int { get }
    var summary: InputSummary? { get }
}

extension AnalyzedBatch: AnalyzedOutput {}
extension DocumentAnalyzer: BatchAnalyzer {}

/// The parallel streaming stage of `census run`, `census stats` and `census dedup`: readers cut inputs into
/// batches, workers analyse batches (`Analyzer`: ``DocumentAnalyzer`` for a run), and the caller's thread
/// receives the analysed batches in input order.
///
/// With one thread everything runs on the caller's thread, one batch at a time. With `threads` = N > 1 there
/// are N workers, R = max(1, N / 4) readers (input i is read by reader i mod R, so several inputs are read
/// at once when there are several), and the caller's thread consumes. Memory is bounded: each reader may
/// have at most `2 + 2N / R` batches between being read and being consumed, and waits otherwise
/// (back-pressure), whatever the input size.
package struct ParallelStage<Analyzer: BatchAnalyzer> {
    package let sources: [InputSource]
    package let readerOptions: ReaderOptions
    package let threads: Int
    package let makeAnalyzer: () -> Analyzer

    package init(sources: [InputSource], readerOptions: ReaderOptions, threads: Int, makeAnalyzer: @escaping () -> Analyzer) {
        self.sources = sources
        self.readerOptions = readerOptions
        self.threads = threads
        self.makeAnalyzer = makeAnalyzer
    }

    /// Reads the inputs numbered `inputs[start...]` and hands their analysed batches, in that order, to
    /// `consume`; the last batch of each input carries its summary. The first `skipping` batches of the first
    /// input are read but not kept or analysed (``RawBatch/skipped``): a run resumed inside that input consumed
    /// them before. Rethrows the first error of `consume` (after which nothing more is consumed).
    package func run(inputs all: [Int], from start: Int, skipping: Int = 0, consume: (Analyzer.Output) throws -> Void) throws {
        let inputs = Array(all.dropFirst(start))
        let firstInput = inputs.first
        guard !inputs.isEmpty else { return }
        if threads <= 1 {
            var analyzer = makeAnalyzer()
            var failure: (any Error)?
            for f in inputs {
                let path = sources[f].path
                Self.read(sources[f], file: f, options: readerOptions, skipping: f == firstInput ? skipping : 0) { raw in
                    guard failure == nil else { return }
                    do { try consume(analyzer.analyze(raw, path: path)) } catch { failure = error }
                }
                if let failure { throw failure }
            }
            return
        }
        let readers = max(1, min(inputs.count, threads / 4))
        let quota = 2 + 2 * threads / readers
        let work = WorkQueue<RawBatch>()
        let results = ReorderBuffer<Analyzer.Output>()
        let gates = (0..<readers).map { _ in Gate(limit: quota) }
        let finished = DispatchGroup()
        let sources = sources, options = readerOptions
        for r in 0..<readers {
            finished.enter()
            let gate = gates[r]
            Thread.detachNewThread {
                for f in stride(from: r, to: inputs.count, by: readers).map({ inputs[$0] }) {
                    if gate.cancelled { break }
                    Self.read(sources[f], file: f, options: options, skipping: f == firstInput ? skipping : 0) { raw in
                        guard gate.acquire() else { return }
                        work.push(raw)
                    }
                }
                finished.leave()
            }
        }
        for _ in 0..<threads {
            finished.enter()
            let analyzer = Box(makeAnalyzer())
            Thread.detachNewThread {
                while let raw = work.pop() {
                    results.put(analyzer.value.analyze(raw, path: sources[raw.file].path))
                }
                finished.leave()
            }
        }
        do {
            for (k, f) in inputs.enumerated() {
                var index = 0
                while true {
                    let batch = results.take(file: f, index: index)
                    gates[k % readers].release()
                    try consume(batch)
                    if batch.summary != nil { break }
                    index += 1
                }
            }
        } catch {
            // Stop the readers and workers; they finish in the background (the caller is about to exit).
            for gate in gates { gate.cancel() }
            work.close()
            throw error
        }
        work.close()
        finished.wait()
    }

    /// Reads one input into batches; the first `skipping` are cut as always but keep no documents or rejections.
    package static func read(_ source: InputSource, file: Int, options: ReaderOptions, skipping: Int = 0, emit: (RawBatch) -> Void) {
        var batch = RawBatch(file: file, index: 0)
        batch.skipped = skipping > 0
        var offset = 0
        withoutActuallyEscaping(emit) { emit in
            let summary = InputReader.read(source, options: options,
                onDocument: { document in
                    if batch.skipped {
                        batch.skippedDocuments += 1
                        batch.textBytes += document.text.count
                        if batch.isFull {
                            batch.inputOffset = offset
                            emit(batch)
                            batch = RawBatch(file: file, index: batch.index + 1)
                            batch.skipped = batch.index < skipping
                        }
                        return
                    }
                    // Copies of exactly the bytes: sharing the reader's buffers would make it allocate new ones
                    // (of the largest capacity seen) for every record.
                    batch.documents.append(RawDocument(
                        text: document.text.withUnsafeBufferPointer { Array($0) },
                        id: document.id.isEmpty ? [] : document.id.withUnsafeBufferPointer { Array($0) },
                        metadata: document.metadata.isEmpty ? [] : document.metadata.withUnsafeBufferPointer { Array($0) },
                        recordNumber: document.recordNumber, crawl: document.crawl))
                    batch.textBytes += document.text.count
                    batch.lineRecords = document.format == .lines
                    if batch.isFull {
                        batch.inputOffset = offset
                        emit(batch)
                        batch = RawBatch(file: file, index: batch.index + 1)
                    }
                },
                onRejection: { if !batch.skipped { batch.rejections.append($0) } },
                onProgress: { offset = $0 })
            batch.inputOffset = summary.inputBytes
            batch.summary = summary
            emit(batch)
        }
    }
}
