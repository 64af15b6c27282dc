import Foundation
import Kernels
import ONNX

/// Inference on Shears' own kernels: no runtime to install, and a cross-check of OpenVINO
/// (same ONNX file, same settings, same timing loops). It runs the graphs our exporter
/// writes — Conv, BatchNormalization, Relu, Add, GlobalAveragePool, Flatten, Gemm — compiled
/// by `NativeProgram` (BN folded into the convolutions, ReLU and residual sums fused into
/// their producers) and executed by `NativeSession` with `--threads` kernel threads.
public final class NativeBackend: InferenceBackend {
    public let name = "native"
    public let runtimeVersion: String
    /// Use the AVX-512 convolution (`KernelsAVX512`) when the CPU has it; false forces the
    /// portable im2col + `gemm` path (tests run both).
    public let allowsAVX512: Bool

    /// - Parameter version: the Shears version recorded beside every figure.
    public init(version: String = "shears", allowsAVX512: Bool = true) {
        runtimeVersion = version
        self.allowsAVX512 = allowsAVX512
    }

    public func load(model: URL, settings: SessionSettings) throws -> any InferenceSession {
        guard settings.device.uppercased() == "CPU" else {
            throw BenchError.unsupportedSetting(backend: name, setting: "--device", value: settings.device,
                                                supported: "CPU")
        }
        if let precision = settings.precision, precision != "f32" {
            throw BenchError.unsupportedSetting(backend: name, setting: "--precision", value: precision,
                                                supported: "f32, default")
        }
        guard FileManager.default.isReadableFile(atPath: model.path) else {
            throw BenchError.modelNotReadable(path: model.path, reason: "no such file or not readable")
        }
        let proto: ModelProto
        do { proto = try ModelProto(contentsOf: model) } catch {
            throw BenchError.modelNotReadable(path: model.path, reason: "\(error)")
        }
        let program = try NativeProgram(model: proto, batch: settings.batch, path: model.path)
        return NativeSession(program: program, settings: settings, useAVX512: allowsAVX512 && CPUFeatures.hasAVX512)
    }
}
