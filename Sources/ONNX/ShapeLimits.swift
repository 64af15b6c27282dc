/// Bounds on the sizes an ONNX file may declare. A model is untrusted input: dims of 2³⁰ or
/// [2⁶², 2⁶²] overflowed the element and MAC counts (a trap, not an error), and nothing Shears
/// measures comes near these limits (ResNet-56 at batch 1024 has 2.4·10⁸ activations per
/// tensor and 1.3·10¹³ MACs).
enum ShapeLimits {
    /// Largest single dimension, and largest absolute value of an integer attribute
    /// (strides, pads, dilations, axis), so that sums of a few of them cannot overflow.
    static let dimension = 1 << 31
    /// Largest number of elements of any tensor, initializer or inferred value.
    static let elements = 1 << 40
    /// Largest multiply-accumulate count of one node and of the whole graph.
    static let macs = 1 << 56

    /// The product of `shape`, or an error naming `value` when a dimension is negative or too
    /// large or the product exceeds `elements`.
    static func elementCount(_ shape: [Int], value: String) throws(ONNXError) -> Int {
        var product = 1
        for d in shape {
            guard (0...dimension).contains(d) else { throw .shapeTooLarge(value: value, shape: shape) }
            let (p, overflow) = product.multipliedReportingOverflow(by: d)
            guard !overflow, p <= elements else { throw .shapeTooLarge(value: value, shape: shape) }
            product = p
        }
        return product
    }

    /// Stored dims as `Int`s, checked like `elementCount`.
    static func checked(_ dims: [Int64], value: String) throws(ONNXError) -> [Int] {
        let shape = dims.map { Int(clamping: $0) }
        _ = try elementCount(shape, value: value)
        return shape
    }

    /// `a + b` when it stays within `elements` (a running parameter count).
    static func sum(_ a: Int, _ b: Int, node: String) throws(ONNXError) -> Int {
        let (s, overflow) = a.addingReportingOverflow(b)
        guard !overflow, s <= elements else { throw .shapeTooLarge(value: node, shape: [s]) }
        return s
    }

    /// `a · b` when it stays within `macs`.
    static func macs(_ a: Int, _ b: Int, node: String) throws(ONNXError) -> Int {
        let (p, overflow) = a.multipliedReportingOverflow(by: b)
        guard !overflow, p <= macs else { throw .tooManyMACs(node: node) }
        return p
    }

    /// An integer attribute, refused beyond ±`dimension`.
    static func attribute(_ value: Int64, name: String, node: String) throws(ONNXError) -> Int {
        guard value.magnitude <= UInt64(dimension) else {
            throw .shapeMismatch(node: node, detail: "attribute '\(name)' is \(value), beyond ±\(dimension)")
        }
        return Int(value)
    }
}
