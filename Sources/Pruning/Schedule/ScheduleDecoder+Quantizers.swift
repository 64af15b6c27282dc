import YAML
import Foundation
import Quantization

/// `quantizers:` — Distiller's PostTrainLinearQuantizer read unchanged; every other class is
/// refused by name with the catalog's reason.
extension ScheduleDecoder {
    static let postTrainingKeys = ["bits_activations", "bits_parameters", "bits_accum", "mode", "per_channel_wts",
                                   "clip_acts", "clip_n_stds", "overrides", "model_activation_stats"]
    static let overrideKeys = ["bits_activations", "bits_weights", "clip_acts", "clip_n_stds"]
    static let clipModes = ["NONE", "AVG", "N_STD"]
    /// Distiller's other ClipMode values, refused by name.
    static let refusedClipModes = ["GAUSS", "LAPLACE"]

    mutating func decodeQuantizers(_ node: YAMLNode) throws {
        for instance in try instances(node, key: "quantizers") {
            let (name, classLocation) = try className(instance, section: .quantizer)
            guard name == "PostTrainLinearQuantizer" else {
                throw unsupported(.quantizer, instance: instance.name, className: name, at: classLocation)
            }
            if let first = quantizers.first {
                throw error(.secondQuantizer(instance.name, first: first.name), at: instance.key.location)
            }
            quantizers.append(try decodePostTraining(instance))
        }
    }

    func decodePostTraining(_ instance: YAMLNode.Entry) throws -> QuantizerSpec {
        let m = try MappingReader(instance.value, key: instance.name,
                                  context: "quantizer '\(instance.name)' (PostTrainLinearQuantizer)",
                                  allowed: ["class"] + Self.postTrainingKeys, source: source)
        var widths: [QuantizerSpec.BitWidth] = []
        let activationBits = try bits(m, "bits_activations", default: 8, into: &widths)
        let weightBits = try bits(m, "bits_parameters", default: 8, into: &widths)
        if let accum = m.value("bits_accum"), !accum.isNull {
            let v = try ScheduleValues.int(accum, key: "bits_accum", source: source)
            guard v == 32 else { throw error(.unsupportedAccumulator(v), at: accum.location) }
        }
        var activationMode = QuantizationMode.symmetric, weightMode = QuantizationMode.symmetric
        if let mode = m.value("mode") {
            if mode.scalar != nil {
                activationMode = try readMode(mode, key: "mode")
                weightMode = activationMode
            } else {
                let modes = try MappingReader(mode, key: "mode", context: "'mode'", allowed: ["activations", "weights"],
                                              source: source)
                if let a = modes.value("activations") { activationMode = try readMode(a, key: "activations") }
                if let w = modes.value("weights") { weightMode = try readMode(w, key: "weights") }
            }
        }
        let perChannel = try m.value("per_channel_wts").map { try boolean($0, key: "per_channel_wts") } ?? false
        let clip = try readClip(m) ?? .none
        var overrides: [QuantizerOverride] = []
        if let node = m.value("overrides"), !node.isNull {
            guard let entries = try node.uniqueEntries(in: source) else {
                throw error(.expected(.mapping, key: "overrides", found: node.foundDescription), at: node.location)
            }
            for entry in entries {
                guard (try? NSRegularExpression(pattern: "^(?:\(entry.name))$")) != nil else {
                    throw error(.invalidOverridePattern(entry.name), at: entry.key.location)
                }
                let o = try MappingReader(entry.value, key: entry.name, context: "override '\(entry.name)'",
                                          allowed: Self.overrideKeys, source: source)
                overrides.append(QuantizerOverride(
                    pattern: entry.name,
                    activationBits: o.has("bits_activations") ? .some(try bits(o, "bits_activations", default: nil,
                                                                              into: &widths)) : nil,
                    weightBits: o.has("bits_weights") ? .some(try bits(o, "bits_weights", default: nil, into: &widths))
                        : nil,
                    clip: try readClip(o), location: entry.key.location))
            }
        }
        let stats = try m.value("model_activation_stats").flatMap { node -> String? in
            node.isNull ? nil : try ScheduleValues.string(node, key: "model_activation_stats", source: source)
        }
        return QuantizerSpec(name: instance.name, className: "PostTrainLinearQuantizer",
                             activationBits: activationBits, weightBits: weightBits, activationMode: activationMode,
                             weightMode: weightMode, perChannelWeights: perChannel, clip: clip, overrides: overrides,
                             statisticsFile: stats, bitWidths: widths, location: instance.key.location)
    }

    /// A bit width: absent → `default`, null → nil (float), else 2 to 8.
    func bits(_ m: MappingReader, _ key: String, default value: Int?,
              into widths: inout [QuantizerSpec.BitWidth]) throws -> Int? {
        guard let node = m.value(key) else { return value }
        if node.isNull { return nil }
        let v = try ScheduleValues.int(node, key: key, source: source)
        guard (2...8).contains(v) else { throw error(.bitsOutOfRange(key: key, value: v), at: node.location) }
        widths.append(QuantizerSpec.BitWidth(key: key, bits: v, location: node.location))
        return v
    }

    func readMode(_ node: YAMLNode, key: String) throws -> QuantizationMode {
        let text = try ScheduleValues.string(node, key: key, source: source)
        guard let mode = QuantizationMode(rawValue: text) else {
            throw error(.unsupportedChoice(key: key, value: text, supported: QuantizationMode.allCases.map(\.rawValue)),
                        at: node.location)
        }
        return mode
    }

    /// `clip_acts` with `clip_n_stds` for N_STD; nil when the mapping has no clip_acts.
    func readClip(_ m: MappingReader) throws -> ClipMode? {
        guard let node = m.value("clip_acts") else {
            if let n = m.value("clip_n_stds"), !n.isNull { throw error(.clipStdsWithoutNSTD, at: m.keyLocation("clip_n_stds")!) }
            return nil
        }
        let text = try ScheduleValues.string(node, key: "clip_acts", source: source)
        switch text {
        case "NONE": return ClipMode.none
        case "AVG": return .average
        case "N_STD":
            guard let n = m.value("clip_n_stds"), !n.isNull else { throw error(.missingKey("clip_n_stds", context: m.context), at: node.location) }
            let v = try ScheduleValues.double(n, key: "clip_n_stds", source: source)
            guard v > 0 else { throw error(.notPositive(key: "clip_n_stds", value: "\(v)"), at: n.location) }
            return .standardDeviations(v)
        default:
            let known = Self.refusedClipModes.contains(text)
            throw error(.unsupportedChoice(key: "clip_acts", value: text + (known ? " (not implemented)" : ""),
                                           supported: Self.clipModes), at: node.location)
        }
    }

    func boolean(_ node: YAMLNode, key: String) throws -> Bool {
        guard let b = node.scalar?.bool else {
            throw error(.expected(.boolean, key: key, found: node.foundDescription), at: node.location)
        }
        return b
    }
}

extension Schedule {
    /// The runtime check: OpenVINO's CPU plugin executes 8-bit integer convolutions only, so any
    /// other bit width is refused, naming its key, unless the user asked for simulation only.
    public func checkDeployable() throws {
        for q in quantizers {
            if let w = q.bitWidths.first(where: { $0.bits != 8 }) {
                throw source.error(ScheduleError.bitsNotExecutable(key: w.key, bits: w.bits), at: w.location)
            }
        }
    }
}
