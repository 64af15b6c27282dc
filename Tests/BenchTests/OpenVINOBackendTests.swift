import Bench
import Foundation
import ShearsTestSupport
import Testing

/// The OpenVINO backend against the real runtime from the venv: no mocks, because the point
/// is that our C declarations match the library that is actually installed.
@Suite(.serialized)
struct OpenVINOBackendTests {
    static func makeBackend() throws -> OpenVINOBackend {
        _ = try PythonFixtures.python()  // the same venv provides OpenVINO; name the remedy
        return try OpenVINOBackend()
    }

    @Test func versionIsReported() throws {
        let backend = try Self.makeBackend()
        #expect(backend.runtimeVersion.hasPrefix("2026.4.1"), "\(backend.runtimeVersion)")
        #expect(try backend.library.version() == backend.runtimeVersion)
    }

    @Test(arguments: [OpenVINOBackend.PropertyPassing.propertyArray, .variadic])
    func matchesOnnxRuntime(passing: OpenVINOBackend.PropertyPassing) throws {
        let directory = try PythonFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("tiny.onnx")
        try PythonFixtures.writeModel("tiny", to: model)
        let backend = try Self.makeBackend()
        backend.propertyPassing = passing
        let batch = 4
        var random = TestRandom(seed: 7)
        let input = random.floats(batch * 3 * 32 * 32)
        let session = try backend.load(model: model, settings: SessionSettings(threads: 1, batch: batch))
        #expect(session.outputShape == [batch, 10])
        #expect(session.effectiveThreads == 1)
        let ours = try session.infer(input)
        let reference = try PythonFixtures.onnxRuntimeOutput(model: model, input: input, batch: batch)
        let check = closeness(ours, reference, tol: 1e-4, label: "logits (\(passing))")
        #expect(check.ok, "\(check.message)")
    }
}
