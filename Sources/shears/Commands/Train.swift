import Datasets
import Foundation
import Network
import Training
import Support

extension Command {
    /// `shears train`: train a CIFAR ResNet from scratch (or resume) and save a checkpoint.
    static let train = Command(
        name: "train",
        abstract: "Train a CIFAR ResNet on CIFAR-10 and save a safetensors checkpoint.",
        discussion: """
            Writes a resumable checkpoint to '--out' after every epoch and on Ctrl-C (exit 130); \
            '--resume' continues such a checkpoint bit for bit with its own settings. At the end the \
            network is evaluated on test_batch.bin and the checkpoint gets the results in its metadata.
            """,
        options: [
            .option("arch", "name", help: "resnet20, resnet32, resnet44 or resnet56.", default: "resnet20"),
            .option("data", "dir", help: "CIFAR-10 binary batches.", default: "data/cifar-10-batches-bin"),
            .option("epochs", "n", help: "Training epochs.", default: "30"),
            .option("batch-size", "n", help: "Images per step.", default: "128"),
            .option("lr", "rate", help: "Base learning rate.", default: "0.1"),
            .option("lr-schedule", "spec", help: "constant | step:S:G | multistep:M,..:G | exp:G | cosine[:P][:MIN], "
                    + "optionally warmup:E[:F]+<schedule>.", default: "warmup:2:0.1+cosine"),
            .option("lr-step", "unit", help: "Evaluate the schedule per 'iteration' or per 'epoch'.", default: "iteration"),
            .option("momentum", "m", help: "SGD momentum.", default: "0.9"),
            .option("weight-decay", "wd", help: "L2 weight decay.", default: "5e-4"),
            .flag("no-nesterov", help: "Classical momentum instead of Nesterov."),
            .option("seed", "n", help: "Seed for initialisation, shuffling, augmentation and the split.", default: "1"),
            .option("val-split", "n", help: "Training images held out for validation.", default: "0"),
            .option("out", "file", help: "Checkpoint to write.", required: true),
            .option("resume", "file", help: "Resumable checkpoint to continue."),
            .flag("json", help: "Print the result as one JSON object."),
        ],
        run: { args in
            let (epochs, batch, seed, val) = (try args.int("epochs", in: TrainingLimits.epochs)!,
                                              try args.int("batch-size", in: TrainingLimits.batchSize)!,
                                              try args.int("seed")!, try args.int("val-split")!)
            guard epochs > 0 else { throw UsageError.invalidValue("\(epochs)", "--epochs <n>", "a positive integer") }
            guard batch > 0 else { throw UsageError.invalidValue("\(batch)", "--batch-size <n>", "a positive integer") }
            guard seed >= 0 else { throw UsageError.invalidValue("\(seed)", "--seed <n>", "a non-negative integer") }
            guard val >= 0 else { throw UsageError.invalidValue("\(val)", "--val-split <n>", "a non-negative integer") }
            let perIteration = try args.choice("lr-step", in: ["iteration", "epoch"])! == "iteration"
            let configuration = TrainingConfiguration(
                epochs: epochs, batchSize: batch, learningRate: Float(try args.double("lr", in: TrainingLimits.learningRate, open: true)!),
                schedule: try LRSchedule(parsing: try args.require("lr-schedule")), schedulePerIteration: perIteration,
                seed: UInt64(seed))
            let optimizer = SGD(momentum: Float(try args.double("momentum", in: TrainingLimits.momentum)!),
                                weightDecay: Float(try args.double("weight-decay", in: TrainingLimits.weightDecay)!), nesterov: !args.flag("no-nesterov"))
            let json = args.flag("json")
            let job = TrainingJob(architecture: try ResNetArchitecture.named(try args.require("arch")),
                                  dataDirectory: try args.require("data"), validationCount: val,
                                  configuration: configuration, optimizer: optimizer, output: try args.require("out"),
                                  resume: args.string("resume"),
                                  provenance: ["shears.command": (["shears"] + CommandLine.arguments.dropFirst()).joined(separator: " ")])
            Interrupt.install()
            let result = try job.run(progress: json ? .silent : .automatic(), note: Terminal.note)
            if json {
                print(result.json(output: job.output))
            } else if let test = result.test {
                print(String(format: "test top-1 %.4f  top-5 %.4f  loss %.4f  (%d images)  %@ total  saved %@",
                             test.top1, test.top5, test.meanLoss, test.images,
                             ProgressReporter.clock(result.seconds), job.output))
            }
            if result.outcome == .interrupted { throw ExitStatus(code: 130) }
        })
}
