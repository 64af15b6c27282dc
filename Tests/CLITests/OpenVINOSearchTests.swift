import Foundation
import ShearsTestSupport
import Testing

/// Where `shears` loads OpenVINO from: a `libopenvino_c.so` planted in a `.venv` above the
/// working directory (e.g. `/tmp/.venv/…`) must not run as whoever starts `shears` below it.
struct OpenVINOSearchTests {
    @Test(.enabled(if: TestPaths.python != nil)) func libraryPlantedAboveTheWorkingDirectoryIsNotLoaded() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("shears-planted-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let libs = root.appendingPathComponent(".venv/lib/python3.11/site-packages/openvino/libs")
        try FileManager.default.createDirectory(at: libs, withIntermediateDirectories: true)
        let planted = libs.appendingPathComponent("libopenvino_c.so")
        try Data("planted".utf8).write(to: planted)
        let below = root.appendingPathComponent("work/here")
        try FileManager.default.createDirectory(at: below, withIntermediateDirectories: true)
        let checkpoint = TestPaths.root.appendingPathComponent("Models/resnet20-cifar10-subset.safetensors").path
        let r = try runProcess(TestPaths.shearsBinary,
                               ["bench", checkpoint, "--iterations", "1", "--warmup", "0", "--threads", "1"],
                               currentDirectory: below)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!r.stderr.contains(root.path) && !r.stdout.contains(root.path), "\(r.stderr)")
        #expect(r.stdout.contains("openvino 2026."), "\(r.stdout)")
    }
}
