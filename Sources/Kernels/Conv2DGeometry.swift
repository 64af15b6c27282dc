
// N batch, C in-channels, K out-channels, H×W input, R×S filter, P×Q output.

/// Every size one 2-D convolution is defined by, derived once from the tensor shapes and
/// checked at the public boundary so the kernels below can trust it.
public struct Conv2DGeometry: Equatable, Sendable {
    public let batch: Int          // N
    public let inChannels: Int     // C
    public let height: Int         // H
    public let width: Int          // W
    public let outChannels: Int    // K
    public let kernelHeight: Int   // R
    public let kernelWidth: Int    // S
    public let stride: Int
    public let padding: Int

    /// P = ⌊(H + 2·pad − R) / stride⌋ + 1, as PyTorch computes it.
    public var outHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    /// Q = ⌊(W + 2·pad − S) / stride⌋ + 1.
    public var outWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Rows of the im2col matrix: C·R·S.
    public var patchSize: Int { inChannels * kernelHeight * kernelWidth }
    /// Multiply-accumulates for the whole batch: N·K·P·Q·C·R·S.
    public var macs: Int { batch * outChannels * outHeight * outWidth * patchSize }

    /// Stride 1 with "same" padding (P = H, Q = W, e.g. 3×3 with padding 1): im2col rows are
    /// shifted copies of whole planes, which `im2col`/`col2im` exploit.
    var isSamePadded: Bool { stride == 1 && outHeight == height && outWidth == width }

    public var inputShape: [Int] { [batch, inChannels, height, width] }
    public var weightShape: [Int] { [outChannels, inChannels, kernelHeight, kernelWidth] }
    public var outputShape: [Int] { [batch, outChannels, outHeight, outWidth] }

    /// - Precondition: `input` is NCHW, `weight` is KCRS with the same C, stride ≥ 1,
    ///   padding ≥ 0, and the padded input is at least as large as the filter.
    public init(inputShape: [Int], weightShape: [Int], stride: Int, padding: Int) {
        precondition(inputShape.count == 4, "conv2d input must be [N, C, H, W], got \(inputShape)")
        precondition(weightShape.count == 4, "conv2d weight must be [K, C, R, S], got \(weightShape)")
        precondition(inputShape[1] == weightShape[1],
                     "conv2d input has \(inputShape[1]) channels but weight \(weightShape) expects \(weightShape[1])")
        precondition(stride >= 1, "conv2d stride must be at least 1, got \(stride)")
        precondition(padding >= 0, "conv2d padding must be non-negative, got \(padding)")
        precondition(inputShape[2] + 2 * padding >= weightShape[2] && inputShape[3] + 2 * padding >= weightShape[3],
                     "conv2d filter \(weightShape[2])×\(weightShape[3]) is larger than the padded input "
                     + "\(inputShape[2])×\(inputShape[3]) (padding \(padding))")
        batch = inputShape[0]
        inChannels = inputShape[1]
        height = inputShape[2]
        width = inputShape[3]
        outChannels = weightShape[0]
        kernelHeight = weightShape[2]
        kernelWidth = weightShape[3]
        self.stride = stride
        self.padding = padding
    }

    /// How many images one im2col GEMM covers. The whole-batch im2col matrix of ResNet-20's
    /// first stage is 144 × 131072 floats (75 MB) per convolution; chunks of whole images keep
    /// the column buffer and the GEMM result together under about 8 MB while leaving the GEMM
    /// thousands of columns (3264 to 77 824 on ResNet-20 at batch 128), where it runs at speed.
    /// Depends only on the geometry, so the reduction order of weight gradients is fixed.
    public var imagesPerChunk: Int {
        let columnsPerImage = max(outHeight * outWidth, 1)
        let budgetFloats = 1 << 21
        let columns = max(budgetFloats / max(patchSize + outChannels, 1), columnsPerImage)
        return max(1, min(batch, columns / columnsPerImage))
    }
}
