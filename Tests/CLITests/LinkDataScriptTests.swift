import Foundation
import ShearsTestSupport
import Testing

/// `make data` (tools/link-data.sh) without `../shared`: the subset is cut from an archive in the
/// official layout (here a generated one of 1,020 records per file, reached by a file:// URL or
/// placed beside the data) and must be exactly the first 1,017 records of each file, checked
/// against a SHA-256 manifest; a wrong hash or no source at all stops with one message.
@Suite(.serialized)
struct LinkDataScriptTests {
    static let script = TestPaths.root.appendingPathComponent("tools/link-data.sh")
    static let files = (1...5).map { "data_batch_\($0).bin" } + ["test_batch.bin"]

    /// A scratch folder with `cifar-10-binary.tar.gz` (1,020 records per file, class names ending
    /// in a blank line as the official file does) and the manifest of its true subset.
    struct Archive {
        let root: URL
        var archive: URL { root.appendingPathComponent("cifar-10-binary.tar.gz") }
        var manifest: URL { root.appendingPathComponent("subset.sha256") }
        var data: URL { root.appendingPathComponent("data") }
        /// The expected subset, written by the test itself.
        var expected: URL { root.appendingPathComponent("expected") }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("shears-link-data-\(UUID().uuidString)")
            let source = root.appendingPathComponent("src/cifar-10-batches-bin")
            for dir in [source, expected] { try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true) }
            for (f, name) in LinkDataScriptTests.files.enumerated() {
                let records = (0..<1020).map { CIFARFixture.record(label: UInt8(($0 + f) % 10), image: f * 1020 + $0) }
                try Data(records.joined()).write(to: source.appendingPathComponent(name))
                try Data(records[..<1017].joined()).write(to: expected.appendingPathComponent(name))
            }
            let names = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n"
            try Data((names + "\n").utf8).write(to: source.appendingPathComponent("batches.meta.txt"))
            try Data(names.utf8).write(to: expected.appendingPathComponent("batches.meta.txt"))
            let tar = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                     ["tar", "-czf", archive.path, "-C", source.deletingLastPathComponent().path,
                                      "cifar-10-batches-bin"])
            guard tar.status == 0 else { throw CocoaError(.fileWriteUnknown, userInfo: ["stderr": tar.stderr]) }
            let sums = try runProcess(URL(fileURLWithPath: "/usr/bin/env"),
                                      ["sha256sum", "batches.meta.txt"] + LinkDataScriptTests.files, currentDirectory: expected)
            try Data(sums.stdout.utf8).write(to: manifest)
        }

        /// Runs the script with no shared subset, a private cache and `url` as the archive's address.
        func run(url: String, manifest: URL? = nil) throws -> ProcessResult {
            try runProcess(LinkDataScriptTests.script, [], environment: [
                "SHEARS_DATA": data.path, "SHEARS_SHARED_SUBSET": "", "SHEARS_CACHE": root.appendingPathComponent("cache").path,
                "CIFAR10_URL": url, "CIFAR10_SUBSET_SHA256": (manifest ?? self.manifest).path])
        }

        func contents(_ url: URL) -> Data? { FileManager.default.contents(atPath: url.path) }
        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    @Test func buildsExactlyTheFirst1017RecordsFromTheArchiveAndKeepsTheFullSet() throws {
        let a = try Archive()
        defer { a.remove() }
        let r = try a.run(url: a.archive.absoluteString)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("data: built \(a.data.path)/cifar-10-batches-bin from the official archive: the first "
            + "1017 records of each file (6,102 images),"))
        let subset = a.data.appendingPathComponent("cifar-10-batches-bin")
        for name in Self.files + ["batches.meta.txt"] {
            #expect(a.contents(subset.appendingPathComponent(name)) == a.contents(a.expected.appendingPathComponent(name)),
                    "\(name)")
        }
        let full = try #require(a.contents(a.data.appendingPathComponent("cifar-10-full/test_batch.bin")))
        #expect(full.count == 1020 * 3073)
        // A second run only verifies what is there.
        let again = try a.run(url: "file:///nonexistent/archive.tar.gz")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.hasPrefix("data: \(subset.path) holds the CIFAR-10 subset (6,102 images, SHA-256 verified"))
    }

    @Test func aPlacedArchiveIsUsedAndAWrongHashStopsNamingTheFile() throws {
        let a = try Archive()
        defer { a.remove() }
        try FileManager.default.createDirectory(at: a.data, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: a.archive, to: a.data.appendingPathComponent("cifar-10-binary.tar.gz"))
        let lines = try String(contentsOf: a.manifest, encoding: .utf8).split(separator: "\n")
        let wrong = a.root.appendingPathComponent("wrong.sha256")
        let tampered = lines.map { $0.hasSuffix("data_batch_3.bin") ? String(repeating: "0", count: 64) + "  data_batch_3.bin" : String($0) }
        try Data((tampered.joined(separator: "\n") + "\n").utf8).write(to: wrong)
        let r = try a.run(url: "file:///nonexistent/archive.tar.gz", manifest: wrong)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error: \(a.data.path)/.cifar-10-subset.tmp/data_batch_3.bin: SHA-256 "))
        #expect(r.stderr.contains(", expected \(String(repeating: "0", count: 64)) (\(wrong.path)): not the CIFAR-10 subset"))
        #expect(!FileManager.default.fileExists(atPath: a.data.appendingPathComponent("cifar-10-batches-bin").path))
        // The placed archive with the right manifest then succeeds without any download.
        let ok = try a.run(url: "file:///nonexistent/archive.tar.gz")
        #expect(ok.status == 0, "\(ok.stderr)")
    }

    @Test func withNoSourceItFailsAtOnceWithOneMessage() throws {
        let a = try Archive()
        defer { a.remove() }
        let r = try a.run(url: "file:///nonexistent/cifar-10-binary.tar.gz")
        #expect(r.status == 1)
        #expect(r.stderr.hasSuffix("""
            error: no CIFAR-10 data: the bundled subset is absent and file:///nonexistent/cifar-10-binary.tar.gz could not \
            be downloaded.
            hint: place cifar-10-binary.tar.gz (the official binary version) in \(a.data.path)/ or set CIFAR10_URL, or
                  link the subset folder (cifar-10-batches-bin) at \(a.data.path)/cifar-10-batches-bin; then run 'make data'.

            """))
    }
}
