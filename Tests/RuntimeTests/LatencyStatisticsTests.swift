import Testing
import Runtime

struct LatencyStatisticsTests {
    /// 1...101 shuffled: every percentile rank used is an integer, so each figure is exact.
    @Test func exactOnOneToHundredAndOne() {
        var samples = (1...101).map(Double.init)
        samples.swapAt(0, 100)
        samples.swapAt(3, 57)
        let s = LatencyStatistics(samples: samples)
        #expect(s.count == 101)
        #expect(s.median == 51)
        #expect(s.mean == 51)
        #expect(s.min == 1)
        #expect(s.max == 101)
        #expect(s.p90 == 91)
        #expect(s.p99 == 100)
        // Σ(k−51)² = 85850 over 101 samples = 850 exactly (population deviation).
        #expect(s.standardDeviation == (850.0).squareRoot())
    }

    @Test func evenCountInterpolatesBetweenMiddleSamples() {
        let s = LatencyStatistics(samples: [4, 1, 3, 2])
        #expect(s.median == 2.5)
        #expect(LatencyStatistics.percentile([1, 2, 3, 4], 25) == 1.75)
        #expect(LatencyStatistics.percentile([1, 2, 3, 4], 100) == 4)
        #expect(LatencyStatistics.percentile([1, 2, 3, 4], 0) == 1)
        #expect(s.mean == 2.5)
        #expect(s.standardDeviation == (1.25).squareRoot())
    }

    @Test func singleSampleHasNoSpread() {
        let s = LatencyStatistics(samples: [0.75])
        #expect(s == LatencyStatistics(samples: [0.75]))
        #expect([s.median, s.mean, s.min, s.max, s.p90, s.p99] == [0.75, 0.75, 0.75, 0.75, 0.75, 0.75])
        #expect(s.standardDeviation == 0)
    }

    /// One outlier moves the mean and p99 but not the median: why the median is the figure.
    @Test func outlierLeavesMedianAlone() {
        let s = LatencyStatistics(samples: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 91])
        #expect(s.median == 1)
        #expect(s.mean == 101.0 / 11.0)
        #expect(s.p90 == 1)
        #expect(s.max == 91)
    }
}
