import Kernels
import ShearsTestSupport
import Testing

/// One convolution shape to check, named by what makes it awkward.
struct ConvCase: CustomTestStringConvertible, Sendable {
    let id: String
    let n, c, h, w, k, r, s, stride, padding: Int
    var testDescription: String { id }

    static let all: [ConvCase] = [
        ConvCase(id: "3x3 stride 1 pad 1 on an odd 5x7 image", n: 2, c: 3, h: 5, w: 7, k: 4, r: 3, s: 3, stride: 1, padding: 1),
        ConvCase(id: "3x3 stride 2 pad 1 on an odd 5x7 image", n: 2, c: 3, h: 5, w: 7, k: 4, r: 3, s: 3, stride: 2, padding: 1),
        ConvCase(id: "1x1 stride 2 shortcut on an odd 7x5 image", n: 3, c: 3, h: 7, w: 5, k: 2, r: 1, s: 1, stride: 2, padding: 0),
        ConvCase(id: "1x1 stride 1", n: 2, c: 5, h: 4, w: 3, k: 3, r: 1, s: 1, stride: 1, padding: 0),
        ConvCase(id: "3x3 stride 1 without padding", n: 1, c: 2, h: 6, w: 6, k: 3, r: 3, s: 3, stride: 1, padding: 0),
        ConvCase(id: "3x3 stride 2 with padding 2", n: 2, c: 2, h: 6, w: 5, k: 3, r: 3, s: 3, stride: 2, padding: 2),
        ConvCase(id: "non-square 3x2 filter, stride 3", n: 2, c: 2, h: 7, w: 8, k: 2, r: 3, s: 2, stride: 3, padding: 1),
        ConvCase(id: "5x5 stride 1 pad 2 (same size) on a 6x4 image", n: 2, c: 2, h: 6, w: 4, k: 3, r: 5, s: 5, stride: 1, padding: 2),
        ConvCase(id: "3x3 stride 1 pad 1 on a one-pixel-wide column", n: 2, c: 2, h: 5, w: 1, k: 2, r: 3, s: 3, stride: 1, padding: 1),
        ConvCase(id: "3x3 stride 1 pad 1 on a 1x1 plane (a strided stage's end; overran im2col's row)",
                 n: 2, c: 2, h: 1, w: 1, k: 2, r: 3, s: 3, stride: 1, padding: 1),
        ConvCase(id: "3x3 stride 1 pad 1 on a one-pixel-high row", n: 2, c: 2, h: 1, w: 5, k: 2, r: 3, s: 3, stride: 1, padding: 1),
        ConvCase(id: "single pixel, single channel", n: 1, c: 1, h: 1, w: 1, k: 1, r: 1, s: 1, stride: 1, padding: 0),
    ]
}

/// Direct seven-loop convolution in Double: the oracle for the im2col + GEMM path.
func naiveConv2d(_ x: Tensor, _ w: Tensor, bias: Tensor?, stride: Int, padding: Int) -> Tensor {
    let (N, C, H, W) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
    let (K, R, S) = (w.shape[0], w.shape[2], w.shape[3])
    let P = (H + 2 * padding - R) / stride + 1, Q = (W + 2 * padding - S) / stride + 1
    var y = Tensor(shape: [N, K, P, Q])
    for n in 0..<N { for k in 0..<K { for p in 0..<P { for q in 0..<Q {
        var sum = Double(bias?.data[k] ?? 0)
        for c in 0..<C { for r in 0..<R { for s in 0..<S {
            let h = p * stride - padding + r, v = q * stride - padding + s
            if h >= 0 && h < H && v >= 0 && v < W {
                sum += Double(x.data[((n * C + c) * H + h) * W + v]) * Double(w.data[((k * C + c) * R + r) * S + s])
            }
        } } }
        y.data[((n * K + k) * P + p) * Q + q] = Float(sum)
    } } } }
    return y
}

func randomTensor(_ shape: [Int], seed: UInt64) -> Tensor {
    var rng = TestRandom(seed: seed)
    return Tensor(shape: shape, data: rng.floats(shape.reduce(1, *)))
}

struct Conv2DTests {
    @Test(arguments: ConvCase.all)
    func forwardMatchesDirectConvolution(_ t: ConvCase) {
        let x = randomTensor([t.n, t.c, t.h, t.w], seed: 1)
        let w = randomTensor([t.k, t.c, t.r, t.s], seed: 2)
        let b = randomTensor([t.k], seed: 3)
        for bias in [nil, b] {
            let y = conv2dForward(input: x, weight: w, bias: bias, stride: t.stride, padding: t.padding)
            let expected = naiveConv2d(x, w, bias: bias, stride: t.stride, padding: t.padding)
            #expect(y.shape == expected.shape)
            let check = closeness(y.data, expected.data, tol: 1e-5, label: "conv forward \(t.id), bias \(bias != nil)")
            #expect(check.ok, "\(check.message)")
        }
    }

    @Test(arguments: ConvCase.all)
    func backwardMatchesFiniteDifferences(_ t: ConvCase) {
        let x = randomTensor([t.n, t.c, t.h, t.w], seed: 4)
        let w = randomTensor([t.k, t.c, t.r, t.s], seed: 5)
        let b = randomTensor([t.k], seed: 6)
        let y = conv2dForward(input: x, weight: w, bias: b, stride: t.stride, padding: t.padding)
        let g = randomTensor(y.shape, seed: 7)  // L = ⟨y, g⟩, so dOutput = g

        let dInput = conv2dBackwardData(dOutput: g, weight: w, inputShape: x.shape, stride: t.stride, padding: t.padding)
        let dWeight = conv2dBackwardWeights(dOutput: g, input: x, weightShape: w.shape, stride: t.stride, padding: t.padding)
        let dBias = conv2dBackwardBias(dOutput: g)

        func loss(_ x: Tensor, _ w: Tensor, _ b: Tensor) -> Double {
            dotDouble(conv2dForward(input: x, weight: w, bias: b, stride: t.stride, padding: t.padding).data, g.data)
        }
        let numX = numericalGradient(of: x.data) { loss(Tensor(shape: x.shape, data: $0), w, b) }
        let numW = numericalGradient(of: w.data) { loss(x, Tensor(shape: w.shape, data: $0), b) }
        let numB = numericalGradient(of: b.data) { loss(x, w, Tensor(shape: b.shape, data: $0)) }
        for (label, analytic, numeric) in [("dInput", dInput.data, numX), ("dWeight", dWeight.data, numW),
                                           ("dBias", dBias.data, numB)] {
            let check = closeness(analytic, numeric, tol: 2e-3, label: "conv \(label) \(t.id)")
            #expect(check.ok, "\(check.message)")
        }
    }

    /// A shape big enough that the batch is split into several im2col chunks (here 6 images and
    /// then 1, which also takes the one-image path that writes NCHW in place).
    @Test func chunkedBatchMatchesDirectConvolution() {
        let x = randomTensor([7, 32, 32, 32], seed: 8)
        let w = randomTensor([8, 32, 3, 3], seed: 9)
        let geometry = Conv2DGeometry(inputShape: x.shape, weightShape: w.shape, stride: 1, padding: 1)
        #expect(geometry.imagesPerChunk == 6)
        let y = conv2dForward(input: x, weight: w, stride: 1, padding: 1)
        let check = closeness(y.data, naiveConv2d(x, w, bias: nil, stride: 1, padding: 1).data, tol: 1e-4,
                              label: "chunked conv forward")
        #expect(check.ok, "\(check.message)")

        // Backward passes against per-image calls (single-image chunks), which the small cases
        // above already check against finite differences.
        let g = randomTensor(y.shape, seed: 10)
        let dInput = conv2dBackwardData(dOutput: g, weight: w, inputShape: x.shape, stride: 1, padding: 1)
        let dWeight = conv2dBackwardWeights(dOutput: g, input: x, weightShape: w.shape, stride: 1, padding: 1)
        var perImageDInput: [Float] = []
        var perImageDWeight = [Float](repeating: 0, count: w.count)
        for n in 0..<7 {
            let xn = Tensor(shape: [1, 32, 32, 32], data: Array(x.data[n * 32_768 ..< (n + 1) * 32_768]))
            let gn = Tensor(shape: [1, 8, 32, 32], data: Array(g.data[n * 8192 ..< (n + 1) * 8192]))
            perImageDInput += conv2dBackwardData(dOutput: gn, weight: w, inputShape: xn.shape, stride: 1, padding: 1).data
            let dw = conv2dBackwardWeights(dOutput: gn, input: xn, weightShape: w.shape, stride: 1, padding: 1)
            for i in dw.data.indices { perImageDWeight[i] += dw.data[i] }
        }
        let dataCheck = closeness(dInput.data, perImageDInput, tol: 1e-4, label: "chunked conv dInput")
        #expect(dataCheck.ok, "\(dataCheck.message)")
        let weightCheck = closeness(dWeight.data, perImageDWeight, tol: 1e-2, label: "chunked conv dWeight")
        #expect(weightCheck.ok, "\(weightCheck.message)")
    }

    @Test func combinedBackwardEqualsTheSingleGradientForms() {
        let x = randomTensor([7, 32, 16, 16], seed: 14)
        let w = randomTensor([16, 32, 3, 3], seed: 15)
        let g = randomTensor([7, 16, 8, 8], seed: 16)
        let both = conv2dBackward(dOutput: g, input: x, weight: w, stride: 2, padding: 1)
        #expect(both.dInput == conv2dBackwardData(dOutput: g, weight: w, inputShape: x.shape, stride: 2, padding: 1))
        #expect(both.dWeight == conv2dBackwardWeights(dOutput: g, input: x, weightShape: w.shape, stride: 2, padding: 1))
        let weightsOnly = conv2dBackward(dOutput: g, input: x, weight: w, stride: 2, padding: 1, needsInputGradient: false)
        #expect(weightsOnly.dInput == nil)
        #expect(weightsOnly.dWeight == both.dWeight)
    }

    @Test func emptyBatchGivesZeroGradients() {
        let x = Tensor(shape: [0, 3, 5, 5]), w = randomTensor([4, 3, 3, 3], seed: 17)
        let y = conv2dForward(input: x, weight: w, stride: 1, padding: 1)
        #expect(y.shape == [0, 4, 5, 5])
        let grads = conv2dBackward(dOutput: y, input: x, weight: w, stride: 1, padding: 1)
        #expect(grads.dWeight == Tensor(shape: [4, 3, 3, 3]))
        #expect(grads.dInput == x)
    }

    @Test func repeatedCallsGiveIdenticalBits() {
        let x = randomTensor([7, 32, 16, 16], seed: 11)
        let w = randomTensor([16, 32, 3, 3], seed: 12)
        let g = randomTensor([7, 16, 8, 8], seed: 13)
        let first = conv2dBackwardWeights(dOutput: g, input: x, weightShape: w.shape, stride: 2, padding: 1)
        for _ in 0..<3 {
            #expect(conv2dBackwardWeights(dOutput: g, input: x, weightShape: w.shape, stride: 2, padding: 1) == first)
        }
    }

    @Test func geometryFollowsPyTorchOutputSize() {
        let g = Conv2DGeometry(inputShape: [128, 16, 32, 32], weightShape: [32, 16, 3, 3], stride: 2, padding: 1)
        #expect(g.outputShape == [128, 32, 16, 16])
        #expect(g.patchSize == 144)
        #expect(g.macs == 128 * 32 * 16 * 16 * 144)
        let odd = Conv2DGeometry(inputShape: [1, 3, 5, 7], weightShape: [4, 3, 1, 1], stride: 2, padding: 0)
        #expect(odd.outputShape == [1, 4, 3, 4])
    }
}
