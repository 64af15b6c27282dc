import Datasets
import Foundation
import JSON
import Network
import ONNX
import Optimizer
import Pruning
import Queue
import ShearsTestSupport
import Testing
import Training
import Tuning

/// Seeded mutations of real inputs fed straight to the decoders, many per second: every
/// outcome but a crash passes (a thrown error is the expected answer to most mutations). A
/// crash kills the test process after the recorder saved the input and printed the seed.
/// `SHEARS_FUZZ_SCALE=50 swift test -c release --filter ParserFuzzTests` runs 50× longer;
/// `SHEARS_FUZZ_SEED=n` tries other inputs.
@Suite(.serialized)
struct ParserFuzzTests {
    static let root = TestPaths.root

    static func file(_ path: String) throws -> [UInt8] {
        [UInt8](try Foundation.Data(contentsOf: root.appendingPathComponent(path)))
    }

    /// Runs `iterations` mutations of `inputs` through `parse`, recording each for the crash handler.
    func fuzz(_ corpus: String, inputs: [[UInt8]], iterations: Int, seedOffset: UInt64,
              mutate: ((inout Mutator, [UInt8], [UInt8]) -> [UInt8])? = nil, _ parse: ([UInt8]) throws -> Void) {
        let seed = FuzzSettings.seed &+ seedOffset
        print("fuzz \(corpus): \(iterations) mutations, SHEARS_FUZZ_SEED=\(FuzzSettings.seed)")
        CrashRecorder.arm(corpus: corpus, seed: FuzzSettings.seed)
        defer { CrashRecorder.disarm() }
        var mutator = Mutator(seed: seed)
        var accepted = 0
        for _ in 0..<iterations {
            let input = inputs[mutator.below(inputs.count)], donor = inputs[mutator.below(inputs.count)]
            let mutated = mutate?(&mutator, input, donor) ?? mutator.mutate(input, donor: donor)
            CrashRecorder.record(mutated)
            if (try? parse(mutated)) != nil { accepted += 1 }
        }
        // The originals must parse, or the fuzzing only exercised the first error path.
        for input in inputs { #expect((try? parse(input)) != nil, "an unmutated \(corpus) input is refused") }
        print("fuzz \(corpus): \(accepted) of \(iterations) mutations accepted")
    }

    // MARK: - Checkpoints

    /// A tiny network carrying the bundled model's metadata (fast to rebuild per iteration),
    /// and the bundled model itself.
    static func checkpoints() throws -> [[UInt8]] {
        let bundled = try file("Models/resnet20-cifar10-subset.safetensors")
        let metadata = try SafeTensors(decoding: bundled).metadata
        let network = try ResNet(architecture: .cifar(depth: 20, widths: [2, 2, 4]), seed: 1)
        var file = Checkpoint(network: network, normalization: try ChannelNormalization(metadata: metadata)).file
        file.metadata = metadata.merging(file.metadata) { $1 }
        return [try file.encoded(), bundled]
    }

    static func mutateHeader(_ m: inout Mutator, _ input: [UInt8], _ donor: [UInt8]) -> [UInt8] {
        m.mutateSafeTensorsHeader(input, donor: donor)
    }

    @Test func checkpointHeadersAndMetadata() throws {
        let inputs = try Self.checkpoints()
        fuzz("checkpoint", inputs: inputs, iterations: FuzzSettings.iterations(500), seedOffset: 1,
             mutate: Self.mutateHeader) { bytes in
            let checkpoint = try Checkpoint(file: try SafeTensors(decoding: bytes, path: "fuzz.safetensors"),
                                            path: "fuzz.safetensors")
            _ = ModelSummary(network: checkpoint.network).table()
            _ = try? TrainingConfiguration(metadata: checkpoint.metadata)
        }
    }

    // MARK: - ONNX

    static func onnxModel() throws -> [UInt8] {
        let network = try ResNet(architecture: .cifar(depth: 20, widths: [2, 2, 4]), seed: 2)
        return try exportONNX(network, producerVersion: "fuzz").serializedBytes()
    }

    /// Byte mutations, or a decoded model with one initializer's or the input's dims replaced.
    static func mutateONNX(_ m: inout Mutator, _ input: [UInt8], _ donor: [UInt8]) -> [UInt8] {
        guard m.below(2) == 0, var model = try? ModelProto(serializedBytes: input),
              !model.graph.initializer.isEmpty else { return m.mutate(input, donor: donor) }
        let huge: [Int64] = [0, -1, 1 << 30, 1 << 31, 1 << 40, 1 << 62, Int64.max, Int64.min]
        if m.below(3) == 0, !model.graph.input.isEmpty {
            let rank = 1 + m.below(5)
            model.graph.input[0] = ValueInfoProto(name: model.graph.input[0].name,
                                                  floatShape: (0..<rank).map { _ in .value(huge[m.below(huge.count)]) })
        } else {
            let i = m.below(model.graph.initializer.count)
            model.graph.initializer[i].dims = model.graph.initializer[i].dims.map { m.below(2) == 0 ? huge[m.below(huge.count)] : $0 }
        }
        return model.serializedBytes()
    }

    @Test func onnxModels() throws {
        fuzz("onnx", inputs: [try Self.onnxModel()], iterations: FuzzSettings.iterations(800), seedOffset: 2,
             mutate: Self.mutateONNX) { bytes in
            let model = try ModelProto(serializedBytes: bytes)
            for batch in [1, 7] { _ = try ONNXSummary(model: model, batch: batch).table() }
        }
    }

    // MARK: - YAML schedules and sweep files

    @Test func schedules() throws {
        let names = ["agp-channels", "agp-filters", "agp-fine-grained", "agp-stage-widths", "hybrid"]
        let table = ParameterTable(network: try ResNet(architecture: .named("resnet20"), seed: 0))
        fuzz("schedule", inputs: try names.map { try Self.file("Schedules/\($0).yaml") },
             iterations: FuzzSettings.iterations(800), seedOffset: 3) { bytes in
            _ = try Schedule(parsing: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml").validate(against: table)
        }
    }

    @Test func sweepFiles() throws {
        let template = try Self.file("Schedules/resnet20-sweep.template.yaml")
        let sweeps = try ["sweep-demo", "sweep-resnet20"].map { try Self.file("Schedules/\($0).yaml") }
        // The template is mutated as often as the sweep file: both are the user's YAML.
        let inputs = sweeps.map { $0 + [0] + template }
        fuzz("sweep", inputs: inputs, iterations: FuzzSettings.iterations(400), seedOffset: 4) { bytes in
            let split = bytes.firstIndex(of: 0) ?? bytes.count
            let templateText = String(decoding: bytes[min(split + 1, bytes.count)...], as: UTF8.self)
            let configuration = try SweepConfiguration(parsing: String(decoding: bytes[..<split], as: UTF8.self),
                                                       file: "fuzz-sweep.yaml") { _ in templateText }
            for assignment in configuration.edgeAssignments() {
                _ = try Schedule(parsing: try configuration.schedule(for: assignment), file: "fuzz-template.yaml")
            }
        }
    }

    // MARK: - Queue messages

    @Test func queueMessages() throws {
        let configuration = try SweepConfiguration(
            parsing: String(decoding: try Self.file("Schedules/sweep-demo.yaml"), as: UTF8.self), file: "demo.yaml"
        ) { _ in String(decoding: try Self.file("Schedules/resnet20-sweep.template.yaml"), as: UTF8.self) }
        let assignment = configuration.edgeAssignments()[1]
        let request = configuration.request(trial: 3, seed: 7, parameters: assignment.map { ($0.key, JSONValue.string($0.value.templateText)) },
                                            schedule: try configuration.schedule(for: assignment))
        let job = TrialMessages.trainJob(request).encoded()
        let withAttachments = QueueMessage(["kind": "bench"], attachments: [("model", [1, 2, 3]), ("baseline", Array(0..<200))])
            .encoded()
        fuzz("queue", inputs: [job, withAttachments], iterations: FuzzSettings.iterations(800), seedOffset: 5) { bytes in
            let message = try QueueMessage(decoding: bytes)
            if message.attachments.isEmpty { _ = try TrialMessages.request(from: message) }
        }
        // RESP replies, whole and byte by byte.
        let replies = [Array("*2\r\n$5\r\nhello\r\n:42\r\n".utf8), Array("+OK\r\n-ERR no\r\n$-1\r\n*0\r\n".utf8)]
        fuzz("resp", inputs: replies, iterations: FuzzSettings.iterations(400), seedOffset: 6) { bytes in
            var decoder = RESPDecoder()
            decoder.feed(bytes)
            while try decoder.next() != nil {}
            guard decoder.bufferedByteCount == 0 else { throw QueueError.protocolViolation("incomplete") }
        }
    }
}
