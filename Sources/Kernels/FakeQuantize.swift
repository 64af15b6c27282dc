// Simulated ("fake") quantisation with exactly ONNX's QuantizeLinear followed by
// DequantizeLinear (opset 13):
//   q = saturate(roundHalfToEven(x / scale) + zeroPoint)  into [qmin, qmax]
//   y = Float(q − zeroPoint) · scale
// The division (not a multiplication by 1/scale) and the round-half-to-even are what
// onnxruntime's MLAS kernels do, so a simulated network and the exported QDQ graph agree to
// the last bit at every quantised tensor. Memory-bound: parallel over fixed blocks of values
// (each value is independent, so any split gives the same bits), SIMD16 inside a block.

private let fakeQuantizeGrain = 1 << 16

/// The integer grid one tensor is quantised to: ONNX's `y_scale`, `y_zero_point` and the
/// saturation range of its integer type (narrower for simulated bit widths below 8).
public struct QuantizationGrid: Equatable, Sendable {
    public var scale: Float
    public var zeroPoint: Int
    public var qmin: Int
    public var qmax: Int

    public init(scale: Float, zeroPoint: Int, qmin: Int, qmax: Int) {
        precondition(scale > 0 && scale.isFinite, "quantisation scale must be positive and finite, got \(scale)")
        precondition(qmin < qmax && (qmin...qmax).contains(zeroPoint),
                     "zero point \(zeroPoint) must lie in [\(qmin), \(qmax)]")
        self.scale = scale
        self.zeroPoint = zeroPoint
        self.qmin = qmin
        self.qmax = qmax
    }

    /// QuantizeLinear of one value: the integer it is stored as.
    @inline(__always)
    public func quantize(_ x: Float) -> Int {
        let lower = Float(qmin - zeroPoint), upper = Float(qmax - zeroPoint)
        return Int(min(max((x / scale).rounded(.toNearestOrEven), lower), upper)) + zeroPoint
    }

    /// DequantizeLinear of one stored integer.
    @inline(__always)
    public func dequantize(_ q: Int) -> Float { Float(q - zeroPoint) * scale }
}

/// QuantizeLinear + DequantizeLinear of every value with one (per-tensor) grid, in place.
/// - Complexity: O(count); allocates nothing.
public func fakeQuantizeInPlace(_ tensor: inout Tensor, grid: QuantizationGrid) {
    let scale = SIMD16<Float>(repeating: grid.scale)
    let lower = SIMD16<Float>(repeating: Float(grid.qmin - grid.zeroPoint))
    let upper = SIMD16<Float>(repeating: Float(grid.qmax - grid.zeroPoint))
    // (q − zp) is computed directly: saturate(round(x/s)) in the shifted range, then × s.
    tensor.data.withUnsafeMutableBufferPointer { buffer in
        let p = buffer.baseAddress
        parallelRanges(buffer.count, grain: fakeQuantizeGrain) { range in
            var i = range.lowerBound
            while i + 16 <= range.upperBound {
                let x = UnsafeRawPointer(p! + i).loadUnaligned(as: SIMD16<Float>.self)
                let q = (x / scale).rounded(.toNearestOrEven).clamped(lowerBound: lower, upperBound: upper)
                UnsafeMutableRawPointer(p! + i).storeBytes(of: q * scale, as: SIMD16<Float>.self)
                i += 16
            }
            while i < range.upperBound {
                p![i] = grid.dequantize(grid.quantize(p![i]))
                i += 1
            }
        }
    }
}

/// Per-axis QuantizeLinear + DequantizeLinear along axis 0 (a weight's output channels:
/// `grids[k]` for the values of filter k), in place.
/// - Complexity: O(count); allocates nothing.
public func fakeQuantizePerChannelInPlace(_ tensor: inout Tensor, grids: [QuantizationGrid]) {
    precondition(!tensor.shape.isEmpty && tensor.shape[0] == grids.count,
                 "\(grids.count) grids for a tensor of shape \(tensor.shape)")
    let perChannel = tensor.count / max(grids.count, 1)
    for (k, grid) in grids.enumerated() {
        for i in (k * perChannel)..<((k + 1) * perChannel) {
            tensor.data[i] = grid.dequantize(grid.quantize(tensor.data[i]))
        }
    }
}

/// QuantizeLinear along axis 0: the stored integers of a per-channel quantised weight.
/// - Complexity: O(count); allocates the result.
public func quantizePerChannel(_ tensor: Tensor, grids: [QuantizationGrid]) -> [Int] {
    precondition(!tensor.shape.isEmpty && tensor.shape[0] == grids.count,
                 "\(grids.count) grids for a tensor of shape \(tensor.shape)")
    let perChannel = tensor.count / max(grids.count, 1)
    return tensor.data.indices.map { grids[$0 / perChannel].quantize(tensor.data[$0]) }
}
