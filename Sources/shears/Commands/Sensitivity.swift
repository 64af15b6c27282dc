import Foundation
import Pruning
import Training
import Network
import Support

extension Command {
    /// `shears sensitivity`: Distiller's one-layer-at-a-time pruning sensitivity analysis.
    static let sensitivity = Command(
        name: "sensitivity",
        abstract: "Prune one layer or dependency group at a time, without fine-tuning, and measure accuracy.",
        discussion: """
            Evaluates on the images the checkpoint's run held out ('--split val', the default), so the \
            result can guide a schedule without touching the test set. '--group filters' prunes each \
            block's inner channels and each stage's residual stream (ranked by mean L1) and reports the \
            MACs with them thinned; '--group fine' prunes each weight by magnitude.
            """,
        options: [
            .option("model", "file", help: "Checkpoint (.safetensors) to analyse.", required: true),
            .option("data", "dir", help: "CIFAR-10 binary batches.", default: "data/cifar-10-batches-bin"),
            .option("group", "kind", help: "filters or fine.", default: "filters"),
            .option("levels", "list", help: "Sparsity levels, comma-separated.", default: "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9"),
            .option("split", "name", help: "val, test or train.", default: "val"),
            .option("out", "file", help: "Also write the rows as CSV (Distiller's sensitivity.csv columns + macs)."),
        ],
        run: { args in
            let path = try args.require("model"), data = try args.require("data")
            let granularity = SensitivityAnalysis.Granularity(
                rawValue: try args.choice("group", in: SensitivityAnalysis.Granularity.allCases.map(\.rawValue))!)!
            let levels = try args.doubles("levels")!
            guard !levels.isEmpty, levels.allSatisfy({ $0 >= 0 && $0 < 1 }) else {
                throw UsageError.invalidValue(try args.require("levels"), "--levels <list>", "numbers in [0, 1)")
            }
            let split = DataSplit(rawValue: try args.choice("split", in: DataSplit.allCases.map(\.rawValue))!)!
            let checkpoint = try Checkpoint(contentsOf: path)
            let analysis = SensitivityAnalysis(network: checkpoint.network,
                                               images: try checkpoint.images(of: split, dataDirectory: data, path: path),
                                               normalization: checkpoint.normalization, granularity: granularity,
                                               levels: levels)
            Interrupt.install()
            let rows = analysis.run(progress: Terminal.note, stopRequested: { Interrupt.requested })
            if let out = args.string("out") {
                do {
                    try AtomicFile.write(Array(rows.csv.utf8), to: out)
                } catch {
                    throw UsageError.invalidValue(out, "--out <file>", "a writable path")
                }
            }
            print("top-1 on \(split.rawValue) (\(analysis.images.count) images), \(granularity.rawValue) pruned one at a time:")
            print(rows.table(levels: levels), terminator: "")
            if Interrupt.requested { throw ExitStatus(code: 130) }
        })
}
