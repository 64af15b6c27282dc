import JSON

extension ModelSummary {
    /// `shears summary --json` for a checkpoint: totals, then one object per layer, snake_case.
    public var json: JSONValue {
        [
            "arch": JSONValue(architecture.name),
            "params": JSONValue(weights),
            "nonzeros": JSONValue(nonzeros),
            "sparsity": JSONValue(sparsity),
            "macs": JSONValue(macs),
            "parameters_total": JSONValue(parameterCount),
            "widths": .array(architecture.stages.map { stage in
                ["width": JSONValue(stage.width), "inner": JSONValue(stage.innerWidths)]
            }),
            "layers": .array(layers.map { l in
                [
                    "name": JSONValue(l.name), "shape": JSONValue(l.shape), "params": JSONValue(l.weights),
                    "nonzeros": JSONValue(l.nonzeros), "sparsity": JSONValue(l.sparsity),
                    "channel_sparsity": JSONValue(l.channelSparsity),
                    "filter_sparsity": JSONValue(l.filterSparsity), "macs": JSONValue(l.macs),
                ]
            }),
            "warnings": .array(warnings.map { JSONValue($0) }),
        ]
    }
}
