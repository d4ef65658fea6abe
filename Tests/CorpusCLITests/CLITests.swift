import CorpusTestSupport
import Foundation
import Testing

/// End-to-end tests of the built `census` binary: stdout, stderr and exit codes.
@Suite struct CLITests {
    @Test func helpAndVersion() throws {
        let help = try runCensus(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("OVERVIEW: Measure how much unique text a web corpus holds in each European"))
        #expect(help.stdout.contains("SUBCOMMANDS:"))
        #expect(help.stdout.contains("cat") && help.stdout.contains("count"))
        let version = try runCensus(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == "0.1.0\n")
    }

    @Test func usageErrorExits64() throws {
        let result = try runCensus(["count", "--format", "xml", "x"])
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("census: "), "one prefix for every message: \(result.stderr)")
        #expect(try runCensus(["count", "--max-doc-bytes", "0", "x"]).status == 64)
    }

    @Test func catWritesJSONLFromStdin() throws {
        let input = Array(#"{"id":"d1","text":"Hallo Welt","url":"https://example.de/"}"#.utf8) + [0x0A]
            + Array("{\"text\":\"no id\\u0000\"}\n".utf8)
        let result = try runCensus(["cat", "-"], stdin: input)
        #expect(result.status == 0)
        #expect(result.stdout == """
        {"id":"d1","text":"Hallo Welt","source":"-:1","metadata":{"url":"https://example.de/"}}
        {"id":"-:2","text":"no id\\u0000","source":"-:2"}

        """)
        #expect(result.stderr.isEmpty)
        // Every output line is valid JSON.
        for line in result.stdout.split(separator: "\n") {
            #expect(throws: Never.self) { try JSONSerialization.jsonObject(with: Data(line.utf8)) }
        }
    }

    /// Writes the bad-input fixtures of the foundation issue into `dir`.
    static func writeBadInputs(in dir: URL) throws -> [String: URL] {
        let good = Array((0..<20).map { #"{"id":"g\#($0)","text":"Dokument Nummer \#($0) auf Deutsch."}"# + "\n" }.joined().utf8)
        let gz = Compress.gzip(good)
        var files: [String: [UInt8]] = [
            "truncated.jsonl.gz": Array(gz.prefix(gz.count / 2)),
            "garbage.jsonl.gz": gz + Array("not gzip at all\n".utf8),
            "empty.jsonl": [],
            "binary.dat": [UInt8](repeating: 0, count: 64) + [0x7F, 0x45, 0x4C, 0x46],
            "invalid-utf8.txt": Array("gut\n".utf8) + [0x62, 0xC3, 0x28, 0xFF, 0x0A],
            "invalid-json.jsonl": Array("{\"text\":\"ok\"}\n{\"text\": oops}\n{\"id\":\"no-text\"}\n".utf8),
            "overrun.wet": Array("WARC/1.0\r\nWARC-Type: conversion\r\nContent-Length: 5000\r\n\r\nshort".utf8),
        ]
        var corrupt = gz
        for k in 20..<40 { corrupt[k] ^= 0xA5 }
        files["corrupt.jsonl.gz"] = corrupt
        var urls: [String: URL] = [:]
        for (name, bytes) in files {
            let url = dir.appendingPathComponent(name)
            try Data(bytes).write(to: url)
            urls[name] = url
        }
        return urls
    }

    @Test func badInputsGiveOneLineErrorsCountsAndExitOne() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.writeBadInputs(in: dir)
        let expectations: [(String, String, Int32)] = [
            ("truncated.jsonl.gz", "truncated gzip data: unexpected end of file at compressed byte", 1),
            ("garbage.jsonl.gz", "is not gzip", 1),
            ("corrupt.jsonl.gz", "invalid gzip data at compressed byte", 1),
            ("empty.jsonl", "empty input (0 bytes)", 0),
            ("binary.dat", "not text: 64 NUL bytes in the first 68, the first at byte 0; input skipped", 1),
            ("invalid-utf8.txt", "replaced 2 invalid UTF-8 bytes with U+FFFD in 1 records (first at line 2)", 0),
            ("invalid-json.jsonl", "line 2: invalid_json: invalid value at column 10", 0),
            ("overrun.wet", "byte 0: truncated: Content-Length 5000 overruns the end of the input by 4995 bytes", 0),
        ]
        for (name, message, status) in expectations {
            let path = files[name]!.path
            let result = try runCensus(["count", path])
            #expect(result.status == status, "\(name): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.contains { $0.hasPrefix("census: \(path): ") && $0.contains(message) }, "\(name): \(result.stderr)")
        }
        // All at once plus a missing path: every readable input is still counted, the run fails.
        let all = try runCensus(["count", "--json", "--all-files", dir.path, dir.appendingPathComponent("missing.jsonl").path])
        #expect(all.status == 1)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(all.stdout.utf8)) as? [String: Any])
        let inputs = try #require(json["inputs"] as? [[String: Any]])
        #expect(inputs.count == files.count + 1)
        let total = try #require(json["total"] as? [String: Any])
        let rejected = try #require(total["rejected"] as? [String: Int])
        #expect(rejected["invalid_json"] == 1)
        #expect(rejected["missing_text_field"] == 1)
        #expect(rejected["truncated"] == 2)  // the cut-off gzip line and the overrunning WET record
        #expect(total["repaired_bytes"] as? Int == 2)
        let byName = Dictionary(uniqueKeysWithValues: inputs.map { (($0["path"] as! String) as NSString).lastPathComponent as String } .enumerated().map { ($1, inputs[$0]) })
        #expect(byName["garbage.jsonl.gz"]?["documents"] as? Int == 20)
        #expect(byName["missing.jsonl"]?["failed"] as? Bool == true)
    }

    @Test func hugeLineIsRejectedInBoundedMemory() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // A 100 MB line between two good ones, compressed (it is one repeated byte, so the file is small).
        var raw = Array(#"{"text":"first"}"#.utf8) + [0x0A] + Array(#"{"text":""#.utf8)
        raw += [UInt8](repeating: 0x61, count: 100_000_000)
        raw += Array("\"}\n{\"text\":\"last\"}\n".utf8)
        let url = dir.appendingPathComponent("huge.jsonl.gz")
        try Data(Compress.gzip(raw, level: 1)).write(to: url)
        raw = []
        let result = try runCensus(["count", "--json", url.path])
        #expect(result.status == 0)
        #expect(result.stderr.contains("line 2: too_long: line of 100000011 bytes exceeds --max-doc-bytes (16777216)"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let total = try #require(json["total"] as? [String: Any])
        #expect(total["documents"] as? Int == 2)
        #expect((total["rejected"] as? [String: Int])?["too_long"] == 1)
    }

    @Test func countTableHasAHeaderAndATotal() throws {
        let input = Array("one\ntwo\nthree\n".utf8)
        let result = try runCensus(["count", "--format", "lines", "-"], stdin: input)
        #expect(result.status == 0)
        #expect(result.stdout == """
        input\tformat\tcompression\tdocuments\tbytes\trepaired_bytes\trejected\trejected_by_reason\tskipped\tstatus
        -\tlines\tnone\t3\t11\t0\t0\t-\t0\tok
        total\t-\t-\t3\t11\t0\t0\t-\t0\tok

        """)
    }
}
