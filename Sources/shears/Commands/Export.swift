import Foundation
import ONNX

extension Command {
    /// `shears export --model F.safetensors --out X.onnx [--fold-bn]`: a checkpoint as ONNX.
    static let export = Command(
        name: "export",
        abstract: "Export a checkpoint (possibly thinned) as an ONNX model for inference runtimes.",
        discussion: """
            Writes opset 13, IR version 8: one node per layer, named after the layer (conv1, bn1, relu, \
            layer1.0.conv1, ..., avgpool, flatten, fc), input 'input' [N,3,32,32] with a symbolic batch, \
            output 'logits'. The input is the normalised image, as in training and evaluation; the \
            checkpoint's mean and std are written into the model's doc string. '--fold-bn' folds every \
            batch-norm into the convolution before it.
            """,
        options: [
            .option("model", "file", help: "Checkpoint (.safetensors) to export.", required: true),
            .option("out", "file", help: "ONNX file to write (replaced atomically).", required: true),
            .flag("fold-bn", help: "Fold BatchNormalization into the preceding Conv."),
        ],
        run: { args in
            let path = try args.require("model"), out = URL(fileURLWithPath: try args.require("out"))
            let checkpoint = try ModelFiles.export(checkpoint: path, to: out, foldBatchNorm: args.flag("fold-bn"))
            let summary = try ONNXSummary(model: try ModelProto(contentsOf: out))
            let ops = Dictionary(grouping: summary.nodes, by: \.opType).mapValues(\.count)
            let opText = ["Conv", "BatchNormalization", "Relu", "Add", "GlobalAveragePool", "Flatten", "Gemm"]
                .compactMap { op in ops[op].map { "\($0) \(op)" } }.joined(separator: ", ")
            print("""
                Wrote \(out.path): \(checkpoint.network.architecture.name), \(summary.nodes.count) nodes \
                (\(opText)), \(summary.totalParameters) parameters, \(summary.totalMACs) MACs per image
                """)
        })
}
