import Foundation
import ONNX
import Pruning
import Training
import Network

extension Command {
    static let summary = Command(
        name: "summary",
        abstract: "Show a model's layers: an ONNX file's nodes, or a checkpoint's sparsity, params and MACs.",
        discussion: """
            A checkpoint (.safetensors, recognised by its content) gets Distiller's sparsity table: per \
            convolution and fc its shape, weights, non-zeros, fine-grained, channel and filter sparsity and \
            MACs, with a warning for every layer whose all-zero filters or channels are still present \
            (pruned, not thinned: they cost as much time as live ones).
            An ONNX file is read with Shears' own decoder and every shape inferred, so it works on any model \
            built from Conv, BatchNormalization, Relu, Add, GlobalAveragePool, Flatten and Gemm; MACs count \
            Conv (K·C/groups·R·S·Ho·Wo) and Gemm (in·out), per batch.
            """,
        arguments: [ArgumentSpec(name: "model", help: "The ONNX file or checkpoint to inspect.", isRequired: false)],
        options: [
            .option("model", "file", help: "The same, as an option."),
            .option("batch", "n", help: "Value of an ONNX model's symbolic batch dimension.", default: "1"),
            .flag("json", help: "Print the summary as JSON."),
        ],
        run: { args in
            let batch = try args.int("batch", in: 1...TrainingLimits.batchSize.upperBound)!
            guard batch >= 1 else { throw UsageError.invalidValue("\(batch)", "--batch <n>", "a positive integer") }
            guard let path = args.positionals.first ?? args.options["model"]?.last else {
                throw UsageError.missingArgument("<model>")
            }
            if isSafeTensors(path) {
                let summary = ModelSummary(network: try Checkpoint(contentsOf: path).network)
                if args.flag("json") {
                    print(summary.json.pretty())
                } else {
                    print(summary.table(), terminator: "")
                    for warning in summary.warnings { Terminal.note(warning) }
                }
                return
            }
            let summary: ONNXSummary
            do {
                summary = try ONNXSummary(model: try ModelProto(contentsOf: URL(fileURLWithPath: path)), batch: batch)
            } catch let error as ONNXError {
                if case .io = error { throw error }
                throw ONNXError.io(path: path, reason: "not a readable ONNX model: \(error)")
            }
            print(args.flag("json") ? summary.json.pretty() : summary.table())
        })

    /// A safetensors file starts with an 8-byte header length and then the JSON header's '{';
    /// an ONNX file (a protobuf ModelProto) starts with field tags such as 0x08.
    private static func isSafeTensors(_ path: String) -> Bool {
        if path.hasSuffix(".safetensors") { return true }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 9)
        return head.count == 9 && head[head.startIndex + 8] == UInt8(ascii: "{")
    }
}
