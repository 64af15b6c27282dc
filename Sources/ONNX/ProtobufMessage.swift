
/// A message that can announce its encoded size before writing itself, and read itself back.
///
/// The size/append pairing is protowire's: a parent writes a child's length prefix from
/// `encodedSize` and then lets the child append straight into the same buffer, so a
/// multi-megabyte initializer is copied once, into the output.
public protocol ProtobufMessage {
    /// Exactly the number of bytes `encode(to:)` appends.
    var encodedSize: Int { get }
    /// Appends the fields in field-number order (as protobuf's own serialisers do).
    func encode(to writer: inout ProtobufWriter)
    /// Reads fields until the reader's message ends; unknown fields are skipped.
    init(from reader: inout ProtobufReader) throws(ONNXError)
}

extension ProtobufMessage {
    /// The message on its own, e.g. a whole `.onnx` file for `ModelProto`.
    public func serializedBytes() -> [UInt8] {
        var w = ProtobufWriter(capacity: encodedSize)
        encode(to: &w)
        return w.bytes
    }

    /// Parses a message; errors name it by its Swift type (`ModelProto.graph.node: …`).
    public init(serializedBytes bytes: [UInt8]) throws(ONNXError) {
        var r = ProtobufReader(bytes, message: "\(Self.self)")
        try self.init(from: &r)
    }
}
