import JSON
import Quantization

extension QuantizerSpec {
    /// One line for `shears schedule check`: "PostTrainLinearQuantizer, activations 8-bit
    /// ASYMMETRIC_UNSIGNED (clip AVG), weights 8-bit SYMMETRIC per channel, 2 overrides".
    public var summary: String {
        let a = activationBits.map { "\($0)-bit \(activationMode.rawValue) (clip \(clip))" } ?? "float"
        let w = weightBits.map { "\($0)-bit \(weightMode.rawValue) \(perChannelWeights ? "per channel" : "per tensor")" }
            ?? "float"
        let o = overrides.isEmpty ? "" : ", \(overrides.count) override\(overrides.count == 1 ? "" : "s")"
        return "\(className), activations \(a), weights \(w)\(o)"
    }

    /// The resolved quantizer for `schedule check --json`.
    var json: JSONValue {
        func bits(_ b: Int?) -> JSONValue { b.map { JSONValue($0) } ?? .null }
        var fields: [(String, JSONValue)] = [("name", .string(name)), ("class", .string(className)),
                                             ("bits_activations", bits(activationBits)),
                                             ("bits_parameters", bits(weightBits)),
                                             ("mode", .object([("activations", .string(activationMode.rawValue)),
                                                               ("weights", .string(weightMode.rawValue))])),
                                             ("per_channel_wts", .bool(perChannelWeights)),
                                             ("clip_acts", .string(clip.description))]
        fields.append(("overrides", .array(overrides.map { o in
            var entry: [(String, JSONValue)] = [("pattern", .string(o.pattern))]
            if let a = o.activationBits { entry.append(("bits_activations", bits(a))) }
            if let w = o.weightBits { entry.append(("bits_weights", bits(w))) }
            if let c = o.clip { entry.append(("clip_acts", .string(c.description))) }
            return .object(entry)
        })))
        if let statisticsFile { fields.append(("model_activation_stats", .string(statisticsFile))) }
        return .object(fields)
    }
}
