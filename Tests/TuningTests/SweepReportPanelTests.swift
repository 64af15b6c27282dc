import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import JSON
import Testing
import Tuning

/// The analysis panels of `report.html` on a small synthetic ledger whose numbers are known.
struct SweepReportPanelTests {
    /// Twelve trials: speed-up grows with `ratio` alone (1.0 + ratio), accuracy falls with it,
    /// `lr` is unrelated, `group` alternates; trial 11 failed; the best trial (10) has one outlier layer.
    func ledgerDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("shears-panels-\(UUID().uuidString)")
        let ledger = try Ledger(url: dir.appendingPathComponent("ledger.jsonl"))
        try ledger.append(["event": "sweep_started", "name": "panels", "time": "2026-01-01T00:00:00Z",
                           "baseline_latency_ms": 1.0, "baseline_val_top1": 0.75, "top1_floor": 0.70,
                           "fingerprint": ["validation_split": 500]])
        let lrs = [0.03, 0.01, 0.07, 0.02, 0.09, 0.05, 0.04, 0.08, 0.06, 0.1, 0.011]
        for i in 0..<12 {
            let ratio = Double(i) * 0.05
            try ledger.append(["event": "trial_started", "trial": JSONValue(i),
                               "time": .string(String(format: "2026-01-01T00:%02d:00Z", i * 2))])
            let parameters: [(String, JSONValue)] = [("ratio", JSONValue(ratio)), ("lr", JSONValue(lrs[i % lrs.count])),
                                                      ("group", .string(i % 2 == 0 ? "Filters" : "Channels"))]
            let record: TrialRecord
            if i == 11 {
                record = TrialRecord(id: i, status: .failed, parameters: parameters, schedule: "", seed: 1, error: "diverged")
            } else {
                var details: JSONValue = ["seconds": 60]
                if i == 10 {  // the best feasible trial, whose layers the report draws
                    var layers: [JSONValue] = [["layer": "layer2.0.conv2", "ms": 0.02, "baseline_ms": 5.696]]
                    for k in 0..<9 { layers.append(["layer": .string("conv\(k)"), "ms": 0.03, "baseline_ms": 0.06]) }
                    details = ["seconds": 60, "layers": .array(layers)]
                }
                // Trial 7 reaches 0.714 = 357/500 on validation.
                record = TrialRecord(id: i, status: .finished, parameters: parameters, schedule: "", seed: 1,
                                     valTop1: i == 7 ? 0.714 : 0.76 - ratio * 0.1, latencyMs: 1 / (1 + ratio),
                                     baselineLatencyMs: 1, details: details)
            }
            try ledger.append(record.json)
        }
        return dir
    }

    /// The report of a fresh synthetic ledger (its directory removed again).
    func report() throws -> SweepReport {
        let dir = try ledgerDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try SweepReport(directory: dir)
    }

    /// Every `<svg …>…</svg>` in a page.
    func svgs(_ html: String) -> [String] {
        html.components(separatedBy: "<svg ").dropFirst().map { "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
    }

    @Test func everyPanelHasDataAndEverySVGParses() throws {
        let report = try report()
        let html = report.html
        for id in ["pareto", "importance", "history", "slices", "parallel", "trials", "layers"] {
            #expect(html.contains("id=\"\(id)\""), "panel \(id)")
        }
        let all = svgs(html)
        #expect(all.filter { $0.contains("class=\"importance\"") }.count == 2)
        // By trial and by wall time (the ledger has start times and durations).
        #expect(all.filter { $0.contains("class=\"history\"") }.count == 2)
        #expect(all.filter { $0.contains("class=\"slice\"") }.count == 3)
        let parallel = try #require(all.first { $0.contains("class=\"parallel\"") })
        #expect(parallel.components(separatedBy: "<polyline class=\"trial\"").count - 1 == 11)
        #expect(html.contains("★1") && html.contains("★5") && !html.contains("★6"))
        for svg in all + [report.svg] {
            let parser = XMLParser(data: Data(svg.utf8))
            #expect(parser.parse(), "SVG does not parse: \(parser.parserError.map { "\($0)" } ?? "")\n\(svg.prefix(200))")
        }
    }

    @Test func importanceAndCorrelationsNameTheParameterThatDrivesSpeed() throws {
        let html = try report().html
        // The correlation table lists parameters by importance for speed-up: `ratio` first.
        let table = try #require(html.components(separatedBy: "<table class=\"correlation\">").last)
        let firstRow = try #require(table.components(separatedBy: "<tr><td class=l>").dropFirst().first)
        #expect(firstRow.hasPrefix("ratio</td>"))
        // The latency ratio 1/(1 + ratio) falls strictly with ratio: Spearman ρ = -1 exactly.
        #expect(firstRow.contains("<td>-1.000</td>"))
    }

    @Test func validationAccuraciesCarryWilsonIntervals() throws {
        let report = try report()
        #expect(report.validationImages == 500)
        // scipy.stats.binomtest(357, 500).proportion_ci(0.95, method='wilson') == (0.67288, 0.75186)
        #expect(report.html.contains("<td data-v=\"0.6728768354985"))
        #expect(report.html.contains("0.6729–0.7519"))
        #expect(report.svg.components(separatedBy: "class=\"interval\"").count - 1 == 11)
    }

    @Test func historyKeepsTheBestFeasibleSpeedUp() throws {
        let report = try report()
        // Trial 0 ends at 1 min, trial 10 at 21 min.
        #expect(report.elapsedSeconds[0] == 60 && report.elapsedSeconds[10] == 1260)
        // Feasible while 0.76 - ratio/10 >= 0.70 (ratio <= 0.6, all of 0...10) and trial 7 at 0.714.
        let history = SweepAnalysis.history(report.trials, feasible: report.isFeasible)
        #expect(history.map(\.best) == [1.0, 1.05, 1.1, 1.15, 1.2, 1.25, 1.3, 1.35, 1.4, 1.45, 1.5, 1.5].map { Optional($0) })
    }

    @Test func oneOutlierLayerDoesNotFlattenTheOthers() throws {
        let html = try report().html
        let layers = try #require(html.components(separatedBy: "<table class=\"layers\">").last)
        // Only the outlier's baseline bar is cut; the axis ends at twice the 90th percentile
        // (0.06 ms -> 0.12 ms), so an ordinary 0.06 ms baseline bar is half the width, not 1%.
        #expect(layers.components(separatedBy: "clipped").count - 1 == 1)
        #expect(layers.contains("<span class=\"bar b\" style=\"width:150px\"></span>"))
        #expect(layers.contains("<span class=\"bar b clipped\" style=\"width:300px\"></span>▸"))
    }
}
