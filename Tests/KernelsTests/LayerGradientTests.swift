import Kernels
import ShearsTestSupport
import Testing

/// Every layer's backward against central finite differences of L = ⟨forward(x), G⟩.
struct LayerGradientTests {
    func expectClose(_ analytic: [Float], _ numeric: [Float], tol: Float, _ label: String) {
        let check = closeness(analytic, numeric, tol: tol, label: label)
        #expect(check.ok, "\(check.message)")
    }

    @Test(arguments: [[2, 3, 5, 7], [3, 2, 1, 1], [4, 5, 3, 2], [5, 4]])
    func batchNormTrainingBackwardMatchesFiniteDifferences(_ shape: [Int]) {
        let C = shape[1]
        let x = randomTensor(shape, seed: 21)
        var gamma = randomTensor([C], seed: 22)
        for c in 0..<C { gamma.data[c] += 1.5 }
        let beta = randomTensor([C], seed: 23)
        let g = randomTensor(shape, seed: 24)
        func run(_ x: Tensor, _ gamma: Tensor, _ beta: Tensor) -> (Tensor, BatchNormSaved) {
            var mean = Tensor(shape: [C]), variance = Tensor(shape: [C], repeating: 1)
            return batchNormForwardTraining(input: x, weight: gamma, bias: beta, runningMean: &mean,
                                            runningVar: &variance)
        }
        let (_, saved) = run(x, gamma, beta)
        let grads = batchNormBackward(dOutput: g, input: x, weight: gamma, saved: saved)
        let numX = numericalGradient(of: x.data, epsilon: 1e-3) { dotDouble(run(Tensor(shape: shape, data: $0), gamma, beta).0.data, g.data) }
        let numGamma = numericalGradient(of: gamma.data, epsilon: 1e-3) { dotDouble(run(x, Tensor(shape: [C], data: $0), beta).0.data, g.data) }
        let numBeta = numericalGradient(of: beta.data, epsilon: 1e-3) { dotDouble(run(x, gamma, Tensor(shape: [C], data: $0)).0.data, g.data) }
        expectClose(grads.dInput.data, numX, tol: 5e-3, "batch-norm dInput \(shape)")
        expectClose(grads.dWeight.data, numGamma, tol: 5e-3, "batch-norm dWeight \(shape)")
        expectClose(grads.dBias.data, numBeta, tol: 5e-3, "batch-norm dBias \(shape)")
    }

    @Test func batchNormTrainingNormalisesAndUpdatesRunningStatisticsLikePyTorch() {
        let shape = [3, 2, 2, 3]  // 18 values per channel
        let x = randomTensor(shape, seed: 25)
        let gamma = Tensor(shape: [2], data: [2, 0.5]), beta = Tensor(shape: [2], data: [1, -1])
        var runningMean = Tensor(shape: [2], data: [0.5, -0.5]), runningVar = Tensor(shape: [2], data: [2, 3])
        let (y, saved) = batchNormForwardTraining(input: x, weight: gamma, bias: beta, runningMean: &runningMean,
                                                  runningVar: &runningVar, momentum: 0.1, epsilon: 1e-5)
        for c in 0..<2 {
            var values: [Double] = []
            var outputs: [Double] = []
            for n in 0..<3 { for i in 0..<6 {
                values.append(Double(x.data[(n * 2 + c) * 6 + i]))
                outputs.append(Double(y.data[(n * 2 + c) * 6 + i]))
            } }
            let mean = values.reduce(0, +) / 18
            let biased = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 18
            let outMean = outputs.reduce(0, +) / 18
            let outVar = outputs.map { ($0 - outMean) * ($0 - outMean) }.reduce(0, +) / 18
            #expect(abs(outMean - Double(beta.data[c])) < 1e-5, "output mean \(outMean) of channel \(c)")
            #expect(abs(outVar - Double(gamma.data[c] * gamma.data[c]) * biased / (biased + 1e-5)) < 1e-4,
                    "output variance \(outVar) of channel \(c)")
            #expect(abs(Double(saved.mean[c]) - mean) < 1e-6)
            let startMean: Double = c == 0 ? 0.5 : -0.5, startVar: Double = c == 0 ? 2 : 3
            #expect(abs(Double(runningMean.data[c]) - (0.9 * startMean + 0.1 * mean)) < 1e-6)
            // The running variance takes the unbiased estimate (×18/17), as torch.nn.BatchNorm2d does.
            #expect(abs(Double(runningVar.data[c]) - (0.9 * startVar + 0.1 * biased * 18 / 17)) < 1e-6)
        }
    }

    @Test func batchNormInferenceUsesRunningStatistics() {
        let x = randomTensor([2, 3, 2, 2], seed: 26)
        let gamma = Tensor(shape: [3], data: [1, 2, 3]), beta = Tensor(shape: [3], data: [0, 1, -1])
        let mean = Tensor(shape: [3], data: [0.1, -0.2, 0.3]), variance = Tensor(shape: [3], data: [1, 0.25, 4])
        let y = batchNormForwardInference(input: x, weight: gamma, bias: beta, runningMean: mean, runningVar: variance,
                                          epsilon: 0)
        var expected = [Float](repeating: 0, count: x.count)
        for i in x.data.indices {
            let c = (i / 4) % 3
            expected[i] = (x.data[i] - mean.data[c]) / variance.data[c].squareRoot() * gamma.data[c] + beta.data[c]
        }
        expectClose(y.data, expected, tol: 1e-6, "batch-norm inference")
    }

    @Test func reluBackwardMatchesFiniteDifferences() {
        var x = randomTensor([2, 3, 5, 7], seed: 27)
        // Keep every value away from the kink so a ±ε step never crosses it.
        for i in x.data.indices where abs(x.data[i]) < 0.05 { x.data[i] = 0.1 }
        let g = randomTensor(x.shape, seed: 28)
        let y = reluForward(input: x)
        #expect(y.data == x.data.map { max($0, 0) })
        let analytic = reluBackward(dOutput: g, output: y)
        let numeric = numericalGradient(of: x.data) { dotDouble(reluForward(input: Tensor(shape: x.shape, data: $0)).data, g.data) }
        expectClose(analytic.data, numeric, tol: 1e-3, "relu dInput")
    }

    @Test func addBackwardMatchesFiniteDifferences() {
        let a = randomTensor([2, 3, 5, 7], seed: 29), b = randomTensor([2, 3, 5, 7], seed: 30)
        let g = randomTensor(a.shape, seed: 31)
        #expect(addForward(a, b).data == zip(a.data, b.data).map { $0 + $1 })
        let (dA, dB) = addBackward(dOutput: g)
        let numA = numericalGradient(of: a.data) { dotDouble(addForward(Tensor(shape: a.shape, data: $0), b).data, g.data) }
        let numB = numericalGradient(of: b.data) { dotDouble(addForward(a, Tensor(shape: b.shape, data: $0)).data, g.data) }
        expectClose(dA.data, numA, tol: 1e-3, "add dA")
        expectClose(dB.data, numB, tol: 1e-3, "add dB")
    }

    @Test func globalAveragePoolBackwardMatchesFiniteDifferences() {
        let x = randomTensor([2, 3, 5, 7], seed: 32)
        let g = randomTensor([2, 3], seed: 33)
        let y = globalAveragePoolForward(input: x)
        #expect(abs(y.data[4] - x.data[4 * 35 ..< 5 * 35].reduce(0, +) / 35) < 1e-6)
        let analytic = globalAveragePoolBackward(dOutput: g, inputShape: x.shape)
        let numeric = numericalGradient(of: x.data) { dotDouble(globalAveragePoolForward(input: Tensor(shape: x.shape, data: $0)).data, g.data) }
        expectClose(analytic.data, numeric, tol: 1e-3, "global average pool dInput")
    }

    @Test func linearBackwardMatchesFiniteDifferences() {
        let x = randomTensor([3, 7], seed: 34), w = randomTensor([5, 7], seed: 35), b = randomTensor([5], seed: 36)
        let g = randomTensor([3, 5], seed: 37)
        let y = linearForward(input: x, weight: w, bias: b)
        // y[1, 2] = Σᵢ x[1, i]·w[2, i] + b[2]: PyTorch's [out, in] weight layout.
        let y12 = (0..<7).map { x.data[7 + $0] * w.data[14 + $0] }.reduce(0, +) + b.data[2]
        #expect(abs(y.data[1 * 5 + 2] - y12) < 1e-5)
        let grads = linearBackward(dOutput: g, input: x, weight: w)
        func loss(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Double { dotDouble(linearForward(input: x, weight: w, bias: b).data, g.data) }
        expectClose(grads.dInput.data, numericalGradient(of: x.data) { loss(Tensor(shape: x.shape, data: $0), w, b) },
                    tol: 1e-3, "linear dInput")
        expectClose(grads.dWeight.data, numericalGradient(of: w.data) { loss(x, Tensor(shape: w.shape, data: $0), b) },
                    tol: 1e-3, "linear dWeight")
        expectClose(grads.dBias.data, numericalGradient(of: b.data) { loss(x, w, Tensor(shape: b.shape, data: $0)) },
                    tol: 1e-3, "linear dBias")
    }

    @Test func softmaxCrossEntropyGradientMatchesFiniteDifferences() {
        var logits = randomTensor([4, 10], seed: 38)
        logits.data[3] = 40  // a large logit must not overflow
        let labels = [3, 0, 9, 5]
        let (loss, dLogits) = softmaxCrossEntropy(logits: logits, labels: labels)
        let numeric = numericalGradient(of: logits.data, epsilon: 1e-2) {
            Double(softmaxCrossEntropy(logits: Tensor(shape: logits.shape, data: $0), labels: labels).loss)
        }
        expectClose(dLogits.data, numeric, tol: 2e-3, "softmax cross-entropy dLogits")
        // Uniform logits give log(K) whatever the labels.
        let uniform = softmaxCrossEntropy(logits: Tensor(shape: [2, 10]), labels: [1, 7])
        #expect(abs(uniform.loss - Float(2.302585093)) < 1e-6)
        #expect(loss.isFinite && loss > 0)
    }
}
