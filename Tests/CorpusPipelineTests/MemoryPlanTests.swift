import CorpusIO
import CorpusPipeline
import CorpusTestSupport
import Foundation
import Testing

/// Whether a run's duplicate keys fit in its memory, decided from the inputs' sizes and a sample of them.
@Suite struct MemoryPlanTests {
    /// Inputs larger than the sample: 4 copies of the web documents, each 3 MB plain, estimated within 10 %.
    @Test func documentsAreEstimatedFromASample() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let data = try Data(contentsOf: TestPaths.samples.appendingPathComponent("web-docs.jsonl.gz"))
        let lines = String(decoding: Compress.gunzipAll([UInt8](data)), as: UTF8.self).split(separator: "\n").filter { $0.hasPrefix("{\"id\"") }
        var text = "", count = 0
        while text.utf8.count < 3 << 20 { for l in lines { text += l + "\n"; count += 1 } }
        var sources: [InputSource] = []
        for k in 0..<4 {
            let path = dir.appendingPathComponent("part\(k).jsonl").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            sources.append(InputSource(path: path))
        }
        let estimate = try #require(MemoryPlan.estimatedDocuments(sources, reader: ReaderOptions()))
        #expect(abs(Double(estimate) / Double(4 * count) - 1) < 0.1, "estimated \(estimate) of \(4 * count)")
        #expect(MemoryPlan.estimatedDocuments([.standardInput], reader: ReaderOptions()) == nil)
        #expect(MemoryPlan.estimatedDocuments([], reader: ReaderOptions()) == 0)
    }

    @Test func keysFitBesideTheRestOfARun() {
        let memory = 1 << 30
        let fitting = (memory - MemoryPlan.fixedBytes) / MemoryPlan.keyBytesPerDocument
        #expect(MemoryPlan.keysFit(documents: fitting, memory: memory))
        #expect(!MemoryPlan.keysFit(documents: fitting + 1, memory: memory))
        #expect(!MemoryPlan.keysFit(documents: 1, memory: 1 << 20))
        #expect(!MemoryPlan.keysFit(documents: Int.max, memory: memory))
        #expect(MemoryPlan.sortBytes(memory) == memory - MemoryPlan.fixedBytes && MemoryPlan.sortBytes(1 << 20) == 1 << 20)
        #expect(MemoryPlan.available().map { $0 > 1 << 26 } ?? true)
    }
}
