import Network
import Benchmarks
import Training

extension Command {
    /// `shears bench training`: images/s, equivalent GFLOP/s and peak RSS of ResNet training steps.
    static let benchTraining = Command(
        name: "training",
        abstract: "Measure training throughput (images/s, GFLOP/s) and peak memory of a CIFAR ResNet.",
        discussion: """
            Runs '--warmup' untimed and '--steps' timed SGD steps (forward, loss, backward, update) \
            through the training loop on random 32×32 images and reports the median step. GFLOP/s \
            counts 6 FLOPs per multiply-accumulate of the network (forward and both backward passes). \
            'make bench' sets it beside numpy's GEMM rate measured in the same run (BENCHMARKS.md).
            """,
        options: [
            .option("arch", "name", help: "resnet20, resnet32, resnet44 or resnet56.", default: "resnet20"),
            .option("batch-size", "n", help: "Images per step.", default: "128"),
            .option("warmup", "n", help: "Untimed steps first.", default: "3"),
            .option("steps", "n", help: "Timed steps.", default: "10"),
            .option("seed", "n", help: "Seed for the weights and the random images.", default: "0"),
            .flag("json", help: "Print one JSON object."),
        ],
        run: { args in
            let architecture = try ResNetArchitecture.named(try args.require("arch"))
            var bench = TrainingBenchmark(architecture: architecture)
            let (batch, warmup, steps, seed) = (try args.int("batch-size", in: TrainingLimits.batchSize)!, try args.int("warmup")!,
                                                try args.int("steps")!, try args.int("seed")!)
            guard batch > 0 else { throw UsageError.invalidValue("\(batch)", "--batch-size <n>", "a positive integer") }
            guard warmup >= 0 else { throw UsageError.invalidValue("\(warmup)", "--warmup <n>", "a non-negative integer") }
            guard steps > 0 else { throw UsageError.invalidValue("\(steps)", "--steps <n>", "a positive integer") }
            guard seed >= 0 else { throw UsageError.invalidValue("\(seed)", "--seed <n>", "a non-negative integer") }
            (bench.batchSize, bench.warmupSteps, bench.steps, bench.seed) = (batch, warmup, steps, UInt64(seed))
            let json = args.flag("json")
            let report = try bench.run { line in if !json { Terminal.note(line) } }
            print(json ? report.json : report.text, terminator: json ? "\n" : "")
        })
}
