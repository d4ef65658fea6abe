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
