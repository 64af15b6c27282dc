import Foundation
import ShearsTestSupport
import Testing

/// The exit-code half of the fuzz test: mutated checkpoints, ONNX files and schedules given to
/// the built binary, which must answer each with 0, 1 or 2 — never a signal or another code.
/// Fewer inputs than `ParserFuzzTests` (each is a process); `SHEARS_FUZZ_SCALE` scales both.
/// A failing input is kept in `<temp>/shears-fuzz-failures/` and its path printed with the seed.
struct CLIFuzzTests {
    func fuzz(_ corpus: String, inputs: [[UInt8]], runs: Int, seedOffset: UInt64, suffix: String,
              mutate: (inout Mutator, [UInt8], [UInt8]) -> [UInt8], arguments: (String) -> [String]) throws {
        var mutator = Mutator(seed: FuzzSettings.seed &+ seedOffset)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shears-cli-fuzz-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var statuses: [Int32: Int] = [:]
        for run in 0..<FuzzSettings.iterations(runs) {
            let input = inputs[mutator.below(inputs.count)], donor = inputs[mutator.below(inputs.count)]
            let mutated = mutate(&mutator, input, donor)
            let file = directory.appendingPathComponent("\(corpus)-\(run).\(suffix)")
            try Data(mutated).write(to: file)
            let r = try runProcess(TestPaths.shearsBinary, arguments(file.path), currentDirectory: directory)
            statuses[r.status, default: 0] += 1
            if ![0, 1, 2].contains(r.status) {
                let saved = FuzzSettings.save(mutated, name: "\(corpus)-cli-\(run).\(suffix)")
                Issue.record("""
                    shears \(arguments("<input>").joined(separator: " ")) exited \(r.status) on mutation \(run) \
                    (SHEARS_FUZZ_SEED=\(FuzzSettings.seed)); input saved to \(saved)
                    \(r.stderr.suffix(2000))
                    """)
            }
        }
        print("cli fuzz \(corpus): exit statuses \(statuses.sorted { $0.key < $1.key })")
    }

    static func file(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: TestPaths.root.appendingPathComponent(path)))
    }

    @Test func checkpointsGivenToSummary() throws {
        try fuzz("checkpoint", inputs: [try Self.file("Models/resnet20-cifar10-subset.safetensors")], runs: 24,
                 seedOffset: 11, suffix: "safetensors", mutate: { $0.mutateSafeTensorsHeader($1, donor: $2) },
                 arguments: { ["summary", $0] })
    }

    @Test func onnxFilesGivenToSummary() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shears-cli-fuzz-onnx-\(UUID()).onnx")
        defer { try? FileManager.default.removeItem(at: directory) }
        let export = try runProcess(TestPaths.shearsBinary, ["export", "--arch", "resnet20", "--widths", "2,2,4",
                                                             "--out", directory.path])
        try #require(export.status == 0, "\(export.stderr)")
        try fuzz("onnx", inputs: [[UInt8](try Data(contentsOf: directory))], runs: 16, seedOffset: 12, suffix: "onnx",
                 mutate: { $0.mutate($1, donor: $2) }, arguments: { ["summary", $0, "--batch", "3"] })
    }

    @Test func schedulesGivenToScheduleCheck() throws {
        let inputs = try ["agp-filters", "agp-fine-grained", "hybrid"].map { try Self.file("Schedules/\($0).yaml") }
        try fuzz("schedule", inputs: inputs, runs: 16, seedOffset: 13, suffix: "yaml",
                 mutate: { $0.mutate($1, donor: $2) }, arguments: { ["schedule", "check", $0] })
    }
}
