import Foundation
import ONNX

/// Reads an `.onnx` file with Shears' own decoder before a runtime sees it. OpenVINO answers
/// a truncated or garbage file with pages of frontend logs and a generic error (exit 1, and a
/// 10-byte prefix of a model even compiled as an empty one); this names the file and the byte
/// where the protobuf breaks, and is bad input (exit 2). Operators are not checked: OpenVINO
/// runs many the native backend and `shears summary` do not.
enum ModelPreflight {
    static func check(_ model: URL) throws {
        guard model.pathExtension.lowercased() == "onnx" else { return }
        let proto: ModelProto
        do { proto = try ModelProto(contentsOf: model) } catch {
            if case .io(_, let reason) = error { throw BenchError.modelNotReadable(path: model.path, reason: reason) }
            throw BenchError.modelNotReadable(path: model.path, reason: "not a valid ONNX model: \(error)")
        }
        guard !proto.graph.node.isEmpty else {
            throw BenchError.modelNotReadable(path: model.path, reason: "not a valid ONNX model: \(ONNXError.emptyGraph)")
        }
    }
}
