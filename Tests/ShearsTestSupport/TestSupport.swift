import Foundation

/// Runs `body` for every value and names the failing one, so a sweep over awkward
/// shapes says which shape broke instead of only that one did.
public func withEvery<T>(_ label: String, in values: [T], _ body: (T) throws -> Void) rethrows {
    for value in values {
        do { try body(value) } catch {
            print("failing \(label) = \(value)")
            throw error
        }
    }
}

/// Largest absolute difference, the figure every parity and gradient check reports.
public func maxAbsDiff(_ a: [Float], _ b: [Float]) -> Float {
    precondition(a.count == b.count, "length \(a.count) vs \(b.count)")
    var m: Float = 0
    for i in a.indices { m = max(m, abs(a[i] - b[i])) }
    return m
}

/// "label: maxdiff 3.1e-06 (tol 1e-4)" — the line a failing check prints (llm.c style).
public func closeness(_ a: [Float], _ b: [Float], tol: Float, label: String) -> (ok: Bool, message: String) {
    let d = maxAbsDiff(a, b)
    return (d <= tol, "\(label): maxdiff \(d) (tol \(tol))")
}

/// Deterministic pseudo-random floats for tests (SplitMix64), independent of the library's RNG.
public struct TestRandom {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [-1, 1).
    public mutating func float() -> Float { Float(next() >> 40) / Float(1 << 24) * 2 - 1 }
    public mutating func floats(_ n: Int) -> [Float] { (0..<n).map { _ in float() } }
}

/// Paths a test needs: the package root, the built `shears` binary, the venv's python.
public enum TestPaths {
    /// The package root, found from this file's location.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `shears` executable built beside the running test binary (same configuration), or $SHEARS_BIN.
    public static var shearsBinary: URL {
        if let env = ProcessInfo.processInfo.environment["SHEARS_BIN"] { return URL(fileURLWithPath: env) }
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        let beside = exe.deletingLastPathComponent().appendingPathComponent("shears")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return root.appendingPathComponent(".build/release/shears")
    }

    /// The venv python with numpy/onnx/onnxruntime/openvino, or nil when `make setup` has not run.
    public static var python: URL? {
        let p = root.appendingPathComponent(".venv/bin/python")
        return FileManager.default.isExecutableFile(atPath: p.path) ? p : nil
    }

    /// The bundled CIFAR-10 subset linked by `make setup`, or nil when absent.
    public static var cifar: URL? {
        let p = root.appendingPathComponent("data/cifar-10-batches-bin")
        return FileManager.default.fileExists(atPath: p.appendingPathComponent("test_batch.bin").path) ? p : nil
    }
}

/// Result of running a child process: exit status and both streams.
public struct ProcessResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs an executable to completion and captures its output (CLI golden tests, Python checkers).
@discardableResult
public func runProcess(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                       currentDirectory: URL? = nil) throws -> ProcessResult {
    let p = Process()
    p.executableURL = executable
    p.arguments = arguments
    if let environment { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
    if let currentDirectory { p.currentDirectoryURL = currentDirectory }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    // Read both pipes concurrently so a chatty child cannot block on a full pipe.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return ProcessResult(status: p.terminationStatus,
                         stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
}
