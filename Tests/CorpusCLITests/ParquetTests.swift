import CorpusTestSupport
import Foundation
import Testing

/// Shards drop into the Parquet ecosystem: no record has an empty `metadata` object (a struct without fields,
/// which Parquet cannot store), and where pyarrow is installed (`.ci/run` installs it) every shard of the
/// samples goes through `pyarrow.json` into Parquet.
@Suite struct ParquetTests {
    static let script = """
    import gzip, glob, io, sys
    try:
        import pyarrow.json as pj, pyarrow.parquet as pq
    except ImportError:
        print("skipped"); sys.exit(0)
    rows = 0
    for part in sorted(glob.glob(sys.argv[1] + "/data/*/part-*.jsonl.gz")):
        table = pj.read_json(io.BytesIO(gzip.decompress(open(part, "rb").read())))
        pq.write_table(table, io.BytesIO())
        rows += table.num_rows
    print(rows)
    """

    /// HF `datasets.load_dataset("json")` → `to_parquet` on the shards (`.ci/run` installs datasets and datatrove;
    /// without them the test says it is skipped); with `--schema fineweb2`, FineWeb-2's columns, and datatrove's JSONL reader finds `language`, `language_score` and `language_script` in every
    /// document's metadata, where its stats and filters look.
    static let ecosystemScript = """
    import glob, io, json, sys, logging
    try:
        import datasets
    except ImportError:
        print(json.dumps({"skipped": "datasets"})); sys.exit(0)
    datasets.disable_progress_bars()
    files = sorted(glob.glob(sys.argv[1] + "/data/*/part-*.jsonl.gz"))
    ds = datasets.load_dataset("json", data_files=files, split="train", cache_dir=sys.argv[2])
    ds.to_parquet(sys.argv[2] + "/all.parquet")
    out = {"rows": ds.num_rows, "columns": sorted(ds.column_names)}
    try:
        from loguru import logger
        logger.remove()
        from datatrove.pipeline.readers import JsonlReader
        langs = {}
        missing = 0
        for doc in JsonlReader(sys.argv[1] + "/data", glob_pattern="*/part-*.jsonl.gz", compression="gzip").run():
            m = doc.metadata
            if "language" not in m or "language_score" not in m: missing += 1
            langs[m.get("language")] = langs.get(m.get("language"), 0) + 1
        out["datatrove"] = {"languages": langs, "missing": missing}
    except ImportError:
        pass
    print(json.dumps(out))
    """

    static func python(_ script: String, _ arguments: [String], in dir: URL) throws -> [String: Any] {
        let scriptURL = dir.appendingPathComponent("script-\(arguments.count)-\(script.count).py")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let last = String(decoding: data, as: UTF8.self).split(separator: "\n").last.map(String.init) ?? ""
        return (try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any]) ?? ["error": String(decoding: data, as: UTF8.self)]
    }

    @Test(arguments: ["census", "fineweb2"])
    func datasetsAndDatatroveReadTheShards(schema: String) throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("run")
        // The census schema keeps each input's metadata, so its shards share one schema when the inputs do (one
        // input here); fineweb2's records have the same members whatever the inputs (all the samples).
        let input = schema == "census" ? TestPaths.samples.appendingPathComponent("web-docs.jsonl.gz").path : TestPaths.samples.path
        let run = try runCensus(["run", "--quiet", "--schema", schema, "--out", out.path, input])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report/report.json"))) as? [String: Any])
        let kept = try #require(report["kept"] as? Int)
        let result = try Self.python(Self.ecosystemScript, [out.path, dir.appendingPathComponent("cache").path], in: dir)
        if result["skipped"] != nil {
            print("ParquetTests: python datasets not installed, skipped")
            return
        }
        #expect(result["rows"] as? Int == kept, "\(result)")
        let columns = Set(result["columns"] as? [String] ?? [])
        if schema == "fineweb2" {
            #expect(columns.isSuperset(of: ["text", "id", "url", "date", "file_path", "language", "language_score", "language_script"]), "\(columns)")
            #expect(columns.isDisjoint(with: ["lang", "lang_score", "source", "metadata"]))
            if let dt = result["datatrove"] as? [String: Any] {
                #expect(dt["missing"] as? Int == 0)
                let languages = dt["languages"] as? [String: Int] ?? [:]
                // FineWeb-2's codes: Croatian hrv, Estonian ekk; as many documents as the report keeps.
                let rows = report["rows"] as? [[String: Any]] ?? []
                let hr = rows.first { $0["code"] as? String == "hr" }?["documents_kept"] as? Int
                let et = rows.first { $0["code"] as? String == "et" }?["documents_kept"] as? Int
                #expect(languages["hrv"] == hr && languages["ekk"] == et && (hr ?? 0) > 0, "\(languages)")
            } else {
                print("ParquetTests: datatrove not installed, its reader check skipped")
            }
        } else {
            #expect(columns.isSuperset(of: ["id", "text", "lang", "lang_score", "source", "metadata"]), "\(columns)")
        }
    }

    @Test func shardsHaveNoEmptyMetadataAndBecomeParquet() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("run")
        let run = try runCensus(["run", "--quiet", "--out", out.path, TestPaths.samples.path])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report/report.json"))) as? [String: Any])
        let kept = try #require(report["kept"] as? Int)
        var records = 0
        let parts = try FileManager.default.subpathsOfDirectory(atPath: out.appendingPathComponent("data").path).filter { $0.hasSuffix(".jsonl.gz") }
        for part in parts {
            let bytes = Compress.gunzipAll([UInt8](try Data(contentsOf: out.appendingPathComponent("data/" + part))))
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(!text.contains(#""metadata":{}"#), "\(part)")
            records += text.split(separator: "\n").count
        }
        #expect(records == kept && kept > 0)

        let scriptURL = dir.appendingPathComponent("parquet.py")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path, out.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        process.waitUntilExit()
        if output == "skipped" {
            print("ParquetTests: pyarrow not installed, the Parquet step skipped")
            return
        }
        #expect(process.terminationStatus == 0 && output == String(kept), "pyarrow: \(output)")
    }
}
