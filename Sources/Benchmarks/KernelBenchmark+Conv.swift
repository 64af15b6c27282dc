import Kernels
import Support

// MARK: - Convolution shapes

extension KernelBenchmark {
    /// One convolution layer shape of a network, timed through the same `conv2dForward` and
    /// `conv2dBackward` calls the `Network` layers make.
    public struct ConvShape: Sendable, Equatable {
        /// Which layers have this shape (`layer1.*.conv1/2`), for the title.
        public var layers: String
        /// How many layers of the network have it, so per-layer times add up to a step's.
        public var count: Int
        public var batch: Int, inChannels: Int, outChannels: Int
        public var height: Int, width: Int
        public var kernel: Int, stride: Int, padding: Int
        /// False for the stem, whose input is the image: its backward computes dWeight only,
        /// exactly as `Conv2d.backwardWeightsOnly` does in training.
        public var needsInputGradient: Bool

        public init(layers: String, count: Int, batch: Int, inChannels: Int, outChannels: Int, height: Int,
                    width: Int, kernel: Int, stride: Int, padding: Int, needsInputGradient: Bool = true) {
            (self.layers, self.count, self.batch) = (layers, count, batch)
            (self.inChannels, self.outChannels, self.height, self.width) = (inChannels, outChannels, height, width)
            (self.kernel, self.stride, self.padding) = (kernel, stride, padding)
            self.needsInputGradient = needsInputGradient
        }

        public var geometry: Conv2DGeometry {
            Conv2DGeometry(inputShape: [batch, inChannels, height, width],
                           weightShape: [outChannels, inChannels, kernel, kernel], stride: stride, padding: padding)
        }

        /// The whole-batch im2col GEMM with the same arithmetic, `weight[K, C·R·S] · col[C·R·S, N·P·Q]`:
        /// the shape numpy/OpenBLAS is timed on as the reference.
        public var gemm: GEMMShape {
            let g = geometry
            return GEMMShape(m: outChannels, k: g.patchSize, n: batch * g.outHeight * g.outWidth, title: title)
        }

        /// Forward FLOPs = 2·MACs.
        public var forwardFLOPs: Double { 2 * Double(geometry.macs) }
        /// Backward FLOPs: dWeight and dInput each cost one forward, so twice the forward
        /// (once for the stem, which has no dInput).
        public var backwardFLOPs: Double { forwardFLOPs * (needsInputGradient ? 2 : 1) }

        /// `conv 16→32 3×3/2, 32×32, batch 128 (layer2.0.conv1, ×1)`.
        public var title: String {
            let g = geometry
            let strideText = stride == 1 ? "" : "/\(stride)"
            return "conv \(inChannels)→\(outChannels) \(kernel)×\(kernel)\(strideText), \(height)×\(width)→"
                + "\(g.outHeight)×\(g.outWidth), batch \(batch) (\(layers), ×\(count))"
        }
    }

    /// Every distinct convolution of ResNet-20 on 32×32 CIFAR images at `batch`, in network
    /// order, with how often each occurs (a test checks they cover the network's 21 convolutions).
    public static func resNet20ConvShapes(batch: Int = 128) -> [ConvShape] {
        [
            ConvShape(layers: "conv1", count: 1, batch: batch, inChannels: 3, outChannels: 16, height: 32, width: 32,
                      kernel: 3, stride: 1, padding: 1, needsInputGradient: false),
            ConvShape(layers: "layer1.*.conv1/2", count: 6, batch: batch, inChannels: 16, outChannels: 16,
                      height: 32, width: 32, kernel: 3, stride: 1, padding: 1),
            ConvShape(layers: "layer2.0.conv1", count: 1, batch: batch, inChannels: 16, outChannels: 32,
                      height: 32, width: 32, kernel: 3, stride: 2, padding: 1),
            ConvShape(layers: "layer2.0.downsample.0", count: 1, batch: batch, inChannels: 16, outChannels: 32,
                      height: 32, width: 32, kernel: 1, stride: 2, padding: 0),
            ConvShape(layers: "layer2.*.conv2, layer2.1-2.conv1", count: 5, batch: batch, inChannels: 32,
                      outChannels: 32, height: 16, width: 16, kernel: 3, stride: 1, padding: 1),
            ConvShape(layers: "layer3.0.conv1", count: 1, batch: batch, inChannels: 32, outChannels: 64,
                      height: 16, width: 16, kernel: 3, stride: 2, padding: 1),
            ConvShape(layers: "layer3.0.downsample.0", count: 1, batch: batch, inChannels: 32, outChannels: 64,
                      height: 16, width: 16, kernel: 1, stride: 2, padding: 0),
            ConvShape(layers: "layer3.*.conv2, layer3.1-2.conv1", count: 5, batch: batch, inChannels: 64,
                      outChannels: 64, height: 8, width: 8, kernel: 3, stride: 1, padding: 1),
        ]
    }

    /// One measured convolution shape.
    public struct ConvResult: Sendable {
        public var shape: ConvShape
        /// Median wall time of one `conv2dForward`, in seconds.
        public var forwardSeconds: Double
        /// Median wall time of `conv2dForward` followed by `conv2dBackward`, in seconds.
        public var forwardBackwardSeconds: Double
        public var repeats: Int

        public init(shape: ConvShape, forwardSeconds: Double, forwardBackwardSeconds: Double, repeats: Int) {
            self.shape = shape
            self.forwardSeconds = forwardSeconds
            self.forwardBackwardSeconds = forwardBackwardSeconds
            self.repeats = repeats
        }

        public var forwardGFLOPs: Double { shape.forwardFLOPs / forwardSeconds / 1e9 }
        public var forwardBackwardGFLOPs: Double {
            (shape.forwardFLOPs + shape.backwardFLOPs) / forwardBackwardSeconds / 1e9
        }
    }

    /// Median times of forward and of forward + backward (both gradients, or dWeight only for
    /// the stem) on random operands, each after one untimed warm-up call. Outputs and gradients
    /// are freshly allocated per call, as in training.
    public func measure(_ shape: ConvShape) -> ConvResult {
        let g = shape.geometry
        var random = SeededRandom(seed: 42)
        func randomTensor(_ tensorShape: [Int]) -> Tensor {
            Tensor(shape: tensorShape, data: (0..<tensorShape.reduce(1, *)).map { _ in random.uniform() - 0.5 })
        }
        let input = randomTensor(g.inputShape), weight = randomTensor(g.weightShape)
        let dOutput = randomTensor(g.outputShape)
        let forward = timeMedian {
            blackHole(conv2dForward(input: input, weight: weight, stride: shape.stride, padding: shape.padding))
        }
        let forwardBackward = timeMedian {
            let output = conv2dForward(input: input, weight: weight, stride: shape.stride, padding: shape.padding)
            let grads = conv2dBackward(dOutput: dOutput, input: input, weight: weight, stride: shape.stride,
                                       padding: shape.padding, needsInputGradient: shape.needsInputGradient)
            blackHole((output, grads))
        }
        return ConvResult(shape: shape, forwardSeconds: forward.median, forwardBackwardSeconds: forwardBackward.median,
                          repeats: min(forward.repeats, forwardBackward.repeats))
    }
}
