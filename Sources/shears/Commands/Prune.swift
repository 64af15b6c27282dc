import Foundation
import Network
import Pruning
import Support
import Training
import YAML

extension Command {
    /// `shears prune`: fine-tune a checkpoint under a Distiller schedule, thin it, save it.
    static let prune = Command(
        name: "prune",
        abstract: "Prune and fine-tune a checkpoint with a Distiller schedule, then thin it.",
        discussion: """
            Masks are applied after every optimiser step (weights and momentum), AGP ramps advance at \
            their policy's frequency, and pruned filters and channels are physically removed at each \
            net_thinning epoch and at the end, so the saved network is smaller and faster. Validation \
            uses the images the baseline held out. A PostTrainLinearQuantizer in the schedule then \
            folds batch-norm, calibrates activation ranges on training images and saves an INT8 model \
            (simulated by 'eval', QDQ ONNX from 'export'); with only a quantizer, '--epochs 0' \
            skips fine-tuning. Ctrl-C stops between batches and writes nothing.
            """,
        options: [
            .option("model", "file", help: "Baseline checkpoint (.safetensors).", required: true),
            .option("schedule", "file", help: "Distiller schedule (YAML).", required: true),
            .option("data", "dir", help: "CIFAR-10 binary batches.", default: "data/cifar-10-batches-bin"),
            .option("epochs", "n", help: "Fine-tuning epochs.", default: "10"),
            .option("batch-size", "n", help: "Images per step.", default: "128"),
            .option("lr", "rate", help: "Base learning rate (the schedule's lr_schedulers act on it).", default: "0.01"),
            .option("seed", "n", help: "Seed for shuffling and augmentation.", default: "1"),
            .option("val-split", "n", help: "Held-out images; must match the baseline's (default: the baseline's)."),
            .option("out", "file", help: "Thinned checkpoint to write.", required: true),
            .option("calibration-images", "n",
                    help: "Training images that calibrate a quantizer's activation ranges.", default: "512"),
            .option("stats-out", "file", help: "Write the calibration statistics (Distiller's stats YAML)."),
            .flag("simulate-only", help: "Accept quantizer bit widths OpenVINO cannot run (evaluated, not exportable)."),
            .flag("json", help: "Print the result as one JSON object."),
        ],
        run: { args in
            // 0 epochs: a quantizer alone (the job refuses it for a schedule without one).
            let (epochs, batch, seed) = (try args.int("epochs", in: 0...TrainingLimits.epochs.upperBound)!,
                                      try args.int("batch-size", in: TrainingLimits.batchSize)!, try args.int("seed")!)
            let calibration = try args.int("calibration-images")!
            guard calibration > 0 else {
                throw UsageError.invalidValue("\(calibration)", "--calibration-images <n>", "a positive integer")
            }
            guard batch > 0 else { throw UsageError.invalidValue("\(batch)", "--batch-size <n>", "a positive integer") }
            guard seed >= 0 else { throw UsageError.invalidValue("\(seed)", "--seed <n>", "a non-negative integer") }
            let val = try args.int("val-split")
            if let val, val < 0 { throw UsageError.invalidValue("\(val)", "--val-split <n>", "a non-negative integer") }
            let json = args.flag("json"), out = try args.require("out")
            var job: PruneJob
            do {
                job = try PruneJob(baselinePath: try args.require("model"), schedulePath: try args.require("schedule"),
                                   dataDirectory: try args.require("data"), epochs: epochs, seed: UInt64(seed),
                                   batchSize: batch, learningRate: Float(try args.double("lr", in: TrainingLimits.learningRate, open: true)!), validationCount: val,
                                   output: out,
                                   provenance: ["shears.command": (["shears"] + CommandLine.arguments.dropFirst()).joined(separator: " ")])
            } catch let error as PositionedError {
                Terminal.note(error.description)
                throw ExitStatus(code: 2)
            }
            job.calibrationImages = calibration
            job.simulateOnly = args.flag("simulate-only")
            job.statisticsOutput = args.string("stats-out")
            Interrupt.install()
            let result: PruneResult
            do {
                result = try job.run(progress: json ? .silent : .automatic(), note: Terminal.note)
            } catch let error as PositionedError {
                Terminal.note(error.description)  // a parameter the network lacks, with its snippet
                throw ExitStatus(code: 2)
            }
            if result.outcome == .interrupted {
                Terminal.note("interrupted after \(result.epochs.count) epochs; nothing written")
                throw ExitStatus(code: 130)
            }
            print(json ? result.json(output: out) : result.text, terminator: json ? "\n" : "")
        })
}
