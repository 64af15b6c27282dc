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
        let aliases = quantizationAliases(model.graph, layers: summary.nodes)
        return summary.nodes.map { row in
            // Sparsity of the weights proper (the rank ≥ 2 initializers), not of biases.
            let weights = row.inputs.compactMap { initializers[$0] }.filter { $0.dims.count >= 2 }
            var zeros = 0, total = 0
            for weight in weights {
                if weight.dataType == 3, weight.rawData.count == weight.elementCount {
                    // int8 weights of a QDQ model: symmetric (zero point 0) in every tool that writes
                    // them per channel (onnxruntime, NNCF, Shears), so a zero byte is a zero weight.
                    zeros += weight.rawData.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
                    total += weight.elementCount
                    continue
                }
                guard let values = try? weight.floatTensor().data else { continue }
                zeros += values.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
                total += values.count
            }
            return LayerFacts(name: row.name, op: row.opType, inputs: row.inputs, outputs: row.outputs,
                              outputShape: row.outputShape, macs: row.macs, parameters: row.parameters,
                              sparsity: total > 0 ? Double(zeros) / Double(total) : nil,
                              quantization: row.quantization, aliases: aliases[row.name] ?? [])
        }
    }

    /// QuantizeLinear/DequantizeLinear nodes that quantise a layer's output (directly or down a
    /// Q → DQ chain), with their output values, keyed by that layer's name.
    static func quantizationAliases(_ graph: GraphProto, layers: [ONNXSummary.Node]) -> [String: [String]] {
        var layerOf = [String: String]()
        for layer in layers {
            for output in layer.outputs { layerOf[output] = layer.name }
        }
        var aliases = [String: [String]]()
        for node in graph.node where node.opType == "QuantizeLinear" || node.opType == "DequantizeLinear" {
            guard let input = node.input.first, let layer = layerOf[input] else { continue }
            aliases[layer, default: []].append(contentsOf: [node.name] + node.output)
            for output in node.output { layerOf[output] = layer }
        }
        return aliases
    }
}
