import CCorpusKernels
#if canImport(Glibc)
import Glibc
#endif

/// How many CPUs this process may use: the smaller of its CPU affinity mask (`sched_getaffinity`, as HPC
/// batch systems and `taskset` set it) and its cgroup CPU quota (cgroup v2 `cpu.max`, or v1
/// `cpu.cfs_quota_us` / `cpu.cfs_period_us`, rounded up), at least 1.
public enum AvailableCPUs {
    /// The number of CPUs to use by default for worker threads.
    public static var count: Int {
        var limit = affinity() ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        if let quota = cgroupQuota() { limit = min(limit, quota) }
        return max(1, limit)
    }

    /// CPUs in the affinity mask. The corresponding C function is `sched_getaffinity` (in CCorpusKernels,
    /// which can define _GNU_SOURCE).
    static func affinity() -> Int? {
        let n = census_affinity_cpu_count()
        return n > 0 ? Int(n) : nil
    }

    /// The cgroup CPU quota in whole CPUs (rounded up), or nil when unlimited or unknown.
    static func cgroupQuota() -> Int? {
        if let v2 = readSmallFile("/sys/fs/cgroup/cpu.max") {
            return quota(cpuMax: v2)
        }
        if let q = readSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"), let p = readSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
           let quota = Int(q.trimmingWhitespace), let period = Int(p.trimmingWhitespace), quota > 0, period > 0 {
            return (quota + period - 1) / period
        }
        return nil
    }

    /// Parses cgroup v2 `cpu.max` ("max 100000" or "150000 100000") into whole CPUs, rounded up.
    public static func quota(cpuMax: String) -> Int? {
        let fields = cpuMax.split(separator: " ")
        guard fields.count == 2, let quota = Int(fields[0].trimmingWhitespace), let period = Int(fields[1].trimmingWhitespace),
              quota > 0, period > 0 else { return nil }
        return (quota + period - 1) / period
    }

    static func readSmallFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = read(fd, &buffer, buffer.count)
        return n > 0 ? String(decoding: buffer[..<n], as: UTF8.self) : nil
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        String(drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\n" || $0 == "\t" }).reversed())
    }
}
