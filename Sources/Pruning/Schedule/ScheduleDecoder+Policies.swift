import YAML


/// Policies: which instance runs at which epochs, and the checks that need every policy
/// (an instance used twice, two pruners on one weight, instances nobody uses).
extension ScheduleDecoder {
    static let policyKeys = ["pruner", "lr_scheduler", "extension", "regularizer", "quantizer",
                             "starting_epoch", "ending_epoch", "frequency", "epochs"]
    static let targetKeys = ["pruner", "lr_scheduler", "extension", "regularizer", "quantizer"]
    static let windowKeys = ["starting_epoch", "ending_epoch", "frequency"]

    mutating func decodePolicies(_ node: YAMLNode) throws {
        guard let items = node.sequence else {
            throw error(.expected(.sequence, key: "policies", found: node.foundDescription), at: node.location)
        }
        var firstUse: [String: SourceLocation] = [:]
        for item in items {
            let m = try MappingReader(item, key: "policies", context: "a policy", allowed: ScheduleDecoder.policyKeys,
                                      source: source)
            let targets = m.entries.filter { ScheduleDecoder.targetKeys.contains($0.name) }
            guard let targetEntry = targets.first else { throw error(.policyWithoutTarget, at: item.location) }
            if targets.count > 1 {
                throw error(.policyWithTwoTargets(targets[0].name, targets[1].name), at: targets[1].key.location)
            }
            if targetEntry.name == "regularizer" {
                throw error(.unsupportedPolicyKind(targetEntry.name), at: targetEntry.key.location)
            }
            let t = try MappingReader(targetEntry.value, key: targetEntry.name, context: "the policy's \(targetEntry.name)",
                                      allowed: ["instance_name", "args"], source: source)
            let instance = try t.string("instance_name")
            let instanceLocation = t.value("instance_name")!.location
            let target = try resolve(kind: targetEntry.name, instance: instance, at: instanceLocation)
            let useKey = "\(targetEntry.name) \(instance)"
            if let first = firstUse[useKey] {
                throw error(.instanceUsedTwice(kind: targetEntry.name, name: instance, firstLine: first.line),
                            at: instanceLocation)
            }
            firstUse[useKey] = instanceLocation
            if let args = t.value("args"), !args.isNull {
                guard let entries = try args.uniqueEntries(in: source) else {
                    throw error(.expected(.mapping, key: "args", found: args.foundDescription), at: args.location)
                }
                if let first = entries.first {
                    throw error(.unsupportedPolicyArgument(first.name, instance: instance), at: first.key.location)
                }
            }
            let timing = try readTiming(m, policy: item)
            if case .pruner(let name) = target, let pruner = pruners.first(where: { $0.name == name }), pruner.ramps {
                guard case .window(let window) = timing else {
                    throw error(.rampNeedsWindow(pruner: name), at: m.keyLocation("epochs")!)
                }
                guard AGPRamp.span(window) > 0 else {
                    throw error(.rampTooShort(pruner: name, start: window.start, end: window.end,
                                              frequency: window.frequency), at: m.value("ending_epoch")!.location)
                }
            }
            policies.append(Policy(target: target, timing: timing, location: item.location))
        }
    }

    /// The policy's target, which its section must define.
    func resolve(kind: String, instance: String, at location: SourceLocation) throws -> Policy.Target {
        let defined: [String]
        let target: Policy.Target
        switch kind {
        case "pruner":
            defined = pruners.map(\.name)
            target = .pruner(instance)
        case "lr_scheduler":
            defined = lrSchedulers.map(\.name)
            target = .lrScheduler(instance)
        case "quantizer":
            defined = quantizers.map(\.name)
            target = .quantizer(instance)
        default:
            defined = extensions.map(\.name)
            target = .thinning(instance)
        }
        guard defined.contains(instance) else {
            throw error(.undefinedInstance(kind: kind, name: instance, defined: defined), at: location)
        }
        return target
    }

    /// The latest epoch a policy may name: the most epochs a checkpoint may record.
    static let maximumEpoch = 100_000  // Training's Checkpoint.maximumEpochs

    func readTiming(_ m: MappingReader, policy: YAMLNode) throws -> PolicyTiming {
        let windowKeys = ScheduleDecoder.windowKeys.filter { m.has($0) }
        if let epochs = m.value("epochs") {
            if let key = windowKeys.first { throw error(.epochsAndWindow, at: m.keyLocation(key)!) }
            let list = try ScheduleValues.ints(epochs, key: "epochs", source: source)
            try checkIncreasing(list, key: "epochs", node: epochs)
            if let last = list.last, last > Self.maximumEpoch {
                throw error(.epochTooLarge(key: "epochs", value: last, limit: Self.maximumEpoch), at: epochs.location)
            }
            return .list(list)
        }
        guard !windowKeys.isEmpty else { throw error(.missingTiming, at: policy.location) }
        let start = try m.int("starting_epoch")
        if start < 0 { throw error(.negativeEpoch(key: "starting_epoch", value: start), at: m.value("starting_epoch")!.location) }
        let end = try m.int("ending_epoch")
        // A window becomes a list of its epochs: 2³¹ of them was a 16 GB allocation.
        if end > Self.maximumEpoch {
            throw error(.epochTooLarge(key: "ending_epoch", value: end, limit: Self.maximumEpoch),
                        at: m.value("ending_epoch")!.location)
        }
        let frequency = try m.int("frequency")
        if frequency <= 0 {
            throw error(.notPositive(key: "frequency", value: String(frequency)), at: m.value("frequency")!.location)
        }
        guard end > start else { throw error(.emptyWindow(start: start, end: end), at: m.value("ending_epoch")!.location) }
        return .window(EpochWindow(start: start, end: end, frequency: frequency))
    }

    /// Checks across policies; returns the warnings for a schedule that loads.
    func checkConsistency() throws -> [ScheduleWarning] {
        let prunerPolicies = policies.indices.filter { if case .pruner = policies[$0].target { true } else { false } }
        for (a, i) in prunerPolicies.enumerated() {
            for j in prunerPolicies[(a + 1)...] {
                let first = pruners.first { $0.name == policies[i].target.instanceName }!
                let second = pruners.first { $0.name == policies[j].target.instanceName }!
                let common = Set(policies[i].epochs).intersection(policies[j].epochs)
                guard let epoch = common.min() else { continue }
                if let weight = second.weights.first(where: { w in first.weights.contains { $0.name == w.name } }) {
                    throw error(.weightPrunedTwice(weight.name, first: first.name, second: second.name, epoch: epoch),
                                at: weight.location)
                }
            }
        }
        var warnings: [ScheduleWarning] = []
        let used = Set(policies.map(\.target))
        for p in pruners where !used.contains(.pruner(p.name)) {
            warnings.append(ScheduleWarning(.unused(kind: "pruner", name: p.name), at: p.location))
        }
        for l in lrSchedulers where !used.contains(.lrScheduler(l.name)) {
            warnings.append(ScheduleWarning(.unused(kind: "lr_scheduler", name: l.name), at: l.location))
        }
        for e in extensions where !used.contains(.thinning(e.name)) {
            warnings.append(ScheduleWarning(.unused(kind: "extension", name: e.name), at: e.location))
        }
        for thinning in policies {
            guard case .thinning(let name) = thinning.target, let ext = extensions.first(where: { $0.name == name }),
                  let epoch = thinning.epochs.first else { continue }
            let group: StructureGroup = ext.kind == .filters ? .filters : .channels
            for policy in policies {
                guard case .pruner(let prunerName) = policy.target,
                      let pruner = pruners.first(where: { $0.name == prunerName }),
                      pruner.granularity == .structured(group), let last = policy.epochs.last, last >= epoch
                else { continue }
                warnings.append(ScheduleWarning(
                    .thinningBeforePruningEnds(thinning: name, epoch: epoch, pruner: prunerName, lastEpoch: last),
                    at: thinning.location))
            }
        }
        return warnings
    }
}
