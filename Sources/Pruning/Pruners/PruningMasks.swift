import Kernels
import Network

/// The masks of a network being pruned, kept in the form pruners produce them: fine-grained
/// element masks per weight, and keep flags per structure unit (a dependency group, applied
/// to every member slice). `combined` is what is multiplied into parameters and momentum
/// buffers after every optimiser step; it is recomputed whenever a part changes.
public struct PruningMasks: Sendable {
    /// 0/1 per element, from fine-grained pruners.
    public private(set) var elements: [String: [Float]] = [:]
    /// Kept flags per channel of a unit, from structure pruners.
    public private(set) var units: [StructureUnit: [Bool]] = [:]
    /// The 0/1 mask of every masked parameter, shaped like it.
    public private(set) var combined: [String: [Float]] = [:]

    public init() {}

    public mutating func setElements(_ mask: [Float], for name: String, network: ResNet) {
        elements[name] = mask
        recombine(network: network)
    }

    public mutating func setUnit(_ unit: StructureUnit, keep: [Bool], network: ResNet) {
        units[unit] = keep
        recombine(network: network)
    }

    /// Zeroes every masked element of the network's parameters.
    public func apply(to network: ResNet) {
        for p in network.parameters {
            guard let mask = combined[p.name] else { continue }
            Self.multiply(&p.value.data, by: mask)
        }
    }

    /// Zeroes the masked elements of momentum buffers (keyed by parameter name), so momentum
    /// cannot carry a pruned weight back to life.
    public func apply(toBuffers buffers: inout [String: [Float]]) {
        for (name, mask) in combined where buffers[name]?.count == mask.count {
            Self.multiply(&buffers[name]!, by: mask)
        }
    }

    /// Fraction of elements of `name` the masks zero (0 when unmasked).
    public func sparsity(of name: String) -> Double {
        guard let mask = combined[name], !mask.isEmpty else { return 0 }
        return Double(mask.count - Int(mask.reduce(0, +))) / Double(mask.count)
    }

    /// The masks of the network thinned by `plan` (from `network`, the unthinned one): element
    /// masks and unit flags keep the surviving slices, so a half-ramped fine-grained mask or a
    /// kept-but-dead channel stays masked.
    public func thinned(by plan: ThinningPlan, from network: ResNet, to thinnedNetwork: ResNet) -> PruningMasks {
        let slices = plan.slices(for: network.architecture)
        var result = PruningMasks()
        let shapes = Dictionary(uniqueKeysWithValues: network.parameters.map { ($0.name, $0.shape) })
        for (name, mask) in elements {
            let s = slices[name]!
            result.elements[name] = Tensor(shape: shapes[name]!, data: mask).selecting(dim0: s.dim0, dim1: s.dim1).data
        }
        for (unit, keep) in units {
            result.units[unit] = unit.kept(in: plan).map { $0.map { keep[$0] } } ?? keep
        }
        result.recombine(network: thinnedNetwork)
        return result
    }

    // MARK: - Combining

    private mutating func recombine(network: ResNet) {
        var masks = elements
        let architecture = network.architecture
        let shapes = Dictionary(uniqueKeysWithValues: network.parameters.map { ($0.name, $0.shape) })
        for (unit, keep) in units where keep.contains(false) {
            for member in unit.members(in: architecture) {
                guard let shape = shapes[member.name] else { continue }
                var mask = masks[member.name] ?? [Float](repeating: 1, count: shape.reduce(1, *))
                Self.zeroSlices(&mask, shape: shape, dimension: member.dimension, keep: keep)
                masks[member.name] = mask
            }
        }
        combined = masks
        #if SHEARS_INTERNAL_CHECKS
        _checkInvariants(network: network)
        #endif
    }

    private static func zeroSlices(_ mask: inout [Float], shape: [Int], dimension: Int, keep: [Bool]) {
        let rows = shape[0], columns = shape.count >= 2 ? shape[1] : 1
        let inner = mask.count / (rows * columns)
        precondition(keep.count == (dimension == 0 ? rows : columns), "unit of \(keep.count) channels on shape \(shape)")
        for r in 0..<rows {
            for c in 0..<columns where !keep[dimension == 0 ? r : c] {
                let start = (r * columns + c) * inner
                for i in start..<(start + inner) { mask[i] = 0 }
            }
        }
    }

    private static func multiply(_ values: inout [Float], by mask: [Float]) {
        precondition(values.count == mask.count, "mask of \(mask.count) on \(values.count) values")
        values.withUnsafeMutableBufferPointer { v in
            mask.withUnsafeBufferPointer { m in
                for i in 0..<v.count { v[i] *= m[i] }
            }
        }
    }

    /// Every mask is 0/1 and shaped like its parameter; every unit's flags match its channel
    /// count. Compiled in with `-D SHEARS_INTERNAL_CHECKS`.
    public func _checkInvariants(network: ResNet) {
        let shapes = Dictionary(uniqueKeysWithValues: network.parameters.map { ($0.name, $0.shape) })
        for (name, mask) in combined {
            guard let shape = shapes[name] else { preconditionFailure("mask for unknown parameter '\(name)'") }
            precondition(mask.count == shape.reduce(1, *), "mask of '\(name)' has \(mask.count) values for \(shape)")
            precondition(mask.allSatisfy { $0 == 0 || $0 == 1 }, "mask of '\(name)' is not 0/1")
        }
        for (unit, keep) in units {
            if case .isolated = unit { continue }
            precondition(keep.count == unit.channelCount(in: network.architecture),
                         "\(unit) has \(keep.count) flags for \(unit.channelCount(in: network.architecture)) channels")
        }
    }
}
