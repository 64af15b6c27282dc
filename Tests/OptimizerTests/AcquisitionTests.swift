import Testing
import Optimizer
import ShearsTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct AcquisitionTests {
    /// Standard normal samples by Box–Muller from the test generator (independent of the library's).
    static func normals(_ count: Int, seed: UInt64) -> [Double] {
        var r = TestRandom(seed: seed)
        return (0..<count).map { _ in
            let u1 = max(Double(r.next() >> 11) / 9_007_199_254_740_992.0, 1e-300)
            let u2 = Double(r.next() >> 11) / 9_007_199_254_740_992.0
            return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
        }
    }

    @Test(arguments: [(mean: 1.0, sd: 0.5, best: 0.8), (mean: -2.0, sd: 3.0, best: -1.0), (mean: 0.0, sd: 0.1, best: 0.3)])
    func expectedImprovementMatchesMonteCarlo(mean: Double, sd: Double, best: Double) {
        let samples = Self.normals(400_000, seed: 21).map { max(best - (mean + sd * $0), 0) }
        let mc = samples.reduce(0, +) / Double(samples.count)
        let variance = samples.reduce(0) { $0 + ($1 - mc) * ($1 - mc) } / Double(samples.count - 1)
        let standardError = (variance / Double(samples.count)).squareRoot()
        let ei = Acquisition.expectedImprovement(mean: mean, variance: sd * sd, best: best)
        #expect(abs(ei - mc) < 4 * standardError + 1e-12, "EI \(ei) vs Monte Carlo \(mc) ± \(standardError)")
    }

    @Test func expectedImprovementWithoutUncertaintyIsThePlainImprovement() {
        #expect(Acquisition.expectedImprovement(mean: 1, variance: 0, best: 3) == 2)
        #expect(Acquisition.expectedImprovement(mean: 4, variance: 0, best: 3) == 0)
    }

    @Test func expectedImprovementGrowsWithUncertaintyAndWithLowerMeans() {
        let a = Acquisition.expectedImprovement(mean: 1, variance: 0.01, best: 1)
        let b = Acquisition.expectedImprovement(mean: 1, variance: 1, best: 1)
        let c = Acquisition.expectedImprovement(mean: 0.5, variance: 1, best: 1)
        #expect(a < b && b < c)
        // At mean = best, EI = σ φ(0).
        #expect(abs(b - 1 / (2 * Double.pi).squareRoot()) < 1e-15)
    }

    @Test func probabilityOfFeasibilityIsTheNormalTail() {
        #expect(Acquisition.probabilityOfFeasibility(mean: 0.7, variance: 0.04, floor: 0.7) == 0.5)
        // One standard deviation above the floor: Φ(1).
        let p = Acquisition.probabilityOfFeasibility(mean: 0.9, variance: 0.04, floor: 0.7)
        #expect(abs(p - 0.841_344_746_068_542_9) < 1e-12)
        let q = Acquisition.probabilityOfFeasibility(mean: 0.5, variance: 0.04, floor: 0.7)
        #expect(abs(q - (1 - 0.841_344_746_068_542_9)) < 1e-12)
        #expect(Acquisition.probabilityOfFeasibility(mean: 0.71, variance: 0, floor: 0.7) == 1)
        #expect(Acquisition.probabilityOfFeasibility(mean: 0.69, variance: 0, floor: 0.7) == 0)
        // The far tail keeps relative precision instead of rounding to zero.
        let tail = Acquisition.probabilityOfFeasibility(mean: 0, variance: 1, floor: 10)
        #expect(tail > 7.6e-24 && tail < 7.7e-24)
    }

    @Test func constrainedExpectedImprovementIsTheProduct() {
        let objective = (mean: 1.0, variance: 0.25)
        let constraint = (mean: 0.75, variance: 0.01)
        let ei = Acquisition.expectedImprovement(mean: 1, variance: 0.25, best: 1.2)
        let pof = Acquisition.probabilityOfFeasibility(mean: 0.75, variance: 0.01, floor: 0.7)
        let both = Acquisition.constrainedExpectedImprovement(objective: objective, best: 1.2,
                                                              constraint: constraint, floor: 0.7)
        #expect(abs(both - ei * pof) < 1e-15)
        // No feasible point yet: feasibility alone.
        #expect(Acquisition.constrainedExpectedImprovement(objective: objective, best: nil,
                                                           constraint: constraint, floor: 0.7) == pof)
        // No constraint: plain EI.
        #expect(Acquisition.constrainedExpectedImprovement(objective: objective, best: 1.2,
                                                           constraint: nil, floor: 0) == ei)
    }
}
