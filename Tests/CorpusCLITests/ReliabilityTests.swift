import CorpusTestSupport
import Foundation
import Testing

/// Regression tests of issue 15 (Reliability II): nothing lost on resume, no writes outside --out, no silent
/// wrong answers on hostile input. Each test names the item it guards.
@Suite struct ReliabilityTests {
    /// Long repetitions run with CENSUS_LONG_TESTS=1.
    static let long = ProcessInfo.processInfo.environment["CENSUS_LONG_TESTS"] == "1"

    /// Every path below `dir` whose name ends in `.partial` or `.tmp`.
    static func unfinished(_ dir: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: dir.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { $0.hasSuffix(".partial") || $0.hasSuffix(".tmp") }.sorted()
    }

    /// `count` tiny JSONL inputs: mostly German and English, and the rare languages `cy` and `dsb` only in the
    /// first inputs, so their writers get no record after early checkpoints.
    static func manySmallInputs(_ dir: URL, count: Int) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for i in 0..<count {
            let lang = i < 40 && i % 7 == 3 ? "cy" : (i < 60 && i % 11 == 5 ? "dsb" : (i % 3 == 0 ? "en" : "de"))
            // Words made of letters from the number, so no two texts are duplicates (digits count as 0).
            let words = [i, i &* 7919 % 10007 + 11, i &* 31 + 977, i / 7 + 5000].map(Self.word).joined(separator: " ")
            let line = #"{"lang":"\#(lang)","text":"Dokument \#(words) mit ein paar Wörtern"}"# + "\n"
            try Data(line.utf8).write(to: dir.appendingPathComponent(String(format: "in-%05d.jsonl", i)))
        }
    }

    /// A word spelled from `n` in base 26.
    static func word(_ n: Int) -> String {
        var n = n, letters: [Character] = []
        repeat { letters.append(Character(UnicodeScalar(UInt8(97 + n % 26)))); n /= 26 } while n > 0
        return String(letters) + "en"
    }

    /// Item 1: kill -9 at random moments over 10,000 small inputs with rare languages, then --resume: the
    /// outputs equal an uninterrupted run's byte for byte and no `.partial` file is left.
    @Test func killedRunsOverManySmallInputsLeaveNoPartialShard() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try Self.manySmallInputs(input, count: 10_000)
        let options = ["--quiet", "--threads", "2", "--lang-field", "lang", "--quality", "off", "--keep-removed", "--checkpoint-seconds", "0.05", input.path]
        let reference = dir.appendingPathComponent("reference")
        let started = Date()
        let r = try runCensus(["run", "--out", reference.path] + options)
        let duration = Date().timeIntervalSince(started)
        #expect(r.status == 0, "\(r.stderr)")
        let expected = try RunCommandTests.files(reference, except: ["state/checkpoint.json"])
        #expect(expected.keys.contains("data/cy/part-00000.jsonl.gz") && expected.keys.contains("data/dsb/part-00000.jsonl.gz"))
        var killedWhileBusy = 0
        for seed in 1...(Self.long ? 20 : 3) {
            var rng = SeededRandom(seed: UInt64(seed) &* 7 &+ 1)
            let out = dir.appendingPathComponent("killed-\(seed)")
            var arguments = ["run", "--out", out.path] + options
            for attempt in 0..<2 {
                // The first kill within the first 60 % of a whole run's time, the second (a resumed run has
                // less to do) within its first 30 %.
                let share = attempt == 0 ? 0.1 + 0.5 * Double(rng.next() % 1000) / 1000 : 0.05 + 0.25 * Double(rng.next() % 1000) / 1000
                if try runCensusAndKill(arguments, after: share * duration) { killedWhileBusy += 1 }
                arguments = ["run", "--resume", "--out", out.path] + options
            }
            let finish = try runCensus(arguments)
            #expect(finish.status == 0, "seed \(seed): \(finish.stderr)")
            #expect(Self.unfinished(out).isEmpty, "seed \(seed): left unfinished: \(Self.unfinished(out))")
            let got = try RunCommandTests.files(out, except: ["state/checkpoint.json"])
            #expect(got.keys.sorted() == expected.keys.sorted(), "seed \(seed)")
            for (path, data) in expected where got[path] != data { Issue.record("seed \(seed): \(path) differs") }
        }
        #expect(killedWhileBusy >= 1, "the kills should land while the run is busy")
    }

    /// Issue 20: checkpoints inside one long input. 30,000 tiny documents in one file (30 batches; a point every 4),
    /// plain, gzip (one member) and zstd (one frame): stopped inside it and resumed, and killed at random moments
    /// and resumed, the outputs are the bytes of an uninterrupted run; so too a run whose keys are sorted on disk
    /// (`--memory 1M`: stopped inside the input in its slice, then merged).
    @Test(arguments: ["long.jsonl", "long.jsonl.gz", "long.jsonl.zst"])
    func checkpointsInsideOneLongInput(_ name: String) throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var text: [UInt8] = []
        for i in 0..<30_000 {
            let lang = i % 5 == 0 ? "en" : (i % 97 == 1 ? "cy" : "de")
            let n = i % 10 == 9 ? i - 5 : i   // every tenth an exact duplicate
            text += Array(#"{"lang":"\#(lang)","text":"Dokument \#(Self.word(n)) \#(Self.word(n * 7 + 3)) mit Wörtern"}"#.utf8) + [0x0A]
            if i % 1000 == 500 { text += Array("not json\n".utf8) }
        }
        let bytes = name.hasSuffix(".gz") ? Compress.gzip(text) : name.hasSuffix(".zst") ? Compress.zstd(text) : text
        let input = dir.appendingPathComponent(name)
        try Data(bytes).write(to: input)
        let options = ["--quiet", "--threads", "2", "--lang-field", "lang", "--quality", "off", "--keep-removed", "--shard-size", "200K",
                       "--checkpoint-seconds", "0", "--checkpoint-batches", "4", input.path]
        let reference = dir.appendingPathComponent("reference")
        let started = Date()
        #expect(try runCensus(["run", "--out", reference.path] + options).status == 0)
        let duration = Date().timeIntervalSince(started)
        let expected = try RunCommandTests.files(reference, except: ["state"])
        #expect(expected.keys.contains("data/cy/part-00000.jsonl.gz") && expected.keys.contains("removed/part-00000.jsonl.gz"))
        func check(_ out: URL, _ what: String) throws {
            #expect(Self.unfinished(out).isEmpty, "\(what): left unfinished: \(Self.unfinished(out))")
            let got = try RunCommandTests.files(out, except: ["state"])
            #expect(got.keys.sorted() == expected.keys.sorted(), "\(what)")
            for (path, data) in expected where got[path] != data { Issue.record("\(what): \(path) differs") }
        }
        for memory in [[], ["--memory", "1M"]] {
            let out = dir.appendingPathComponent("stopped\(memory.count)")
            let s = try runCensus(["run", "--stop-after-batches", "9", "--out", out.path] + memory + options)
            #expect(s.status == 1 && s.stderr.contains("stopped after 12 batches of an input"), "\(s.stderr)")
            let checkpoint = memory.isEmpty ? out : out.appendingPathComponent("shards/0")
            let saved = try String(contentsOf: checkpoint.appendingPathComponent("state/checkpoint.json"), encoding: .utf8)
            #expect(saved.contains(#""batchesInInput":12"#))
            let r = try runCensus(["run", "--resume", "--out", out.path] + memory + options)
            #expect(r.status == 0, "\(r.stderr)")
            try check(out, "stopped inside the input\(memory.isEmpty ? "" : " (keys on disk)")")
        }
        var killedWhileBusy = 0
        for seed in 1...(Self.long ? 10 : 2) {
            var rng = SeededRandom(seed: UInt64(seed) &* 13 &+ 5)
            let out = dir.appendingPathComponent("killed-\(seed)")
            let share = 0.2 + 0.6 * Double(rng.next() % 1000) / 1000
            if try runCensusAndKill(["run", "--out", out.path] + options, after: share * duration) { killedWhileBusy += 1 }
            let r = try runCensus(["run", "--resume", "--out", out.path] + options)
            #expect(r.status == 0, "seed \(seed): \(r.stderr)")
            try check(out, "killed (seed \(seed))")
        }
        #expect(killedWhileBusy >= 1, "the kills should land while the run is busy")
    }

    /// Item 2: an empty or root `--out` is a usage error (an unset `$OUTDIR` wrote into `/`).
    @Test func anEmptyOrRootOutputFolderIsAUsageError() throws {
        let input = TestPaths.samples.appendingPathComponent("lines.txt.gz").path
        for out in ["", "/", "//", "/./"] {
            let r = try runCensus(["run", "--quiet", "--force", "--out", out, input])
            #expect(r.status == 64 && r.stderr.contains("--out"), "--out '\(out)': \(r.status) \(r.stderr)")
            let s = try runCensus(["stats", "--quiet", "--out", out, input])
            #expect(s.status == 64, "stats --out '\(out)'")
        }
        #expect(try runCensus(["merge", ""]).status == 64)
        #expect(try runCensus(["merge", "/"]).status == 64)
        #expect(try runCensus(["dedup", "--out", "", input]).status == 64)
        #expect(try runCensus(["run", "--out", "x\ny", input]).status == 64)
    }

    /// Item 2: `--force` (and a new run) delete only what census wrote, in a folder it marked as its own.
    @Test func forceDeletesOnlyInAFolderCensusWrote() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = TestPaths.samples.appendingPathComponent("lines.txt.gz").path
        let theirs = dir.appendingPathComponent("theirs")
        for name in ["report/keep.txt", "state/keep.txt", "samples/keep.txt"] {
            try FileManager.default.createDirectory(at: theirs.appendingPathComponent(name).deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("mine".utf8).write(to: theirs.appendingPathComponent(name))
        }
        for extra in [["--force"], []] {
            let r = try runCensus(["run", "--quiet", "--out", theirs.path, input] + extra)
            #expect(r.status == 64 && r.stderr.contains("not a census output folder"), "\(extra): \(r.stderr)")
            for name in ["report/keep.txt", "state/keep.txt", "samples/keep.txt"] {
                #expect(FileManager.default.fileExists(atPath: theirs.appendingPathComponent(name).path), "\(name) deleted (\(extra))")
            }
        }
        // census's own folder is replaced with --force.
        let own = dir.appendingPathComponent("own")
        #expect(try runCensus(["run", "--quiet", "--out", own.path, input]).status == 0)
        #expect(FileManager.default.fileExists(atPath: own.appendingPathComponent(".census-output").path))
        #expect(try runCensus(["run", "--quiet", "--force", "--out", own.path, input]).status == 0)
        try RunCommandTests.checkAccounting(own)
    }

    /// Item 3: an output folder inside an input folder is not read by the next run.
    @Test func aRunNeverReadsItsOwnOutputs() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("corpus")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: TestPaths.samples.appendingPathComponent("web-docs.jsonl.gz"), to: input.appendingPathComponent("web-docs.jsonl.gz"))
        let out = input.appendingPathComponent("out")
        #expect(try runCensus(["run", "--quiet", "--out", out.path, input.path]).status == 0)
        let first = try RunCommandTests.report(out)["records_read"] as? Int
        let again = try runCensus(["run", "--force", "--out", out.path, input.path])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("inside the output folder"), "\(again.stderr)")
        #expect(try RunCommandTests.report(out)["records_read"] as? Int == first)
    }

    /// Item 3: `--lang-field` is read as JSON: the top-level member, escapes decoded.
    @Test func theLanguageFieldIsReadAsJSON() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.jsonl")
        try Data(#"""
        {"meta":{"lang":"fr"},"lang":"de","text":"Erster Text hier"}
        {"lang":"d\u0065","text":"Zweiter Text dort"}
        {"lang":"de\"x","text":"Dritter Text da"}
        {"note":"\"lang\":\"fr\"","lang":"de","text":"Vierter Text oben"}

        """#.utf8).write(to: input)
        let out = dir.appendingPathComponent("out")
        let r = try runCensus(["run", "--quiet", "--lang-field", "lang", "--quality", "off", "--out", out.path, input.path])
        #expect(r.status == 0, "\(r.stderr)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("data").path).sorted()
        #expect(folders == ["de", "de_x"], "\(folders)")
        let languages = try #require(try RunCommandTests.report(out)["accounting"] as? [[String: Any]])
        let de = languages.first { $0["code"] as? String == "de" }
        #expect(de?["kept"] as? Int == 3, "\(languages.map { ($0["code"] ?? "", $0["kept"] ?? "") })")
        #expect(try runCensus(["run", "--lang-field", "", "--out", out.path, input.path]).status == 64)
    }

    /// Item 3: names with line breaks or terminal escapes stay on one line of stderr and of errors.log.
    @Test func oddFileNamesStayOnOneLine() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try Data("{\"text\":\"gut\"}\nnot json\n".utf8).write(to: input.appendingPathComponent("bad\nname\u{1B}[31m.jsonl"))
        let out = dir.appendingPathComponent("out")
        let r = try runCensus(["run", "--out", out.path, input.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains("\u{1B}"), "a raw escape reached stderr")
        #expect(r.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("census: ") }, "\(r.stderr)")
        #expect(r.stderr.contains("bad\\nname\\x1b[31m.jsonl: line 2: invalid_json"), "\(r.stderr)")
        let log = try String(contentsOf: out.appendingPathComponent("errors.log"), encoding: .utf8)
        #expect(log.split(separator: "\n").count == 1 && log.contains("\\x1b"), "\(log)")
    }

    /// Item 3: an input rewritten with the same size is not resumed as if it were the same.
    @Test func aRewrittenInputIsNotResumedSilently() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.jsonl")
        try Data(#"{"text":"Ein Satz auf Deutsch."}"#.utf8 + [0x0A]).write(to: input)
        let out = dir.appendingPathComponent("out")
        #expect(try runCensus(["run", "--quiet", "--out", out.path, input.path]).status == 0)
        usleep(20_000)
        try Data(#"{"text":"One sentence, English."}"#.utf8 + [0x0A]).write(to: input)   // the same size
        let r = try runCensus(["run", "--resume", "--out", out.path, input.path])
        #expect(r.status == 64 && r.stderr.contains("inputs"), "\(r.status) \(r.stderr)")
    }

    /// Item 3: failed writes to standard output reach the exit status; item 5: a reader stops when the
    /// decoder has given up (/dev/zero named x.jsonl), and `--threads` is capped.
    @Test func writeFailuresEndlessInputsAndAbsurdThreadCounts() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = try FaultTests.shell("exec \"$CENSUS\" cat '\(TestPaths.samples.path)/lines.txt.gz' > /dev/full")
        #expect(full.status == 1 && full.stderr.contains("standard output: write failed"), "\(full.status) \(full.stderr)")
        let zero = dir.appendingPathComponent("x.jsonl")
        try FileManager.default.createSymbolicLink(atPath: zero.path, withDestinationPath: "/dev/zero")
        let endless = try FaultTests.shell("exec timeout 60 \"$CENSUS\" count '\(zero.path)'")
        #expect(endless.status == 1 && endless.stderr.contains("not text"), "\(endless.status) \(endless.stderr)")
        let one = dir.appendingPathComponent("one.jsonl")
        try Data(#"{"text":"Ein Satz auf Deutsch."}"#.utf8 + [0x0A]).write(to: one)
        let many = try FaultTests.shell("exec timeout 60 \"$CENSUS\" run --threads 100000 --out '\(dir.path)/out' '\(one.path)'")
        #expect(many.status == 0 && many.stderr.contains("capped at"), "\(many.status) \(many.stderr)")
    }

    /// One seeded damage to a file: a flipped byte, a cut, bytes appended, or half of it cut away.
    static func damage(_ path: URL, _ rng: inout SeededRandom) throws -> String {
        var bytes = [UInt8](try Data(contentsOf: path))
        let kind = rng.next() % 4
        switch kind {
        case 0 where !bytes.isEmpty:
            let at = Int(rng.next() % UInt64(bytes.count))
            bytes[at] ^= UInt8(1 + rng.next() % 255)
        case 1 where !bytes.isEmpty:
            bytes.removeLast(1 + Int(rng.next() % UInt64(bytes.count)))
        case 3:
            bytes.removeLast(bytes.count / 2)
        default:
            bytes += (0..<(1 + rng.next() % 64)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        try Data(bytes).write(to: path)
        return ["flip", "cut", "append", "halve"][Int(kind)]
    }

    /// Checks one resumed or merged folder: refused with one line naming damaged state, or the same outputs.
    static func checkRefusedOrSame(_ r: CommandResult, _ got: () throws -> [String: Data], _ expected: [String: Data], _ what: String) throws {
        if r.status == 0 {
            let files = try got()
            #expect(files.keys.sorted() == expected.keys.sorted(), "\(what): other files")
            for (path, data) in expected where files[path] != data { Issue.record("\(what): \(path) differs after exit 0") }
        } else {
            let lines = r.stderr.split(separator: "\n")
            #expect(r.status == 1 && lines.count == 1 && r.stderr.contains("state damaged"), "\(what): \(r.status) \(r.stderr)")
        }
    }

    /// Item 4: every state and shard file damaged at random (seeded): `--resume`, `census merge` and
    /// `census report` either refuse with one line ("state damaged: ... re-run with --force") or give the
    /// same outputs; never a crash, never a different answer. 24 damages per run, 400 with CENSUS_LONG_TESTS=1,
    /// or CENSUS_DAMAGE_ROUNDS (and CENSUS_DAMAGE_SEED).
    /// A run stopped after an input with no records still counts per input when resumed: inputs.csv and the
    /// report's inputs equal an uninterrupted run's.
    @Test func resumeAfterAnEmptyFirstInputKeepsThePerInputView() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try RunCommandTests.splitSamples(into: input, parts: 3)
        try Data().write(to: input.appendingPathComponent("a-empty.jsonl"))   // sorts first
        let options = ["--quiet", "--checkpoint-seconds", "0"]
        let reference = dir.appendingPathComponent("reference")
        #expect(try runCensus(["run", "--out", reference.path] + options + [input.path]).status == 0)
        let stopped = dir.appendingPathComponent("stopped")
        let s = try runCensus(["run", "--stop-after", "1", "--out", stopped.path] + options + [input.path])
        #expect(s.status == 1 && s.stderr.contains("--stop-after"), "\(s.stderr)")
        #expect(try runCensus(["run", "--resume", "--out", stopped.path] + options + [input.path]).status == 0)
        let expected = try Data(contentsOf: reference.appendingPathComponent("report/inputs.csv"))
        #expect(String(decoding: expected, as: UTF8.self).split(separator: "\n").count > 20)
        #expect(try Data(contentsOf: stopped.appendingPathComponent("report/inputs.csv")) == expected)
        #expect(try Data(contentsOf: stopped.appendingPathComponent("report/report.json")) == Data(contentsOf: reference.appendingPathComponent("report/report.json")))
    }

    @Test func damagedStateIsRefusedOrReadToTheSameResult() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try RunCommandTests.splitSamples(into: input, parts: 10)
        let options = ["--quiet", "--keep-removed", "--shard-size", "40K", "--checkpoint-seconds", "0"]
        let reference = dir.appendingPathComponent("reference")
        #expect(try runCensus(["run", "--out", reference.path] + options + [input.path]).status == 0)
        let expected = try RunCommandTests.files(reference, except: ["state/checkpoint.json"])
        // An interrupted run (stopped with a checkpoint after 5 of 12 inputs) and a complete sharded run.
        let stopped = dir.appendingPathComponent("stopped")
        let s = try runCensus(["run", "--stop-after", "5", "--out", stopped.path] + options + [input.path])
        #expect(s.status == 1 && s.stderr.contains("--stop-after"), "\(s.stderr)")
        let sharded = dir.appendingPathComponent("sharded")
        for i in 0..<3 { #expect(try runCensus(["run", "--shard", "\(i)/3", "--out", sharded.path] + options + [input.path]).status == 0) }
        let merged = try ShardMergeTests.outputs(reference)
        let stoppedFiles = try RunCommandTests.files(stopped).keys.filter { $0.hasPrefix("state/") || $0 == "errors.log" || $0.hasSuffix(".partial") }.sorted()
        let shardFiles = try RunCommandTests.files(sharded).keys.filter { $0.hasPrefix("shards/") && !$0.hasSuffix(".census-output") }.sorted()
        #expect(stoppedFiles.contains("state/keys.bin") && stoppedFiles.contains { $0.hasSuffix(".partial") }, "\(stoppedFiles)")
        #expect(shardFiles.contains("shards/1/bands.bin") && shardFiles.contains("shards/2/state/checkpoint.json"), "\(shardFiles)")
        let environment = ProcessInfo.processInfo.environment
        var rng = SeededRandom(seed: environment["CENSUS_DAMAGE_SEED"].flatMap { UInt64($0) } ?? 15)
        let rounds = environment["CENSUS_DAMAGE_ROUNDS"].flatMap { Int($0) } ?? (Self.long ? 400 : 24)
        for round in 0..<rounds {
            let work = dir.appendingPathComponent("work-\(round)")
            switch round % 3 {
            case 0:
                try FileManager.default.copyItem(at: stopped, to: work)
                let file = stoppedFiles[Int(rng.next() % UInt64(stoppedFiles.count))]
                let how = try Self.damage(work.appendingPathComponent(file), &rng)
                let r = try runCensus(["run", "--resume", "--out", work.path] + options + [input.path])
                try Self.checkRefusedOrSame(r, { try RunCommandTests.files(work, except: ["state/checkpoint.json"]) }, expected, "resume, \(how) \(file)")
            case 1:
                try FileManager.default.copyItem(at: sharded, to: work)
                let file = shardFiles[Int(rng.next() % UInt64(shardFiles.count))]
                let how = try Self.damage(work.appendingPathComponent(file), &rng)
                let r = try runCensus(["merge", "--quiet", "--memory", "1M", work.path])
                try Self.checkRefusedOrSame(r, { try ShardMergeTests.outputs(work) }, merged, "merge, \(how) \(file)")
            default:
                try FileManager.default.createDirectory(at: work.appendingPathComponent("state"), withIntermediateDirectories: true)
                try FileManager.default.copyItem(at: reference.appendingPathComponent("state/stats.json"), to: work.appendingPathComponent("state/stats.json"))
                let how = try Self.damage(work.appendingPathComponent("state/stats.json"), &rng)
                let r = try runCensus(["report", work.path])
                let want = try RunCommandTests.files(reference.appendingPathComponent("report"))
                try Self.checkRefusedOrSame(r, { try RunCommandTests.files(work.appendingPathComponent("report")) }, want, "report, \(how) stats.json")
            }
            try? FileManager.default.removeItem(at: work)
        }
    }

    /// Item 7: language values from the input cannot inject HTML into report.md or break its tables.
    @Test func reportMarkdownEscapesValuesFromTheInput() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.jsonl")
        try Data(#"{"lang":"<img src=x onerror=alert(1)>|x","text":"Erster Text hier"}"#.utf8 + [0x0A]).write(to: input)
        let out = dir.appendingPathComponent("out")
        #expect(try runCensus(["run", "--quiet", "--lang-field", "lang", "--quality", "off", "--out", out.path, input.path]).status == 0)
        let md = try String(contentsOf: out.appendingPathComponent("report/report.md"), encoding: .utf8)
        #expect(!md.contains("<img"), "raw HTML in report.md")
        #expect(md.contains("| &lt;img src=x onerror=alert(1)&gt;\\|x | 1 |"), "\(md)")
        let html = try String(contentsOf: out.appendingPathComponent("report/report.html"), encoding: .utf8)
        #expect(!html.contains("<img"))
    }

    /// Item 7: census slurm refuses values that would add lines to its scripts, and quotes paths with spaces
    /// (CI runs such a path on a real Slurm: ci/slurm-test.sh).
    @Test func slurmScriptsKeepOddPathsInert() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("with space $(x)").path
        let r = try runCensus(["slurm", TestPaths.samples.path, "--out", out, "--tasks", "2"])
        #expect(r.status == 0, "\(r.stderr)")
        let shards = try String(contentsOfFile: out + "/slurm/shards.sbatch", encoding: .utf8)
        #expect(shards.contains("#SBATCH --output=\"\(out)/logs/shard-%A_%a.out\"\n"), "\(shards)")
        #expect(shards.contains("--out '\(out)'"), "\(shards)")
        for bad in [["--out", dir.path + "/a\nb"], ["--out", dir.path + "/a\"b"], ["--out", dir.path + "/x", "--partition", "p\n#SBATCH --x"],
                    ["--out", dir.path + "/x", "--account", "a b"]] {
            let refused = try runCensus(["slurm", TestPaths.samples.path, "--tasks", "2"] + bad)
            #expect(refused.status == 64, "\(bad): \(refused.stderr)")
        }
    }

    /// Item 7: SIGTERM and SIGINT say what was saved and how to continue; a stray shard folder is named.
    @Test func interruptionsAndStrayShardsAreExplained() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try Self.manySmallInputs(input, count: 3_000)
        let out = dir.appendingPathComponent("out")
        for (signal, status) in [(SIGTERM, Int32(143)), (SIGINT, 130)] {
            let process = Process()
            process.executableURL = TestPaths.censusBinary
            process.arguments = ["run", "--quiet", "--threads", "1", "--lang-field", "lang", "--quality", "off", "--out", out.path, input.path] + (signal == SIGINT ? ["--resume"] : [])
            let errors = Pipe()
            process.standardError = errors
            try process.run()
            usleep(700_000)
            kill(process.processIdentifier, signal)
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            if process.terminationStatus == 0 { continue }   // finished before the signal
            #expect(process.terminationStatus == status, "\(text)")
            #expect(text.contains("interrupted by SIG") && text.contains("--resume"), "\(text)")
        }
        let finish = try runCensus(["run", "--quiet", "--resume", "--threads", "1", "--lang-field", "lang", "--quality", "off", "--out", out.path, input.path])
        #expect(finish.status == 0, "\(finish.stderr)")
        // Shards 0-2 of 3 and a stray folder 3.
        let small = dir.appendingPathComponent("small")
        try RunCommandTests.splitSamples(into: small, parts: 3)
        let sharded = dir.appendingPathComponent("sharded")
        for i in 0..<3 { #expect(try runCensus(["run", "--quiet", "--shard", "\(i)/3", "--out", sharded.path, small.path]).status == 0) }
        try FileManager.default.createDirectory(at: sharded.appendingPathComponent("shards/3"), withIntermediateDirectories: true)
        let merge = try runCensus(["merge", "--quiet", sharded.path])
        #expect(merge.status == 1 && merge.stderr.contains("shards/3: not a shard of this run of 3 shards"), "\(merge.stderr)")
    }

    /// Item 6: thousands of distinct `--lang-field` values: bounded statistics rows (the rest share `_other`,
    /// chosen by the codes' hashes, so shards merge exactly), bounded file descriptors (ulimit -n 200), the
    /// same output for any --threads and for a sharded run merged. (Memory at 100,000 values and 1,000,000
    /// hosts is measured on the release build by ci/hostile-scale.py.)
    @Test func manyLanguageValuesStayBoundedAndMergeExactly() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for part in 0..<6 {
            var text = ""
            for i in 0..<600 {
                let n = part * 600 + i
                let lang = n % 5 == 0 ? "de" : "x\(n % 1500)"
                text += #"{"lang":"\#(lang)","url":"https://h\#(n % 700).example.org/","text":"Dokument \#(Self.word(n)) \#(Self.word(n * 31 + 7)) mit Wörtern"}"# + "\n"
            }
            try Data(text.utf8).write(to: input.appendingPathComponent("part-\(part).jsonl"))
        }
        let options = ["--quiet", "--lang-field", "lang", "--quality", "off", "--max-languages", "40", "--shard-size", "4K", input.path]
        var outputs: [[String: Data]] = []
        for threads in ["1", "2"] {
            let out = dir.appendingPathComponent("out-\(threads)")
            let r = try FaultTests.shell("ulimit -n 200; exec \"$CENSUS\" run --threads \(threads) --out '\(out.path)' \(options.map { "'\($0)'" }.joined(separator: " "))")
            #expect(r.status == 0, "\(r.stderr)")
            try RunCommandTests.checkAccounting(out)
            outputs.append(try RunCommandTests.files(out, except: ["state/checkpoint.json"]))
        }
        for (path, data) in outputs[0] where outputs[1][path] != data { Issue.record("\(path) differs between 1 and 2 threads") }
        let single = dir.appendingPathComponent("out-1")
        let report = try RunCommandTests.report(single)
        let rows = try #require(report["accounting"] as? [[String: Any]]).compactMap { $0["code"] as? String }
        #expect(rows.contains("_other") && rows.contains("de") && rows.count == 42, "\(rows.count) rows")
        let folders = try FileManager.default.contentsOfDirectory(atPath: single.appendingPathComponent("data").path)
        #expect(folders.count == 1201, "every value keeps its own data folder")
        // Three shards merged: the same rows, counts and hosts.
        let sharded = dir.appendingPathComponent("sharded")
        for i in 0..<3 {
            let r = try runCensus(["run", "--shard", "\(i)/3", "--out", sharded.path] + options)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let merge = try FaultTests.shell("ulimit -n 200; exec \"$CENSUS\" merge --quiet '\(sharded.path)'")
        #expect(merge.status == 0, "\(merge.stderr)")
        let merged = try ShardMergeTests.outputs(sharded), expected = try ShardMergeTests.outputs(single)
        #expect(merged.keys.sorted() == expected.keys.sorted())
        for (path, data) in expected where merged[path] != data { Issue.record("\(path) differs after the merge") }
    }

    /// Acceptance: a real full disk (a small tmpfs as the output folder) at several points, then room made
    /// (the tmpfs grown) and --resume: the outputs equal an uninterrupted run's. Needs root (mount); skipped
    /// without it.
    @Test func aRealFullDiskAtSeveralPointsResumesToTheSameOutputs() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = ["--quiet", "--shard-size", "20K", "--keep-removed", "--checkpoint-seconds", "0", TestPaths.samples.path]
        let reference = dir.appendingPathComponent("reference")
        #expect(try runCensus(["run", "--out", reference.path] + options).status == 0)
        let expected = try RunCommandTests.files(reference, except: ["state/checkpoint.json"])
        var filled = 0
        for size in ["160k", "400k", "900k", "1600k"] {
            let disk = dir.appendingPathComponent("disk-\(size)")
            try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
            guard try FaultTests.shell("mount -t tmpfs -o size=\(size) tmpfs '\(disk.path)'").status == 0 else {
                print("skipped: cannot mount a tmpfs (not root?)")
                return
            }
            defer { _ = try? FaultTests.shell("umount '\(disk.path)'") }
            let out = disk.appendingPathComponent("out")
            let full = try runCensus(["run", "--out", out.path] + options)
            if full.status == 0 { continue }   // it fitted
            filled += 1
            #expect(full.status == 1 && full.stderr.contains("No space left on device") && full.stderr.contains("--resume"), "\(size): \(full.stderr)")
            try FaultTests.checkNoHalfWrittenFiles(out)
            #expect(try FaultTests.shell("mount -o remount,size=64m '\(disk.path)'").status == 0)
            let resumed = try runCensus(["run", "--resume", "--out", out.path] + options)
            #expect(resumed.status == 0, "\(size): \(resumed.stderr)")
            #expect(Self.unfinished(out).isEmpty, "\(size): \(Self.unfinished(out))")
            let got = try RunCommandTests.files(out, except: ["state/checkpoint.json"])
            #expect(got.keys.sorted() == expected.keys.sorted(), "\(size)")
            for (path, data) in expected where got[path] != data { Issue.record("\(size): \(path) differs after the disk filled") }
        }
        #expect(filled >= 3, "the disk should fill at most sizes")
    }

    /// Item 3: a file whose name is not UTF-8 is read, named directly or found in a folder, and shown with its
    /// bytes escaped.
    @Test func namesThatAreNotUTF8AreReadAndShownEscaped() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let make = try FaultTests.shell("cd '\(dir.path)' && mkdir in && printf '{\"text\":\"Ein Satz auf Deutsch.\"}\\n' > \"in/$(printf 'caf\\351.jsonl')\"")
        #expect(make.status == 0, "\(make.stderr)")
        let direct = try FaultTests.shell("cd '\(dir.path)' && exec \"$CENSUS\" count \"in/$(printf 'caf\\351.jsonl')\"")
        #expect(direct.status == 0, "named directly: \(direct.stderr)")
        let out = dir.appendingPathComponent("out")
        let walked = try runCensus(["run", "--quiet", "--quality", "off", "--out", out.path, dir.appendingPathComponent("in").path])
        #expect(walked.status == 0, "\(walked.stderr)")
        let records = try RunCommandTests.records(out)
        #expect(records.count == 1 && records[0].contains(#"caf\\xe9.jsonl:1"#), "\(records)")
    }

    /// The shards of one run start at the same moment (a Slurm array) and all claim their shared folder:
    /// none may fail on another's marker (CI's real Slurm once lost shard 0 so).
    @Test func shardsStartedTogetherAllClaimTheirFolder() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = TestPaths.samples.appendingPathComponent("lines.txt.gz").path
        let out = dir.appendingPathComponent("out").path
        for round in 0..<3 {
            try? FileManager.default.removeItem(atPath: out)
            let processes = try (0..<8).map { i -> Process in
                let p = Process()
                p.executableURL = TestPaths.censusBinary
                p.arguments = ["run", "--quiet", "--shard", "\(i)/8", "--out", out, input]
                p.standardError = FileHandle.nullDevice
                try p.run()
                return p
            }
            for (i, p) in processes.enumerated() {
                p.waitUntilExit()
                #expect(p.terminationStatus == 0, "round \(round): shard \(i) failed")
            }
        }
    }
}
