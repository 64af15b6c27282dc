import Foundation
import Network
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
            batch-norm into the convolution before it. Instead of '--model', '--arch' (with '--widths' \
            and '--seed') exports a freshly initialised network, for latency measurements. A quantised \
            checkpoint is written as INT8 QDQ: int8 per-channel weights behind DequantizeLinear, \
            QuantizeLinear/DequantizeLinear on each convolution's input and on both inputs of every residual \
            Add (batch-norm folded).
            """,
        options: [
            .option("model", "file", help: "Checkpoint (.safetensors) to export."),
            .option("arch", "name", help: "Export an untrained resnet20/32/44/56 instead of a checkpoint."),
            .option("widths", "a,b,c", help: "Stage widths for '--arch'.", default: "16,32,64"),
            .option("seed", "n", help: "Initialisation seed for '--arch'.", default: "1"),
            .option("out", "file", help: "ONNX file to write (replaced atomically).", required: true),
            .flag("fold-bn", help: "Fold BatchNormalization into the preceding Conv."),
        ],
        run: { args in
            let out = URL(fileURLWithPath: try args.require("out")), fold = args.flag("fold-bn")
            let network: ResNet
            var quantized = false
            switch (args.string("model"), args.string("arch")) {
            case let (path?, nil):
                let checkpoint = try ModelFiles.export(checkpoint: path, to: out, foldBatchNorm: fold)
                (network, quantized) = (checkpoint.network, checkpoint.isQuantized)
            case let (nil, name?):
                let values = try args.doubles("widths")!
                guard values.allSatisfy({ $0 == $0.rounded() && abs($0) < 1e6 }) else {
                    throw UsageError.invalidValue(args.string("widths")!, "--widths <a,b,c>", "comma-separated integers")
                }
                let widths = values.map { Int($0) }
                guard let seed = UInt64(args.string("seed")!) else {
                    throw UsageError.invalidValue(args.string("seed")!, "--seed <n>", "a non-negative integer")
                }
                let base = try ResNetArchitecture.named(name)
                network = try ResNet(architecture: try .cifar(depth: base.depth, widths: widths), seed: seed)
                try exportONNX(network, to: out, foldBatchNorm: fold, producerVersion: Shears.version,
                               docString: onnxInputDocumentation(network, nil, producerVersion: Shears.version))
            default:
                throw UsageError.conflict("Give exactly one of '--model <file>' and '--arch <name>'")
            }
            if quantized {
                let nodes = try ModelProto(contentsOf: out).graph.node
                let ops = Dictionary(grouping: nodes, by: \.opType).mapValues(\.count)
                let opText = ["QuantizeLinear", "DequantizeLinear", "Conv", "Relu", "Add", "GlobalAveragePool",
                              "Flatten", "Gemm"].compactMap { op in ops[op].map { "\($0) \(op)" } }
                print("Wrote \(out.path): \(network.architecture.name), INT8 QDQ (BN folded), \(nodes.count) nodes "
                      + "(\(opText.joined(separator: ", ")))")
                return
            }
            let summary = try ONNXSummary(model: try ModelProto(contentsOf: out))
            let ops = Dictionary(grouping: summary.nodes, by: \.opType).mapValues(\.count)
            let opText = ["Conv", "BatchNormalization", "Relu", "Add", "GlobalAveragePool", "Flatten", "Gemm"]
                .compactMap { op in ops[op].map { "\($0) \(op)" } }.joined(separator: ", ")
            print("""
                Wrote \(out.path): \(network.architecture.name), \(summary.nodes.count) nodes \
                (\(opText)), \(summary.totalParameters) parameters, \(summary.totalMACs) MACs per image
                """)
        })
}
