import CorpusTestSupport
import Foundation
import Testing

/// `census slurm` without a cluster: the scripts it writes (CI runs them on a real Slurm: ci/slurm-test.sh).
@Suite struct SlurmCommandTests {
    @Test func writesAnArrayOfShardsAndADependentMerge() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out").path
        let r = try runCensus(["slurm", TestPaths.samples.path, "--out", out, "--tasks", "7", "--partition", "short",
                               "--time", "1:00:00", "--mem", "4G", "--cpus", "2", "--account", "lt-01", "--samples", "5"])
        #expect(r.status == 0, "\(r.stderr)")
        let shards = try String(contentsOfFile: out + "/slurm/shards.sbatch", encoding: .utf8)
        for line in ["#SBATCH --array=0-6", "#SBATCH --partition=short", "#SBATCH --time=1:00:00", "#SBATCH --mem=4G",
                     "#SBATCH --cpus-per-task=2", "#SBATCH --account=lt-01", "#SBATCH --output=\(out)/logs/shard-%A_%a.out"] {
            #expect(shards.contains(line + "\n"), "\(line)")
        }
        #expect(shards.contains("run --progress --shard \"${SLURM_ARRAY_TASK_ID}/7\" --resume --out \(out) \(TestPaths.samples.path) --samples 5 --threads 2"))
        let merge = try String(contentsOfFile: out + "/slurm/merge.sbatch", encoding: .utf8)
        #expect(merge.contains("merge --resume --memory 1073741824 \(out)"))
        let submit = try String(contentsOfFile: out + "/slurm/submit.sh", encoding: .utf8)
        #expect(submit.contains("--dependency=afterok:") && submit.contains("--kill-on-invalid-dep=yes"))
        // Run options are checked before anything is written; the shard options belong to census slurm.
        #expect(try runCensus(["slurm", "x", "--out", out, "--tasks", "2", "--no-such-option"]).status == 64)
        #expect(try runCensus(["slurm", "x", "--out", out, "--tasks", "2", "--shard", "0/2"]).status == 64)
        #expect(try runCensus(["slurm", "x", "--out", out, "--tasks", "0"]).status == 64)
    }

    @Test func shardSizesAndSlicesParse() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = TestPaths.samples.appendingPathComponent("lines.txt.gz").path
        #expect(try runCensus(["run", "--quiet", "--shard-size", "1.5G", "--out", dir.appendingPathComponent("a").path, input]).status == 0)
        #expect(try runCensus(["run", "--shard-size", "12X", "--out", dir.appendingPathComponent("b").path, input]).status == 64)
        #expect(try runCensus(["run", "--shard", "3/3", "--out", dir.appendingPathComponent("c").path, input]).status == 64)
        #expect(try runCensus(["run", "--shard", "1/0", "--out", dir.appendingPathComponent("c").path, input]).status == 64)
    }
}
