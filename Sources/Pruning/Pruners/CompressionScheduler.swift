import Kernels
import Network
import Training

/// Runs a schedule's pruners and LR schedulers inside the training loop, as Distiller's
/// `CompressionScheduler` does:
/// - at the start of every epoch a pruner policy is active in, each of its weights gets the
///   target sparsity of that epoch (AGP ramps evaluated; policies in file order) and new masks,
///   which are applied at once;
/// - after every optimiser step all masks are applied again, to the weights and to their
///   momentum buffers (masks persist after a policy's window ends);
/// - the learning rate of an epoch is the base rate passed through every LR-scheduler policy,
///   each stepped once per active epoch before it (Distiller steps at `on_epoch_end`).
///
/// Structure pruners prune whole dependency groups (`StructureUnit`): naming any member of a
/// group prunes the group's channels in every member, BN γ and β included. Without
/// `group_dependency: Leader` a group is ranked by the sum of its *named* members' mean-L1
/// magnitudes; with Leader every group takes the first weight's ranking (Distiller).
public final class CompressionScheduler: TrainingHooks {
    public let schedule: Schedule
    public private(set) var network: ResNet
    public private(set) var masks = PruningMasks()
    /// The rate before LR-scheduler policies (`--lr`).
    public let baseLearningRate: Float
    /// The trainer whose optimiser buffers are masked and whose rate is set (see `attach`).
    public private(set) weak var trainer: Trainer?
    /// Sizes before any thinning: a target sparsity is a fraction of the *original* weights or
    /// channels, so thinning in the middle of a ramp does not make later steps prune more.
    private let originalElements: [String: Int]
    private var originalChannels: [StructureUnit: Int] = [:]

    public init(schedule: Schedule, network: ResNet, baseLearningRate: Float) throws(PruningError) {
        self.schedule = schedule
        self.network = network
        self.baseLearningRate = baseLearningRate
        originalElements = Dictionary(uniqueKeysWithValues: network.parameters.map { ($0.name, $0.value.count) })
        try checkUnits()
    }

    /// Drives `trainer` (a new one after each thinning): its LR and momentum buffers.
    public func attach(_ trainer: Trainer) {
        self.trainer = trainer
        trainer.hooks.append(self)
    }

    // MARK: - Hooks

    public func epochBegan(_ epoch: Int) {
        if let trainer {
            trainer.configuration.learningRate = learningRate(at: epoch)
            trainer.configuration.schedule = .constant
        }
        updateMasks(at: epoch)
    }

    public func batchEnded(epoch: Int, batch: Int, batches: Int) {
        applyMasks()
    }

    // MARK: - Policies

    /// The rate of `epoch`: `--lr` through every LR-scheduler policy in file order.
    public func learningRate(at epoch: Int) -> Float {
        var rate = Double(baseLearningRate)
        for policy in schedule.policies {
            guard case .lrScheduler(let name) = policy.target,
                  let spec = schedule.lrSchedulers.first(where: { $0.name == name }) else { continue }
            rate = spec.schedule.learningRate(base: rate, step: policy.epochs.filter { $0 < epoch }.count)
        }
        return Float(rate)
    }

    /// Recomputes the masks of every pruner policy active at `epoch` and applies them.
    public func updateMasks(at epoch: Int) {
        for policy in schedule.policies {
            guard case .pruner(let name) = policy.target, policy.epochs.contains(epoch),
                  let pruner = schedule.pruner(named: name) else { continue }
            let targets = pruner.weights.map { ($0.name, $0.target.sparsity(at: epoch, timing: policy.timing)) }
            prune(pruner, targets: targets)
        }
        applyMasks()
    }

    /// Multiplies the masks into the weights and the attached trainer's momentum buffers.
    public func applyMasks() {
        masks.apply(to: network)
        if let trainer { masks.apply(toBuffers: &trainer.optimizer.momentumBuffers) }
    }

    /// Replaces the network by its thinned form (dead channels removed by the chosen criteria)
    /// and cuts the masks alike; returns the plan so the caller can cut optimiser state.
    @discardableResult
    public func thin(filters: Bool = true, channels: Bool = true) -> ThinningPlan {
        for s in network.stages.indices {
            originalChannels[.stream(stage: s)] = originalChannels[.stream(stage: s)] ?? network.architecture.stages[s].width
            for (b, width) in network.architecture.stages[s].innerWidths.enumerated() {
                originalChannels[.inner(stage: s, block: b)] = originalChannels[.inner(stage: s, block: b)] ?? width
            }
        }
        let plan = network.thinningPlan(filters: filters, channels: channels)
        let thinned = network.thinned(by: plan)
        masks = masks.thinned(by: plan, from: network, to: thinned)
        network = thinned
        return plan
    }

    // MARK: - Pruning

    private func prune(_ pruner: PrunerSpec, targets: [(String, Double)]) {
        let architecture = network.architecture
        switch pruner.granularity {
        case .elementwise:
            for (name, sparsity) in targets {
                guard let p = network.parameter(named: name) else { continue }
                let original = originalElements[p.name] ?? p.value.count
                let k = MagnitudeRanking.prunedCount(sparsity, of: original) - (original - p.value.count)
                masks.setElements(MagnitudeRanking.elementMask(p.value.data, pruning: max(0, k)), for: p.name,
                                  network: network)
            }
        case .structured(let group):
            var order: [StructureUnit] = []
            var named: [StructureUnit: [(tensor: Tensor, sparsity: Double)]] = [:]
            for (name, sparsity) in targets {
                guard let p = network.parameter(named: name) else { continue }
                let unit = StructureUnit.containing(p.name, group: group, in: architecture)
                if named[unit] == nil { order.append(unit) }
                named[unit, default: []].append((p.value, sparsity))
            }
            let leader = pruner.followsLeader ? named[order[0]]![0] : nil
            for unit in order {
                let members = named[unit]!
                let ranked = leader.map { [$0] } ?? members
                var magnitudes = [Double](repeating: 0, count: ranked[0].tensor.shape[group.dimension])
                for m in ranked {
                    for (i, v) in MagnitudeRanking.meanL1(m.tensor, dimension: group.dimension).enumerated() {
                        magnitudes[i] += v
                    }
                }
                let original = originalChannels[unit] ?? magnitudes.count
                originalChannels[unit] = original
                let k = MagnitudeRanking.prunedCount(members[0].sparsity, of: original,
                                                     keepingMultipleOf: pruner.roundTo) - (original - magnitudes.count)
                let keep = MagnitudeRanking.keepFlags(magnitudes: magnitudes, pruning: max(0, k))
                masks.setUnit(unit, keep: keep, network: network)
            }
        }
    }

    /// Each dependency group is pruned by at most one structure pruner, on an architecture
    /// whose groups are the CIFAR ones.
    private func checkUnits() throws(PruningError) {
        var owner: [StructureUnit: String] = [:]
        for pruner in schedule.pruners {
            guard case .structured(let group) = pruner.granularity else { continue }
            for s in network.stages.indices where !network.streamIsThinnable(stage: s) {
                throw .unsupportedArchitecture("layer\(s + 1) has stride \(network.architecture.stages[s].stride)")
            }
            for weight in pruner.weights {
                let unit = StructureUnit.containing(weight.name, group: group, in: network.architecture)
                if let first = owner[unit], first != pruner.name {
                    throw .unitPrunedTwice(unit: unit.description, first: first, second: pruner.name)
                }
                owner[unit] = pruner.name
            }
        }
    }
}

extension SGD {
    /// Momentum buffers cut like the network by `plan` (`architecture` is the unthinned one),
    /// so thinning mid-run keeps the surviving weights' momentum instead of restarting it.
    public mutating func thin(by plan: ThinningPlan, architecture: ResNetArchitecture, shapes: [String: [Int]]) {
        let slices = plan.slices(for: architecture)
        for (name, buffer) in momentumBuffers {
            guard let s = slices[name], let shape = shapes[name], shape.reduce(1, *) == buffer.count else {
                momentumBuffers[name] = nil
                continue
            }
            momentumBuffers[name] = Tensor(shape: shape, data: buffer).selecting(dim0: s.dim0, dim1: s.dim1).data
        }
    }
}
