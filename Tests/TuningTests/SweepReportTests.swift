import Foundation
import JSON
import Testing
import Tuning

struct SweepReportTests {
    @Test func paretoFrontKeepsOnlyUndominatedPointsSortedByLatency() {
        let points: [(latency: Double, accuracy: Double)] = [(1.0, 0.70), (0.8, 0.72), (0.5, 0.60), (0.9, 0.65), (0.5, 0.55)]
        #expect(paretoFront(points) == [2, 1])
    }

    @Test func csvQuotesOnlyWhatNeedsQuoting() {
        let t = TrialRecord(id: 3, status: .failed, parameters: [("ratio", 0.25)], schedule: "", seed: 1,
                            error: "bad \"value\", at line 2")
        let csv = TrialsCSV.render([t])
        #expect(csv == """
            trial,status,ratio,val_top1,test_top1,latency_ms,baseline_latency_ms,speedup,params,macs,error
            3,failed,0.25,,,,,,,,"bad ""value"", at line 2"

            """)
    }

    func report() -> SweepReport {
        let trials = [
            TrialRecord(id: 0, status: .finished, parameters: [("r", 0.3)], schedule: "", seed: 1, valTop1: 0.71,
                        latencyMs: 0.8, baselineLatencyMs: 1.2,
                        details: ["layers": [["layer": "layer1.0.conv1", "ms": 0.1, "baseline_ms": 0.2]]]),
            TrialRecord(id: 1, status: .finished, parameters: [("r", 0.6)], schedule: "", seed: 1, valTop1: 0.60,
                        latencyMs: 0.5, baselineLatencyMs: 1.2),
            TrialRecord(id: 2, status: .failed, parameters: [("r", 0.9)], schedule: "", seed: 1, error: "diverged"),
        ]
        return SweepReport(name: "demo", trials: trials, baseline: (1.2, 0.72), floor: 0.70)
    }

    @Test func bestIsTheFastestTrialAboveTheFloor() {
        #expect(report().best?.id == 0)
    }

    @Test func bestIsJudgedByTheRatioToTheBaselineMeasuredBesideIt() {
        // Trial 1 ran while the machine was quieter: fewer ms, but a smaller speed-up.
        let trials = [
            TrialRecord(id: 0, status: .finished, parameters: [], schedule: "", seed: 1, valTop1: 0.71,
                        latencyMs: 0.6, baselineLatencyMs: 1.2),
            TrialRecord(id: 1, status: .finished, parameters: [], schedule: "", seed: 1, valTop1: 0.71,
                        latencyMs: 0.5, baselineLatencyMs: 0.8),
        ]
        #expect(SweepReport(name: "r", trials: trials, baseline: nil, floor: 0.7).best?.id == 0)
    }

    @Test func svgDrawsTrialsBaselineAndFloor() {
        let svg = report().svg
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.components(separatedBy: "class=\"trial\"").count - 1 == 2)
        #expect(svg.contains("class=\"baseline\""))
        #expect(svg.contains("accuracy floor 0.700"))
        #expect(svg.contains("<title>trial 1: 0.500 ms, top-1 0.6000</title>"))
    }

    @Test func htmlIsSelfContainedAndNamesTheBestTrial() {
        let html = report().html
        #expect(html.contains("<b>Best feasible trial: 0</b> — 0.800 ms (<b>1.50× faster</b> than the baseline)"))
        #expect(html.contains("layer1.0.conv1"))
        // The one script is inline (the table sort): nothing is loaded from elsewhere.
        #expect(!html.contains("src="))
        // Self-contained: the SVG namespace is the only URL in the page (no external script,
        // style sheet, font or image to fetch).
        let withoutNamespace = html.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
        #expect(html.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(!withoutNamespace.contains("://"))
    }

    @Test func writesAllThreeFilesFromALedger() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shears-report-\(UUID().uuidString)")
        let ledger = try Ledger(url: dir.appendingPathComponent("ledger.jsonl"))
        try ledger.append(["event": "sweep_started", "name": "demo", "baseline_latency_ms": 1.2,
                           "baseline_val_top1": 0.72, "top1_floor": 0.7])
        for t in report().trials { try ledger.append(t.json) }
        let urls = try SweepReport(directory: dir).write(to: dir)
        #expect(urls.map(\.lastPathComponent) == ["trials.csv", "pareto.svg", "report.html"])
        let csv = try String(contentsOf: urls[0], encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 4)
    }
}
