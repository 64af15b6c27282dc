import Runtime
import Foundation
import Testing

/// A library another user could have written is code from that user: refused before `dlopen`,
/// naming the file or directory and why.
@Suite(.serialized)
struct OpenVINOLibraryTrustTests {
    /// A private directory (mode 0700) holding a file named like the C library.
    static func privateLibrary(mode: mode_t) throws -> (directory: URL, library: String) {
        var template = Array((FileManager.default.temporaryDirectory.path + "/shears-trust-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        let directory = URL(fileURLWithPath: String(cString: try #require(made)))
        let library = directory.appendingPathComponent("libopenvino_c.so").path
        try Data("not a library".utf8).write(to: URL(fileURLWithPath: library))
        chmod(library, mode)
        return (directory, library)
    }

    @Test func worldWritableLibraryIsRefused() throws {
        let (directory, library) = try Self.privateLibrary(mode: 0o666)
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: BenchError.openVINOUntrusted(
            path: library, reason: "'\(library)' is writable by everyone (mode 666); run 'chmod go-w \(library)' if you trust it"
        )) { _ = try OpenVINOLibrary.load(explicitPath: library) }
    }

    @Test func groupWritableDirectoryOnThePathIsRefused() throws {
        let (directory, library) = try Self.privateLibrary(mode: 0o644)
        defer { try? FileManager.default.removeItem(at: directory) }
        chmod(directory.path, 0o770)
        do {
            _ = try OpenVINOLibrary.load(environment: [OpenVINOLibrary.environmentVariable: directory.path])
            Issue.record("a library in a group-writable directory was loaded")
        } catch {
            #expect("\(error)" == """
                refusing to load OpenVINO C library '\(library)': '\(directory.path)' is writable by its group \
                (mode 770); run 'chmod go-w \(directory.path)' if you trust it
                hint: another user could have planted or replaced it; use a library only you (or root) can write
                """)
        }
    }

    /// The same file, private: it passes the check and reaches `dlopen` (which refuses garbage).
    @Test func privateLibraryReachesTheLoader() throws {
        let (directory, library) = try Self.privateLibrary(mode: 0o644)
        defer { try? FileManager.default.removeItem(at: directory) }
        do {
            _ = try OpenVINOLibrary.load(explicitPath: library)
            Issue.record("garbage loaded as a library")
        } catch let error as BenchError {
            guard case .openVINOLoadFailed(let path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == library)
        }
    }

    /// Only root can give a file away; elsewhere this case is covered by the mode checks above.
    @Test(.enabled(if: getuid() == 0)) func libraryOwnedByAnotherUserIsRefused() throws {
        let (directory, library) = try Self.privateLibrary(mode: 0o644)
        defer { try? FileManager.default.removeItem(at: directory) }
        chown(library, 65534, 65534)
        #expect(throws: BenchError.openVINOUntrusted(
            path: library, reason: "'\(library)' is owned by user 65534, not by you (0) or root")) {
            _ = try OpenVINOLibrary.load(explicitPath: library)
        }
    }

    /// The venv is looked for beside the executable and at the package root, never relative to
    /// the working directory.
    @Test func searchRootsDoNotDependOnTheWorkingDirectory() throws {
        let roots = OpenVINOLibrary.venvSearchRoots().map(\.path)
        #expect(!roots.isEmpty)
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent().path
        #expect(roots.first == exe)
        #expect(!roots.contains("/"), "\(roots)")
        #expect(!roots.contains(FileManager.default.temporaryDirectory.path), "\(roots)")
    }
}
