/// One finished trial as the optimiser sees it: where (unit cube) and what came out.
///
/// A failed trial (diverged, crashed) keeps its place: its objective is unknown, and it counts
/// as infeasible, so the search learns to stay away instead of proposing the same point again.
public struct Observation: Equatable, Hashable, Sendable, Codable {
    public var point: [Double]
    public var objective: Double?
    public var constraint: Double?
    public var failed: Bool

    public init(point: [Double], objective: Double?, constraint: Double? = nil, failed: Bool = false) {
        self.point = point
        self.objective = objective
        self.constraint = constraint
        self.failed = failed
    }

    /// Succeeded and, when a floor is set, met it.
    public func isFeasible(floor: Double?) -> Bool {
        guard !failed, objective != nil else { return false }
        guard let floor else { return true }
        guard let constraint else { return false }
        return constraint >= floor
    }
}
