
extension Tensor {
    /// A tensor whose every value `body` writes. Kernels that overwrite their whole output
    /// use this to skip the zero fill `init(shape:)` pays (a full extra pass over memory on
    /// 8 MB activations).
    /// - Precondition: `body` initialises all `shape.reduce(1, *)` values.
    public init(shape: [Int], unsafeUninitialized body: (UnsafeMutableBufferPointer<Float>) -> Void) {
        let count = shape.reduce(1, *)
        precondition(count >= 0 && shape.allSatisfy { $0 >= 0 }, "negative dimension in shape \(shape)")
        let data = [Float](unsafeUninitializedCapacity: count) { buffer, initialised in
            body(buffer)
            initialised = count
        }
        self.init(shape: shape, data: data)
    }
}

/// A working buffer the caller fully overwrites before reading (im2col columns, GEMM
/// results), allocated without the zero fill.
func scratch(_ count: Int) -> [Float] {
    [Float](unsafeUninitializedCapacity: count) { _, initialised in initialised = count }
}
