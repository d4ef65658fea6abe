import CorpusCore
import CorpusIO
import CorpusStats
import CorpusQuality
import Dedup
import Foundation
import LanguageID

/// The ordered stage of `census run` and `census stats`: takes analysed batches in input order, decides
/// duplicates, adds up the statistics, writes kept documents into per-language shards, and checkpoints.
package final class OrderedStage {
    package struct Configuration {
        package var out: String
        /// False for `census stats`: statistics only, no documents, no state to resume from.
        package var writeData = true
        package var checkpointSeconds = 10.0
        package var quiet = false
        package var settings: [String: String] = [:]
        package var fingerprint: [String: String] = [:]
        /// Set in a slice of a sharded run.
        package var slice: SliceInfo?
        /// Where problems go (rejected records, input errors, warnings), one line each; the caller prints them.
        package var events: (PipelineEvent) -> Void = { _ in }
        /// Stop (with a checkpoint, as after an interruption) once this many inputs are complete (`--stop-after`,
        /// hidden: for tests of resuming).
        package var stopAfter: Int?
        /// Stop so once this many batches of one input are consumed, at a point inside it (hidden: for tests).
        package var stopAfterBatches: Int?
        /// Every this many batches inside an input, every open gzip member ends, and a checkpoint may be taken
        /// there (``OrderedStage/checkpointInside()``): so a run resumed inside an input writes the same bytes.
        package var checkpointBatches = OrderedStage.defaultCheckpointBatches

        /// Part size, compression, removed documents, samples, messages and language rows.
        package var output = OutputSettings()

        /// The settings of a run writing to `out` with `output`.
        package init(out: String, output: OutputSettings = OutputSettings()) {
            self.out = out
            self.output = output
        }
    }

    /// How duplicates are decided and what is written.
    package enum Mode {
        /// One process: the streaming deduplicator decides, kept documents are written.
        case single
        /// A shard of a sharded run: batches and keys are saved under DIR (DIR/shards/I) for `census merge`.
        case slice
        /// `census merge`: the saved batches come back in input order with decisions from the merged keys.
        case replay(DecisionTable)
    }

    package let configuration: Configuration

    package let sources: [InputSource]

    package let mode: Mode

    /// The inputs this engine reads, by number (all of them, or a shard's slice), in order.
    package let inputs: [Int]

    var sliceInfo: SliceInfo?

    var batches: AppendLog?

    var exactLog: AppendLog?

    var bandLog: AppendLog?

    var documentsInInput = 0

    /// Batches of the current input consumed (restored by a resume inside it).
    package internal(set) var batchesInInput = 0

    /// Batches between the points inside an input where members end and a checkpoint may be taken: at most 64 × 4
    /// MB of text (about 10 s of work), 64 × 1,024 documents.
    package static let defaultCheckpointBatches = 64

    /// The current input's documents by statistics row (added to ``CorpusStatistics/byInput`` at its end).
    var inputCounts: [Int: InputLanguageCounts] = [:]
    /// The current input's documents by crawl (a ``crawlNames`` index) and statistics row (added to
    /// ``CorpusStatistics/byCrawl`` at its end).
    var crawlCounts: [CrawlRow: InputLanguageCounts] = [:]
    /// Crawl names in the order first seen (at most ``CorpusStatistics/maxCrawls``, then ``CorpusStatistics/otherCrawls``).
    var crawlNames: [String] = []
    var crawlIndex: [String: Int] = [:]
    /// The batch's crawl indexes mapped to ``crawlNames`` (refilled per batch).
    var batchCrawls: [Int] = []

    struct CrawlRow: Hashable {
        var crawl: Int
        var row: Int
    }

    /// False when resuming statistics saved before census counted per input and per crawl: the views would miss
    /// the inputs done before, so none is kept (the report then shows no Inputs table rather than a partial one).
    var countsInputs = true

    /// Per-input counts start empty (not nil), so a checkpoint taken before any input had records still says
    /// that this run counts per input.
    package internal(set) var statistics: CorpusStatistics = {
        var s = CorpusStatistics()
        s.byInput = [:]
        s.byCrawl = [:]
        return s
    }()

    var languages: [LanguageStatistics] = []

    var codes: [String] = []

    var codeIndex: [String: Int] = [:]

    /// Hashes (sorted) of the codes census does not know that have rows of their own, and their codes.
    var ownHashes: [UInt64] = []

    var ownCodes: [UInt64: String] = [:]

    /// Rows whose code moved to `_other`.
    var retiredRows: Set<Int> = []

    var dedup: StreamingDeduplicator

    var writers: [String: PartWriter] = [:]

    var removed: PartWriter?

    var errors: AppendLog?

    var keys: AppendLog?

    package internal(set) var inputsDone = 0

    var lastCheckpoint = Date()

    var messages: InputMessages

    var keyBuffer: [UInt64] = []

    let compressor: PartWriter.Compressor

    var record: [UInt8] = []

    /// Progress: input bytes of completed inputs plus the current one's offset, text bytes, documents.
    package internal(set) var inputBytesDone = 0

    package internal(set) var inputBytesCurrent = 0

    package internal(set) var textBytes = 0
    /// Text of the batches skipped by a resume inside an input (read again, not analysed; not in ``textBytes``).
    package internal(set) var skippedTextBytes = 0

    package internal(set) var documents = 0

    package init(configuration: Configuration, sources: [InputSource], dedup: DedupConfiguration, mode: Mode = .single, inputs: [Int]? = nil) {
        self.configuration = configuration
        self.sources = sources
        self.mode = mode
        self.inputs = inputs ?? Array(sources.indices)
        sliceInfo = configuration.slice
        self.dedup = StreamingDeduplicator(configuration: dedup)
        compressor = PartWriter.Compressor(level: configuration.output.compressionLevel)
        statistics.settings = configuration.settings
        messages = InputMessages(maxMessages: configuration.output.maxMessages, quiet: configuration.quiet,
                                 seeAlso: configuration.writeData ? "errors.log" : "the counts")
    }

    /// Adds one analysed batch (batches come in input order).
    package func consume(_ batch: AnalyzedBatch) throws(InputError) {
        if batch.skipped {
            // Consumed before the checkpoint this run resumed from.
            inputBytesCurrent = batch.inputOffset
            skippedTextBytes += batch.textBytes
            if let summary = batch.summary { try endInput(summary) } else { batchesInInput += 1 }
            return
        }
        let local = rows(of: batch)
        let path = sources[batch.file].path
        batchCrawls.removeAll(keepingCapacity: true)
        for name in batch.crawls { batchCrawls.append(crawlNumber(name)) }
        for (k, d) in batch.documents.enumerated() {
            let index = documentsInInput
            documentsInInput += 1
            documents += 1
            guard let decided = try decide(d, batch: batch, index: index) else { continue }
            try settle(k, batch: batch, row: local[d.language], decision: decided.reason, path: path)
        }
        if let batches {
            // The batch for the merge (its statistics stay in this slice's totals).
            let bytes = batch.encoded()
            var length = BinaryWriter()
            length.int(bytes.count)
            try batches.append(length.bytes)
            try batches.append(bytes)
        }
        report(batch.rejections, path: path)
        textBytes += batch.textBytes
        inputBytesCurrent = batch.inputOffset
        if let summary = batch.summary {
            try endInput(summary)
        } else {
            batchesInInput += 1
            if batchesInInput % configuration.checkpointBatches == 0 { try checkpointInside() }
        }
    }

    /// A point inside an input (every ``Configuration/checkpointBatches`` batches): every open member ends, as at an
    /// input's end, whether or not a checkpoint is then taken, so where members end depends only on the input; and
    /// a checkpoint is taken when one is due.
    func checkpointInside() throws(InputError) {
        guard configuration.writeData else { return }
        for code in writers.keys.sorted() { try writers[code]!.endMember() }
        bufferedBytes = 0
        try removed?.endMember()
        let stop = configuration.stopAfterBatches.map { batchesInInput >= $0 } ?? false
        guard stop || Date().timeIntervalSince(lastCheckpoint) >= configuration.checkpointSeconds else { return }
        addInputCounts(path: sources[inputs[inputsDone]].path, records: false)
        try saveCheckpoint(complete: false)
        if stop {
            throw InputError(.usage, path: configuration.out, "stopped after \(batchesInInput) batches of an input (--stop-after-batches)")
        }
    }

    /// Adds the current input's counts so far to the per-input and per-crawl views (at its end, and before a
    /// checkpoint inside it); `records`: the input had records, so it is listed even without documents.
    private func addInputCounts(path: String, records: Bool) {
        if !countsInputs {
            inputCounts.removeAll(keepingCapacity: true)
            crawlCounts.removeAll(keepingCapacity: true)
        } else if !inputCounts.isEmpty || records {
            // In place: copying the whole map at every input end would grow quadratically with the inputs.
            for (l, c) in inputCounts {
                statistics.byInput![path, default: [:]][rowCode(l), default: InputLanguageCounts()].add(c)
            }
            if statistics.byInput![path] == nil { statistics.byInput![path] = [:] }
            for (key, c) in crawlCounts {
                statistics.byCrawl![crawlNames[key.crawl], default: [:]][rowCode(key.row), default: InputLanguageCounts()].add(c)
            }
            inputCounts.removeAll(keepingCapacity: true)
            crawlCounts.removeAll(keepingCapacity: true)
        }
    }

    /// Adds the batch's per-language statistics; returns the row of each of its codes.
    private func rows(of batch: AnalyzedBatch) -> [Int] {
        var local: [Int] = []
        local.reserveCapacity(batch.codes.count)
        for (k, code) in batch.codes.enumerated() {
            let l = language(code)
            local.append(l)
            if k < batch.statistics.count {
                languages[l].merge(batch.statistics[k])
            } else if k < batch.domains.count {
                languages[l].mergeDomains(batch.domains[k])   // a merge: hosts in input order, as one run
            }
        }
        // A code of this batch may have given its row to _other when a later one came.
        if !retiredRows.isEmpty { local = batch.codes.map { codeIndex[$0] ?? otherRow } }
        return local
    }

    /// A decision: kept (nil) or removed as which duplicate.
    private struct Decision { var reason: DedupResult.Reason? }

    /// Decides whether a document is a duplicate (nil for a slice: it only logs the document's keys for the merge).
    private func decide(_ d: AnalyzedDocument, batch: AnalyzedBatch, index: Int) throws(InputError) -> Decision? {
        switch mode {
        case .slice:
            // Keys for the merge, with the document's number: input << 40 | index in the input.
            let id = UInt64(batch.file) << 40 | UInt64(index)
            keyBuffer.removeAll(keepingCapacity: true)
            keyBuffer.append(d.exactKey.0)
            keyBuffer.append(d.exactKey.1)
            keyBuffer.append(id)
            try exactLog!.append(keyBuffer.withUnsafeBytes { Array($0) })
            keyBuffer.removeAll(keepingCapacity: true)
            for k in batch.bandKeys[d.bandStart..<d.bandEnd] {
                keyBuffer.append(k)
                keyBuffer.append(id)
            }
            try bandLog!.append(keyBuffer.withUnsafeBytes { Array($0) })
            return nil
        case .replay(let table):
            return Decision(reason: table.reason(input: batch.file, index: index))
        case .single:
            let decision = batch.bandKeys.withUnsafeBufferPointer { all in
                dedup.decide(exactKey: d.exactKey, bandKeys: UnsafeBufferPointer(rebasing: all[d.bandStart..<d.bandEnd]))
            }
            if let keys, decision != .exact {
                // Logged for --resume (exact duplicates add no key, so they are not).
                keyBuffer.removeAll(keepingCapacity: true)
                keyBuffer.append(d.exactKey.0)
                keyBuffer.append(d.exactKey.1)
                keyBuffer.append(UInt64(d.bandEnd - d.bandStart))
                keyBuffer.append(contentsOf: batch.bandKeys[d.bandStart..<d.bandEnd])
                try keys.append(keyBuffer.withUnsafeBytes { Array($0) })
            }
            return Decision(reason: decision)
        }
    }

    /// Counts document `k` of the batch as kept (written, maybe sampled) or as a duplicate (maybe written to removed/).
    private func settle(_ k: Int, batch: AnalyzedBatch, row l: Int, decision: DedupResult.Reason?, path: String) throws(InputError) {
        let d = batch.documents[k]
        inputCounts[l, default: InputLanguageCounts()].documents += 1
        let crawl = CrawlRow(crawl: d.crawl < batchCrawls.count ? batchCrawls[d.crawl] : crawlNumber(DocumentAnalyzer.unknownCrawl), row: l)
        crawlCounts[crawl, default: InputLanguageCounts()].documents += 1
        if decision == nil && d.quality == 0 {
            inputCounts[l]!.kept += 1
            inputCounts[l]!.wordsKept += d.words
            crawlCounts[crawl]!.kept += 1
            crawlCounts[crawl]!.wordsKept += d.words
        }
        switch decision {
        case nil where d.quality != 0:
            try removeForQuality(k, batch: batch, row: l, path: path)
        case nil:
            languages[l].kept.add(words: d.words, characters: d.characters, bytes: d.bytes, lines: d.lines)
            if let tokens = d.llmTokens { languages[l].kept.add(tokens: tokens) }
            languages[l].lengths[LengthBuckets.bucket(d.words)] += 1
            if configuration.writeData { try write(batch.record(k, path: path), to: Self.folder(batch.codes[d.language])) }
            if configuration.output.samples > 0 { sample(l, priority: d.priority) { batch.record(k, path: path) } }
        case .exact?, .near?:
            if decision == .exact { languages[l].exactDuplicates += 1 } else { languages[l].nearDuplicates += 1 }
            if let removed {
                record.removeAll(keepingCapacity: true)
                record.append(contentsOf: #"{"reason":"\#(decision == .exact ? "exact" : "near")","#.utf8)
                record.append(contentsOf: batch.record(k, path: path).dropFirst())
                try removed.append(record)
            }
        }
    }

    /// A unique document that fails a quality rule: counted by rule, kept among the rule's examples when its
    /// priority is among the smallest, and written to removed/ with its rule (`--keep-removed`).
    private func removeForQuality(_ k: Int, batch: AnalyzedBatch, row l: Int, path: String) throws(InputError) {
        let d = batch.documents[k]
        let rule = QualityRule(rawValue: d.quality)?.name ?? "quality"
        var q = languages[l].quality.take() ?? LanguageStatistics.QualityCounts()
        q.removed.add(words: d.words, characters: d.characters, bytes: d.bytes, lines: d.lines)
        if let tokens = d.llmTokens { q.removed.add(tokens: tokens) }
        q.byRule[rule, default: 0] += 1
        let examples = q.examples[rule] ?? []
        if examples.count < LanguageStatistics.QualityCounts.examplesPerRule || d.priority <= examples.last!.priority {
            q.addExamples([LanguageStatistics.Sample(priority: d.priority, record: String(decoding: batch.record(k, path: path), as: UTF8.self))], rule: rule)
        }
        languages[l].quality = q
        if let removed {
            record.removeAll(keepingCapacity: true)
            record.append(contentsOf: #"{"reason":"quality","rule":"#.utf8)
            JSONEscape.appendQuoted(rule, to: &record)
            record.append(UInt8(ascii: ","))
            record.append(contentsOf: batch.record(k, path: path).dropFirst())
            try removed.append(record)
        }
    }

    /// Logs every rejected record of a batch, and passes on the first few of each input as events.
    private func report(_ rejections: [Rejection], path: String) {
        for rejection in rejections { messages.reject(rejection, path: path, log: errors, events: configuration.events) }
    }

    /// Writers beyond which none keeps its file open (file descriptors stay bounded: `ulimit -n 1024`).
    package static let maxOpenWriters = 64

    /// Record bytes buffered across all writers beyond which every member is ended (in the order of the
    /// codes, so where members end still depends only on the records).
    package static let maxBufferedBytes = 64 << 20

    var frugal = false

    var bufferedBytes = 0

    /// A statistics row's code, or `_other` for a row whose code moved there.
    private func rowCode(_ l: Int) -> String { codeIndex[codes[l]] == l ? codes[l] : Self.otherCode }

    /// The ``crawlNames`` index of a crawl name, adding it while there are fewer than ``CorpusStatistics/maxCrawls``.
    /// Names are numbered in input order, so which ones are counted under their own name does not depend on threads.
    func crawlNumber(_ name: String) -> Int {
        if let known = crawlIndex[name] { return known }
        let key = crawlNames.count < CorpusStatistics.maxCrawls ? name : CorpusStatistics.otherCrawls
        if let known = crawlIndex[key] { return known }
        crawlIndex[key] = crawlNames.count
        crawlNames.append(key)
        return crawlNames.count - 1
    }

    /// An input is complete: its counts, messages, the end of every open gzip member (members end at input
    /// boundaries in every run, so a resumed run writes the same bytes), and now and then a checkpoint.
    func endInput(_ summary: InputSummary) throws(InputError) {
        messages.end(summary, log: errors, events: configuration.events)
        add(summary)
        addInputCounts(path: summary.path, records: summary.records > 0)
        if case .slice = mode { sliceInfo?.documents[inputs[inputsDone]] = documentsInInput }
        documentsInInput = 0
        batchesInInput = 0
        inputsDone += 1
        inputBytesDone += summary.inputBytes
        inputBytesCurrent = 0
        guard configuration.writeData else { return }
        for code in writers.keys.sorted() { try writers[code]!.endMember() }
        bufferedBytes = 0
        try removed?.endMember()
        // (After the last input, finish(scarcity:) saves the final checkpoint.)
        if inputsDone < inputs.count && configuration.stopAfter == inputsDone {
            try saveCheckpoint(complete: false)
            throw InputError(.usage, path: configuration.out, "stopped after \(inputsDone) inputs (--stop-after)")
        }
        if inputsDone < sources.count && Date().timeIntervalSince(lastCheckpoint) >= configuration.checkpointSeconds {
            try saveCheckpoint(complete: false)
        }
    }

    /// Counts an input's summary (also for names that matched no file).
    package func add(_ summary: InputSummary) {
        statistics.inputs += 1
        if summary.failed { statistics.failedInputs += 1 }
        statistics.recordsRead += summary.records
        for (reason, n) in summary.rejected { statistics.rejected[reason.name, default: 0] += n }
        for (type, n) in summary.skipped { statistics.skipped[type, default: 0] += n }
    }

    /// Notes an input name that matched nothing or could not be opened before reading.
    package func note(_ error: InputError) {
        errors?.line(error.description)
        configuration.events(.problem(error.description))
        var summary = InputSummary(path: error.path)
        summary.errors = [error]
        add(summary)
    }

    /// The statistics so far, with every language.
    package var currentStatistics: CorpusStatistics {
        var s = statistics
        for (l, code) in codes.enumerated() where !retiredRows.contains(l) { s.languages[code] = languages[l] }
        return s
    }

    /// Closes every shard under its final name, writes the statistics, samples and report, and marks the
    /// checkpoint complete.
    package func finish(thresholds: ScarcityThresholds) throws {
        if case .slice = mode {
            try saveCheckpoint(complete: true)   // the merge writes the outputs
            return
        }
        if configuration.writeData {
            if frugal {
                for code in writers.keys.sorted() { try writers[code]!.endMember() }
                try OutputFiles.syncFileSystem(of: configuration.out)
                for w in writers.values { w.markSynced() }
            }
            for code in writers.keys.sorted() { try writers[code]!.finish() }
            try removed?.finish()
        }
        let stats = currentStatistics
        try ReportFiles.save(stats, in: configuration.out)
        try ReportFiles.write(stats, to: configuration.out, thresholds: thresholds)
        if configuration.writeData { try saveCheckpoint(complete: true) }
    }

    /// Bytes held by the duplicate keys.
    package var dedupMemoryBytes: Int { dedup.memoryBytes }
}
