import Foundation
import JSON
import Testing
import Support
import Runtime

/// End-to-end measurement on the real runtime: interleaving, stop rules, and the record.
@Suite(.serialized)
struct BenchmarkRunTests {
    static func models(_ directory: URL) throws -> [URL] {
        let tiny = directory.appendingPathComponent("tiny.onnx")
        let block = directory.appendingPathComponent("block.onnx")
        try PythonFixtures.writeModel("tiny", to: tiny)
        try PythonFixtures.writeModel("block", to: block)
        return [tiny, block]
    }

    @Test func latencyModeInterleavesModelsAndRecordsContext() throws {
        let directory = try PythonFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let models = try Self.models(directory)
        let backend = try OpenVINOBackendTests.makeBackend()
        let records = try BenchmarkRun.run(models: models, backend: backend, settings: SessionSettings(threads: 1),
                                           plan: MeasurementPlan(warmup: 2, stop: .iterations(25)))
        #expect(records.count == 2)
        for (record, model) in zip(records, models) {
            #expect(record.model == model.path)
            #expect(record.modelSHA256 == (try SHA256.hex(ofFile: model)))
            #expect(record.statistics.count == 25)
            #expect(record.backend == "openvino")
            #expect(record.runtimeVersion == backend.runtimeVersion)
            #expect(record.device == "CPU")
            #expect(record.threads == 1)
            #expect(record.requests == 1)
            #expect(record.statistics.min <= record.statistics.median && record.statistics.median <= record.statistics.max)
            #expect(record.throughputFPS > 0)
        }
        #expect(records[0].ratioToFirst == 1)
        #expect(records[1].ratioToFirst == records[1].statistics.median / records[0].statistics.median)
    }

    @Test func throughputModeKeepsSeveralRequestsInFlight() throws {
        let directory = try PythonFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let models = try Self.models(directory)
        let settings = SessionSettings(threads: 2, batch: 2, mode: .throughput, streams: 2, requests: 3)
        let records = try BenchmarkRun.run(models: Array(models.prefix(1)), backend: OpenVINOBackendTests.makeBackend(),
                                           settings: settings, plan: MeasurementPlan(warmup: 1, stop: .iterations(30)))
        #expect(records[0].requests == 3)
        #expect(records[0].statistics.count == 30)
        #expect(records[0].mode == .throughput)
        #expect(records[0].batch == 2)
        #expect(records[0].throughputFPS > 0)
    }

    @Test func timeLimitGivesEveryModelTheSameCount() throws {
        let directory = try PythonFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let records = try BenchmarkRun.run(models: try Self.models(directory),
                                           backend: OpenVINOBackendTests.makeBackend(),
                                           settings: SessionSettings(threads: 1),
                                           plan: MeasurementPlan(warmup: 1, stop: .seconds(0.2)))
        #expect(records[0].statistics.count >= 1)
        #expect(records[0].statistics.count == records[1].statistics.count)
    }

    @Test(arguments: [
        (MeasurementPlan(warmup: 0, stop: .iterations(0)), "invalid measurement plan: iterations must be at least 1, got 0"),
        (MeasurementPlan(warmup: 0, stop: .seconds(0)), "invalid measurement plan: time must be positive, got 0.0 s"),
        (MeasurementPlan(warmup: -1, stop: .iterations(5)), "invalid measurement plan: warm-up must be 0 or more, got -1"),
    ])
    func badPlansAreRefused(plan: MeasurementPlan, message: String) throws {
        do {
            _ = try LatencyBenchmark.measure([], plan: plan)
            Issue.record("plan should be refused")
        } catch {
            #expect("\(error)" == message)
        }
    }
}

struct BenchmarkRecordTests {
    static let record = BenchmarkRecord(
        model: "runs/a \"b\".onnx", modelSHA256: "ab", backend: "openvino", runtimeVersion: "2026.4.1-1",
        device: "CPU", threads: 1, batch: 1, mode: .latency, requests: 1,
        statistics: LatencyStatistics(samples: [1, 2, 3, 4]), throughputFPS: 400, ratioToFirst: 1,
        precisionHint: "f32", executedPrecision: "i8")

    @Test func jsonHasEveryFieldInOrder() {
        #expect(Self.record.json.compact == """
            {"model":"runs/a \\"b\\".onnx","model_sha256":"ab","backend":"openvino",\
            "runtime_version":"2026.4.1-1","device":"CPU","threads":1,"batch":1,"mode":"latency",\
            "requests":1,"iterations":4,"median_ms":2.5,"mean_ms":2.5,"min_ms":1,\
            "max_ms":4,"p90_ms":3.7,"p99_ms":3.97,"std_ms":1.118,"throughput_fps":400,\
            "ratio_to_first":1,"precision_hint":"f32","executed_precision":"i8"}
            """)
    }

    @Test func jsonArrayIsValidJSON() throws {
        var second = Self.record
        second.threads = nil
        let text = BenchmarkRecord.json([Self.record, second])
        let parsed = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]]
        #expect(parsed?.count == 2)
        #expect(parsed?[1]["threads"] is NSNull)
        #expect(parsed?[0]["median_ms"] as? Double == 2.5)
    }

    @Test func tableShowsEveryFigureAndTheContext() {
        var second = Self.record
        second.model = "/tmp/pruned.onnx"
        second.ratioToFirst = 0.5
        second.executedPrecision = "f32"
        #expect(BenchmarkRecord.table([Self.record, second]) == """
            model        median ms  mean ms  min ms  max ms  p90 ms  p99 ms  std ms    fps  vs first  executed
            -----------  ---------  -------  ------  ------  ------  ------  ------  -----  --------  --------
            a "b".onnx       2.500    2.500   1.000   4.000   3.700   3.970   1.118  400.0    1.000x        i8
            pruned.onnx      2.500    2.500   1.000   4.000   3.700   3.970   1.118  400.0    0.500x       f32
            openvino 2026.4.1-1, device CPU, threads 1, batch 1, latency mode, 1 request(s), 4 iterations, \
            precision hint f32; 'executed': the precision of the compute nodes in one profiled inference

            """)
    }
}
