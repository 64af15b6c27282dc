import Foundation
import ONNX

extension Command {
    static let summary = Command(
        name: "summary",
        abstract: "Show an ONNX model's nodes: operator, output shape, parameters and MACs.",
        discussion: """
            Reads the file with Shears' own decoder and infers every shape, so it works on any model
            built from Conv, BatchNormalization, Relu, Add, GlobalAveragePool, Flatten and Gemm.
            MACs count Conv (K·C/groups·R·S·Ho·Wo) and Gemm (in·out), per batch.
            """,
        arguments: [ArgumentSpec(name: "model.onnx", help: "The ONNX file to inspect.")],
        options: [
            .option("batch", "n", help: "Value of the symbolic batch dimension.", default: "1"),
            .flag("json", help: "Print the summary as JSON."),
        ],
        run: { args in
            let batch = try args.int("batch")!
            guard batch >= 1 else { throw UsageError.invalidValue("\(batch)", "--batch <n>", "a positive integer") }
            let model = try ModelProto(contentsOf: URL(fileURLWithPath: args.positionals[0]))
            let summary = try ONNXSummary(model: model, batch: batch)
            print(args.flag("json") ? summary.json.pretty() : summary.table())
        })
}
