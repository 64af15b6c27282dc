import Testing
import Optimizer

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct BenchmarkFunctionTests {
    @Test func braninReachesItsMinimumAtAllThreeMinimisers() {
        for (x1, x2) in [(-Double.pi, 12.275), (Double.pi, 2.275), (9.42478, 2.475)] {
            #expect(abs(BenchmarkFunction.branin(x1, x2) - 0.397887) < 1e-5, "at (\(x1), \(x2))")
        }
        #expect(BenchmarkFunction.branin(0, 0) > 50)
    }

    @Test func hartmann6ReachesItsMinimumAtTheKnownMinimiser() {
        let x = [0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573]
        #expect(abs(BenchmarkFunction.hartmann6(x) - (-3.32237)) < 1e-4)
        #expect(BenchmarkFunction.hartmann6([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]) > -1)
    }

    @Test func unitPointsMapOntoTheDomain() {
        let u = [(Double.pi + 5) / 15, 2.275 / 15]
        #expect(abs(BenchmarkFunction.branin.value(unitPoint: u) - 0.397887) < 1e-5)
        #expect(BenchmarkFunction.branin.space.dimension == 2)
        #expect(BenchmarkFunction.hartmann6.space.dimension == 6)
    }
}
