import Testing
import Optimizer
import ShearsTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

struct GaussianProcessTests {
    static func points(_ n: Int, _ d: Int, seed: UInt64) -> [[Double]] {
        var r = TestRandom(seed: seed)
        return (0..<n).map { _ in (0..<d).map { _ in Double(r.float()) * 0.5 + 0.5 } }
    }

    static func smooth(_ x: [Double]) -> Double { sin(6 * x[0]) + x[1] * x[1] - 0.5 * x[0] * x[1] }

    @Test func kernelIsSignalVarianceAtZeroDistanceAndMatchesClosedForm() {
        let k = Matern52Kernel(signalVariance: 2, lengthScales: [0.5, 2])
        #expect(k([0.3, 0.3], [0.3, 0.3]) == 2)
        // r = sqrt((0.5/0.5)² + (1/2)²) = sqrt(1.25)
        let r = 1.25.squareRoot()
        let expected = 2 * (1 + 5.0.squareRoot() * r + 5.0 / 3.0 * 1.25) * exp(-(5.0.squareRoot()) * r)
        #expect(abs(k([0, 0], [0.5, 1]) - expected) < 1e-14)
    }

    @Test func posteriorInterpolatesNoiseFreeTrainingPoints() throws {
        let x = Self.points(12, 2, seed: 1)
        let y = x.map(Self.smooth)
        let h = GPHyperparameters(signalVariance: 1, lengthScales: [0.3, 0.3], noiseVariance: 1e-10)
        let gp = try GaussianProcess(inputs: x, outputs: y, hyperparameters: h)
        for (i, p) in gp.predict(x).enumerated() {
            let yi = y[i]
            #expect(abs(p.mean - yi) < 1e-5, "mean \(p.mean) vs observed \(yi)")
            #expect(p.variance < 1e-6 * gp.outputScale * gp.outputScale, "variance \(p.variance) at a training point")
        }
    }

    @Test func posteriorRevertsToThePriorFarAway() throws {
        let x = Self.points(10, 2, seed: 2)
        let y = x.map(Self.smooth)
        let h = GPHyperparameters(signalVariance: 1.7, lengthScales: [0.1, 0.1], noiseVariance: 1e-6)
        let gp = try GaussianProcess(inputs: x, outputs: y, hyperparameters: h)
        let far = gp.predict([20.0, -20.0])
        #expect(abs(far.mean - gp.outputMean) < 1e-12)
        let prior = 1.7 * gp.outputScale * gp.outputScale
        #expect(abs(far.variance - prior) < 1e-9 * prior)
    }

    @Test func likelihoodOfOnePointMatchesTheGaussianDensity() throws {
        let theta = [log(1.5), log(0.4), log(0.2)]
        let (value, _) = try MarginalLikelihood.evaluate(inputs: [[0.3]], outputs: [0.7], logHyperparameters: theta)
        let v = 1.5 + 0.2
        let expected = -0.5 * 0.49 / v - 0.5 * log(v) - 0.5 * log(2 * Double.pi)
        #expect(abs(value - expected) < 1e-12)
    }

    @Test func likelihoodGradientMatchesCentralDifferences() throws {
        let x = Self.points(15, 3, seed: 3)
        let y = x.map { Self.smooth($0) + 0.3 * $0[2] }
        let theta = [log(0.8), log(0.3), log(0.7), log(2.0), log(1e-3)]
        let (_, gradient) = try MarginalLikelihood.evaluate(inputs: x, outputs: y, logHyperparameters: theta)
        let h = 1e-5
        var numeric: [Double] = []
        for j in theta.indices {
            var plus = theta, minus = theta
            plus[j] += h
            minus[j] -= h
            let fp = try MarginalLikelihood.evaluate(inputs: x, outputs: y, logHyperparameters: plus).value
            let fm = try MarginalLikelihood.evaluate(inputs: x, outputs: y, logHyperparameters: minus).value
            numeric.append((fp - fm) / (2 * h))
        }
        for j in theta.indices {
            let tol = 1e-5 * max(1, abs(numeric[j]))
            #expect(abs(gradient[j] - numeric[j]) < tol,
                    "dLML/dθ[\(j)]: analytic \(gradient[j]) vs numeric \(numeric[j]) (tol \(tol))")
        }
    }

    @Test func fitRaisesTheLikelihoodAboveTheDefaultStart() throws {
        let x = Self.points(20, 2, seed: 4)
        let y = x.map(Self.smooth)
        let gp = try GaussianProcess.fit(inputs: x, outputs: y, seed: 7)
        let z = gp.standardisedOutputs
        let fitted = try MarginalLikelihood.evaluate(inputs: x, outputs: z,
                                                     logHyperparameters: gp.hyperparameters.logVector).value
        let start = try MarginalLikelihood.evaluate(inputs: x, outputs: z,
                                                    logHyperparameters: GPHyperparameters.defaults(dimension: 2).logVector).value
        #expect(fitted > start + 1, "fitted LML \(fitted) vs default \(start)")
        // A noise-free smooth function is fitted with little noise.
        #expect(gp.hyperparameters.noiseVariance < 1e-2)
        // Held-out points are predicted well.
        let test = Self.points(30, 2, seed: 5)
        let worst = zip(gp.predict(test), test).map { abs($0.0.mean - Self.smooth($0.1)) }.max()!
        #expect(worst < 0.1, "largest held-out error \(worst)")
    }

    @Test func fitIsDeterministicForASeed() throws {
        let x = Self.points(12, 3, seed: 6)
        let y = x.map { Self.smooth($0) + $0[2] }
        let a = try GaussianProcess.fit(inputs: x, outputs: y, seed: 11)
        let b = try GaussianProcess.fit(inputs: x, outputs: y, seed: 11)
        #expect(a.hyperparameters == b.hyperparameters)
    }
}
