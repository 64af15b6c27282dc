/// One `metadata_props` entry of a model (onnx.proto `StringStringEntryProto`): free-form
/// key/value provenance that runtimes expose (onnxruntime's `custom_metadata_map`), which
/// `shears export` uses to say which data set and label set the logits belong to.
public struct StringStringEntryProto: Equatable, Sendable {
    public var key: String
    public var value: String

    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

extension StringStringEntryProto: ProtobufMessage {
    public var encodedSize: Int { FieldSize.nonEmpty(1, key) + FieldSize.nonEmpty(2, value) }

    public func encode(to w: inout ProtobufWriter) {
        w.appendNonEmpty(1, key)
        w.appendNonEmpty(2, value)
    }

    public init(from r: inout ProtobufReader) throws(ONNXError) {
        self.init(key: "", value: "")
        while let f = try r.nextField() {
            switch f.number {
            case 1: key = try r.readString(f)
            case 2: value = try r.readString(f)
            default: try r.skip(f)
            }
        }
    }
}
