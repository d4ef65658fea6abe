import CorpusTestSupport
import Foundation
import Testing

/// The HTML report in a real browser (headless Chromium), when one is installed (`.ci/run` installs Debian's
/// `chromium`; elsewhere the test says it is skipped).
@Suite struct ReportBrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromium!)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] + arguments
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("out"), err = dir.appendingPathComponent("err")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    @Test func reportLoadsWithOneBarPerLanguage() throws {
        guard Self.chromium != nil else {
            print("ReportBrowserTests: chromium not installed, skipped")
            return
        }
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("stats")
        let stats = try runCensus(["stats", "--quiet", "--out", out.path, TestPaths.samples.path])
        #expect(stats.status == 0, "\(stats.stderr)")
        let html = out.appendingPathComponent("report/report.html")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("report/report.json"))) as? [String: Any])
        let rows = try #require(report["rows"] as? [[String: Any]])

        // The DOM as the browser built it: the chart must hold one bar per listed language, in the same order.
        let dom = try Self.run(["--dump-dom", html.absoluteString])
        #expect(dom.status == 0)
        #expect(!dom.stderr.contains("Uncaught"), "\(dom.stderr)")
        let bars = dom.stdout.components(separatedBy: "class=\"bar\" data-lang=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
        #expect(bars == rows.map { $0["code"] as! String })
        #expect(dom.stdout.contains("<table id=\"languages\">"))

        // And it renders: a screenshot of a real size.
        let png = dir.appendingPathComponent("report.png")
        let shot = try Self.run(["--screenshot=\(png.path)", "--window-size=1300,1600", html.absoluteString])
        #expect(shot.status == 0)
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 20_000, "screenshot of \(size) bytes")
    }
}
