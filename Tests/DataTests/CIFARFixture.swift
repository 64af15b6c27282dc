import Foundation
import Testing
import Data
import ShearsTestSupport

/// Writes tiny CIFAR-format directories into a fresh temporary folder.
struct CIFARFixture {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("shears-data-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: directory) }

    func path(_ name: String) -> String { directory + "/" + name }

    /// A record whose pixel at (channel c, row y, column x) is `pixel(image, c, y, x)`.
    static func record(label: UInt8, image: Int) -> [UInt8] {
        var r: [UInt8] = [label]
        for c in 0..<3 { for y in 0..<32 { for x in 0..<32 { r.append(pixel(image, c, y, x)) } } }
        return r
    }

    /// A pattern that makes channel, row and column recoverable from the byte.
    static func pixel(_ image: Int, _ c: Int, _ y: Int, _ x: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: image &* 37 &+ c &* 85 &+ y &* 7 &+ x)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws {
        try Foundation.Data(bytes).write(to: URL(fileURLWithPath: path(name)))
    }

    /// `labels.count` images in one file; image numbers continue from `firstImage`.
    func writeBatch(_ name: String, labels: [UInt8], firstImage: Int = 0) throws {
        try write(name, labels.enumerated().flatMap { Self.record(label: $1, image: firstImage + $0) })
    }

    /// A complete directory: five training files of `perFile` images, a test file, the class names.
    func writeComplete(perFile: Int = 3) throws {
        for f in 0..<5 {
            try writeBatch("data_batch_\(f + 1).bin", labels: (0..<perFile).map { UInt8((f + $0) % 10) },
                           firstImage: f * perFile)
        }
        try writeBatch("test_batch.bin", labels: (0..<perFile).map { UInt8(9 - $0 % 10) }, firstImage: 100)
        try write("batches.meta.txt", Array("airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n\n".utf8))
    }
}

/// The error a throwing call raised, for exact-message assertions.
func dataError<T>(_ body: () throws -> T) -> DataError? {
    do { _ = try body(); return nil } catch let error as DataError { return error } catch {
        Issue.record("expected a DataError, got \(error)")
        return nil
    }
}
