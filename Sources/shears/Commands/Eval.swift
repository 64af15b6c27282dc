import Datasets
import Quantization
import Training
import Network

extension Command {
    /// `shears eval`: top-1, top-5, loss and per-class accuracy of a checkpoint.
    static let eval = Command(
        name: "eval",
        abstract: "Evaluate a checkpoint: top-1, top-5, loss and per-class accuracy.",
        discussion: """
            '--split val' and '--split train' recompute the run's validation split from the seed in the \
            checkpoint. A quantised checkpoint (from 'prune' with a quantizer) is evaluated as INT8, simulated \
            with ONNX QuantizeLinear/DequantizeLinear semantics.
            """,
        options: [
            .option("model", "file", help: "Checkpoint (.safetensors) to evaluate.", required: true),
            .option("data", "dir", help: "CIFAR-10 binary batches.", default: "data/cifar-10-batches-bin"),
            .option("split", "name", help: "test, val or train.", default: "test"),
            .option("batch-size", "n", help: "Images per forward pass (speed only).", default: "250"),
            .flag("json", help: "Print {\"top1\":..,\"top5\":..,\"loss\":..,\"images\":..,\"per_class\":{..}}."),
        ],
        run: { args in
            let path = try args.require("model"), data = try args.require("data")
            let split = DataSplit(rawValue: try args.choice("split", in: DataSplit.allCases.map(\.rawValue))!)!
            let batch = try args.int("batch-size", in: TrainingLimits.batchSize)!
            guard batch > 0 else { throw UsageError.invalidValue("\(batch)", "--batch-size <n>", "a positive integer") }
            let checkpoint = try Checkpoint(contentsOf: path)
            let images = try checkpoint.images(of: split, dataDirectory: data, path: path)
            let names = try CIFAR10.loadClassNames(directory: data)
            let json = args.flag("json")
            let progress: ProgressReporter = json || !Terminal.isTTY ? .silent : .automatic()
            let model = try checkpoint.inferenceModel(path: path)
            let metrics = evaluate(model, on: images, normalization: checkpoint.normalization,
                                   batchSize: batch, classCount: names.count, progress: progress)
            progress.line("")
            print(json ? metrics.json(classNames: names)
                       : metrics.text(title: "\(checkpoint.network.architecture.name)"
                                          + (checkpoint.isQuantized ? " (simulated INT8)" : "") + " on \(split.rawValue)",
                                      classNames: names),
                  terminator: json ? "\n" : "")
        })
}
