import CorpusIO
import CorpusPipeline
import CorpusStats
import CorpusTestSupport
import Foundation
import Testing

/// The typed API (``CorpusRun``, ``SliceMerge``) driven in-process: the outputs do not depend on the threads,
/// a run stopped part-way and resumed ends identical to an uninterrupted one, slices merged equal one run,
/// and problems come out as events.
@Suite struct CorpusRunTests {
    static var inputs: [String] {
        ["web-docs.jsonl.gz", "crawl.warc.wet.gz", "lines.txt.gz", "help.paragraphs.txt"].map { TestPaths.samples.appendingPathComponent($0).path }
    }

    static func options(_ out: URL, threads: Int = 2) -> RunOptions {
        var options = RunOptions(inputs: inputs, out: out.path)
        options.threads = threads
        options.samples = 5
        options.quiet = true
        return options
    }

    /// Every file under `folder` (but the lock and the state, whose checkpoint names the folder's inputs
    /// and positions), by relative path, with its bytes.
    static func files(_ folder: URL, skipping: Set<String> = [".lock", "state"]) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let root = folder.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: root) else { return result }
        while let relative = walker.nextObject() as? String {
            if skipping.contains(where: { relative == $0 || relative.hasPrefix($0 + "/") }) { continue }
            var isDirectory: ObjCBool = false
            FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory)
            if !isDirectory.boolValue { result[relative] = FileManager.default.contents(atPath: root + "/" + relative) }
        }
        return result
    }

    @Test func theOutputsAreTheSameForOneTwoAndFourThreads() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var outputs: [[String: Data]] = []
        for threads in [1, 2, 4] {
            let out = dir.appendingPathComponent("t\(threads)")
            let summary = try CorpusRun(Self.options(out, threads: threads)).run()
            #expect(summary.statistics.recordsRead > 1000)
            let s = summary.statistics
            #expect(s.keptDocuments + s.exactDuplicates + s.nearDuplicates + s.qualityRemoved + s.rejectedRecords == s.recordsRead)
            #expect(s.qualityRemoved > 0, "the samples hold boilerplate the quality rules remove")
            outputs.append(try Self.files(out))
        }
        #expect(outputs[0].keys.contains("report/report.json"))
        #expect(outputs[0].keys.contains { $0.hasPrefix("data/en/part-") })
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
    }

    @Test func aRunStoppedPartWayAndResumedEqualsAnUninterruptedOne() throws {
        // Stopped after its second input's checkpoint, then "crashed": what was written after it is torn.
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole"), resumed = dir.appendingPathComponent("resumed")
        _ = try CorpusRun(Self.options(whole)).run()
        var stopping = Self.options(resumed)
        stopping.stopAfter = 2
        stopping.checkpointSeconds = 0
        #expect(throws: PipelineError.self) { try CorpusRun(stopping).run() }
        // What a crash after that checkpoint leaves: appended bytes past the recorded lengths, a part file of a
        // language begun later. The resume must cut and remove them.
        for name in ["errors.log", "state/keys.bin"] {
            let handle = try FileHandle(forWritingTo: resumed.appendingPathComponent(name))
            try handle.seekToEnd()
            try handle.write(contentsOf: Data("torn write".utf8))
            try handle.close()
        }
        let stray = resumed.appendingPathComponent("data/zz")
        try FileManager.default.createDirectory(at: stray, withIntermediateDirectories: true)
        try Data("half a part".utf8).write(to: stray.appendingPathComponent("part-00000.jsonl.gz.partial"))
        // A new run does not overwrite it, and a resume with other options is refused: both usage errors.
        do {
            _ = try CorpusRun(Self.options(resumed)).run(.new)
            Issue.record("a new run over an unfinished one must be refused")
        } catch { #expect(error.kind == .usage) }
        var other = Self.options(resumed)
        other.seed = 2
        do {
            _ = try CorpusRun(other).run(.resume)
            Issue.record("a resume with another seed must be refused")
        } catch { #expect(error.kind == .usage && error.message.contains("seed")) }
        var notes: [String] = []
        var options = Self.options(resumed)
        options.quiet = false
        options.maxMessages = 0
        let summary = try CorpusRun(options).run(.resume) { if case .note(let line) = $0 { notes.append(line) } }
        #expect(notes.contains("resuming after 2 of 4 inputs"))
        #expect(!summary.alreadyComplete)
        let (a, b) = (try Self.files(resumed), try Self.files(whole))
        #expect(a.keys.sorted() == b.keys.sorted() && a == b)
        let again = try CorpusRun(Self.options(resumed)).run(.resume)
        #expect(again.alreadyComplete)
    }

    @Test func slicesMergedEqualOneRun() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = dir.appendingPathComponent("whole"), sliced = dir.appendingPathComponent("sliced")
        let one = try CorpusRun(Self.options(whole)).run()
        for index in 0..<3 {
            var options = Self.options(sliced)
            options.slice = RunSlice(index: index, count: 3)
            let summary = try CorpusRun(options).run()
            #expect(summary.folder.hasSuffix("shards/\(index)"))
        }
        var merge = SliceMerge(directory: sliced.path)
        merge.quiet = true
        merge.memoryBytes = 1 << 20   // small: the key sort spills and merges runs
        let merged = try merge.run()
        #expect(merged.slices == 3)
        #expect(merged.statistics == one.statistics)
        #expect(try Self.files(sliced, skipping: [".lock", "state", "shards"]) == Self.files(whole))
    }

    @Test func problemsComeAsEventsAndFailedInputsAreCounted() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var options = Self.options(dir.appendingPathComponent("out"))
        options.inputs = [TestPaths.samples.appendingPathComponent("web-docs.jsonl.gz").path, dir.appendingPathComponent("missing.jsonl").path]
        options.quiet = false
        var problems: [String] = []
        var progress: [RunProgress] = []
        let summary = try CorpusRun(options).run { event in
            switch event {
            case .problem(let line): problems.append(line)
            case .progress(let p): progress.append(p)
            case .note: break
            }
        }
        #expect(problems.contains { $0.hasSuffix("missing.jsonl: cannot open (No such file or directory)") })
        #expect(problems.contains { $0.contains("web-docs.jsonl.gz: line 101: invalid_json") })
        #expect(problems.contains { $0.contains("web-docs.jsonl.gz: line 202: missing_text_field") })
        #expect(summary.statistics.failedInputs == 1)
        #expect(summary.statistics.rejected["invalid_json"] == 1)
        #expect(progress.last?.inputsDone == 1 && progress.last?.inputs == 1)
        let log = try String(contentsOf: dir.appendingPathComponent("out/errors.log"), encoding: .utf8)
        #expect(log.contains("line 101: invalid_json"))
    }

    @Test func anOutputFolderCensusDidNotWriteIsLeftAlone() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mine = dir.appendingPathComponent("mine")
        try FileManager.default.createDirectory(at: mine.appendingPathComponent("report"), withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: mine.appendingPathComponent("report/notes.txt"))
        do {
            _ = try CorpusRun(Self.options(mine)).run(.replace)
            Issue.record("census must not delete in a folder it did not mark")
        } catch { #expect(error.kind == .usage) }
        #expect(FileManager.default.fileExists(atPath: mine.appendingPathComponent("report/notes.txt").path))
        do {
            _ = try CorpusRun(Self.options(URL(fileURLWithPath: "/"))).run()
            Issue.record("the root folder must be refused")
        } catch { #expect(error.kind == .usage) }
    }
}
