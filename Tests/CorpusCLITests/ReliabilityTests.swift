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
        let options = ["--quiet", "--threads", "2", "--lang-field", "lang", "--keep-removed", "--checkpoint-seconds", "0.05", input.path]
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
            for _ in 0..<2 {
                let process = Process()
                process.executableURL = TestPaths.censusBinary
                process.arguments = arguments
                process.standardError = FileHandle.nullDevice
                try process.run()
                usleep(UInt32((0.2 + 0.7 * Double(rng.next() % 1000) / 1000) * duration * 1e6))
                if process.isRunning { killedWhileBusy += 1 }
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                arguments = ["run", "--resume", "--out", out.path] + options
            }
            let finish = try runCensus(arguments)
            #expect(finish.status == 0, "seed \(seed): \(finish.stderr)")
            #expect(Self.unfinished(out).isEmpty, "seed \(seed): left unfinished: \(Self.unfinished(out))")
            let got = try RunCommandTests.files(out, except: ["state/checkpoint.json"])
            #expect(got.keys.sorted() == expected.keys.sorted(), "seed \(seed)")
            for (path, data) in expected where got[path] != data { Issue.record("seed \(seed): \(path) differs") }
        }
        #expect(killedWhileBusy >= 2, "the kills should land while the run is busy")
    }
}
