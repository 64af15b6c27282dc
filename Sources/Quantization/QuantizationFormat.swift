import Kernels

/// Distiller's `LinearQuantMode`: how a float range maps onto the integer grid.
public enum QuantizationMode: String, Codable, Sendable, CaseIterable {
    /// Zero point 0, scale max|x| / (2^(b−1) − 1), signed integers (int8).
    case symmetric = "SYMMETRIC"
    /// The range widened to include 0, scale (max − min) / (2^b − 1), unsigned integers (uint8).
    case asymmetricUnsigned = "ASYMMETRIC_UNSIGNED"
    /// As unsigned, shifted by 2^(b−1) into signed integers (int8).
    case asymmetricSigned = "ASYMMETRIC_SIGNED"
}

/// Distiller's `ClipMode` for activations: which calibration statistic bounds the range.
public enum ClipMode: Codable, Hashable, Sendable, CustomStringConvertible {
    /// The min and max seen over all calibration images.
    case none
    /// The mean over images of each image's min and max (Distiller's avg_min/avg_max).
    case average
    /// mean ± n·std over all values, within [min, max].
    case standardDeviations(Double)

    public var description: String {
        switch self {
        case .none: return "NONE"
        case .average: return "AVG"
        case .standardDeviations(let n): return "N_STD(\(n))"
        }
    }
}

/// A bit width and a mode: everything that fixes a tensor's integer type and grid rule.
public struct TensorQuantization: Codable, Hashable, Sendable {
    public var bits: Int
    public var mode: QuantizationMode

    public init(bits: Int, mode: QuantizationMode) {
        precondition((2...8).contains(bits), "quantisation to \(bits) bits is not supported (2...8)")
        self.bits = bits
        self.mode = mode
    }

    /// Whether the integers are signed (ONNX int8) or unsigned (uint8).
    public var isSigned: Bool { mode != .asymmetricUnsigned }

    /// The saturation range: the integer type's full range at this width (what ONNX's
    /// QuantizeLinear saturates to at 8 bits).
    public var qmin: Int { isSigned ? -(1 << (bits - 1)) : 0 }
    public var qmax: Int { isSigned ? (1 << (bits - 1)) - 1 : (1 << bits) - 1 }

    /// The grid for the float range [lower, upper], Distiller's rules in ONNX's form
    /// (ONNX scale = 1 / Distiller's scale, zero point = −Distiller's zero point):
    /// symmetric uses the restricted ±(2^(b−1) − 1); asymmetric modes widen the range to
    /// include 0 so that 0 is exactly representable (ReLU outputs, zero padding).
    /// A zero-width range (a pruned filter) gets scale 1: every value is 0 anyway.
    public func grid(lower: Float, upper: Float) -> QuantizationGrid {
        switch mode {
        case .symmetric:
            let maxAbs = Double(max(abs(lower), abs(upper)))
            let scale = maxAbs > 0 ? Float(maxAbs / Double((1 << (bits - 1)) - 1)) : 1
            return QuantizationGrid(scale: scale, zeroPoint: 0, qmin: qmin, qmax: qmax)
        case .asymmetricUnsigned, .asymmetricSigned:
            let lo = Double(min(lower, 0)), hi = Double(max(upper, 0))
            let scale = hi > lo ? Float((hi - lo) / Double((1 << bits) - 1)) : 1
            let shifted = Int((-lo / Double(scale)).rounded(.toNearestOrEven)) + qmin
            return QuantizationGrid(scale: scale, zeroPoint: min(max(shifted, qmin), qmax), qmin: qmin, qmax: qmax)
        }
    }
}

/// How one layer's weight is quantised (BN folded first).
public struct WeightQuantization: Codable, Hashable, Sendable {
    public var format: TensorQuantization
    /// One grid per output channel (ONNX per-axis, axis 0) instead of one per tensor.
    public var perChannel: Bool

    public init(format: TensorQuantization, perChannel: Bool) {
        self.format = format
        self.perChannel = perChannel
    }

    /// The grids of `weight` `[K, …]`: K of them, all equal when per-tensor.
    public func grids(for weight: Tensor) -> [QuantizationGrid] {
        let k = weight.shape[0], per = weight.count / k
        if !perChannel {
            let lo = weight.data.min() ?? 0, hi = weight.data.max() ?? 0
            return Array(repeating: format.grid(lower: lo, upper: hi), count: k)
        }
        return (0..<k).map { c in
            let slice = weight.data[(c * per)..<((c + 1) * per)]
            return format.grid(lower: slice.min() ?? 0, upper: slice.max() ?? 0)
        }
    }
}

/// How one activation point (a layer's input) is quantised.
public struct ActivationQuantization: Codable, Hashable, Sendable {
    public var format: TensorQuantization
    public var clip: ClipMode

    public init(format: TensorQuantization, clip: ClipMode) {
        self.format = format
        self.clip = clip
    }
}
