import Kernels
import Network
import ShearsTestSupport
import Testing

/// Names bind us to Distiller: its schedules name `module.layer2.0.conv1.weight` etc.
struct ResNetNamingTests {
    /// `[n for n, _ in distiller.models.create_model(False, 'cifar10', 'resnet20_cifar').named_parameters()]`,
    /// without DataParallel's `module.` prefix, written out literally (65 names): per block conv1,
    /// bn1, conv2, bn2, then the downsample shortcut (Distiller's own sparsity tables in
    /// the workspace's Distiller example schedules list `layer2.0.downsample.0.weight` after
    /// `layer2.0.conv2.weight`).
    static let distillerResNet20Parameters: [String] = [
        "conv1.weight", "bn1.weight", "bn1.bias", "layer1.0.conv1.weight", "layer1.0.bn1.weight",
        "layer1.0.bn1.bias", "layer1.0.conv2.weight", "layer1.0.bn2.weight", "layer1.0.bn2.bias",
        "layer1.1.conv1.weight", "layer1.1.bn1.weight", "layer1.1.bn1.bias", "layer1.1.conv2.weight",
        "layer1.1.bn2.weight", "layer1.1.bn2.bias", "layer1.2.conv1.weight", "layer1.2.bn1.weight",
        "layer1.2.bn1.bias", "layer1.2.conv2.weight", "layer1.2.bn2.weight", "layer1.2.bn2.bias",
        "layer2.0.conv1.weight", "layer2.0.bn1.weight", "layer2.0.bn1.bias", "layer2.0.conv2.weight",
        "layer2.0.bn2.weight", "layer2.0.bn2.bias", "layer2.0.downsample.0.weight", "layer2.0.downsample.1.weight",
        "layer2.0.downsample.1.bias", "layer2.1.conv1.weight", "layer2.1.bn1.weight", "layer2.1.bn1.bias",
        "layer2.1.conv2.weight", "layer2.1.bn2.weight", "layer2.1.bn2.bias", "layer2.2.conv1.weight",
        "layer2.2.bn1.weight", "layer2.2.bn1.bias", "layer2.2.conv2.weight", "layer2.2.bn2.weight",
        "layer2.2.bn2.bias", "layer3.0.conv1.weight", "layer3.0.bn1.weight", "layer3.0.bn1.bias",
        "layer3.0.conv2.weight", "layer3.0.bn2.weight", "layer3.0.bn2.bias", "layer3.0.downsample.0.weight",
        "layer3.0.downsample.1.weight", "layer3.0.downsample.1.bias", "layer3.1.conv1.weight", "layer3.1.bn1.weight",
        "layer3.1.bn1.bias", "layer3.1.conv2.weight", "layer3.1.bn2.weight", "layer3.1.bn2.bias",
        "layer3.2.conv1.weight", "layer3.2.bn1.weight", "layer3.2.bn1.bias", "layer3.2.conv2.weight",
        "layer3.2.bn2.weight", "layer3.2.bn2.bias", "fc.weight", "fc.bias",
    ]

    @Test func resnet20ParameterNamesAndShapesMatchDistiller() throws {
        let net = try ResNet(depth: 20, seed: 1)
        #expect(net.parameters.map(\.name) == Self.distillerResNet20Parameters)
        #expect(net.parameters.count == 65)
        #expect(net.parameter(named: "conv1.weight")?.shape == [16, 3, 3, 3])
        #expect(net.parameter(named: "layer1.2.conv2.weight")?.shape == [16, 16, 3, 3])
        #expect(net.parameter(named: "layer2.0.conv1.weight")?.shape == [32, 16, 3, 3])
        #expect(net.parameter(named: "layer2.0.downsample.0.weight")?.shape == [32, 16, 1, 1])
        #expect(net.parameter(named: "layer3.0.downsample.1.bias")?.shape == [64])
        #expect(net.parameter(named: "layer3.2.conv2.weight")?.shape == [64, 64, 3, 3])
        #expect(net.parameter(named: "fc.weight")?.shape == [10, 64])
        #expect(net.parameter(named: "fc.bias")?.shape == [10])
        #expect(net.parameter(named: "layer1.0.downsample.0.weight") == nil)
    }

    @Test func stateDictAddsBatchNormBuffersInPyTorchOrder() throws {
        let net = try ResNet(depth: 20, seed: 1)
        let names = net.namedTensors.map(\.name)
        #expect(Array(names.prefix(7)) == ["conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean",
                                           "bn1.running_var", "layer1.0.conv1.weight", "layer1.0.bn1.weight"])
        #expect(names.contains("layer2.0.downsample.1.running_var"))
        #expect(names.count == 65 + 2 * 21)  // 21 batch-norm layers, two buffers each
        #expect(names.filter { !$0.contains("running_") } == Self.distillerResNet20Parameters)
        #expect(net.tensor(named: "layer3.1.bn1.running_var") == Tensor(shape: [64], repeating: 1))
    }

    @Test func moduleprefixIsAccepted() throws {
        let net = try ResNet(depth: 20, seed: 1)
        #expect(net.parameter(named: "module.layer2.0.downsample.0.weight")
                === net.parameter(named: "layer2.0.downsample.0.weight"))
        #expect(net.tensor(named: "module.bn1.running_mean") != nil)
    }

    @Test func deeperNetworksHaveMoreBlocksWithTheSameNamingScheme() throws {
        for (depth, blocks) in [(32, 5), (44, 7), (56, 9)] {
            let architecture = try ResNetArchitecture.cifar(depth: depth)
            #expect(architecture.depth == depth)
            #expect(architecture.name == "resnet\(depth)_cifar")
            #expect(architecture.stages.map(\.innerWidths.count) == [blocks, blocks, blocks])
            #expect(architecture.layerCosts().last?.name == "fc")
            #expect(architecture.layerCosts().contains { $0.name == "layer3.\(blocks - 1).conv2" })
        }
    }

    @Test func architectureErrorsNameTheProblemAndTheOptions() {
        #expect(throws: NetworkError.unsupportedDepth(21)) { try ResNetArchitecture.cifar(depth: 21) }
        #expect(NetworkError.unsupportedDepth(21).description == "unsupported ResNet depth 21; supported: 20, 32, 44, 56")
        #expect(throws: NetworkError.unknownArchitecture("resnet18")) { try ResNetArchitecture.named("resnet18") }
        #expect(NetworkError.unknownArchitecture("resnet18").description
                == "unknown architecture 'resnet18'; supported: resnet20, resnet32, resnet44, resnet56")
        #expect((try? ResNetArchitecture.named("resnet20_cifar")) == (try? ResNetArchitecture.cifar(depth: 20)))
        var bad = try! ResNetArchitecture.cifar(depth: 20)
        bad.stages[1].innerWidths[2] = 0
        #expect(throws: NetworkError.invalidArchitecture("layer2.2 inner width must be positive, got 0")) {
            try bad.validate()
        }
    }

    @Test func loadingChecksNamesAndShapes() throws {
        let source = try ResNet(depth: 20, widths: [4, 8, 8], seed: 1)
        let target = try ResNet(depth: 20, widths: [4, 8, 8], seed: 2)
        var tensors = Dictionary(uniqueKeysWithValues: source.namedTensors.map { ("module." + $0.name, $0.value) })
        tensors["module.bn1.num_batches_tracked"] = Tensor(shape: [], data: [3])
        try target.load(namedTensors: tensors)
        #expect(target.namedTensors.map(\.value) == source.namedTensors.map(\.value))

        var misspelt = tensors
        misspelt["layer2.0.downsample.0.wieght"] = misspelt.removeValue(forKey: "module.layer2.0.downsample.0.weight")
        #expect(throws: NetworkError.unknownTensor("layer2.0.downsample.0.wieght", nearest: [
            "layer2.0.downsample.0.weight", "layer2.0.downsample.1.weight", "layer3.0.downsample.0.weight",
        ])) { try target.load(namedTensors: misspelt) }

        var missing = tensors
        missing["module.fc.bias"] = nil
        #expect(throws: NetworkError.missingTensor("fc.bias")) { try target.load(namedTensors: missing) }

        var wrong = tensors
        wrong["module.layer1.0.conv1.weight"] = Tensor(shape: [3, 4, 3, 3])
        let error = NetworkError.shapeMismatch("layer1.0.conv1.weight", expected: [4, 4, 3, 3], found: [3, 4, 3, 3])
        #expect(throws: error) { try target.load(namedTensors: wrong) }
        #expect(error.description == "tensor 'layer1.0.conv1.weight' has shape [3, 4, 3, 3] but the network expects [4, 4, 3, 3]")
    }
}
