import JSON

extension ModelSummary {
    /// `shears summary --json` for a checkpoint: totals, then one object per layer, snake_case.
    public var json: JSON.JSONValue {
        [
            "arch": JSON.JSONValue(architecture.name),
            "params": JSON.JSONValue(weights),
            "nonzeros": JSON.JSONValue(nonzeros),
            "sparsity": JSON.JSONValue(sparsity),
            "macs": JSON.JSONValue(macs),
            "parameters_total": JSON.JSONValue(parameterCount),
            "widths": .array(architecture.stages.map { stage in
                ["width": JSON.JSONValue(stage.width), "inner": JSON.JSONValue(stage.innerWidths)]
            }),
            "layers": .array(layers.map { l in
                [
                    "name": JSON.JSONValue(l.name), "shape": JSON.JSONValue(l.shape), "params": JSON.JSONValue(l.weights),
                    "nonzeros": JSON.JSONValue(l.nonzeros), "sparsity": JSON.JSONValue(l.sparsity),
                    "channel_sparsity": JSON.JSONValue(l.channelSparsity),
                    "filter_sparsity": JSON.JSONValue(l.filterSparsity), "macs": JSON.JSONValue(l.macs),
                ]
            }),
            "warnings": .array(warnings.map { JSON.JSONValue($0) }),
        ]
    }
}
