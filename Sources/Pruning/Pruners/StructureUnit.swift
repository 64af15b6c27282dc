import Network

/// A set of channels that can only be pruned (and thinned) together, because every member
/// tensor holds one slice per channel and removing the channel removes all those slices.
/// These are the dependency groups of a CIFAR ResNet, read off `ResNetArchitecture`:
public enum StructureUnit: Hashable, Sendable, CustomStringConvertible {
    /// Stage `stage`'s residual stream: the stem (layer1) or downsample conv + BN, every block's
    /// conv2 + bn2 (filters), and the stream's readers (the stage's block conv1s, the next
    /// stage's first conv1 and downsample, or `fc`; input channels).
    case stream(stage: Int)
    /// Block `block` of stage `stage`: conv1's filters, bn1, conv2's input channels.
    case inner(stage: Int, block: Int)
    /// A structure nothing else depends on and that thinning never removes (the image
    /// channels of the stem, `conv1.weight` dim 1): only that weight is masked.
    case isolated(weight: String, dimension: Int)

    public var description: String {
        switch self {
        case .stream(let s): return "layer\(s + 1) residual stream"
        case .inner(let s, let b): return "layer\(s + 1).\(b) inner channels"
        case .isolated(let weight, let dimension): return "\(weight) dim \(dimension)"
        }
    }

    /// One tensor slice set of a unit: channel c of the unit is `name`'s slice c along `dimension`.
    public struct Member: Hashable, Sendable {
        public var name: String
        public var dimension: Int
    }

    /// The unit a structure pruner acts on when it prunes `group` of `weight` (a canonical
    /// parameter name the network has, of the rank the group needs).
    public static func containing(_ weight: String, group: StructureGroup, in architecture: ResNetArchitecture)
        -> StructureUnit {
        let parts = weight.split(separator: ".").map(String.init)
        if weight == "conv1.weight" {
            return group == .filters ? .stream(stage: 0) : .isolated(weight: weight, dimension: 1)
        }
        if weight == "fc.weight" { return .stream(stage: architecture.stages.count - 1) }
        guard parts.count >= 3, parts[0].hasPrefix("layer"), let stageNumber = Int(parts[0].dropFirst(5)),
              let b = Int(parts[1]) else { return .isolated(weight: weight, dimension: group.dimension) }
        let s = stageNumber - 1
        let input: StructureUnit = b > 0 || s == 0 ? .stream(stage: s) : .stream(stage: s - 1)
        switch (parts[2], group) {
        case ("conv1", .filters): return .inner(stage: s, block: b)
        case ("conv1", _): return input
        case ("conv2", .filters): return .stream(stage: s)
        case ("conv2", _): return .inner(stage: s, block: b)
        case ("downsample", .filters): return .stream(stage: s)
        case ("downsample", _): return input
        default: return .isolated(weight: weight, dimension: group.dimension)
        }
    }

    /// Every tensor slice set of the unit in `architecture`: weights and the BN γ and β of
    /// the channel (masking them too makes a pruned channel exactly zero, so thinning it
    /// changes no logit).
    public func members(in architecture: ResNetArchitecture) -> [Member] {
        func bn(_ name: String) -> [Member] {
            [Member(name: name + ".weight", dimension: 0), Member(name: name + ".bias", dimension: 0)]
        }
        switch self {
        case .isolated(let weight, let dimension):
            return [Member(name: weight, dimension: dimension)]
        case .inner(let s, let b):
            let prefix = "layer\(s + 1).\(b)"
            return [Member(name: prefix + ".conv1.weight", dimension: 0)] + bn(prefix + ".bn1")
                + [Member(name: prefix + ".conv2.weight", dimension: 1)]
        case .stream(let s):
            var list: [Member] = s == 0 ? [Member(name: "conv1.weight", dimension: 0)] + bn("bn1") : []
            let stage = architecture.stages[s]
            for b in stage.innerWidths.indices {
                let prefix = "layer\(s + 1).\(b)"
                if architecture.hasDownsample(stage: s, block: b) {
                    list += [Member(name: prefix + ".downsample.0.weight", dimension: 0)] + bn(prefix + ".downsample.1")
                }
                list += [Member(name: prefix + ".conv2.weight", dimension: 0)] + bn(prefix + ".bn2")
                if b > 0 || s == 0 { list.append(Member(name: prefix + ".conv1.weight", dimension: 1)) }
            }
            if s + 1 < architecture.stages.count {
                let prefix = "layer\(s + 2).0"
                list.append(Member(name: prefix + ".conv1.weight", dimension: 1))
                if architecture.hasDownsample(stage: s + 1, block: 0) {
                    list.append(Member(name: prefix + ".downsample.0.weight", dimension: 1))
                }
            } else {
                list.append(Member(name: "fc.weight", dimension: 1))
            }
            return list
        }
    }

    /// Channels in the unit.
    public func channelCount(in architecture: ResNetArchitecture) -> Int {
        switch self {
        case .stream(let s): return architecture.stages[s].width
        case .inner(let s, let b): return architecture.stages[s].innerWidths[b]
        case .isolated: return architecture.inputChannels
        }
    }

    /// The unit's kept indices in a thinning plan (nil: thinning never changes it).
    public func kept(in plan: ThinningPlan) -> [Int]? {
        switch self {
        case .stream(let s): return plan.stream[s]
        case .inner(let s, let b): return plan.inner[s][b]
        case .isolated: return nil
        }
    }
}
