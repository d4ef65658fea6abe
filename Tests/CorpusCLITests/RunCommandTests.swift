import CorpusTestSupport
import Foundation
import Testing

/// End-to-end tests of `census run`: accounting, determinism across threads, and kill-and-resume.
@Suite struct RunCommandTests {
    /// Every file below `dir` (relative path → bytes), leaving out the lock and `except` prefixes.
    static func files(_ dir: URL, except: [String] = []) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let base = dir.standardizedFileURL.path
        guard let walker = FileManager.default.enumerator(atPath: base) else { return out }
        for case let relative as String in walker {
            let path = base + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            if relative == ".lock" || except.contains(where: { relative.hasPrefix($0) }) { continue }
            out[relative] = try Data(contentsOf: URL(fileURLWithPath: path))
        }
        return out
    }

    /// The JSONL records of every shard under `dir/sub`.
    static func records(_ dir: URL, _ sub: String = "data") throws -> [String] {
        var lines: [String] = []
        for (path, data) in try files(dir.appendingPathComponent(sub)).sorted(by: { $0.key < $1.key }) where path.hasSuffix(".jsonl.gz") {
            lines += String(decoding: Compress.gunzipAll([UInt8](data)), as: UTF8.self).split(separator: "\n").map(String.init)
        }
        return lines
    }

    static func report(_ dir: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: dir.appendingPathComponent("report/report.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Checks records read = kept + exact + near + quality-removed + rejected, per language and in total, and that the shards
    /// hold exactly the kept documents.
    static func checkAccounting(_ out: URL) throws {
        let report = try report(out)
        let read = try #require(report["records_read"] as? Int)
        let kept = try #require(report["kept"] as? Int)
        let exact = try #require(report["exact_duplicates"] as? Int)
        let near = try #require(report["near_duplicates"] as? Int)
        let quality = try #require(report["quality_removed"] as? Int)
        let rejected = (report["rejected"] as? [String: Int] ?? [:]).values.reduce(0, +)
        #expect(read == kept + exact + near + quality + rejected)
        #expect(report["accounting_holds"] as? Bool == true)
        let accounting = try #require(report["accounting"] as? [[String: Any]])
        var sum = 0
        for row in accounting {
            let documents = try #require(row["documents"] as? Int)
            #expect(documents == (row["kept"] as! Int) + (row["exact_duplicates"] as! Int) + (row["near_duplicates"] as! Int)
                    + (row["quality_removed"] as! Int))
            sum += documents
        }
        #expect(sum + rejected == read)
        let records = try Self.records(out)
        #expect(records.count == kept)
        for line in records.prefix(50) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["id"] is String && object["text"] is String && object["lang"] is String && object["source"] is String)
        }
    }

    @Test func accountingHoldsOnTheSamplesAndOnBadInputs() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let samples = try runCensus(["run", "--progress", "--out", dir.appendingPathComponent("samples").path, TestPaths.samples.path])
        #expect(samples.status == 0, "\(samples.stderr)")
        #expect(samples.stderr.contains(" inputs, ") && samples.stderr.contains("documents/s, elapsed "), "a --progress line")
        try Self.checkAccounting(dir.appendingPathComponent("samples"))
        // --progress-every: timestamped lines for batch logs, with the estimated text in all, the recent rate,
        // the elapsed time and the ETA.
        let every = try runCensus(["run", "--progress-every", "0.1", "--threads", "1", "--out", dir.appendingPathComponent("every").path, TestPaths.samples.path])
        #expect(every.status == 0, "\(every.stderr)")
        let pattern = #/census: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \d+/\d+ inputs, [0-9.]+ MB of ~[0-9.]+ [MG]B text, [0-9.]+ MB/s, \d+ documents/s, elapsed \d+:\d\d, ETA (\d+:\d\d|\?)/#
        let progressLines = every.stderr.split(separator: "\n").filter { $0.contains(" inputs, ") }
        #expect(progressLines.count >= 2, "\(every.stderr)")
        for line in progressLines { #expect(line.wholeMatch(of: pattern) != nil, "\(line)") }
        #expect(try runCensus(["run", "--progress-every", "0", "--out", dir.appendingPathComponent("x").path, TestPaths.samples.path]).status == 64)
        // `census stats` is the same job without documents: the same report and samples.
        let stats = try runCensus(["stats", "--quiet", "--out", dir.appendingPathComponent("stats").path, TestPaths.samples.path])
        #expect(stats.status == 0)
        #expect(try Data(contentsOf: dir.appendingPathComponent("stats/report/report.json"))
                == Data(contentsOf: dir.appendingPathComponent("samples/report/report.json")))

        let bad = dir.appendingPathComponent("bad")
        try FileManager.default.createDirectory(at: bad, withIntermediateDirectories: true)
        _ = try CLITests.writeBadInputs(in: bad)
        let out = dir.appendingPathComponent("bad-out")
        let result = try runCensus(["run", "--all-files", "--out", out.path, bad.path, dir.appendingPathComponent("missing.jsonl").path])
        #expect(result.status == 1, "\(result.stderr)")
        try Self.checkAccounting(out)
        let log = try String(contentsOf: out.appendingPathComponent("errors.log"), encoding: .utf8)
        #expect(log.contains("invalid-json.jsonl: line 2: invalid_json: invalid value at column 10"))
        #expect(log.contains("missing.jsonl: cannot open"))
        #expect(log.contains("truncated.jsonl.gz"))
        #expect(result.stderr.contains("run: "))
    }

    @Test func outputIsTheSameForAnyNumberOfThreads() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var outputs: [[String: Data]] = []
        for threads in [1, 4] {
            let out = dir.appendingPathComponent("t\(threads)")
            let r = try runCensus(["run", "--quiet", "--threads", "\(threads)", "--shard-size", "150K", "--keep-removed",
                                   "--out", out.path, TestPaths.samples.path])
            #expect(r.status == 0, "\(r.stderr)")
            outputs.append(try Self.files(out, except: ["state/checkpoint.json"]))
        }
        #expect(outputs[0].keys.sorted() == outputs[1].keys.sorted())
        for (path, data) in outputs[0] { #expect(outputs[1][path] == data, "\(path) differs") }
        #expect(outputs[0].keys.contains("data/de/part-00001.jsonl.gz"), "rotation at --shard-size")
        #expect(outputs[0].keys.contains("report/report.json") && outputs[0].keys.contains("removed/part-00000.jsonl.gz"))
    }

    @Test func refusesAnEarlierRunWithoutResumeOrForce() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = TestPaths.samples.appendingPathComponent("lines.txt.gz").path
        let out = dir.appendingPathComponent("out").path
        #expect(try runCensus(["run", "--quiet", "--out", out, input]).status == 0)
        let again = try runCensus(["run", "--quiet", "--out", out, input])
        #expect(again.status == 64 && again.stderr.contains("--resume"))
        #expect(try runCensus(["run", "--quiet", "--force", "--out", out, input]).status == 0)
        let done = try runCensus(["run", "--resume", "--out", out, input])
        #expect(done.status == 0 && done.stderr.contains("already complete"))
        let other = try runCensus(["run", "--resume", "--seed", "2", "--out", out, input])
        #expect(other.status == 64 && other.stderr.contains("seed"))
    }

    /// Splits the samples' JSONL into `parts` files, so runs have many inputs (and checkpoints).
    static func splitSamples(into dir: URL, parts: Int) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let data = try Data(contentsOf: TestPaths.samples.appendingPathComponent("web-docs.jsonl.gz"))
        let lines = String(decoding: Compress.gunzipAll([UInt8](data)), as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let per = (lines.count + parts - 1) / parts
        for p in 0..<parts {
            let chunk = lines[min(lines.count, p * per)..<min(lines.count, (p + 1) * per)].joined(separator: "\n") + "\n"
            let name = String(format: "part-%02d.jsonl", p)
            try Data((p % 2 == 0 ? Compress.gzip(Array(chunk.utf8)) : Array(chunk.utf8))).write(to: dir.appendingPathComponent(name + (p % 2 == 0 ? ".gz" : "")))
        }
        for name in ["crawl.warc.wet.gz", "lines.txt.gz"] {
            try FileManager.default.copyItem(at: TestPaths.samples.appendingPathComponent(name), to: dir.appendingPathComponent("z-" + name))
        }
    }

    @Test func killedRunsResumeToTheSameOutputs() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try Self.splitSamples(into: input, parts: 10)
        let options = ["--quiet", "--threads", "2", "--shard-size", "40K", "--keep-removed", "--checkpoint-seconds", "0", input.path]
        let reference = dir.appendingPathComponent("reference")
        let r = try runCensus(["run", "--out", reference.path] + options)
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try Self.files(reference, except: ["state/checkpoint.json"])
        // How long an uninterrupted run takes, to spread the kills over it.
        let started = Date()
        _ = try runCensus(["run", "--force", "--out", dir.appendingPathComponent("timing").path] + options)
        let duration = Date().timeIntervalSince(started)
        var resumedAfterKill = 0
        for seed in 1...5 {
            var rng = SeededRandom(seed: UInt64(seed))
            let out = dir.appendingPathComponent("killed-\(seed)")
            var arguments = ["run", "--out", out.path] + options
            // Up to three kills at random moments, then a run to the end.
            for _ in 0..<3 {
                if try runCensusAndKill(arguments, after: Double(rng.next() % 1000) / 1000 * duration) { resumedAfterKill += 1 }
                arguments = ["run", "--resume", "--out", out.path] + options
            }
            let finish = try runCensus(arguments)
            #expect(finish.status == 0, "\(finish.stderr)")
            let got = try Self.files(out, except: ["state/checkpoint.json"])
            #expect(got.keys.sorted() == expected.keys.sorted(), "seed \(seed)")
            for (path, data) in expected { #expect(got[path] == data, "seed \(seed): \(path) differs") }
        }
        #expect(resumedAfterKill >= 5, "most kills should land while the run is busy")
    }
}
