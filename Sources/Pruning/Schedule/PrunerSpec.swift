import YAML


/// One entry of a schedule's `pruners` section, resolved: which weights, at what sparsity,
/// at which granularity. Parameter names are canonical (no `module.` prefix); `written`
/// keeps the spelling of the file for messages.
public struct PrunerSpec: Hashable, Sendable {
    public var name: String
    public var className: PrunerClass
    public var granularity: Granularity
    /// Distiller's `group_dependency: Leader`: every weight takes the first weight's ranking.
    public var followsLeader: Bool
    /// `round_to: N` (a Shears key, after Torch-Pruning's `round_to`): a structure pruner keeps a
    /// multiple of N structures, because runtimes pad channels to their SIMD block (OpenVINO's
    /// CPU plugin to 16 here) and 17 kept filters cost what 32 do. 1: keep the exact count.
    public var roundTo: Int
    public var weights: [PrunedWeight]
    public var location: SourceLocation

    public init(name: String, className: PrunerClass, granularity: Granularity, followsLeader: Bool,
                roundTo: Int = 1, weights: [PrunedWeight], location: SourceLocation) {
        self.name = name
        self.className = className
        self.granularity = granularity
        self.followsLeader = followsLeader
        self.roundTo = roundTo
        self.weights = weights
        self.location = location
    }

    /// True for the AGP classes, whose sparsity ramps over a policy window.
    public var ramps: Bool { weights.contains { if case .ramp = $0.target { return true } else { return false } } }
}

/// The pruner classes Shears implements, under Distiller's names.
public enum PrunerClass: String, Hashable, Sendable, CaseIterable {
    /// Fine-grained magnitude pruning on Zhu & Gupta's cubic ramp.
    case automatedGradual = "AutomatedGradualPruner"
    /// Structures ranked by mean L1 norm, on the AGP ramp.
    case l1RankedStructureAGP = "L1RankedStructureParameterPruner_AGP"
    /// Structures ranked by mean L1 norm, to one fixed sparsity.
    case l1RankedStructure = "L1RankedStructureParameterPruner"
    /// Fine-grained magnitude pruning to a fixed level per weight.
    case sparsityLevel = "SparsityLevelParameterPruner"

    /// The keys each class accepts besides `class`, in Distiller's argument order.
    var keys: [String] {
        switch self {
        case .automatedGradual: return ["initial_sparsity", "final_sparsity", "weights"]
        case .l1RankedStructureAGP:
            return ["initial_sparsity", "final_sparsity", "group_type", "weights", "group_dependency", "round_to"]
        case .l1RankedStructure: return ["group_type", "desired_sparsity", "weights", "group_dependency", "round_to"]
        case .sparsityLevel: return ["levels"]
        }
    }
}

/// Whole weights' elements, or whole structures (filters, channels, rows).
public enum Granularity: Hashable, Sendable {
    case elementwise
    case structured(StructureGroup)
}

/// Distiller's `group_type` values that Shears prunes and thins.
public enum StructureGroup: String, Hashable, Sendable, CaseIterable {
    /// Output channels of a convolution (dim 0 of `[K, C, R, S]`).
    case filters = "Filters"
    /// Input channels of a convolution (dim 1).
    case channels = "Channels"
    /// For a fully-connected `[out, in]` weight Distiller's "Rows" ranks the rows of Wᵀ, that is
    /// the input features (dim 1): `rank_and_prune_rows` builds a 'Cols' mask.
    case rows = "Rows"

    /// The tensor rank the structure exists in.
    public var requiredRank: Int { self == .rows ? 2 : 4 }

    /// The dimension whose entries are pruned.
    public var dimension: Int { self == .filters ? 0 : 1 }

    var unitName: String {
        switch self {
        case .filters: return "filter"
        case .channels: return "channel"
        case .rows: return "input-feature"
        }
    }
}

/// One weight a pruner acts on and the sparsity it is driven to.
public struct PrunedWeight: Hashable, Sendable {
    /// Canonical name, `module.` removed: `layer2.0.conv1.weight`.
    public var name: String
    /// As written in the file.
    public var written: String
    public var location: SourceLocation
    public var target: SparsityTarget

    public init(name: String, written: String, location: SourceLocation, target: SparsityTarget) {
        self.name = name
        self.written = written
        self.location = location
        self.target = target
    }

    /// Distiller accepts `module.layer1.0.conv1.weight` (a DataParallel model) and the bare name alike.
    public static func canonicalName(_ name: String) -> String {
        name.hasPrefix("module.") ? String(name.dropFirst("module.".count)) : name
    }
}

/// A fixed sparsity, or an AGP ramp evaluated against the policy's window.
public enum SparsityTarget: Hashable, Sendable {
    case constant(Double)
    case ramp(AGPRamp)

    /// The sparsity at `epoch` under `timing` (a constant ignores both).
    public func sparsity(at epoch: Int, timing: PolicyTiming) -> Double {
        switch self {
        case .constant(let s): return s
        case .ramp(let ramp):
            guard case .window(let window) = timing else { return ramp.initial }
            return ramp.sparsity(at: epoch, window: window)
        }
    }

    /// The sparsity the target ends at.
    public var final: Double {
        switch self {
        case .constant(let s): return s
        case .ramp(let ramp): return ramp.final
        }
    }
}
