import Kernels
import Support

extension ResNet {
    /// Every tensor a checkpoint holds, in PyTorch's `state_dict()` order: per module its
    /// parameters, then for batch-norm `running_mean` and `running_var`.
    /// (PyTorch's `num_batches_tracked` is not kept: with a fixed momentum it affects nothing.)
    public var namedTensors: [(name: String, value: Tensor)] {
        var list: [(String, Tensor)] = []
        func bn(_ layer: BatchNorm2d) {
            list += [(layer.weight.name, layer.weight.value), (layer.bias.name, layer.bias.value),
                     (layer.name + ".running_mean", layer.runningMean), (layer.name + ".running_var", layer.runningVar)]
        }
        list.append((conv1.weight.name, conv1.weight.value))
        bn(bn1)
        for block in stages.joined() {
            list.append((block.conv1.weight.name, block.conv1.weight.value))
            bn(block.bn1)
            list.append((block.conv2.weight.name, block.conv2.weight.value))
            bn(block.bn2)
            if let downsample = block.downsample {
                list.append((downsample.conv.weight.name, downsample.conv.weight.value))
                bn(downsample.bn)
            }
        }
        list += [(fc.weight.name, fc.weight.value), (fc.bias.name, fc.bias.value)]
        return list
    }

    /// The trainable tensor called `name` (a leading `module.`, as DataParallel checkpoints
    /// and Distiller schedules write it, is accepted), or nil.
    public func parameter(named name: String) -> Parameter? {
        let key = Self.canonicalName(name)
        return parameters.first { $0.name == key }
    }

    /// Any named tensor, batch-norm buffers included, or nil.
    public func tensor(named name: String) -> Tensor? {
        let key = Self.canonicalName(name)
        return namedTensors.first { $0.name == key }?.value
    }

    /// Replaces every tensor from `tensors` (checkpoint loading). Strict: each of the
    /// network's tensors must be present with its exact shape, and an unknown name is an
    /// error naming the nearest real ones. `module.` prefixes and PyTorch's
    /// `*.num_batches_tracked` entries are accepted.
    public func load(namedTensors tensors: [String: Tensor]) throws(NetworkError) {
        var byName: [String: Tensor] = [:]
        for (name, value) in tensors {
            let key = Self.canonicalName(name)
            if key.hasSuffix(".num_batches_tracked") { continue }
            byName[key] = value
        }
        let expected = namedTensors
        let known = Set(expected.map(\.name))
        if let unknown = byName.keys.sorted().first(where: { !known.contains($0) }) {
            throw .unknownTensor(unknown, nearest: nearestTensorNames(to: unknown))
        }
        for (name, current) in expected {
            guard let value = byName[name] else { throw .missingTensor(name) }
            guard value.shape == current.shape else {
                throw .shapeMismatch(name, expected: current.shape, found: value.shape)
            }
        }
        for p in parameters { p.value = byName[p.name]! }
        for layer in batchNorms {
            layer.runningMean = byName[layer.name + ".running_mean"]!
            layer.runningVar = byName[layer.name + ".running_var"]!
        }
    }

    /// The network's tensor names closest to `name` by edit distance (at most `limit`), for
    /// "did you mean" messages about schedules and checkpoints.
    public func nearestTensorNames(to name: String, limit: Int = 3) -> [String] {
        let key = Self.canonicalName(name)
        let scored = namedTensors.map { ($0.name, editDistance(key, $0.name)) }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }

    /// `module.layer1.0.conv1.weight` → `layer1.0.conv1.weight`.
    static func canonicalName(_ name: String) -> String {
        name.hasPrefix("module.") ? String(name.dropFirst("module.".count)) : name
    }
}
