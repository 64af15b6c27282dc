import Foundation
import Training
import Tuning
import Support

extension Command {
    /// `shears replay LEDGER --trial K`: re-run one recorded trial and compare.
    static let replay = Command(
        name: "replay",
        abstract: "Re-run a recorded sweep trial: identical accuracy, latency as a ratio to the logged figure.",
        discussion: """
            Uses only the ledger: the trial's logged schedule text and seed and the sweep's configuration \
            (kept in its sweep_started event). Exits 1 when the accuracy differs from the logged values.
            """,
        arguments: [ArgumentSpec(name: "ledger", help: "runs/<name>/ledger.jsonl")],
        options: [
            .option("trial", "k", help: "The trial id to replay.", required: true),
            .option("openvino-lib", "path", help: "libopenvino_c.so (default: $SHEARS_OPENVINO_LIB, then .venv)."),
        ],
        run: { args in
            let ledger = URL(fileURLWithPath: args.positionals[0])
            guard let trial = try args.int("trial"), trial >= 0 else {
                throw UsageError.invalidValue(args.string("trial") ?? "", "--trial <k>", "a trial id (0 or more)")
            }
            let replay = try SweepReplay(ledger: ledger, trial: trial)
            let bencher = try BenchModels.reportingBenchErrors {
                try LocalTrialBencher(objective: replay.configuration.objective,
                                      openVINOLibrary: args.string("openvino-lib"),
                                      toolVersion: "shears \(Shears.version)",
                                      scratch: ledger.deletingLastPathComponent().appendingPathComponent("bench/replay.onnx"))
            }
            Interrupt.install()
            print("replaying trial \(trial) of \(replay.configuration.name) (seed \(replay.record.seed))")
            let result = try BenchModels.reportingBenchErrors {
                try replay.run(trainer: LocalTrialTrainer(toolVersion: Shears.version,
                                                          progress: Terminal.isTTY ? .automatic() : .silent),
                               bencher: bencher)
            }
            print(result.report)
            if !result.accuracyIdentical { throw ExitStatus(code: 1) }
        })
}
