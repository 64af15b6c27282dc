
/// Everything that can go wrong reading, writing or inspecting an ONNX model. Wire errors
/// carry the message path, field number and absolute byte offset so a corrupt file can be
/// located with a hex dump; graph errors name the node and the offending value.
public enum ONNXError: Error, Equatable, Sendable, CustomStringConvertible {
    // MARK: Wire format
    /// The input ended inside a tag (`field` nil) or inside a field's varint.
    case truncatedVarint(message: String, field: Int?, offset: Int)
    /// A varint ran past 10 bytes or past 64 bits.
    case varintOverflow(message: String, field: Int?, offset: Int)
    /// A fixed-width value or a length-delimited payload runs past the end of its message.
    case truncated(message: String, field: Int, offset: Int, needed: UInt64, remaining: Int)
    /// Field number 0 or above 2^29-1 in a tag.
    case invalidFieldNumber(message: String, number: UInt64, offset: Int)
    /// Wire types 3 and 4 (deprecated groups) and 6, 7 (undefined).
    case unsupportedWireType(message: String, field: Int, wireType: Int, offset: Int)
    /// A known field arrived with a wire type its declared type cannot have.
    case wrongWireType(message: String, field: Int, expected: WireType, found: WireType, offset: Int)
    /// A `string` field that is not UTF-8.
    case invalidUTF8(message: String, field: Int, offset: Int)
    /// A packed run of fixed-width values whose length is not a multiple of the width.
    case packedLengthNotMultiple(message: String, field: Int, offset: Int, length: Int, width: Int)

    // MARK: Model content
    /// An attribute type this model does not represent (graphs, sparse tensors, type protos).
    case unsupportedAttributeType(attribute: String, type: Int32)
    /// Tensor data we cannot turn into float32 values.
    case unsupportedDataType(tensor: String, dataType: Int32)
    /// A tensor whose stored values do not match its dims.
    case tensorSizeMismatch(tensor: String, dims: [Int64], values: Int)
    /// Reading or writing the model file failed.
    case io(path: String, reason: String)

    // MARK: Graph inspection
    /// An operator the inspector cannot infer shapes or MACs for.
    case unsupportedOperator(node: String, opType: String, supported: [String])
    /// A node input that no graph input, initializer or earlier node provides.
    case unknownValue(node: String, value: String)
    /// A node with the wrong number of inputs for its operator.
    case inputCount(node: String, opType: String, expected: String, found: Int)
    /// Input shapes an operator cannot combine; `detail` says which and how.
    case shapeMismatch(node: String, detail: String)
    /// A node, value or initializer name the graph already uses (names must be unique).
    case duplicateName(String)
    /// A graph input without a known rank, or with a symbolic dimension after the leading batch.
    case missingInputShape(input: String)
    /// A value whose dims are negative or whose element count exceeds `ShapeLimits`.
    case shapeTooLarge(value: String, shape: [Int])
    /// A node, or the whole graph, above `ShapeLimits.macs` multiply-accumulates.
    case tooManyMACs(node: String)
    /// A model without a graph node (an empty or truncated file parses as one).
    case emptyGraph

    public var description: String {
        switch self {
        case let .truncatedVarint(message, nil, offset):
            "\(message): tag at byte \(offset) is truncated (the message ends inside it)"
        case let .truncatedVarint(message, field?, offset):
            "\(message): varint of field \(field) at byte \(offset) is truncated (the message ends inside it)"
        case let .varintOverflow(message, nil, offset):
            "\(message): tag at byte \(offset) is longer than 10 bytes or overflows 64 bits"
        case let .varintOverflow(message, field?, offset):
            "\(message): varint of field \(field) at byte \(offset) is longer than 10 bytes or overflows 64 bits"
        case let .truncated(message, field, offset, needed, remaining):
            "\(message): field \(field) at byte \(offset) needs \(needed) bytes but only \(remaining) remain"
        case let .invalidFieldNumber(message, number, offset):
            "\(message): invalid field number \(number) in the tag at byte \(offset)"
        case let .unsupportedWireType(message, field, wireType, offset):
            "\(message): field \(field) at byte \(offset) uses wire type \(wireType) "
                + (wireType == 3 || wireType == 4 ? "(deprecated groups), which is not supported" : "(undefined)")
        case let .wrongWireType(message, field, expected, found, offset):
            "\(message): field \(field) at byte \(offset) is \(found), expected \(expected)"
        case let .invalidUTF8(message, field, offset):
            "\(message): string field \(field) at byte \(offset) is not valid UTF-8"
        case let .packedLengthNotMultiple(message, field, offset, length, width):
            "\(message): packed field \(field) at byte \(offset) has length \(length), not a multiple of \(width)"
        case let .unsupportedAttributeType(attribute, type):
            "attribute '\(attribute)' has type \(type); supported: FLOAT (1), INT (2), STRING (3), TENSOR (4), "
                + "FLOATS (6), INTS (7), STRINGS (8)"
        case let .unsupportedDataType(tensor, dataType):
            "tensor '\(tensor)' has data type \(dataType); only FLOAT (1) tensors can be read as float32"
        case let .tensorSizeMismatch(tensor, dims, values):
            "tensor '\(tensor)' has dims \(dims) but holds \(values) values"
        case let .io(path, reason):
            "\(path): \(reason)"
        case let .unsupportedOperator(node, opType, supported):
            "node '\(node)': unsupported operator '\(opType)'; supported: \(supported.joined(separator: ", "))"
        case let .unknownValue(node, value):
            "node '\(node)': input '\(value)' is not a graph input, an initializer or an earlier node's output"
        case let .inputCount(node, opType, expected, found):
            "node '\(node)': \(opType) takes \(expected) inputs, found \(found)"
        case let .shapeMismatch(node, detail):
            "node '\(node)': \(detail)"
        case let .duplicateName(name):
            "the name '\(name)' is already used by another node, value or initializer"
        case let .missingInputShape(input):
            "graph input '\(input)' has no tensor shape, or a symbolic dimension other than the leading batch"
        case let .shapeTooLarge(value, shape):
            "'\(value)' has shape \(shape); dims must lie in 0...\(ShapeLimits.dimension) and hold at most "
                + "\(ShapeLimits.elements) elements"
        case let .tooManyMACs(node):
            "node '\(node)': more than \(ShapeLimits.macs) multiply-accumulates"
        case .emptyGraph:
            "the model has no graph nodes (an empty or truncated file)"
        }
    }
}
