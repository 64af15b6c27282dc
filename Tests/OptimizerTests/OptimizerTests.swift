import Testing
import Optimizer
import Benchmarks

struct OptimizerTests {
    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }

    @Test func beatsRandomSearchOnBraninWithThirtyEvaluations() throws {
        let seeds: [UInt64] = [0, 1, 2, 3, 4]
        let regret = { (method: Optimizer.Method) in
            try seeds.map { try OptimizerBenchmark.trace(.branin, method: method, seed: $0, budget: 30).min()! - 0.397887 }
        }
        let gp = Self.median(try regret(.gp)), random = Self.median(try regret(.random))
        #expect(gp < 0.05, "median regret of gp after 30: \(gp)")
        #expect(gp < random / 10, "gp \(gp) vs random \(random)")
    }

    @Test func firstSuggestionsFollowTheInitialDesign() throws {
        let space = BenchmarkFunction.branin.space
        var optimizer = try Optimizer(space: space, seed: 9)
        #expect(optimizer.initialDesignSize == 5)
        for i in 0..<5 {
            let s = try optimizer.suggest()
            #expect(s.reason == .initialDesign)
            #expect(s.point == space.canonical(InitialDesign.shiftedSobolPoint(index: i, dimension: 2, seed: 9)))
            try optimizer.observe(s.point, objective: BenchmarkFunction.branin.value(unitPoint: s.point))
        }
        #expect(try optimizer.suggest().reason == .expectedImprovement)
    }

    @Test func sameSeedAndObservationsGiveTheSameSuggestion() throws {
        var a = try Optimizer(space: BenchmarkFunction.hartmann6.space, seed: 5)
        for _ in 0..<9 {
            let s = try a.suggest()
            try a.observe(s.point, objective: BenchmarkFunction.hartmann6.value(unitPoint: s.point))
        }
        // Rebuilt from the observation list, as a resumed sweep does from its ledger.
        let b = try Optimizer(space: BenchmarkFunction.hartmann6.space, seed: 5, observations: a.observations)
        let sa = try a.suggest(), sb = try b.suggest()
        #expect(sa == sb)
        #expect(sa.reason == .expectedImprovement)
        // A different seed explores elsewhere.
        let c = try Optimizer(space: BenchmarkFunction.hartmann6.space, seed: 6, observations: a.observations)
        #expect(try c.suggest().point != sa.point)
    }

    @Test func observationsByAssignmentEqualObservationsByPoint() throws {
        let space = try SearchSpace([.continuous("a", 0, 1), .integer("k", 1, 8), .categorical("c", ["x", "y"])])
        var byPoint = try Optimizer(space: space, seed: 1, initialDesignSize: 3)
        var byAssignment = byPoint
        for i in 0..<4 {
            let s = try byPoint.suggest()
            let y = Double(i) * 0.1
            try byPoint.observe(s.point, objective: y)
            try byAssignment.observe(s.assignment, objective: y)
        }
        #expect(byPoint.observations == byAssignment.observations)
        #expect(try byPoint.suggest() == byAssignment.suggest())
    }

    @Test func failedTrialsAreRecordedAsInfeasibleAndAvoided() throws {
        // On [0, 1], every trial left of 0.5 fails; the objective alone would pull left.
        let space = try SearchSpace([.continuous("x", 0, 1)])
        var optimizer = try Optimizer(space: space, seed: 3, initialDesignSize: 4)
        for _ in 0..<24 {
            let s = try optimizer.suggest()
            let x = s.point[0]
            if x < 0.5 {
                try optimizer.observe(s.point, objective: nil, failed: true)
            } else {
                try optimizer.observe(s.point, objective: x)
            }
        }
        let failures = optimizer.observations.filter(\.failed)
        #expect(failures.count >= 1)
        #expect(failures.allSatisfy { $0.objective == nil && !$0.isFeasible(floor: nil) })
        #expect(optimizer.observations.count == 24)
        #expect(optimizer.best!.point[0] >= 0.5)
        // After the design, most suggestions stay on the side that works.
        let later = optimizer.observations.dropFirst(4)
        #expect(later.filter(\.failed).count <= 5, "\(later.filter(\.failed).count) of 20 model-guided trials failed")
        #expect(optimizer.best!.point[0] < 0.53, "best feasible \(optimizer.best!.point[0])")
    }

    @Test func constrainedSearchSeeksFeasibilityFirstThenImprovesWithinIt() throws {
        // Minimise x on [0, 1] subject to accuracy = x ≥ 0.6: the optimum is 0.6.
        let space = try SearchSpace([.continuous("x", 0, 1)])
        var optimizer = try Optimizer(space: space, seed: 2, constraintFloor: 0.6, initialDesignSize: 3)
        // Design points all infeasible: only feasibility can be sought.
        for x in [0.1, 0.2, 0.3] { try optimizer.observe([x], objective: x, constraint: x) }
        let first = try optimizer.suggest()
        #expect(first.reason == .feasibility)
        #expect(first.point[0] > 0.3)
        for _ in 0..<10 {
            let s = try optimizer.suggest()
            try optimizer.observe(s.point, objective: s.point[0], constraint: s.point[0])
        }
        let best = try #require(optimizer.best)
        #expect(best.point[0] >= 0.6 && best.point[0] < 0.65, "best feasible x = \(best.point[0])")
    }

    @Test func failedTrialUnderAConstraintCountsAsInfeasible() throws {
        let space = try SearchSpace([.continuous("x", 0, 1)])
        var optimizer = try Optimizer(space: space, seed: 4, constraintFloor: 0.7, initialDesignSize: 2)
        try optimizer.observe([0.9], objective: 1.0, constraint: 0.8)
        try optimizer.observe([0.1], objective: 0.2, constraint: 0.9, failed: true)
        try optimizer.observe([0.6], objective: 0.7, constraint: 0.75)
        #expect(optimizer.observations[1] == Observation(point: [0.1], objective: nil, constraint: nil, failed: true))
        #expect(optimizer.best?.point == [0.6])
        let s = try optimizer.suggest()
        #expect(s.reason == .expectedImprovement)
        #expect(s.point[0] > 0.1)
    }

    @Test func invalidObservationsAreRejected() throws {
        let space = try SearchSpace([.continuous("x", 0, 1)])
        var plain = try Optimizer(space: space, seed: 0)
        var constrained = try Optimizer(space: space, seed: 0, constraintFloor: 0.5)
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "accepted" } catch { return String(describing: error) }
        }
        #expect(message { try plain.observe([0.5], objective: nil) } == "a successful observation needs an objective value")
        #expect(message { try plain.observe([0.5], objective: .nan) } == "the observed objective is not a finite number")
        #expect(message { try plain.observe([0.5, 0.5], objective: 1) } == "expected a point with 1 coordinates, found 2")
        #expect(message { try plain.observe([-0.1], objective: 1) } == "coordinate 0 is -0.1, outside the unit interval [0, 1]")
        #expect(message { try constrained.observe([0.5], objective: 1) }
            == "a successful observation needs a constraint value when a constraint floor is set")
        #expect(plain.observations.isEmpty && constrained.observations.isEmpty)
    }

    @Test func randomMethodIsUniformAndDeterministic() throws {
        let space = try SearchSpace([.continuous("x", 0, 1), .integer("k", 0, 3)])
        var optimizer = try Optimizer(space: space, method: .random, seed: 8)
        var ks: [Int] = []
        for _ in 0..<200 {
            let s = try optimizer.suggest()
            #expect(s.reason == .random)
            if case .integer(let k) = s.assignment["k"]! { ks.append(k) }
            try optimizer.observe(s.point, objective: 0)
        }
        for k in 0...3 { #expect(ks.filter { $0 == k }.count > 30, "value \(k) drawn \(ks.filter { $0 == k }.count) times") }
        let again = try Optimizer(space: space, method: .random, seed: 8, observations: optimizer.observations)
        #expect(try again.suggest() == optimizer.suggest())
    }
}
