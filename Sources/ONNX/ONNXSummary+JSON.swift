import JSON

extension ONNXSummary {
    /// `shears summary --json`: the totals first, then one object per node, names in snake_case
    /// like every other `--json` output of the tool. A node read through QuantizeLinear/
    /// DequantizeLinear has `quantization`: its quantised inputs and the QDQ nodes attributed to it.
    public var json: JSONValue {
        [
            "ir_version": JSONValue(Int(irVersion)),
            "opset": opsetVersion.map { JSONValue(Int($0)) } ?? .null,
            "producer": JSONValue(producer),
            "batch": JSONValue(batch),
            "params": JSONValue(totalParameters),
            "macs": JSONValue(totalMACs),
            "quantization_nodes": JSONValue(quantizationNodeCount),
            "nodes": .array(nodes.map { n in
                [
                    "name": JSONValue(n.name), "op": JSONValue(n.opType), "output_shape": JSONValue(n.outputShape),
                    "params": JSONValue(n.parameters), "macs": JSONValue(n.macs),
                    "quantization": n.quantization.map(\.json) ?? .null,
                ]
            }),
        ]
    }
}

extension LayerQuantization {
    var json: JSONValue {
        [
            "inputs": .array(inputs.map { input in
                [
                    "index": JSONValue(input.index), "role": JSONValue(input.role.rawValue),
                    "type": JSONValue(input.elementType), "axis": input.axis.map { JSONValue($0) } ?? .null,
                ]
            }),
            "nodes": JSONValue(nodes),
        ]
    }
}
