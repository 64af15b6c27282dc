
/// What one weighted layer costs, in Distiller's terms: multiply-accumulates for one image
/// and weight count. Batch-norm, ReLU, pooling and biases are not counted, which is how
/// Distiller arrives at 40,813,184 MACs for `resnet20_cifar`.
public struct LayerCost: Codable, Equatable, Sendable {
    /// Module name as in the checkpoint (`layer2.0.downsample.0`).
    public var name: String
    /// ONNX-style operator name: `Conv` or `Gemm`.
    public var op: String
    /// Weight shape: `[K, C, R, S]` or `[out, in]`.
    public var weightShape: [Int]
    /// Output shape for one image: `[K, P, Q]` or `[out]`.
    public var outputShape: [Int]
    /// Multiply-accumulates per image: K·P·Q·C·R·S, or out·in.
    public var macs: Int
    /// Number of weights (no bias).
    public var weights: Int

    public init(name: String, op: String, weightShape: [Int], outputShape: [Int], macs: Int, weights: Int) {
        self.name = name
        self.op = op
        self.weightShape = weightShape
        self.outputShape = outputShape
        self.macs = macs
        self.weights = weights
    }
}

extension ResNetArchitecture {
    /// Every convolution and `fc`, in module order (conv1, layer1.0.conv1, layer1.0.conv2,
    /// layer2.0.downsample.0 after its block's conv2, …, fc), for an input of `height`×`width`.
    public func layerCosts(height: Int = 32, width: Int = 32) -> [LayerCost] {
        var costs: [LayerCost] = []
        func conv(_ name: String, _ inC: Int, _ outC: Int, kernel: Int, stride: Int, padding: Int,
                  _ h: Int, _ w: Int) -> (Int, Int) {
            let p = (h + 2 * padding - kernel) / stride + 1, q = (w + 2 * padding - kernel) / stride + 1
            let weights = outC * inC * kernel * kernel
            costs.append(LayerCost(name: name, op: "Conv", weightShape: [outC, inC, kernel, kernel],
                                   outputShape: [outC, p, q], macs: weights * p * q, weights: weights))
            return (p, q)
        }
        var (h, w) = conv("conv1", inputChannels, stages[0].width, kernel: 3, stride: 1, padding: 1, height, width)
        for (s, stage) in stages.enumerated() {
            for (b, inner) in stage.innerWidths.enumerated() {
                let prefix = "layer\(s + 1).\(b)"
                let inC = blockInputChannels(stage: s, block: b), stride = blockStride(stage: s, block: b)
                let (p, q) = conv("\(prefix).conv1", inC, inner, kernel: 3, stride: stride, padding: 1, h, w)
                _ = conv("\(prefix).conv2", inner, stage.width, kernel: 3, stride: 1, padding: 1, p, q)
                if hasDownsample(stage: s, block: b) {
                    _ = conv("\(prefix).downsample.0", inC, stage.width, kernel: 1, stride: stride, padding: 0, h, w)
                }
                (h, w) = (p, q)
            }
        }
        let features = stages[stages.count - 1].width
        costs.append(LayerCost(name: "fc", op: "Gemm", weightShape: [classes, features], outputShape: [classes],
                               macs: classes * features, weights: classes * features))
        return costs
    }

    /// Multiply-accumulates per image of the convolutions and `fc` (Distiller's figure).
    public func macs(height: Int = 32, width: Int = 32) -> Int {
        layerCosts(height: height, width: width).reduce(0) { $0 + $1.macs }
    }

    /// Weights of the convolutions and `fc` (no biases, no batch-norm): what Distiller's
    /// summary totals and what pruning removes.
    public var weightCount: Int { layerCosts().reduce(0) { $0 + $1.weights } }

    /// Every trainable value: `weightCount` plus batch-norm γ and β (2 per channel of every
    /// BN) and `fc.bias`.
    public var parameterCount: Int {
        var batchNormChannels = stages[0].width
        for (s, stage) in stages.enumerated() {
            for (b, inner) in stage.innerWidths.enumerated() {
                batchNormChannels += inner + stage.width + (hasDownsample(stage: s, block: b) ? stage.width : 0)
            }
        }
        return weightCount + 2 * batchNormChannels + classes
    }
}
