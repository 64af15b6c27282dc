import Foundation
import ONNX

extension LayerFacts {
    /// Reads every node of an ONNX file with its op, tensors, output shape at `batch`, MACs,
    /// parameters and weight sparsity (zeros in the node's initializers), for the layer table.
    public static func load(onnx url: URL, batch: Int = 1) throws -> [LayerFacts] {
        let model: ModelProto
        let summary: ONNXSummary
        do {
            model = try ModelProto(contentsOf: url)
            summary = try ONNXSummary(model: model, batch: batch)
        } catch {
            throw BenchError.modelNotReadable(path: url.path, reason: "\(error)")
        }
        let initializers = Dictionary(model.graph.initializer.map { ($0.name, $0) },
                                      uniquingKeysWith: { first, _ in first })
        return zip(model.graph.node, summary.nodes).map { node, row in
            // Sparsity of the weights proper (the rank ≥ 2 initializers), not of biases.
            let weights = node.input.compactMap { initializers[$0] }.filter { $0.dims.count >= 2 }
            var zeros = 0, total = 0
            for weight in weights {
                guard let values = try? weight.floatTensor().data else { continue }
                zeros += values.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
                total += values.count
            }
            return LayerFacts(name: node.name, op: node.opType, inputs: node.input, outputs: node.output,
                              outputShape: row.outputShape, macs: row.macs, parameters: row.parameters,
                              sparsity: total > 0 ? Double(zeros) / Double(total) : nil)
        }
    }
}
