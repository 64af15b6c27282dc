import Foundation
import ShearsTestSupport
import Testing
import Runtime

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

/// Failures name the remedy or OpenVINO's own status and message.
@Suite(.serialized)
struct OpenVINOErrorTests {
    @Test func badLibraryPathGivesInstallHint() {
        #expect(throws: BenchError.self) { try OpenVINOBackend(libraryPath: "/nonexistent/libopenvino_c.so") }
        do {
            _ = try OpenVINOLibrary.load(explicitPath: "/nonexistent/libopenvino_c.so")
        } catch {
            #expect("\(error)" == """
                cannot load OpenVINO C library '/nonexistent/libopenvino_c.so': no such file
                hint: install OpenVINO with 'make setup' (pip install openvino==2026.4.1 into .venv) \
                or pass --openvino-lib /path/to/libopenvino_c.so
                """)
        }
    }

    @Test func environmentVariableIsHonoured() {
        do {
            _ = try OpenVINOLibrary.load(environment: [OpenVINOLibrary.environmentVariable: "/nonexistent/lib"])
            Issue.record("loading from a missing $SHEARS_OPENVINO_LIB should fail")
        } catch {
            #expect("\(error)".hasPrefix("cannot load OpenVINO C library '/nonexistent/lib': no such file\n"))
            #expect("\(error)".hasSuffix(BenchError.installHint))
        }
    }

    /// A shared library that is certainly not OpenVINO: the C library (glibc's, on Linux).
    static let libc = ["/lib/x86_64-linux-gnu/libc.so.6", "/lib/aarch64-linux-gnu/libc.so.6", "/usr/lib/libc.so.6"]
        .first { FileManager.default.fileExists(atPath: $0) }

    @Test(.enabled(if: libc != nil, "no libc.so.6 at a known path to load as a non-OpenVINO library"))
    func notAnOpenVINOLibraryIsRefusedByName() throws {
        let libc = try #require(Self.libc)
        #expect(throws: BenchError.missingSymbol(name: "ov_get_openvino_version", library: libc)) {
            _ = try OpenVINOLibrary.load(explicitPath: libc)
        }
    }

    /// An `.onnx` file is decoded by Shears first (ModelPreflight): a missing or garbage one is
    /// named without OpenVINO's frontend logs.
    @Test func aMissingONNXFileIsRefusedBeforeOpenVINO() throws {
        let backend = try OpenVINOBackendTests.makeBackend()
        #expect(throws: BenchError.modelNotReadable(path: "/nonexistent/model.onnx", reason: "no such file")) {
            _ = try backend.load(model: URL(fileURLWithPath: "/nonexistent/model.onnx"), settings: SessionSettings(threads: 1))
        }
    }

    @Test func badModelPathReportsStatusAndMessage() throws {
        let backend = try OpenVINOBackendTests.makeBackend()
        // Another format (OpenVINO IR): OpenVINO's own reader reports it.
        let missing = URL(fileURLWithPath: "/nonexistent/model.xml")
        do {
            _ = try backend.load(model: missing, settings: SessionSettings(threads: 1))
            Issue.record("loading a missing model should fail")
        } catch let error as BenchError {
            guard case .openVINOCall(let function, let status, let message) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(function == "ov_core_read_model")
            #expect(status.name == "GENERAL_ERROR")
            #expect(message.contains("/nonexistent/model.xml"), "\(message)")
            #expect("\(error)".hasPrefix("OpenVINO ov_core_read_model failed with GENERAL_ERROR (-1): "))
        }
    }

    @Test func unknownDeviceReportsStatusAndMessage() throws {
        let directory = try PythonFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("tiny.onnx")
        try PythonFixtures.writeModel("tiny", to: model)
        let backend = try OpenVINOBackendTests.makeBackend()
        do {
            _ = try backend.load(model: model, settings: SessionSettings(device: "NOSUCHDEVICE"))
            Issue.record("compiling for an unknown device should fail")
        } catch {
            #expect("\(error)".hasPrefix("OpenVINO ov_core_compile_model_props failed with GENERAL_ERROR (-1): "),
                    "\(error)")
            #expect("\(error)".contains("NOSUCHDEVICE"))
        }
    }

    @Test func statusNamesFollowTheHeader() {
        #expect(OpenVINOStatus(rawValue: 0).name == "OK")
        #expect(OpenVINOStatus(rawValue: -1).name == "GENERAL_ERROR")
        #expect(OpenVINOStatus(rawValue: -14).name == "INVALID_C_PARAM")
        #expect(OpenVINOStatus(rawValue: -17).name == "UNKNOW_EXCEPTION")
        #expect(OpenVINOStatus(rawValue: -42).name == "UNKNOWN_STATUS(-42)")
    }
}
