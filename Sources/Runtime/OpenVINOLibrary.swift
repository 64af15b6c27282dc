import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libopenvino_c opened at run time. Shears never links OpenVINO: the binary builds and runs
/// without it, and only a command that needs it fails, saying how to install it.
///
/// Search order (first hit wins; an explicitly named file that fails to load is an error, not a
/// reason to keep looking, because silently measuring a different runtime would be worse):
/// 1. `explicitPath` (`--openvino-lib`), a file or a directory holding `libopenvino_c.so*`;
/// 2. `$SHEARS_OPENVINO_LIB`, same forms;
/// 3. the package's Python venv, `.venv/lib/python3*/site-packages/openvino/libs/`, beside the
///    executable and in its parents up to the package root it was built in, then at the package
///    root this file was compiled in.
///
/// Never the working directory or its parents: a `libopenvino_c.so` planted in `/tmp/.venv/…`
/// would otherwise run as whoever starts `shears` below `/tmp`. For the same reason a library
/// that another user could have written is refused (`TrustedFile`), wherever it was found.
///
/// The library is never `dlclose`d: OpenVINO starts TBB worker threads that outlive any core.
public final class OpenVINOLibrary: @unchecked Sendable {
    public static let environmentVariable = "SHEARS_OPENVINO_LIB"

    /// The file that was opened.
    public let path: String
    let api: OpenVINOAPI

    private init(path: String, api: OpenVINOAPI) {
        self.path = path
        self.api = api
    }

    /// Finds and opens the library (see the type's search order).
    public static func load(explicitPath: String? = nil,
                            environment: [String: String] = ProcessInfo.processInfo.environment) throws
        -> OpenVINOLibrary {
        if let explicitPath { return try open(resolving: explicitPath) }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return try open(resolving: fromEnvironment)
        }
        var searched: [String] = []
        for root in venvSearchRoots() {
            let pattern = root.appendingPathComponent(".venv/lib/python3*/site-packages/openvino/libs").path
            searched.append(pattern)
            if let found = venvLibrary(under: root) { return try open(path: found) }
        }
        throw BenchError.openVINONotFound(searched: searched)
    }

    /// The runtime's build number, e.g. `2026.4.1-20426-...`.
    public func version() throws -> String {
        let raw = UnsafeMutableRawPointer.allocate(byteCount: OpenVINOLayouts.versionSize, alignment: 8)
        defer { raw.deallocate() }
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: OpenVINOLayouts.versionSize)
        try api.check(api.getOpenVINOVersion(raw), "ov_get_openvino_version")
        defer { api.versionFree(raw) }
        guard let build = raw.load(as: UnsafePointer<CChar>?.self) else { return "" }
        return String(cString: build)
    }

    // MARK: - Search

    /// A path given by the user: a library file, or a directory that holds one.
    private static func open(resolving given: String) throws -> OpenVINOLibrary {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: given, isDirectory: &isDirectory) else {
            throw BenchError.openVINOLoadFailed(path: given, reason: "no such file")
        }
        if isDirectory.boolValue {
            guard let found = libraryFile(in: URL(fileURLWithPath: given)) else {
                throw BenchError.openVINOLoadFailed(path: given, reason: "directory holds no libopenvino_c")
            }
            return try open(path: found)
        }
        return try open(path: given)
    }

    private static func open(path: String) throws -> OpenVINOLibrary {
        if let problem = TrustedFile.problem(with: path) {
            throw BenchError.openVINOUntrusted(path: path, reason: problem)
        }
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "dlopen failed"
            throw BenchError.openVINOLoadFailed(path: path, reason: reason)
        }
        return OpenVINOLibrary(path: path, api: try OpenVINOAPI(handle: handle, path: path))
    }

    /// The package root this file was compiled in (Sources/Bench/OpenVINOLibrary.swift → root).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().standardizedFileURL

    /// Where the venv is looked for, in order: the executable's directory and its parents up to
    /// the package root (`.build/release/shears` → the package), then the package root.
    /// Places the user chose on purpose; the working directory is never one of them.
    public static func venvSearchRoots() -> [URL] {
        var roots: [URL] = []
        if let executable = executableDirectory() {
            let root = packageRoot.path
            var url = executable
            roots.append(url)
            while url.path.hasPrefix(root + "/") {
                url = url.deletingLastPathComponent().standardizedFileURL
                roots.append(url)
            }
        }
        if !roots.contains(where: { $0.path == packageRoot.path }) { roots.append(packageRoot) }
        return roots
    }

    /// The running executable's directory, symlinks resolved (never argv[0], which is relative
    /// to the working directory when the shell found the command on PATH).
    static func executableDirectory() -> URL? {
        #if os(Linux)
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        #else
        guard let exe = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        #endif
        return exe.deletingLastPathComponent().standardizedFileURL
    }

    /// `root/.venv/lib/python3*/site-packages/openvino/libs/libopenvino_c.so*`, if present.
    static func venvLibrary(under root: URL) -> String? {
        let lib = root.appendingPathComponent(".venv/lib")
        guard let pythons = try? FileManager.default.contentsOfDirectory(atPath: lib.path) else { return nil }
        for python in pythons.sorted() where python.hasPrefix("python3") {
            let libs = lib.appendingPathComponent(python).appendingPathComponent("site-packages/openvino/libs")
            if let found = libraryFile(in: libs) { return found }
        }
        return nil
    }

    /// The C library in a directory: `libopenvino_c.so`, `libopenvino_c.so.2641`, or `.dylib`.
    static func libraryFile(in directory: URL) -> String? {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path) else { return nil }
        let candidates = names.filter { $0.hasPrefix("libopenvino_c.so") || $0.hasPrefix("libopenvino_c.") && $0.hasSuffix(".dylib") }
        return candidates.sorted().first.map { directory.appendingPathComponent($0).path }
    }
}
