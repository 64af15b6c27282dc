import Foundation
import JSON

/// The TRAIN stage's result: the thinned model (checkpoint and ONNX bytes, so a bench agent on
/// another machine needs nothing else) and what training measured. JSON-serialisable; bytes
/// travel base64-encoded (a thinned ResNet-20 is under 1 MB of weights).
public struct TrainedTrial: Equatable, Sendable {
    public var trial: Int
    public var seed: UInt64
    public var valTop1: Double
    public var testTop1: Double
    /// Weights of the thinned network as Distiller counts them (convolutions and fc), and its MACs.
    public var parameterCount: Int
    public var macs: Int
    /// The safetensors checkpoint of the thinned network.
    public var checkpoint: [UInt8]
    /// The ONNX model of the thinned network.
    public var onnx: [UInt8]
    public var trainSeconds: Double
    /// Whatever else the trainer reports (architecture, per-epoch losses, sparsity), kept verbatim.
    public var details: JSONValue

    public init(trial: Int, seed: UInt64, valTop1: Double, testTop1: Double, parameterCount: Int, macs: Int,
                checkpoint: [UInt8], onnx: [UInt8], trainSeconds: Double, details: JSONValue = [:]) {
        self.trial = trial
        self.seed = seed
        self.valTop1 = valTop1
        self.testTop1 = testTop1
        self.parameterCount = parameterCount
        self.macs = macs
        self.checkpoint = checkpoint
        self.onnx = onnx
        self.trainSeconds = trainSeconds
        self.details = details
    }

    public var json: JSONValue {
        [
            "trial": JSONValue(trial), "seed": .string(String(seed)), "val_top1": JSONValue(valTop1),
            "test_top1": JSONValue(testTop1), "params": JSONValue(parameterCount), "macs": JSONValue(macs),
            "train_seconds": JSONValue(trainSeconds), "details": details,
            "checkpoint": .string(Data(checkpoint).base64EncodedString()),
            "onnx": .string(Data(onnx).base64EncodedString()),
        ]
    }

    public init(json: JSONValue) throws {
        let r = JSONFields(json, what: "trained trial")
        self.init(trial: try r.int("trial"), seed: try r.seed("seed"), valTop1: try r.double("val_top1"),
                  testTop1: try r.double("test_top1"), parameterCount: try r.int("params"), macs: try r.int("macs"),
                  checkpoint: try r.bytes("checkpoint"), onnx: try r.bytes("onnx"),
                  trainSeconds: try r.double("train_seconds"), details: json["details"] ?? [:])
    }
}
