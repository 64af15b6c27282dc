
/// A dense float32 tensor: flat storage plus a shape, NCHW for activations and
/// KCRS for convolution weights. A value type so layers can hand tensors forward
/// without aliasing surprises; kernels reach the storage through `withUnsafe…`.
public struct Tensor: Equatable, Sendable {
    public var shape: [Int]
    public var data: [Float]

    public init(shape: [Int], data: [Float]) {
        precondition(shape.reduce(1, *) == data.count,
                     "shape \(shape) needs \(shape.reduce(1, *)) values, got \(data.count)")
        self.shape = shape
        self.data = data
    }

    public init(shape: [Int], repeating value: Float = 0) {
        self.shape = shape
        self.data = [Float](repeating: value, count: shape.reduce(1, *))
    }

    public static func zeros(_ shape: Int...) -> Tensor { Tensor(shape: shape) }

    public var count: Int { data.count }
}
