import Foundation

/// Checking a schedule against a network: every named parameter exists, has a shape the
/// pruner's structure exists in, Leader groups agree, and thinning targets this network.
extension Schedule {
    /// Throws the first mismatch (in file order); returns warnings about structure pruners
    /// that round down to nothing.
    public func validate(against table: ParameterTable) throws -> [ScheduleWarning] {
        var warnings: [ScheduleWarning] = []
        for pruner in pruners {
            var leaderCount: (name: String, count: Int)?
            for weight in pruner.weights {
                guard let shape = table.shapes[weight.name] else {
                    throw source.error(ScheduleError.unknownParameter(
                        weight.written, pruner: pruner.name, arch: table.arch,
                        nearest: table.nearestNames(to: weight.name)), at: weight.location)
                }
                guard shape.count == 2 || shape.count == 4 else {
                    throw source.error(ScheduleError.notPrunable(weight.name, shape: shape), at: weight.location)
                }
                guard case .structured(let group) = pruner.granularity else { continue }
                guard shape.count == group.requiredRank else {
                    throw source.error(ScheduleError.groupTypeNeedsRank(group, name: weight.name, shape: shape),
                                       at: weight.location)
                }
                let count = shape[group.dimension]
                if pruner.followsLeader {
                    if let leader = leaderCount, leader.count != count {
                        throw source.error(ScheduleError.leaderMismatch(
                            name: weight.name, count: count, leader: leader.name, leaderCount: leader.count,
                            group: group), at: weight.location)
                    }
                    leaderCount = leaderCount ?? (weight.name, count)
                }
                let final = weight.target.final
                if MagnitudeRanking.prunedCount(final, of: count, keepingMultipleOf: pruner.roundTo) == 0 {
                    warnings.append(ScheduleWarning(
                        .prunesNothing(pruner: pruner.name, weight: weight.name, sparsity: final, count: count,
                                       roundTo: pruner.roundTo), at: weight.location))
                }
            }
        }
        for ext in extensions {
            guard ext.arch == table.arch else {
                throw source.error(ScheduleError.extensionMismatch(key: "arch", found: ext.arch, expected: table.arch),
                                   at: ext.archLocation)
            }
            guard ext.dataset == table.dataset else {
                throw source.error(ScheduleError.extensionMismatch(key: "dataset", found: ext.dataset,
                                                                   expected: table.dataset), at: ext.datasetLocation)
            }
        }
        return warnings
    }
}
