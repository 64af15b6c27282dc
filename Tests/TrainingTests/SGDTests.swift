import Kernels
import Network
import ShearsTestSupport
import Testing
import Training

struct SGDTests {
    static let grads: [[Float]] = [[0.5, 0.25, -1.0], [-0.3, 0.1, 0.2], [0.05, -0.6, 0.4]]

    /// Three steps with changing gradients; expected values worked through PyTorch's update
    /// rule by hand in float32 (first step initialises the buffer with the gradient).
    static func run(_ sgd: SGD) -> [Float] {
        var sgd = sgd
        let p = Parameter(name: "w", value: Tensor(shape: [3], data: [1, -2, 0.5]))
        for g in grads {
            p.grad = Tensor(shape: [3], data: g)
            sgd.step([p], learningRate: 0.1)
        }
        return p.value.data
    }

    @Test func momentum() {
        let got = Self.run(SGD(momentum: 0.9))
        #expect(maxAbsDiff(got, [0.9165, -2.02675, 0.693]) < 1e-6, "\(got)")
    }

    @Test func momentumWithWeightDecay() {
        let got = Self.run(SGD(momentum: 0.9, weightDecay: 0.01))
        #expect(maxAbsDiff(got, [0.911054790019989, -2.015434503555298, 0.6898374557495117]) < 1e-6, "\(got)")
    }

    @Test func nesterovWithWeightDecay() {
        let got = Self.run(SGD(momentum: 0.9, weightDecay: 0.01, nesterov: true))
        #expect(maxAbsDiff(got, [0.892221212387085, -1.9827114343643188, 0.7087255716323853]) < 1e-6, "\(got)")
    }

    @Test func plainGradientDescentKeepsNoState() {
        var sgd = SGD(momentum: 0)
        let p = Parameter(name: "w", value: Tensor(shape: [2], data: [1, 1]))
        p.grad = Tensor(shape: [2], data: [2, -4])
        sgd.step([p], learningRate: 0.25)
        #expect(p.value.data == [0.5, 2])
        #expect(sgd.momentumBuffers.isEmpty)
    }

    @Test func buffersAreKeyedByNameAndFollowThinning() {
        var sgd = SGD(momentum: 0.9)
        let a = Parameter(name: "a", value: Tensor(shape: [2], data: [0, 0]))
        a.grad = Tensor(shape: [2], data: [1, 1])
        sgd.step([a], learningRate: 1)
        #expect(sgd.momentumBuffers["a"] == [1, 1])
        // The parameter was thinned to one value: its buffer restarts rather than misaligning.
        let thinned = Parameter(name: "a", value: Tensor(shape: [1], data: [0]))
        thinned.grad = Tensor(shape: [1], data: [2])
        sgd.step([thinned], learningRate: 1)
        #expect(sgd.momentumBuffers["a"] == [2])
    }
}
