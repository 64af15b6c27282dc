import Foundation
import Network
import Optimizer
import Pruning
import Training

/// Checks, before the first trial, what would make every trial fail on configuration alone:
/// a parameter range a schedule cannot take (`max: 5` for a sparsity), a categorical value the
/// template turns into an invalid schedule (`"abc"`), a `validation_split` the baseline was not
/// trained with. Without it such a sweep ran its whole budget of failed trials and exited 0.
extension SweepConfiguration {
    /// Assignments at the edges of the space: every parameter at its minimum, every one at its
    /// maximum, and each categorical value with the others at their minimum. Interior points
    /// lie between these for the numeric keys a schedule bounds (sparsities, epochs, rates).
    public func edgeAssignments() -> [[String: ParameterValue]] {
        func edge(_ domain: ParameterDomain, high: Bool) -> ParameterValue {
            switch domain {
            case let .continuous(min, max, _): return .real(high ? max : min)
            case let .integer(min, max): return .integer(high ? max : min)
            case let .categorical(values): return .category(high ? values.last! : values[0])
            }
        }
        let low = Dictionary(uniqueKeysWithValues: space.parameters.map { ($0.name, edge($0.domain, high: false)) })
        let high = Dictionary(uniqueKeysWithValues: space.parameters.map { ($0.name, edge($0.domain, high: true)) })
        var out = [low, high]
        for p in space.parameters {
            guard case let .categorical(values) = p.domain else { continue }
            for value in values.dropFirst().dropLast() { out.append(low.merging([p.name: .category(value)]) { $1 }) }
        }
        return out
    }

    /// Throws the first problem every trial would hit; does nothing when the baseline is not
    /// on this machine (a distributed sweep whose agents hold it).
    public func preflight() throws {
        guard FileManager.default.fileExists(atPath: baseline) else { return }
        let checkpoint = try Checkpoint(contentsOf: baseline)
        if let requested = budget.validationSplit,
           let recorded = checkpoint.metadata[TrainingJob.validationKey].flatMap({ Int($0) }), recorded != requested {
            throw PruningError.validationSplitMismatch(path: baseline, baseline: recorded, requested: requested)
        }
        let table = ParameterTable(network: checkpoint.network)
        for assignment in edgeAssignments() {
            let values = space.parameters.map { "\($0.name)=\(assignment[$0.name]!.templateText)" }.joined(separator: " ")
            do {
                let schedule = try Schedule(parsing: try self.schedule(for: assignment), file: templatePath)
                _ = try schedule.validate(against: table)
            } catch {
                throw TuningError.searchSpaceRejected(file: file, assignment: values, reason: "\(error)")
            }
        }
    }
}
