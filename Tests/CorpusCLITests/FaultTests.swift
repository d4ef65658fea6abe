import CorpusTestSupport
import Foundation
import Testing

/// Faults and hostile input: full disks, vanishing inputs, unwritable or busy output folders, crashes during a
/// merge, bombs and absurd records. Nothing may crash, nothing may be lost silently, and no file under a final
/// name may be half-written.
@Suite struct FaultTests {
    /// Runs `census` through bash (for ulimit), returning status and standard error.
    static func shell(_ script: String) throws -> (status: Int32, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", script]
        process.environment = ["CENSUS": TestPaths.censusBinary.path, "PATH": "/usr/bin:/bin"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let data = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// Every file under a final name in `dir` is whole: gzip parts decompress to complete JSONL lines, JSON
    /// files parse.
    static func checkNoHalfWrittenFiles(_ dir: URL) throws {
        for (path, data) in try RunCommandTests.files(dir) {
            if path.hasSuffix(".jsonl.gz") {
                let text = Compress.gunzipAll([UInt8](data))
                #expect(text.isEmpty || text.last == 0x0A, "\(path) ends inside a record")
            } else if path.hasSuffix(".json") {
                #expect((try? JSONSerialization.jsonObject(with: data)) != nil, "\(path) is not whole JSON")
            }
        }
    }

    @Test func fullDiskGivesAClearErrorExitOneAndNoHalfWrittenFile() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out")
        // ulimit -f: writes past 100 KiB fail with EFBIG, as on a full file system.
        let r = try Self.shell("ulimit -f 200; exec \"$CENSUS\" run --quiet --quality off --shard-size 20K --out '\(out.path)' '\(TestPaths.samples.path)'")
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("File too large") && r.stderr.contains("continue with --resume"), "\(r.stderr)")
        #expect(r.stderr.split(separator: "\n").allSatisfy { $0.hasPrefix("census: ") }, "one-line errors: \(r.stderr)")
        try Self.checkNoHalfWrittenFiles(out)
        // With room again, --resume finishes the run.
        let again = try runCensus(["run", "--quiet", "--quality", "off", "--resume", "--shard-size", "20K", "--out", out.path, TestPaths.samples.path])
        #expect(again.status == 0, "\(again.stderr)")
        try RunCommandTests.checkAccounting(out)
    }

    @Test func unwritableOutputAndABusyOutputAreRefused() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let input = TestPaths.samples.appendingPathComponent("lines.txt.gz").path
        let unwritable = try runCensus(["run", "--quiet", "--out", file.path + "/out", input])
        #expect(unwritable.status == 1)
        #expect(unwritable.stderr.contains("cannot create directory (Not a directory)"), "\(unwritable.stderr)")
        // A second process on the same folder: the first holds DIR/.lock.
        let out = dir.appendingPathComponent("busy")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let r = try Self.shell("exec 9>'\(out.path)/.lock'; flock 9; \"$CENSUS\" run --quiet --out '\(out.path)' '\(input)'")
        #expect(r.status == 1 && r.stderr.contains("another census process is writing there"), "\(r.stderr)")
    }

    @Test func anInputThatVanishesBeforeItIsReadFailsAloneAndIsCounted() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The first input takes a while (8 MB); the second is deleted while the first is being read.
        let big = dir.appendingPathComponent("a-big.jsonl")
        let line = #"{"text":"Ein ganz gewöhnlicher deutscher Satz für den Test, der lange genug ist."}"# + "\n"
        try Data(String(repeating: line, count: 100_000).utf8).write(to: big)
        let victim = dir.appendingPathComponent("b-victim.jsonl")
        try Data(#"{"text":"never read"}"#.utf8 + [0x0A]).write(to: victim)
        let out = dir.appendingPathComponent("out")
        let r = try Self.shell("\"$CENSUS\" run --threads 1 --quiet --out '\(out.path)' '\(big.path)' '\(victim.path)' & pid=$!; sleep 0.3; rm '\(victim.path)'; wait $pid")
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.contains("b-victim.jsonl: cannot open (No such file or directory)"), "\(r.stderr)")
        let report = try RunCommandTests.report(out)
        #expect(report["records_read"] as? Int == 100_000)
        try RunCommandTests.checkAccounting(out)
    }

    @Test func killedMergesResumeToTheSameOutputs() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("input")
        try RunCommandTests.splitSamples(into: input, parts: 10)
        let options = ["--quiet", "--shard-size", "40K", "--keep-removed", "--checkpoint-seconds", "0"]
        let single = dir.appendingPathComponent("single")
        #expect(try runCensus(["run", "--out", single.path] + options + [input.path]).status == 0)
        let sharded = dir.appendingPathComponent("sharded")
        for i in 0..<3 { #expect(try runCensus(["run", "--shard", "\(i)/3", "--out", sharded.path] + options + [input.path]).status == 0) }
        let expected = try ShardMergeTests.outputs(single)
        var rng = SeededRandom(seed: 11)
        for attempt in 0..<4 {
            let process = Process()
            process.executableURL = TestPaths.censusBinary
            process.arguments = ["merge", "--resume", "--memory", "1M", sharded.path]
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32(50_000 + rng.next() % 600_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal || process.terminationStatus == 0, "attempt \(attempt)")
        }
        let finish = try runCensus(["merge", "--quiet", "--resume", sharded.path])
        #expect(finish.status == 0, "\(finish.stderr)")
        let got = try ShardMergeTests.outputs(sharded)
        #expect(got.keys.sorted() == expected.keys.sorted())
        for (path, data) in expected { #expect(got[path] == data, "\(path) differs after killed merges") }
    }

    @Test func languageCodesFromTheInputCannotLeaveTheOutputFolder() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("in.jsonl")
        try Data("""
        {"id":"../../x","lang":"../../escape","text":"Erster Text"}
        {"id":"/etc/passwd","lang":"/tmp/abs","text":"Zweiter Text"}
        {"lang":"..","text":"Dritter Text"}
        {"lang":"","text":"Vierter Text"}

        """.utf8).write(to: input)
        let out = dir.appendingPathComponent("out")
        let r = try runCensus(["run", "--quiet", "--lang-field", "lang", "--quality", "off", "--out", out.path, input.path])
        #expect(r.status == 0, "\(r.stderr)")
        let folders = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("data").path).sorted()
        #expect(folders == ["_", "__", "______escape", "_tmp_abs"], "\(folders)")
        let outside = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(outside == ["in.jsonl", "out"], "nothing written beside the output folder: \(outside)")
        #expect(!FileManager.default.fileExists(atPath: "/tmp/abs"))
        try RunCommandTests.checkAccounting(out)
    }

    @Test func hostileRecordsAreCountedInBoundedMemory() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A gzip bomb: 1 GB of one JSONL line from about 1 MB (inflated and skipped, never held).
        let chunk = Compress.gzip([UInt8](repeating: UInt8(ascii: "a"), count: 8 << 20), level: 9)
        let head = Compress.gzip(Array(#"{"text":""#.utf8), level: 9)
        let tail = Compress.gzip(Array("\"}\n".utf8) + Array(#"{"text":"after the bomb"}"#.utf8) + [0x0A], level: 9)
        var bomb = head
        for _ in 0..<128 { bomb += chunk }                       // 128 members of 8 MB: a 1 GB line
        bomb += tail
        try Data(bomb).write(to: dir.appendingPathComponent("bomb.jsonl.gz"))
        // A JSONL line nested 100,000 levels deep (rejected: too_deep), then a good line with deep metadata
        // (rejected too: output must stay readable by common parsers), then a good line.
        let deep = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        try Data((deep + "\n" + #"{"text":"after the deep line","deep":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}\n" + #"{"text":"after the deep lines"}"# + "\n").utf8)
            .write(to: dir.appendingPathComponent("deep.jsonl"))
        // A WET record claiming a 1 TB Content-Length.
        try Data("WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 1000000000000\r\n\r\nshort body".utf8)
            .write(to: dir.appendingPathComponent("huge.warc.wet"))
        let out = dir.appendingPathComponent("out")
        // Address space capped at 2 GB: holding the 1 GB line (or a 1 TB record) would fail.
        let r = try Self.shell("ulimit -v 2000000; exec \"$CENSUS\" run --threads 2 --quiet --quality off --out '\(out.path)' '\(dir.path)'")
        #expect(r.status == 0, "\(r.stderr)")
        let report = try RunCommandTests.report(out)
        let rejected = report["rejected"] as? [String: Int] ?? [:]
        #expect(rejected["too_long"] == 1, "\(rejected)")
        #expect(rejected["truncated"] == 1, "\(rejected)")
        #expect(rejected["too_deep"] == 2, "\(rejected)")
        #expect(report["kept"] as? Int == 2, "the records after the bomb and the deep line are kept")
        try RunCommandTests.checkAccounting(out)
    }
}
