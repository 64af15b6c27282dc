import Kernels
import Network
import ShearsTestSupport
import Testing

struct ResNetBehaviourTests {
    @Test func sameSeedGivesIdenticalWeightsAndOtherSeedsDoNot() throws {
        let a = try ResNet(depth: 20, seed: 42), b = try ResNet(depth: 20, seed: 42), c = try ResNet(depth: 20, seed: 43)
        #expect(a.namedTensors.map(\.value) == b.namedTensors.map(\.value))
        #expect(a.parameter(named: "layer2.1.conv1.weight")?.value != c.parameter(named: "layer2.1.conv1.weight")?.value)
    }

    @Test func initialisationFollowsDistillerAndPyTorch() throws {
        let net = try ResNet(depth: 20, seed: 5)
        // Kaiming normal, fan-out: std √(2 / (3·3·64)) ≈ 0.0589 for a 64-wide 3×3 conv.
        let w = try #require(net.parameter(named: "layer3.1.conv1.weight")).value.data
        let mean = w.reduce(0, +) / Float(w.count)
        let std = (w.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Float(w.count)).squareRoot()
        #expect(abs(mean) < 0.002, "conv weight mean \(mean)")
        #expect(abs(std / (2 / Float(576)).squareRoot() - 1) < 0.03, "conv weight std \(std)")
        #expect(net.parameter(named: "layer1.0.bn2.weight")?.value == Tensor(shape: [16], repeating: 1))
        #expect(net.parameter(named: "layer1.0.bn2.bias")?.value == Tensor(shape: [16]))
        let bound = 1 / Float(64).squareRoot()
        let fc = try #require(net.parameter(named: "fc.weight")).value.data
        #expect(fc.allSatisfy { abs($0) <= bound } && fc.contains { abs($0) > bound * 0.9 })
    }

    @Test func trainingUsesBatchStatisticsAndEvaluationUsesRunningOnes() throws {
        let net = try ResNet(depth: 20, widths: [4, 8, 8], seed: 11)
        var rng = TestRandom(seed: 12)
        let input = Tensor(shape: [4, 3, 8, 8], data: rng.floats(4 * 192).map { $0 * 2 + 0.5 })
        let initial = net.namedTensors.map(\.value)

        // Evaluation leaves every tensor alone and is a pure function of the input.
        let eval1 = net.forward(input, training: false)
        #expect(net.namedTensors.map(\.value) == initial)
        #expect(net.forward(input, training: false) == eval1)

        // Training moves the running statistics by momentum 0.1 towards the batch's.
        let train = net.forward(input, training: true)
        let mean = try #require(net.tensor(named: "bn1.running_mean"))
        let conv = conv2dForward(input: input, weight: net.conv1.weight.value, stride: 1, padding: 1)
        let plane = 64
        for c in 0..<4 {
            var sum: Double = 0
            for n in 0..<4 { for i in 0..<plane { sum += Double(conv.data[(n * 4 + c) * plane + i]) } }
            #expect(abs(Double(mean.data[c]) - 0.1 * sum / Double(4 * plane)) < 1e-5, "bn1 running mean of channel \(c)")
        }
        #expect(train != eval1)
        // With running statistics that are not the batch's, evaluation output differs from training output.
        let eval2 = net.forward(input, training: false)
        #expect(eval2 != train && eval2 != eval1)
    }

    @Test func outputShapeFollowsBatchAndClasses() throws {
        let net = try ResNet(depth: 20, widths: [4, 8, 8], classes: 7, seed: 13)
        #expect(net.forward(Tensor(shape: [3, 3, 32, 32]), training: false).shape == [3, 7])
        #expect(net.forward(Tensor(shape: [1, 3, 9, 11]), training: false).shape == [1, 7])
    }
}
