import Kernels
import Testing
import Training

struct ClassificationMetricsTests {
    @Test func topOneTopFiveAndPerClass() {
        var m = ClassificationMetrics(classCount: 6)
        let logits = Tensor(shape: [4, 6], data: [
            0.9, 0.1, 0.2, 0.3, 0.4, 0.5,   // label 0: rank 0 → top-1
            0.9, 0.8, 0.7, 0.6, 0.5, 0.4,   // label 4: rank 4 → top-5 only
            0.9, 0.8, 0.7, 0.6, 0.5, 0.4,   // label 5: rank 5 → neither
            0.0, 0.0, 0.0, 0.0, 0.0, 0.0,   // label 3, all tied: rank 3 (ties go to lower class)
        ])
        m.add(logits: logits, labels: [0, 4, 5, 3], meanLoss: 2)
        #expect(m.images == 4 && m.top1Correct == 1 && m.top5Correct == 3)
        #expect(m.top1 == 0.25 && m.top5 == 0.75 && m.meanLoss == 2)
        #expect(m.perClassAccuracy == [1, nil, nil, 0, 0, 0])
        m.add(logits: Tensor(shape: [1, 6], data: [0, 0, 0, 0, 0, 0]), labels: [0], meanLoss: 1)
        #expect(m.top1 == 0.4 && abs(m.meanLoss - 1.8) < 1e-12 && m.perClassAccuracy[0] == 1)
    }

    @Test func rankCountsStrictlyHigherAndEarlierTies() {
        let row: ArraySlice<Float> = [3, 5, 5, 1]
        #expect(ClassificationMetrics.rank(of: 1, in: row) == 0)
        #expect(ClassificationMetrics.rank(of: 2, in: row) == 1)
        #expect(ClassificationMetrics.rank(of: 0, in: row) == 2)
        #expect(ClassificationMetrics.rank(of: 0, in: [Float.nan, 1, 2]) == 2, "a NaN score is never right")
    }

    @Test func serialisedFormRoundTrips() {
        var m = ClassificationMetrics(classCount: 3)
        m.add(logits: Tensor(shape: [2, 3], data: [1, 0, 0, 0, 0, 1]), labels: [0, 1], meanLoss: 0.7)
        #expect(ClassificationMetrics(serialized: m.serialized, classCount: 3) == m)
        #expect(ClassificationMetrics(serialized: "1 2 3", classCount: 3) == nil)
    }
}
