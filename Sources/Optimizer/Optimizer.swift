
/// Proposes the next trial of a sweep from the trials so far: Bayesian optimisation with
/// Gaussian-process surrogates and constrained expected improvement, or random search as the
/// yardstick.
///
/// The optimiser is a value whose whole state is the seed, the configuration and the list of
/// observations, and `suggest()` is a pure function of that state: a sweep resumed from its
/// ledger rebuilds the optimiser with `init(…, observations:)` and gets exactly the suggestion
/// the interrupted run would have made.
public struct Optimizer: Sendable {
    /// Bayesian optimisation or the random-search baseline.
    public enum Method: String, Sendable, CaseIterable, Codable {
        case gp
        case random
    }

    /// What produced a suggestion, for progress lines and the ledger.
    public enum Reason: String, Sendable, Codable {
        /// A point of the space-filling initial design.
        case initialDesign = "initial-design"
        /// Maximum of (constrained) expected improvement.
        case expectedImprovement = "expected-improvement"
        /// No feasible trial yet: maximum probability of feasibility.
        case feasibility
        /// Uniformly random (the `random` method).
        case random
    }

    public struct Suggestion: Equatable, Sendable {
        /// Canonical unit-cube point (integers at cell centres, categoricals one-hot).
        public var point: [Double]
        public var assignment: [String: ParameterValue]
        public var reason: Reason
        /// Acquisition value at the point (nil for design and random points).
        public var acquisition: Double?
    }

    public let space: SearchSpace
    public let method: Method
    public let seed: UInt64
    /// The constraint holds when its value is at least this (e.g. top-1 ≥ 0.70); nil: unconstrained.
    public let constraintFloor: Double?
    /// Number of trials drawn from the initial design before the surrogate takes over.
    public let initialDesignSize: Int
    public private(set) var observations: [Observation]

    /// Design size used when none is given: d + 3 points, between 5 and 10 (enough for the
    /// likelihood to see a trend in every coordinate, few enough to leave the budget to the model).
    public static func defaultInitialDesignSize(dimension d: Int) -> Int { min(10, max(5, d + 3)) }

    public init(space: SearchSpace, method: Method = .gp, seed: UInt64, constraintFloor: Double? = nil,
                initialDesignSize: Int? = nil, observations: [Observation] = []) throws {
        self.space = space
        self.method = method
        self.seed = seed
        self.constraintFloor = constraintFloor
        self.initialDesignSize = max(1, initialDesignSize ?? Self.defaultInitialDesignSize(dimension: space.dimension))
        self.observations = []
        for o in observations { try observe(o) }
    }

    // MARK: - Observing

    /// Records a finished trial at a unit-cube point. A failed trial needs no values.
    public mutating func observe(_ point: [Double], objective: Double?, constraint: Double? = nil,
                                 failed: Bool = false) throws {
        try observe(Observation(point: point, objective: objective, constraint: constraint, failed: failed))
    }

    /// Records a finished trial given by its parameter values (as read back from a ledger).
    public mutating func observe(_ assignment: [String: ParameterValue], objective: Double?,
                                 constraint: Double? = nil, failed: Bool = false) throws {
        try observe(space.encode(assignment), objective: objective, constraint: constraint, failed: failed)
    }

    public mutating func observe(_ o: Observation) throws {
        guard o.point.count == space.dimension else {
            throw OptimizerError.dimensionMismatch(expected: space.dimension, found: o.point.count)
        }
        for (i, u) in o.point.enumerated() where !(u >= 0 && u <= 1) {
            throw OptimizerError.pointOutsideUnitCube(index: i, value: u)
        }
        var o = o
        if o.failed {
            // Whatever a failed trial reported is not trusted.
            o.objective = nil
            o.constraint = nil
        } else {
            guard let objective = o.objective else { throw OptimizerError.missingObjective }
            guard objective.isFinite else { throw OptimizerError.nonFiniteObservation("objective") }
            if let c = o.constraint, !c.isFinite { throw OptimizerError.nonFiniteObservation("constraint") }
            if constraintFloor != nil && o.constraint == nil { throw OptimizerError.missingConstraint }
        }
        observations.append(o)
    }

    // MARK: - Queries

    /// The feasible observation with the lowest objective, if any.
    public var best: Observation? {
        observations.filter { $0.isFeasible(floor: constraintFloor) }.min { $0.objective! < $1.objective! }
    }
}
