import Foundation
import Kernels
import Network
import Testing

struct ResNetCostTests {
    /// Distiller's summary of resnet20_cifar on a 32×32 image reports 40,813,184 MACs: the 19
    /// 3×3 convolutions (conv1 442,368; each of the six 16→16 convs 2,359,296; layer2.0.conv1
    /// and layer3.0.conv1 1,179,648 each; the other ten 32- and 64-wide convs 2,359,296 each),
    /// the two 1×1 downsample convs (131,072 each) and fc's 640. Batch-norm, ReLU, pooling and
    /// biases are not counted.
    @Test func resnet20MacsMatchDistiller() throws {
        let architecture = try ResNetArchitecture.cifar(depth: 20)
        #expect(architecture.macs(height: 32, width: 32) == 40_813_184)
        let costs = architecture.layerCosts()
        #expect(costs.count == 22)  // 19 3×3 convolutions, 2 downsample convolutions, fc
        #expect(costs.first == LayerCost(name: "conv1", op: "Conv", weightShape: [16, 3, 3, 3], outputShape: [16, 32, 32],
                                         macs: 442_368, weights: 432))
        #expect(costs.first { $0.name == "layer2.0.downsample.0" }
                == LayerCost(name: "layer2.0.downsample.0", op: "Conv", weightShape: [32, 16, 1, 1],
                             outputShape: [32, 16, 16], macs: 131_072, weights: 512))
        #expect(costs.map(\.name)[7...9] == ["layer2.0.conv1", "layer2.0.conv2", "layer2.0.downsample.0"])
        #expect(costs.last == LayerCost(name: "fc", op: "Gemm", weightShape: [10, 64], outputShape: [10],
                                        macs: 640, weights: 640))
    }

    /// 270,896 = conv weights (432 + 6·2,304 + 4,608 + 5·9,216 + 512 + 18,432 + 5·36,864 + 2,048
    /// = 270,256) + fc.weight (640). It excludes fc.bias (10) and batch-norm γ/β (1,568), which
    /// bring the trainable total to 272,474.
    @Test func resnet20WeightAndParameterCounts() throws {
        let architecture = try ResNetArchitecture.cifar(depth: 20)
        #expect(architecture.weightCount == 270_896)
        #expect(architecture.parameterCount == 272_474)
        let net = try ResNet(architecture: architecture, seed: 3)
        #expect(net.parameters.reduce(0) { $0 + $1.value.count } == 272_474)
        let convAndFcWeights = net.parameters.filter { $0.shape.count == 4 || $0.name == "fc.weight" }
        #expect(convAndFcWeights.reduce(0) { $0 + $1.value.count } == 270_896)
    }

    /// A thinned network is the same type with smaller counts, and its costs follow.
    @Test func thinnedArchitectureCostsFollowTheActualWidths() throws {
        var architecture = try ResNetArchitecture.cifar(depth: 20)
        architecture.stages[0].innerWidths[1] = 8   // layer1.1: conv1 16→8, conv2 8→16
        architecture.stages[2].width = 48           // layer3 residual stream and fc input
        let costs = Dictionary(uniqueKeysWithValues: architecture.layerCosts().map { ($0.name, $0) })
        #expect(costs["layer1.1.conv1"]?.weightShape == [8, 16, 3, 3])
        #expect(costs["layer1.1.conv2"]?.weightShape == [16, 8, 3, 3])
        #expect(costs["layer1.1.conv1"]?.macs == 1024 * 8 * 144)
        #expect(costs["layer3.0.downsample.0"]?.weightShape == [48, 32, 1, 1])
        #expect(costs["layer3.1.conv1"]?.weightShape == [64, 48, 3, 3])
        #expect(costs["layer3.2.conv2"]?.weightShape == [48, 64, 3, 3])
        #expect(costs["fc"]?.weightShape == [10, 48])
        let net = try ResNet(architecture: architecture, seed: 4)
        #expect(net.parameter(named: "layer3.1.conv1.weight")?.shape == [64, 48, 3, 3])
        #expect(net.forward(Tensor(shape: [2, 3, 32, 32]), training: false).shape == [2, 10])
        let saved = net.convolutions.reduce(0) { $0 + $1.weight.value.count } + 10 * 48
        #expect(saved == architecture.weightCount)
    }

    @Test func architectureRoundTripsThroughJSON() throws {
        var architecture = try ResNetArchitecture.cifar(depth: 20)
        architecture.stages[1].innerWidths = [20, 32, 11]
        let json = try JSONEncoder().encode(architecture)
        #expect(try JSONDecoder().decode(ResNetArchitecture.self, from: json) == architecture)
        let text = String(decoding: json, as: UTF8.self)
        #expect(text.contains("\"innerWidths\":[20,32,11]"))
    }
}
