import Kernels

/// Physical thinning: channels that provably contribute nothing are removed, giving a smaller
/// dense network that computes the same logits (up to summation order).
///
/// A channel is dead, and removed, when
/// - *filter criterion* (`FilterRemover`): every layer producing it has an all-zero filter for
///   it **and** its batch-norm γ and β are zero, so the channel is exactly 0 in training and in
///   evaluation (a zero filter alone is not enough: BN would still add β − γ·μ/σ); or
/// - *channel criterion* (`ChannelRemover`): every layer reading it has an all-zero input
///   channel for it, so its value goes nowhere.
///
/// Inner channels (block conv1 → bn1 → conv2) are decided per block. A stage's residual stream
/// is one group: its producers are the stem (layer1) or the stage's downsample conv + BN, and
/// every block's conv2 + bn2; its readers are the stage's block conv1s, the next stage's first
/// conv1 and downsample, or `fc`. At least one channel of every group is kept (a network needs
/// a width of at least 1; the kept channel is dead, so the function is unchanged).
/// Stream channels of a stage whose stride is 1 (other than layer1) are never removed: such a
/// stage may lack a downsample, merging its stream with the previous one.
extension ResNet {
    /// The plan removing every dead channel by the chosen criteria.
    public func thinningPlan(filters: Bool = true, channels: Bool = true) -> ThinningPlan {
        var plan = ThinningPlan(keepingAllOf: architecture)
        for (s, blocks) in stages.enumerated() {
            for (b, block) in blocks.enumerated() {
                let dead = (0..<block.conv1.outChannels).filter { k in
                    (filters && block.conv1.weight.value.sliceIsZero(k, dimension: 0) && Self.batchNormIsZero(block.bn1, k))
                        || (channels && block.conv2.weight.value.sliceIsZero(k, dimension: 1))
                }
                plan.inner[s][b] = Self.keeping(count: block.conv1.outChannels, removing: Set(dead))
            }
        }
        for s in stages.indices {
            guard streamIsThinnable(stage: s) else { continue }
            let width = architecture.stages[s].width
            let producers = streamProducers(stage: s), readers = streamReaders(stage: s)
            let dead = (0..<width).filter { c in
                (filters && producers.allSatisfy {
                    $0.conv.weight.value.sliceIsZero(c, dimension: 0) && Self.batchNormIsZero($0.bn, c)
                })
                    || (channels && readers.allSatisfy { $0.sliceIsZero(c, dimension: 1) })
            }
            plan.stream[s] = Self.keeping(count: width, removing: Set(dead))
        }
        return plan
    }

    /// A new network keeping what `plan` keeps (new `Parameter` objects, same names; BN
    /// running statistics cut alike). The plan must have been made for this network's architecture.
    public func thinned(by plan: ThinningPlan) -> ResNet {
        #if SHEARS_INTERNAL_CHECKS
        plan._checkInvariants(architecture: architecture)
        #endif
        let slices = plan.slices(for: architecture)
        func cut(_ name: String, _ tensor: Tensor) -> Tensor {
            guard let s = slices[name] else { preconditionFailure("thinning: no slice rule for '\(name)'") }
            return tensor.selecting(dim0: s.dim0, dim1: s.dim1)
        }
        func conv(_ layer: Conv2d) -> Conv2d {
            Conv2d(name: layer.name, weight: cut(layer.weight.name, layer.weight.value), stride: layer.stride,
                   padding: layer.padding)
        }
        func bn(_ layer: BatchNorm2d) -> BatchNorm2d {
            BatchNorm2d(name: layer.name, weight: cut(layer.weight.name, layer.weight.value),
                        bias: cut(layer.bias.name, layer.bias.value),
                        runningMean: cut(layer.name + ".running_mean", layer.runningMean),
                        runningVar: cut(layer.name + ".running_var", layer.runningVar),
                        momentum: layer.momentum, epsilon: layer.epsilon)
        }
        let newStages = stages.map { blocks in
            blocks.map { block in
                BasicBlock(name: block.name, conv1: conv(block.conv1), bn1: bn(block.bn1), conv2: conv(block.conv2),
                           bn2: bn(block.bn2), downsample: block.downsample.map { (conv($0.conv), bn($0.bn)) })
            }
        }
        let newFC = Linear(name: fc.name, weight: cut(fc.weight.name, fc.weight.value), bias: fc.bias.value)
        return ResNet(architecture: plan.applied(to: architecture), conv1: conv(conv1), bn1: bn(bn1), stages: newStages,
                      fc: newFC)
    }

    /// `thinned(by: thinningPlan(...))`, with the plan.
    public func thinned(filters: Bool = true, channels: Bool = true) -> (network: ResNet, plan: ThinningPlan) {
        let plan = thinningPlan(filters: filters, channels: channels)
        return (thinned(by: plan), plan)
    }

    // MARK: - The residual stream's members

    /// Whether stage `s`'s stream can change width without changing which blocks have a downsample.
    public func streamIsThinnable(stage s: Int) -> Bool {
        let strided = { (i: Int) in i == 0 || self.architecture.stages[i].stride > 1 }
        return strided(s) && (s + 1 >= stages.count || strided(s + 1))
    }

    /// The convolutions (with their BN) whose output is stage `s`'s residual stream.
    public func streamProducers(stage s: Int) -> [(conv: Conv2d, bn: BatchNorm2d)] {
        var list: [(conv: Conv2d, bn: BatchNorm2d)] = s == 0 ? [(conv1, bn1)] : []
        for block in stages[s] {
            if let downsample = block.downsample { list.append(downsample) }
            list.append((block.conv2, block.bn2))
        }
        return list
    }

    /// The weights reading stage `s`'s stream, each along its dimension 1.
    public func streamReaders(stage s: Int) -> [Tensor] {
        var list: [Tensor] = []
        for (b, block) in stages[s].enumerated() where b > 0 || s == 0 { list.append(block.conv1.weight.value) }
        if s + 1 < stages.count {
            let next = stages[s + 1][0]
            list.append(next.conv1.weight.value)
            if let downsample = next.downsample { list.append(downsample.conv.weight.value) }
        } else {
            list.append(fc.weight.value)
        }
        return list
    }

    // MARK: - Helpers

    static func keeping(count: Int, removing dead: Set<Int>) -> [Int] {
        let kept = (0..<count).filter { !dead.contains($0) }
        return kept.isEmpty ? [0] : kept
    }

    static func batchNormIsZero(_ layer: BatchNorm2d, _ c: Int) -> Bool {
        layer.weight.value.data[c] == 0 && layer.bias.value.data[c] == 0
    }
}
