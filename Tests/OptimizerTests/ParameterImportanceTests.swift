import Foundation
import Optimizer
import Testing

struct ParameterImportanceTests {
    /// Uniform [0, 1) inputs from a generator local to the test (independent of the library's).
    func uniformInputs(count: Int, dimension: Int, seed: UInt64) -> [[Double]] {
        var state = seed
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / 9_007_199_254_740_992.0
        }
        return (0..<count).map { _ in (0..<dimension).map { _ in next() } }
    }

    @Test func anAdditiveTreeSplitsItsVarianceExactly() {
        // f = 4·[x0 ≥ 0.5] + 2·[x1 ≥ 0.5] on the unit square: the x0 part has variance 4, the
        // x1 part 1, so the main effects are 0.8 and 0.2.
        let tree = RandomForest.Tree(nodes: [
            .split(feature: 0, threshold: 0.5, left: 1, right: 4),
            .split(feature: 1, threshold: 0.5, left: 2, right: 3), .leaf(value: 0), .leaf(value: 2),
            .split(feature: 1, threshold: 0.5, left: 5, right: 6), .leaf(value: 4), .leaf(value: 6),
        ])
        let importance = ParameterImportance.mainEffects(RandomForest(trees: [tree], dimension: 2),
                                                         bounds: [(0, 1), (0, 1)])
        #expect(abs(importance[0] - 0.8) < 1e-12 && abs(importance[1] - 0.2) < 1e-12)
    }

    @Test func twoParametersCarryingNinetyPercentRankOnTop() {
        // 3·x0 (variance 0.75) and 2·sin(π x1) (0.38) against four small linear terms (0.022 in
        // all): the first two carry 98% of the variance.
        let x = uniformInputs(count: 60, dimension: 6, seed: 11)
        let y = x.map { 3 * $0[0] + 2 * sin(Double.pi * $0[1]) + 0.3 * $0[2] + 0.3 * $0[3] + 0.2 * $0[4] + 0.2 * $0[5] }
        let importance = ParameterImportance.mainEffects(inputs: x, outputs: y, seed: 1)
        let order = importance.indices.sorted { importance[$0] > importance[$1] }
        #expect(Set(order.prefix(2)) == [0, 1])
        #expect(importance[0] + importance[1] >= 0.8)
        #expect(abs(importance.reduce(0, +) - 1) < 1e-9)
        // Seeded: the same inputs and seed give the same numbers.
        #expect(ParameterImportance.mainEffects(inputs: x, outputs: y, seed: 1) == importance)
    }

    @Test func aPureNoiseParameterRanksLast() {
        let x = uniformInputs(count: 80, dimension: 4, seed: 5)
        let y = x.map { $0[0] + 0.5 * $0[1] * $0[1] + 0.3 * $0[2] }  // x3 never enters
        let importance = ParameterImportance.mainEffects(inputs: x, outputs: y, seed: 2)
        #expect(importance.indices.min { importance[$0] < importance[$1] } == 3)
    }

    @Test func constantObjectiveHasNoImportance() {
        let x = uniformInputs(count: 10, dimension: 3, seed: 1)
        #expect(ParameterImportance.mainEffects(inputs: x, outputs: [Double](repeating: 2, count: 10), seed: 1) == [0, 0, 0])
    }

    @Test func spearmanMatchesScipyWithTies() {
        // Expected values from scipy 1.17.1 in the project's venv:
        //   scipy.stats.spearmanr([0.1,0.4,0.4,0.9,0.2,0.7,0.4,0.05], [3,1,2,2,5,0.5,2,4]).statistic == -0.75
        //   scipy.stats.spearmanr([1,2,2,3,3,3], [6,5,5,4,1,2]).statistic == -0.9393364366277244
        let a = RankCorrelation.spearman([0.1, 0.4, 0.4, 0.9, 0.2, 0.7, 0.4, 0.05], [3, 1, 2, 2, 5, 0.5, 2, 4])
        #expect(abs(a! - -0.75) < 1e-12)
        let b = RankCorrelation.spearman([1, 2, 2, 3, 3, 3], [6, 5, 5, 4, 1, 2])
        #expect(abs(b! - -0.9393364366277244) < 1e-12)
        #expect(RankCorrelation.ranks([10, 20, 20, 5]) == [2, 3.5, 3.5, 1])
        #expect(RankCorrelation.spearman([1, 1, 1], [1, 2, 3]) == nil)
    }

    @Test func wilsonIntervalMatchesScipy() {
        // scipy.stats.binomtest(357, 500).proportion_ci(0.95, method='wilson') ==
        //   (0.6728768354985485, 0.7518599467839072); binomtest(0, 20) → (0.0, 0.16112515805281935)
        let w = WilsonInterval(proportion: 357.0 / 500, count: 500)
        #expect(abs(w.lower - 0.6728768354985485) < 1e-9 && abs(w.upper - 0.7518599467839072) < 1e-9)
        let zero = WilsonInterval(proportion: 0, count: 20)
        #expect(zero.lower == 0 && abs(zero.upper - 0.16112515805281935) < 1e-9)
    }
}
