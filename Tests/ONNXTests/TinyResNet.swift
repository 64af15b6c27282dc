import Kernels
import ONNX
import ShearsTestSupport

/// A ResNet in miniature with random weights: a stem (conv, BN, ReLU), one identity block,
/// one downsampling block with a 1x1 stride-2 shortcut, then pooling, flatten and the
/// classifier — every operator and wiring pattern of resnet20_cifar, at 4 and 8 channels.
/// `forward` is the reference: plain loops, no Kernels code, so it checks the graph's
/// meaning independently of the runtime and of the project's own kernels.
struct TinyResNet {
    struct ConvBN {
        var conv: String
        var bn: String
        var weight: Tensor
        var stride: Int
        var scale, bias, mean, variance: Tensor
        let epsilon: Float = 1e-5

        var pad: Int { weight.shape[2] / 2 }

        init(_ conv: String, _ bn: String, k: Int, c: Int, r: Int, stride: Int, random: inout TestRandom) {
            self.conv = conv
            self.bn = bn
            let fanIn = Float(c * r * r)
            weight = Tensor(shape: [k, c, r, r], data: random.floats(k * c * r * r).map { $0 / fanIn.squareRoot() })
            self.stride = stride
            scale = Tensor(shape: [k], data: random.floats(k).map { 1 + 0.5 * $0 })
            bias = Tensor(shape: [k], data: random.floats(k).map { 0.2 * $0 })
            mean = Tensor(shape: [k], data: random.floats(k).map { 0.3 * $0 })
            variance = Tensor(shape: [k], data: random.floats(k).map { 1 + 0.5 * $0 })
        }
    }

    static let classes = 10
    var stem, block1a, block1b, block2a, block2b, shortcut: ConvBN
    var fcWeight, fcBias: Tensor

    init(seed: UInt64) {
        var random = TestRandom(seed: seed)
        stem = ConvBN("conv1", "bn1", k: 4, c: 3, r: 3, stride: 1, random: &random)
        block1a = ConvBN("layer1.0.conv1", "layer1.0.bn1", k: 4, c: 4, r: 3, stride: 1, random: &random)
        block1b = ConvBN("layer1.0.conv2", "layer1.0.bn2", k: 4, c: 4, r: 3, stride: 1, random: &random)
        block2a = ConvBN("layer2.0.conv1", "layer2.0.bn1", k: 8, c: 4, r: 3, stride: 2, random: &random)
        block2b = ConvBN("layer2.0.conv2", "layer2.0.bn2", k: 8, c: 8, r: 3, stride: 1, random: &random)
        shortcut = ConvBN("layer2.0.downsample.0", "layer2.0.downsample.1", k: 8, c: 4, r: 1, stride: 2,
                          random: &random)
        fcWeight = Tensor(shape: [Self.classes, 8], data: random.floats(Self.classes * 8))
        fcBias = Tensor(shape: [Self.classes], data: random.floats(Self.classes))
    }

    // MARK: - ONNX

    func model(foldBatchNorm fold: Bool) throws -> ModelProto {
        var b = ONNXGraphBuilder()
        func convBN(_ l: ConvBN, _ input: String) throws -> String {
            let (strides, pads) = ([l.stride, l.stride], [Int](repeating: l.pad, count: 4))
            if fold {
                let f = foldBatchNorm(convWeight: l.weight, convBias: nil, scale: l.scale, bias: l.bias, mean: l.mean,
                                      variance: l.variance, epsilon: l.epsilon)
                return try b.addConv(name: l.conv, input: input, weight: f.weight, bias: f.bias, strides: strides,
                                     pads: pads)
            }
            let y = try b.addConv(name: l.conv, input: input, weight: l.weight, bias: nil, strides: strides, pads: pads)
            return try b.addBatchNormalization(name: l.bn, input: y, scale: l.scale, bias: l.bias, mean: l.mean,
                                               variance: l.variance, epsilon: l.epsilon)
        }
        var x = try b.addRelu(name: "relu", input: try convBN(stem, b.inputName))
        var h = try b.addRelu(name: "layer1.0.relu1", input: try convBN(block1a, x))
        h = try convBN(block1b, h)
        x = try b.addRelu(name: "layer1.0.relu2", input: try b.addAdd(name: "layer1.0.add", h, x))
        h = try b.addRelu(name: "layer2.0.relu1", input: try convBN(block2a, x))
        h = try convBN(block2b, h)
        let s = try convBN(shortcut, x)
        x = try b.addRelu(name: "layer2.0.relu2", input: try b.addAdd(name: "layer2.0.add", h, s))
        x = try b.addFlatten(name: "flatten", input: try b.addGlobalAveragePool(name: "avgpool", input: x))
        let logits = try b.addGemm(name: "fc", input: x, weight: fcWeight, bias: fcBias)
        return try b.model(output: logits, producerVersion: "test")
    }

    // MARK: - Reference forward

    func forward(_ input: Tensor) -> Tensor {
        func convBN(_ l: ConvBN, _ x: Tensor) -> Tensor {
            batchNorm(conv(x, l.weight, stride: l.stride, pad: l.pad), l)
        }
        var x = relu(convBN(stem, input))
        x = relu(add(convBN(block1b, relu(convBN(block1a, x))), x))
        x = relu(add(convBN(block2b, relu(convBN(block2a, x))), convBN(shortcut, x)))
        return gemm(globalAveragePool(x), fcWeight, fcBias)
    }

    private func conv(_ x: Tensor, _ w: Tensor, stride: Int, pad: Int) -> Tensor {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (k, r, s) = (w.shape[0], w.shape[2], w.shape[3])
        let (ho, wo) = ((h + 2 * pad - r) / stride + 1, (wd + 2 * pad - s) / stride + 1)
        var y = Tensor(shape: [n, k, ho, wo])
        for b in 0..<n { for o in 0..<k { for i in 0..<ho { for j in 0..<wo {
            var acc: Float = 0
            for ci in 0..<c { for u in 0..<r { for v in 0..<s {
                let (yi, xj) = (i * stride + u - pad, j * stride + v - pad)
                guard yi >= 0, yi < h, xj >= 0, xj < wd else { continue }
                acc += x.data[((b * c + ci) * h + yi) * wd + xj] * w.data[((o * c + ci) * r + u) * s + v]
            } } }
            y.data[((b * k + o) * ho + i) * wo + j] = acc
        } } } }
        return y
    }

    private func batchNorm(_ x: Tensor, _ l: ConvBN) -> Tensor {
        let (c, plane) = (x.shape[1], x.shape[2] * x.shape[3])
        var y = x
        for i in y.data.indices {
            let ch = (i / plane) % c
            y.data[i] = (x.data[i] - l.mean.data[ch]) / (l.variance.data[ch] + l.epsilon).squareRoot()
                * l.scale.data[ch] + l.bias.data[ch]
        }
        return y
    }

    private func relu(_ x: Tensor) -> Tensor { Tensor(shape: x.shape, data: x.data.map { max($0, 0) }) }

    private func add(_ a: Tensor, _ b: Tensor) -> Tensor { Tensor(shape: a.shape, data: zip(a.data, b.data).map(+)) }

    /// `[N, C, H, W]` → `[N, C]` (pooling and flatten in one).
    private func globalAveragePool(_ x: Tensor) -> Tensor {
        let plane = x.shape[2] * x.shape[3]
        let means = stride(from: 0, to: x.count, by: plane).map { x.data[$0..<($0 + plane)].reduce(0, +) / Float(plane) }
        return Tensor(shape: [x.shape[0], x.shape[1]], data: means)
    }

    private func gemm(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Tensor {
        let (n, inputs, outputs) = (x.shape[0], x.shape[1], w.shape[0])
        var y = Tensor(shape: [n, outputs])
        for i in 0..<n { for o in 0..<outputs {
            var acc = b.data[o]
            for j in 0..<inputs { acc += x.data[i * inputs + j] * w.data[o * inputs + j] }
            y.data[i * outputs + o] = acc
        } }
        return y
    }
}
