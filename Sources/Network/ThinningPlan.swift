
/// Which channels a thinned network keeps, per coupled group, as indices into the current
/// network's channels (ascending). The groups are the ones `ResNetArchitecture` makes
/// structural: one residual stream per stage and one inner width per block.
///
/// A plan says, for every tensor, which slices along dimensions 0 and 1 survive
/// (`slices(of:)`), so weights, batch-norm statistics, pruning masks and momentum buffers are
/// all cut by one rule.
public struct ThinningPlan: Equatable, Sendable {
    /// Kept channels of each stage's residual stream (stem or downsample, every block's
    /// conv2/bn2, the next stage's inputs or `fc`'s inputs).
    public var stream: [[Int]]
    /// Kept inner channels of block b of stage s, `inner[s][b]` (conv1 → bn1 → conv2).
    public var inner: [[[Int]]]

    public init(stream: [[Int]], inner: [[[Int]]]) {
        self.stream = stream
        self.inner = inner
    }

    /// The plan that keeps everything of `architecture`.
    public init(keepingAllOf architecture: ResNetArchitecture) {
        stream = architecture.stages.map { Array(0..<$0.width) }
        inner = architecture.stages.map { $0.innerWidths.map { Array(0..<$0) } }
    }

    /// The architecture after thinning `architecture` by this plan.
    public func applied(to architecture: ResNetArchitecture) -> ResNetArchitecture {
        var result = architecture
        for s in result.stages.indices {
            result.stages[s].width = stream[s].count
            result.stages[s].innerWidths = inner[s].map(\.count)
        }
        return result
    }

    /// True when nothing would be removed from `architecture`.
    public func keepsEverything(of architecture: ResNetArchitecture) -> Bool {
        self == ThinningPlan(keepingAllOf: architecture)
    }

    /// The kept indices along dimensions 0 and 1 (nil: all) of every tensor of a network with
    /// `architecture`, by checkpoint name (weights, BN γ/β and running statistics).
    public func slices(for architecture: ResNetArchitecture) -> [String: (dim0: [Int]?, dim1: [Int]?)] {
        var table: [String: (dim0: [Int]?, dim1: [Int]?)] = [:]
        func batchNorm(_ name: String, _ kept: [Int]) {
            for suffix in [".weight", ".bias", ".running_mean", ".running_var"] { table[name + suffix] = (kept, nil) }
        }
        table["conv1.weight"] = (stream[0], nil)
        batchNorm("bn1", stream[0])
        for (s, stage) in architecture.stages.enumerated() {
            for b in stage.innerWidths.indices {
                let prefix = "layer\(s + 1).\(b)"
                let input = b > 0 || s == 0 ? stream[s] : stream[s - 1]
                table[prefix + ".conv1.weight"] = (inner[s][b], input)
                batchNorm(prefix + ".bn1", inner[s][b])
                table[prefix + ".conv2.weight"] = (stream[s], inner[s][b])
                batchNorm(prefix + ".bn2", stream[s])
                if architecture.hasDownsample(stage: s, block: b) {
                    table[prefix + ".downsample.0.weight"] = (stream[s], input)
                    batchNorm(prefix + ".downsample.1", stream[s])
                }
            }
        }
        table["fc.weight"] = (nil, stream[stream.count - 1])
        table["fc.bias"] = (nil, nil)
        return table
    }

    /// `layer1: 16 -> 12 (inner 16/9/16 -> ...)` style description, one line per stage.
    public func describe(from architecture: ResNetArchitecture) -> String {
        architecture.stages.enumerated().map { s, stage in
            "layer\(s + 1): width \(stage.width) -> \(stream[s].count), inner "
                + stage.innerWidths.map(String.init).joined(separator: "/") + " -> "
                + inner[s].map { "\($0.count)" }.joined(separator: "/")
        }.joined(separator: "\n")
    }

    /// Every kept list is non-empty, strictly ascending and within its group's channels, with
    /// one list per stage and block of `architecture`. Checked by `thinned(by:)` when compiled
    /// with `-D SHEARS_INTERNAL_CHECKS`.
    public func _checkInvariants(architecture: ResNetArchitecture) {
        func check(_ kept: [Int], _ count: Int, _ label: String) {
            let ascending = zip(kept, kept.dropFirst()).allSatisfy { $0 < $1 }
            precondition(!kept.isEmpty && kept.first! >= 0 && kept.last! < count && ascending,
                         "thinning plan for \(label) keeps \(kept) of \(count) channels")
        }
        precondition(stream.count == architecture.stages.count && inner.count == architecture.stages.count,
                     "thinning plan has \(stream.count) stages, the network \(architecture.stages.count)")
        for (s, stage) in architecture.stages.enumerated() {
            check(stream[s], stage.width, "layer\(s + 1) stream")
            precondition(inner[s].count == stage.innerWidths.count, "thinning plan: layer\(s + 1) block count")
            for (b, width) in stage.innerWidths.enumerated() { check(inner[s][b], width, "layer\(s + 1).\(b)") }
        }
    }
}
