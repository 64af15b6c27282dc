import Kernels
import Support

/// A CIFAR ResNet (Distiller's `resnet_cifar`): 3×3 conv stem → BN → ReLU → stages of
/// BasicBlocks → global average pooling → `fc`. Built from a `ResNetArchitecture`, so the
/// unpruned network and every thinned one are the same type, with Distiller's names
/// (`conv1`, `bn1`, `layer1.0.conv1`, `layer2.0.downsample.0`, `fc`).
public final class ResNet: Model {
    public let architecture: ResNetArchitecture
    /// The stem: `conv1` (3×3, stride 1, padding 1) and `bn1`.
    public let conv1: Conv2d
    public let bn1: BatchNorm2d
    /// `stages[s][b]` is `layer<s+1>.<b>`.
    public let stages: [[BasicBlock]]
    public let fc: Linear
    /// Every trainable tensor in PyTorch's `named_parameters()` order.
    public let parameters: [Parameter]

    private let stemReLU = ReLU()
    /// Shape of the last stage's output in the last training forward (for pooling's backward).
    private var pooledInputShape: [Int]?

    /// A freshly initialised network: convolutions Kaiming-normal (fan-out), batch-norm γ = 1
    /// and β = 0, `fc` uniform ±1/√in, all drawn from one `SeededRandom(seed:)` in module
    /// order, so a seed fixes every weight bit for bit.
    public convenience init(architecture: ResNetArchitecture, seed: UInt64) throws(NetworkError) {
        try architecture.validate()
        var random = SeededRandom(seed: seed)
        let stem = Conv2d(name: "conv1", inChannels: architecture.inputChannels,
                          outChannels: architecture.stages[0].width, kernelSize: 3, stride: 1, padding: 1,
                          random: &random)
        var stages: [[BasicBlock]] = []
        for (s, stage) in architecture.stages.enumerated() {
            var blocks: [BasicBlock] = []
            for (b, inner) in stage.innerWidths.enumerated() {
                let name = "layer\(s + 1).\(b)"
                let inC = architecture.blockInputChannels(stage: s, block: b)
                let stride = architecture.blockStride(stage: s, block: b)
                let conv1 = Conv2d(name: name + ".conv1", inChannels: inC, outChannels: inner, kernelSize: 3,
                                   stride: stride, padding: 1, random: &random)
                let conv2 = Conv2d(name: name + ".conv2", inChannels: inner, outChannels: stage.width,
                                   kernelSize: 3, stride: 1, padding: 1, random: &random)
                var downsample: (conv: Conv2d, bn: BatchNorm2d)?
                if architecture.hasDownsample(stage: s, block: b) {
                    downsample = (Conv2d(name: name + ".downsample.0", inChannels: inC, outChannels: stage.width,
                                         kernelSize: 1, stride: stride, padding: 0, random: &random),
                                  BatchNorm2d(name: name + ".downsample.1", channels: stage.width))
                }
                blocks.append(BasicBlock(name: name, conv1: conv1, bn1: BatchNorm2d(name: name + ".bn1", channels: inner),
                                         conv2: conv2, bn2: BatchNorm2d(name: name + ".bn2", channels: stage.width),
                                         downsample: downsample))
            }
            stages.append(blocks)
        }
        let fc = Linear(name: "fc", inFeatures: architecture.stages[architecture.stages.count - 1].width,
                        outFeatures: architecture.classes, random: &random)
        self.init(architecture: architecture, conv1: stem, bn1: BatchNorm2d(name: "bn1", channels: stem.outChannels),
                  stages: stages, fc: fc)
    }

    /// The unpruned CIFAR ResNet of `depth` (20, 32, 44, 56) with stage widths `widths`.
    public convenience init(depth: Int, widths: [Int] = [16, 32, 64], classes: Int = 10,
                            seed: UInt64) throws(NetworkError) {
        try self.init(architecture: .cifar(depth: depth, widths: widths, classes: classes), seed: seed)
    }

    /// Assembles a network from existing layers (thinning builds its result this way); the
    /// layers must agree with `architecture`.
    public init(architecture: ResNetArchitecture, conv1: Conv2d, bn1: BatchNorm2d, stages: [[BasicBlock]], fc: Linear) {
        precondition(stages.count == architecture.stages.count
                     && zip(stages, architecture.stages).allSatisfy { blocks, stage in
                         blocks.count == stage.innerWidths.count
                             && zip(blocks, stage.innerWidths).allSatisfy {
                                 $0.conv1.outChannels == $1 && $0.bn2.channels == stage.width
                             }
                     }
                     && conv1.outChannels == architecture.stages[0].width
                     && conv1.inChannels == architecture.inputChannels
                     && fc.inFeatures == architecture.stages[architecture.stages.count - 1].width
                     && fc.outFeatures == architecture.classes,
                     "ResNet layers do not match architecture \(architecture)")
        self.architecture = architecture
        self.conv1 = conv1
        self.bn1 = bn1
        self.stages = stages
        self.fc = fc
        self.parameters = [conv1.weight, bn1.weight, bn1.bias] + stages.flatMap { $0.flatMap(\.parameters) }
            + [fc.weight, fc.bias]
    }

    /// Every batch-norm layer in module order (their buffers go into checkpoints).
    public var batchNorms: [BatchNorm2d] { [bn1] + stages.flatMap { $0.flatMap(\.batchNorms) } }

    /// Every convolution in module order: conv1, then per block conv1, conv2, downsample.0.
    public var convolutions: [Conv2d] {
        [conv1] + stages.flatMap { $0.flatMap { [$0.conv1, $0.conv2] + ($0.downsample.map { [$0.conv] } ?? []) } }
    }

    // MARK: - Model

    public func forward(_ input: Tensor, training: Bool) -> Tensor {
        precondition(input.shape.count == 4 && input.shape[1] == architecture.inputChannels,
                     "ResNet input must be [N, \(architecture.inputChannels), H, W], got \(input.shape)")
        var x = bn1.forward(conv1.forward(input, training: training), training: training)
        stemReLU.forward(&x, training: training)
        for block in stages.joined() { x = block.forward(x, training: training) }
        pooledInputShape = training ? x.shape : nil
        return fc.forward(globalAveragePoolForward(input: x), training: training)
    }

    public func backward(_ dLogits: Tensor) {
        guard let shape = pooledInputShape else { preconditionFailure("ResNet: backward without a training forward") }
        pooledInputShape = nil
        var gradient = globalAveragePoolBackward(dOutput: fc.backward(dLogits), inputShape: shape)
        for block in stages.joined().reversed() { block.backward(&gradient) }
        stemReLU.backward(&gradient)
        conv1.backwardWeightsOnly(bn1.backward(gradient))
    }
}
