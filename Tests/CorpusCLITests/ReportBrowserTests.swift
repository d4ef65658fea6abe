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

        // The chart's tier boundaries and target, its axis, and each language's histograms with a y-axis.
        for tier in ["critical", "scarce target", "moderate"] { #expect(dom.stdout.contains("data-tier=\"\(tier)\""), "\(tier)") }
        #expect(dom.stdout.contains("class=\"tick\""))
        let present = rows.filter { ($0["documents"] as? Int ?? 0) > 0 }.map { $0["code"] as! String }
        for code in present {
            #expect(dom.stdout.contains("<svg id=\"length-\(code)\"") && dom.stdout.contains("<svg id=\"confidence-\(code)\""), "\(code)")
        }
        #expect(dom.stdout.contains("<details class=\"samples\" id=\"sample-de\">"))

        // No two labels of one chart overlap, as the browser laid them out: a copy of the report with a script that
        // measures every text's box (rotated labels too) and writes the overlapping pairs into the page.
        let probe = dir.appendingPathComponent("probe.html")
        let measure = """
        <script>addEventListener("load",()=>{
        const over=(a,b)=>Math.min(a.right,b.right)-Math.max(a.left,b.left)>1&&Math.min(a.bottom,b.bottom)-Math.max(a.top,b.top)>1;
        const box=(r,dx,dy)=>({left:r.x+dx,right:r.x+r.width+dx,top:r.y+dy,bottom:r.y+r.height+dy});
        let bad=[],n=0;
        for(const svg of document.querySelectorAll("svg")){const ts=[...svg.querySelectorAll("text")];n+=ts.length;
        for(let i=0;i<ts.length;i++)for(let j=i+1;j<ts.length;j++){const ri=ts[i].getAttribute("transform"),rj=ts[j].getAttribute("transform");
        let hit;if(ri&&rj){const ang=parseFloat(ri.slice(7))*Math.PI/180;const dx=ts[j].x.baseVal[0].value-ts[i].x.baseVal[0].value,dy=ts[j].y.baseVal[0].value-ts[i].y.baseVal[0].value;
        const sx=dx*Math.cos(-ang)-dy*Math.sin(-ang),sy=dx*Math.sin(-ang)+dy*Math.cos(-ang);hit=over(box(ts[i].getBBox(),0,0),box(ts[j].getBBox(),sx-dx,sy-dy))}
        else hit=over(ts[i].getBoundingClientRect(),ts[j].getBoundingClientRect());
        if(hit)bad.push((svg.id||"svg")+": "+ts[i].textContent+" / "+ts[j].textContent)}}
        const p=document.createElement("pre");p.id="overlaps";p.textContent=n+" labels; overlapping: "+JSON.stringify(bad);document.body.appendChild(p)})</script>
        """
        try (String(contentsOf: html, encoding: .utf8).replacingOccurrences(of: "</body>", with: measure + "</body>"))
            .write(to: probe, atomically: true, encoding: .utf8)
        let measured = try Self.run(["--dump-dom", "--window-size=1300,1600", probe.absoluteString])
        let verdict = measured.stdout.components(separatedBy: "<pre id=\"overlaps\">").last?.components(separatedBy: "</pre>").first ?? ""
        #expect(verdict.hasSuffix("overlapping: []"), "\(verdict.prefix(2000))")
        #expect((Int(verdict.prefix { $0.isNumber }) ?? 0) > 100, "\(verdict.prefix(200))")

        // It prints: a PDF of several pages.
        let pdf = dir.appendingPathComponent("report.pdf")
        let printed = try Self.run(["--print-to-pdf=\(pdf.path)", "--no-pdf-header-footer", html.absoluteString])
        #expect(printed.status == 0)
        let pdfText = String(decoding: (try? Data(contentsOf: pdf)) ?? Data(), as: UTF8.self)
        let pages = pdfText.components(separatedBy: "/Type /Page").count - pdfText.components(separatedBy: "/Type /Pages").count
        #expect(pdfText.hasPrefix("%PDF") && pages > 3, "PDF of \(pdfText.utf8.count) bytes, \(pages) pages")

        // And it renders: a screenshot of a real size.
        let png = dir.appendingPathComponent("report.png")
        let shot = try Self.run(["--screenshot=\(png.path)", "--window-size=1300,1600", html.absoluteString])
        #expect(shot.status == 0)
        let size = (try? FileManager.default.attributesOfItem(atPath: png.path)[.size] as? Int) ?? 0
        #expect(size > 20_000, "screenshot of \(size) bytes")
    }
}
