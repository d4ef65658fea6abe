import CorpusPipeline
import CorpusTestSupport
import Foundation
import Testing

/// The README's "Use it from Swift" example compiles and runs: its code is the body of ``example(samples:out:)``
/// below (with the two paths as parameters), and the test checks the README still shows exactly that code.
@Suite struct ReadmeExampleTests {
    /// Returns what the example prints.
    static func example(samples: String, out: String) throws -> [String] {
        var printed: [String] = []
        func print(_ items: Any...) { printed.append(items.map { "\($0)" }.joined(separator: " ")) }
        // README example begins
        var options = RunOptions(inputs: [samples], out: out)
        options.threads = 2
        options.samples = 5
        let summary = try CorpusRun(options).run(.replace) { event in
            if case .problem(let line) = event { print("census:", line) }
        }
        let stats = summary.statistics
        print("\(stats.keptDocuments) kept of \(stats.recordsRead) records in \(stats.languages.count) languages")
        // README example ends
        return printed
    }

    @Test func theExampleRunsAndTheReadmeShowsIt() throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let printed = try Self.example(samples: TestPaths.samples.path, out: dir.appendingPathComponent("census-out").path)
        #expect(printed.contains { $0.hasPrefix("census: ") && $0.contains("invalid_json") })
        #expect(printed.last?.contains(" kept of ") == true)

        let source = try String(contentsOfFile: #filePath, encoding: .utf8)
        let begin = source.range(of: "// README example begins\n")!, end = source.range(of: "        // README example ends")!
        let body = source[begin.upperBound..<end.lowerBound].split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("        ") ? String($0.dropFirst(8)) : String($0) }.joined(separator: "\n")
        let expected = body.replacingOccurrences(of: "[samples]", with: "[\"corpora-samples/\"]")
            .replacingOccurrences(of: "out: out)", with: "out: \"census-out\")")
        let readme = try String(contentsOf: TestPaths.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("```swift\nimport CorpusPipeline\n\n" + expected + "```\n"))
    }
}
