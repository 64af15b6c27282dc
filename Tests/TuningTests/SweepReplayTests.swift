import Foundation
import JSON
import Testing
import Tuning

/// Replay and report read a run directory written by the loop (analytic stages).
struct SweepReplayTests {
    func finishedSweep(failAbove: Double = 2) throws -> (Sweep, Sweep.Summary) {
        let runs = FileManager.default.temporaryDirectory.appendingPathComponent("shears-replay-\(UUID().uuidString)")
        let s = Sweep(configuration: try SweepLoopTests().configuration(trials: 5),
                      options: .init(method: .random, runsDirectory: runs, toolVersion: "test"),
                      trainer: AnalyticTrainer(failAbove: failAbove), bencher: AnalyticBencher(), output: { _ in })
        return (s, try s.run())
    }

    @Test func aReplayedTrialGetsItsLoggedScheduleAndSeedAndTheSameAccuracy() throws {
        let (sweep, summary) = try finishedSweep()
        defer { try? FileManager.default.removeItem(at: sweep.directory) }
        let logged = summary.trials[2]
        let replay = try SweepReplay(ledger: sweep.ledgerURL, trial: 2)
        let trainer = AnalyticTrainer()
        let result = try replay.run(trainer: trainer, bencher: AnalyticBencher())
        #expect(trainer.requests.count == 1)  // the baseline ONNX is still in the run directory
        #expect(trainer.requests[0].seed == logged.seed)
        #expect(trainer.requests[0].schedule == logged.schedule)
        #expect(result.accuracyIdentical)
        #expect(result.latencyRatioToLogged == 1)
        #expect(result.report.hasPrefix(String(format: "val top-1   %.4f  (logged %.4f, identical)\n",
                                               logged.valTop1!, logged.valTop1!)))
    }

    @Test func aReplayThatDoesNotReproduceTheAccuracySaysSo() throws {
        let (sweep, _) = try finishedSweep()
        defer { try? FileManager.default.removeItem(at: sweep.directory) }
        let result = try SweepReplay(ledger: sweep.ledgerURL, trial: 1)
            .run(trainer: AnalyticTrainer(drift: 1e-9), bencher: AnalyticBencher())
        #expect(!result.accuracyIdentical)
        #expect(result.report.split(separator: "\n")[0].hasSuffix(", DIFFERENT)"))
        #expect(result.report.split(separator: "\n")[2].hasPrefix("val loss    "))
    }

    @Test func aFailedOrUnknownTrialCannotBeReplayed() throws {
        let (sweep, summary) = try finishedSweep(failAbove: 0.5)
        defer { try? FileManager.default.removeItem(at: sweep.directory) }
        let finished = summary.trials.filter { $0.status == .finished }.map { String($0.id) }.joined(separator: ", ")
        let failed = try #require(summary.trials.first { $0.status == .failed })
        for id in [failed.id, 99] {
            do {
                _ = try SweepReplay(ledger: sweep.ledgerURL, trial: id)
                Issue.record("trial \(id) must be refused")
            } catch {
                #expect(String(describing: error)
                            == "trial \(id) has no finished record in the ledger; finished trials: \(finished)")
            }
        }
    }

    @Test func theReportOfASweepMarksTheBaselineTheFloorAndTheBestTrial() throws {
        let (sweep, summary) = try finishedSweep()
        defer { try? FileManager.default.removeItem(at: sweep.directory) }
        let report = try SweepReport(directory: sweep.directory)
        #expect(report.floor == 0.72)
        #expect(report.best?.id == summary.best?.id)
        let files = try report.write(to: sweep.directory).map(\.lastPathComponent)
        #expect(files == ["trials.csv", "pareto.svg", "report.html"])
        let svg = try String(contentsOf: sweep.directory.appendingPathComponent("pareto.svg"), encoding: .utf8)
        #expect(svg.contains("class=\"baseline\""))
        #expect(svg.contains("class=\"floor\""))
        #expect(svg.components(separatedBy: "class=\"trial\"").count - 1 == 5)
        let html = try String(contentsOf: sweep.directory.appendingPathComponent("report.html"), encoding: .utf8)
        if let best = summary.best { #expect(html.contains("<b>Best feasible trial: \(best.id)</b>")) }
        #expect(html.contains("Where the time went"))
        let csv = try String(contentsOf: sweep.directory.appendingPathComponent("trials.csv"), encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 6)
        #expect(csv.hasPrefix("trial,status,x,y,val_top1,"))
    }
}
