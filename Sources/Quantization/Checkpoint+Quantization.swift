import Foundation
import Kernels
import Network

/// A quantised checkpoint is the float network (unchanged tensors, so it still loads as a
/// float `Checkpoint` and can be fine-tuned or pruned again) plus `quant.settings` in the
/// metadata (which tensors are quantised, bits, modes, clip) and one scale and zero point per
/// quantised activation point as tensors (`quant.layer1.0.conv1.input0.scale`, `…zero_point`).
/// Weight grids are not stored: they are a function of the folded weights, recomputed
/// identically by `eval` and `export`.
extension Checkpoint {
    public static let quantizationSettingsKey = "quant.settings"

    /// Whether the checkpoint holds a quantised model.
    public var isQuantized: Bool { metadata[Self.quantizationSettingsKey] != nil }

    /// Records `model`'s settings and activation grids (replacing any earlier ones).
    public mutating func setQuantization(_ model: QuantizedResNet) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        metadata[Self.quantizationSettingsKey] = String(decoding: (try? encoder.encode(model.settings)) ?? Data(),
                                                        as: UTF8.self)
        quantizationTensors = model.activationGrids.keys.sorted().flatMap { id -> [SafeTensors.Entry] in
            let grid = model.activationGrids[id]!
            return [SafeTensors.Entry(name: "\(Self.quantizationPrefix)\(id).scale",
                                      tensor: Tensor(shape: [1], data: [grid.scale])),
                    SafeTensors.Entry(name: "\(Self.quantizationPrefix)\(id).zero_point",
                                      tensor: Tensor(shape: [1], data: [Float(grid.zeroPoint)]))]
        }
    }

    /// The simulated INT8 model of a quantised checkpoint, or nil for a float one.
    public func quantizedModel(path: String) throws(QuantizationError) -> QuantizedResNet? {
        guard let json = metadata[Self.quantizationSettingsKey] else { return nil }
        let settings: QuantizationSettings
        do {
            settings = try JSONDecoder().decode(QuantizationSettings.self, from: Data(json.utf8))
        } catch {
            throw .invalidSettings(path: path, detail: "\(error)")
        }
        let tensors = Dictionary(quantizationTensors.map { ($0.name, $0.tensor) }) { a, _ in a }
        var grids: [String: QuantizationGrid] = [:]
        for (id, q) in settings.activations {
            let scaleName = "\(Self.quantizationPrefix)\(id).scale", zeroName = "\(Self.quantizationPrefix)\(id).zero_point"
            guard let scale = tensors[scaleName]?.data.first else { throw .missingTensor(path: path, name: scaleName) }
            guard let zero = tensors[zeroName]?.data.first else { throw .missingTensor(path: path, name: zeroName) }
            guard scale > 0, scale.isFinite, zero == zero.rounded(), (q.format.qmin...q.format.qmax).contains(Int(zero))
            else {
                throw .invalidSettings(path: path, detail: "'\(id)' has scale \(scale) and zero point \(zero)")
            }
            grids[id] = QuantizationGrid(scale: scale, zeroPoint: Int(zero), qmin: q.format.qmin, qmax: q.format.qmax)
        }
        return QuantizedResNet(network: network, settings: settings, activationGrids: grids)
    }

    /// What `shears eval` runs: the simulated INT8 model of a quantised checkpoint, else the network.
    public func inferenceModel(path: String) throws(QuantizationError) -> any Model {
        try quantizedModel(path: path) ?? network
    }
}
