import CorpusTestSupport
import Foundation
import Testing

/// `census run --tokenizer`: the tokens counted per language equal tiktoken's over the kept documents' text
/// (the shards), the report gains its LLM tokens section, and a bad tokenizer file is a usage error.
@Suite struct TokenizerRunTests {
    static let folder = ProcessInfo.processInfo.environment["CENSUS_TOKENIZERS"] ?? TestPaths.packageRoot.appendingPathComponent(".build/tokenizers").path

    /// cl100k against tiktoken, and Mistral's Tekken file against mistral-common's Tekkenizer.
    @Test(arguments: [("cl100k_base.tiktoken", "cl100k", "cl100k_base.tiktoken (cl100k, 100256 tokens)"),
                      ("tekken_240911.json", "tekken", "tekken_240911.json (tekken, 130072 tokens)"),
                      ("llama3-style.tokenizer.json", "cl100k", "llama3-style.tokenizer.json (cl100k, 100256 tokens)")])
    func tokensPerLanguageEqualTiktokenOverTheShards(file: String, pattern: String, named: String) throws {
        let ranks = Self.folder + "/" + file
        guard FileManager.default.fileExists(atPath: ranks) else {
            print("TokenizerRunTests: \(ranks) absent (scripts/fetch-tokenizers.sh), skipped")
            return
        }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("run")
        let run = try runCensus(["run", "--quiet", "--threads", "2", "--tokenizer", ranks, "--out", out.path, TestPaths.samples.path])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report/report.json"))) as? [String: Any])
        let rows = try #require(report["rows"] as? [[String: Any]])
        var checked = 0
        for row in rows {
            guard let code = row["code"] as? String, let kept = row["documents_kept"] as? Int, kept > 0 else { continue }
            let tokens = try #require(row["tokens_kept"] as? Int, "\(code) has no tokens_kept")
            let parts = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("data/\(code)").path)
                .filter { $0.hasSuffix(".jsonl.gz") }.sorted().map { out.appendingPathComponent("data/\(code)/\($0)").path }
            let output = try #require(try tiktokenCounts((file.hasSuffix(".tokenizer.json") ? ["--hf", ranks] : file.hasSuffix(".json") ? ["--tekken", ranks] : ["--ranks", ranks, "--pattern", pattern]) + ["--time"] + parts), "tiktoken-counts.py failed (is tiktoken installed?)")
            let reference = try #require(try JSONSerialization.jsonObject(with: output) as? [String: Any])
            #expect(tokens == reference["tokens"] as? Int, "\(code): census \(tokens), tiktoken \(reference["tokens"] ?? "-")")
            checked += 1
        }
        #expect(checked >= 20)
        let markdown = try String(contentsOf: out.appendingPathComponent("report/report.md"), encoding: .utf8)
        #expect(markdown.contains("## LLM tokens") && markdown.contains(named), "\(markdown.components(separatedBy: "## LLM tokens").last?.prefix(300) ?? "")")
        let csv = try String(contentsOf: out.appendingPathComponent("report/report.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").first?.hasSuffix(",tokens_kept,tokens_per_word") == true)
    }

    /// A sharded run with a tokenizer, merged, counts the same tokens as one run (the shards' batches carry each
    /// document's tokens to the merge).
    @Test func shardsMergedCountTheSameTokens() throws {
        let ranks = Self.folder + "/cl100k_base.tiktoken"
        guard FileManager.default.fileExists(atPath: ranks) else {
            print("TokenizerRunTests: \(ranks) absent (scripts/fetch-tokenizers.sh), skipped")
            return
        }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let options = ["--quiet", "--tokenizer", ranks, TestPaths.samples.path]
        let single = dir.appendingPathComponent("single"), sharded = dir.appendingPathComponent("sharded")
        #expect(try runCensus(["run", "--out", single.path] + options).status == 0)
        for i in 0..<2 { #expect(try runCensus(["run", "--shard", "\(i)/2", "--out", sharded.path] + options).status == 0) }
        let m = try runCensus(["merge", "--quiet", sharded.path])
        #expect(m.status == 0, "\(m.stderr)")
        let expected = try Data(contentsOf: single.appendingPathComponent("report/report.json"))
        #expect(String(decoding: expected, as: UTF8.self).contains("\"tokens_kept\""))
        #expect(try Data(contentsOf: sharded.appendingPathComponent("report/report.json")) == expected)
    }

    @Test func unreadableTokenizerIsAUsageError() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = dir.appendingPathComponent("bad.tiktoken")
        try "IQ== 0\nIg==\n".write(to: bad, atomically: true, encoding: .utf8)
        let run = try runCensus(["run", "--quiet", "--tokenizer", bad.path, "--out", dir.appendingPathComponent("o").path, TestPaths.samples.path])
        #expect(run.status == 64)
        #expect(run.stderr.contains("\(bad.path):2: expected 'base64-token rank'"), "\(run.stderr)")
        // A tokenizer.json of a model census does not read, one without a pre-tokenizer, and a Tekken file with a
        // pattern census has no scanner for.
        let wordPiece = dir.appendingPathComponent("tokenizer.json")
        try #"{"model": {"type": "WordPiece"}}"#.write(to: wordPiece, atomically: true, encoding: .utf8)
        let r2 = try runCensus(["stats", "--quiet", "--tokenizer", wordPiece.path, "--out", dir.appendingPathComponent("o2").path, TestPaths.samples.path])
        #expect(r2.status == 64 && r2.stderr.contains("\(wordPiece.path):1: model type WordPiece: census reads BPE models only"), "\(r2.stderr)")
        try #"{"normalizer": null, "model": {"type": "BPE", "vocab": {}, "merges": []}}"#.write(to: wordPiece, atomically: true, encoding: .utf8)
        let r4 = try runCensus(["stats", "--quiet", "--tokenizer", wordPiece.path, "--out", dir.appendingPathComponent("o4").path, TestPaths.samples.path])
        #expect(r4.status == 64 && r4.stderr.contains("expected a ByteLevel pre_tokenizer"), "\(r4.stderr)")
        let odd = dir.appendingPathComponent("odd.json")
        try #"{"config": {"pattern": "\\w+"}, "vocab": [{"rank": 0, "token_bytes": "YQ==", "token_str": "a"}]}"#.write(to: odd, atomically: true, encoding: .utf8)
        let r3 = try runCensus(["stats", "--quiet", "--tokenizer", odd.path, "--out", dir.appendingPathComponent("o3").path, TestPaths.samples.path])
        #expect(r3.status == 64 && r3.stderr.contains("its pattern is not one census scans"), "\(r3.stderr)")
    }
}
