import Foundation
import Training
import Tuning
import Support
import Optimizer

extension Command {
    /// `shears sweep`: the tool's main job — Bayesian search over pruning schedules for the
    /// fastest network that keeps its accuracy.
    static let sweep = Command(
        name: "sweep",
        abstract: "Search pruning schedules for the lowest latency at an accuracy floor (Bayesian optimisation).",
        discussion: """
            Per trial: the optimiser proposes parameters, the schedule template is filled, the baseline \
            is pruned and fine-tuned, thinned, evaluated on the baseline's validation split (and the \
            test set, reported only), exported to ONNX and timed against the baseline in the same \
            process. Everything goes to runs/<name>/ledger.jsonl (fsynced per line) and \
            runs/<name>/trials/<id>/; '--resume' continues a killed sweep without losing or repeating \
            a finished trial. Without '--config' the built-in demo (Schedules/sweep-demo.yaml) runs.
            """,
        options: [
            .option("config", "file", help: "Sweep configuration (default: the built-in demo)."),
            .option("trials", "n", help: "Trials to record in total (default: the configuration's budget)."),
            .flag("resume", help: "Continue the sweep recorded in runs/<name>/."),
            .option("method", "name", help: "gp (Bayesian optimisation) or random (the baseline search).",
                    default: "gp"),
            .option("seed", "n", help: "Optimiser and fine-tuning seed (default: the configuration's)."),
            .option("runs", "dir", help: "Parent directory of run directories.", default: "runs"),
            .option("openvino-lib", "path", help: "libopenvino_c.so (default: $SHEARS_OPENVINO_LIB, then .venv)."),
            SweepRemote.option,
            RedisOptions.passwordFile,
        ],
        run: { args in
            let configuration = try args.string("config").map(SweepConfiguration.load(path:)) ?? SweepConfiguration.demo()
            let trials = try BenchModels.positive(args, "trials")
            let seed = try args.int("seed")
            if let seed, seed < 0 { throw UsageError.invalidValue("\(seed)", "--seed <n>", "a non-negative integer") }
            let method = Optimizer.Method(rawValue: try args.choice("method", in: Optimizer.Method.allCases.map(\.rawValue))!)!
            let options = Sweep.Options(trials: trials, resume: args.flag("resume"), method: method,
                                        seed: seed.map(UInt64.init), runsDirectory: URL(fileURLWithPath: try args.require("runs")),
                                        toolVersion: Shears.version)
            let runDirectory = options.runsDirectory.appendingPathComponent(configuration.name)
            let remote = try args.string("redis").map { _ in
                try SweepRemote.dispatcher(args, configuration: configuration, options: options)
            }
            let bencher: any TrialBencher = try remote ?? BenchModels.reportingBenchErrors {
                try LocalTrialBencher(objective: configuration.objective, openVINOLibrary: args.string("openvino-lib"),
                                      toolVersion: "shears \(Shears.version)",
                                      scratch: runDirectory.appendingPathComponent("bench/trial.onnx"))
            }
            let trainer: any TrialTrainer = remote ?? LocalTrialTrainer(toolVersion: Shears.version,
                                                                        progress: .automatic(), note: { _ in })
            // Flushed per line: a sweep runs for minutes to hours, usually with its output in a log file.
            let sweep = Sweep(configuration: configuration, options: options, trainer: trainer, bencher: bencher,
                              output: { ProgressReporter.standardOutput($0 + "\n") })
            // The trial in flight is abandoned, not saved: say so, and that --resume repeats it.
            Interrupt.install(message: """

                interrupted: stopping; recorded trials are in the ledger and the unfinished trial runs again \
                with --resume (Ctrl-C again to abort)

                """)
            let summary: Sweep.Summary
            do {
                summary = try BenchModels.reportingBenchErrors { try sweep.run() }
            } catch let error as LedgerError {
                Terminal.error(error.description)
                throw ExitStatus(code: error.isBadInput ? 2 : 1)
            }
            try SweepReport(directory: sweep.directory).write(to: sweep.directory)
            print(SweepCommandText.ending(summary, directory: sweep.directory.path))
            if summary.interrupted { throw ExitStatus(code: 130) }
            // Nothing to show for the budget: a failed job, not a result.
            if !summary.trials.isEmpty && summary.trials.allSatisfy({ $0.status == .failed }) {
                Terminal.error("every trial failed; see the trial_failed events in \(sweep.directory.path)/ledger.jsonl")
                throw ExitStatus(code: 1)
            }
        })
}

/// The closing lines of `shears sweep`.
enum SweepCommandText {
    static func ending(_ summary: Sweep.Summary, directory: String) -> String {
        var lines: [String] = []
        let failed = summary.trials.filter { $0.status == .failed }.count
        lines.append("\(summary.trials.count) trials recorded (\(failed) failed)"
                     + (summary.interrupted ? "; interrupted, continue with --resume" : ""))
        if let best = summary.best, let ratio = best.latencyRatio {
            lines.append(String(format: "best feasible trial %d: %.2fx faster than the baseline (%.3f ms vs %.3f ms), "
                                + "validation top-1 %.4f (baseline %.4f), test top-1 %.4f",
                                best.id, 1 / ratio, best.latencyMs ?? .nan, best.baselineLatencyMs ?? .nan,
                                best.valTop1 ?? .nan, summary.baseline.valTop1, best.testTop1 ?? .nan))
            lines.append("  parameters: " + best.parameters.map { "\($0.0)=\($0.1.compact)" }.joined(separator: " "))
        } else {
            lines.append("no trial cleared the accuracy floor"
                         + (summary.floor.map { String(format: " (validation top-1 %.4f)", $0) } ?? ""))
        }
        lines.append("report: \(directory)/report.html (ledger: \(directory)/ledger.jsonl)")
        return lines.joined(separator: "\n")
    }
}
