import JSON

extension ONNXSummary {
    /// `shears summary --json`: the totals first, then one object per node, names in snake_case
    /// like every other `--json` output of the tool.
    public var json: JSONValue {
        [
            "ir_version": JSONValue(Int(irVersion)),
            "opset": opsetVersion.map { JSONValue(Int($0)) } ?? .null,
            "producer": JSONValue(producer),
            "batch": JSONValue(batch),
            "params": JSONValue(totalParameters),
            "macs": JSONValue(totalMACs),
            "nodes": .array(nodes.map { n in
                [
                    "name": JSONValue(n.name), "op": JSONValue(n.opType), "output_shape": JSONValue(n.outputShape),
                    "params": JSONValue(n.parameters), "macs": JSONValue(n.macs),
                ]
            }),
        ]
    }
}
