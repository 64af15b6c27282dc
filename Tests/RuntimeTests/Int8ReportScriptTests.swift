import Runtime
import Foundation
import ShearsTestSupport
import Testing

/// tools/bench_int8_report.py (the INT8 section of BENCHMARKS.md) on records rendered by the Swift
/// side itself, so `shears bench --json` and the report cannot drift apart: the speed-ups, their
/// ranges over rounds and the top-1 deltas come out as computed by hand.
struct Int8ReportScriptTests {
    static func record(_ model: String, _ samples: [Double], executed: String) -> BenchmarkRecord {
        BenchmarkRecord(model: "/tmp/w/\(model)", modelSHA256: "ab", backend: "openvino", runtimeVersion: "2026.4.1",
                        device: "CPU", threads: 1, batch: 1, mode: .latency, requests: 1,
                        statistics: LatencyStatistics(samples: samples), throughputFPS: 1, ratioToFirst: 1,
                        precisionHint: "f32", executedPrecision: executed)
    }

    @Test func rendersSpeedUpsPrecisionsAndTopOne() throws {
        let python = try PythonFixtures.python()
        let dir = try PythonFixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Round 1: FP32 median 1.0, NNCF 0.5 (2x), Shears 0.5; round 2: FP32 1.2, NNCF 0.4 (3x), Shears 0.6.
        // Minima: FP32 0.8 both rounds, NNCF 0.4, Shears 0.4.
        let rounds: [[(String, [Double], String)]] = [
            [("fp32.onnx", [0.8, 1.0, 1.2], "f32"), ("nncf-int8.onnx", [0.4, 0.5, 0.6], "i8"),
             ("shears-int8.onnx", [0.4, 0.5, 0.6], "i8")],
            [("fp32.onnx", [0.8, 1.2, 1.6], "f32"), ("nncf-int8.onnx", [0.4, 0.4, 0.4], "i8"),
             ("shears-int8.onnx", [0.4, 0.6, 0.8], "i8")],
        ]
        for (index, round) in rounds.enumerated() {
            let json = BenchmarkRecord.json(round.map { Self.record($0.0, $0.1, executed: $0.2) })
            for side in ["shears", "openvino-python"] {
                try json.write(to: dir.appendingPathComponent("\(side)-1-\(index + 1).json"), atomically: true,
                               encoding: .utf8)
            }
        }
        let top1 = #"{"images": 1017, "models": {"/tmp/w/fp32.onnx": {"top1": 0.7483, "correct": 761}, "#
            + #""/tmp/w/nncf-int8.onnx": {"top1": 0.7493, "correct": 762}, "#
            + #""/tmp/w/shears-int8.onnx": {"top1": 0.7463, "correct": 759}}}"#
        try top1.write(to: dir.appendingPathComponent("top1.json"), atomically: true, encoding: .utf8)
        try "layer table\n".write(to: dir.appendingPathComponent("layers.txt"), atomically: true, encoding: .utf8)
        let r = try runProcess(python, [TestPaths.root.appendingPathComponent("tools/bench_int8_report.py").path,
                                        dir.path, "--rounds", "2", "--calibration", "300", "--shears-note", "",
                                        "--cpu", "cpu", "--cores", "2", "--date", "today", "--load", "9.0 1 1 → 1 1 1"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("| FP32 baseline (`shears export`) | f32 | 1.100 | 1.00x (1.00–1.00) | 0.800 | "
                               + "1.00x (1.00–1.00) | 1.100 | 1.00x (1.00–1.00) | 0.800 | 1.00x (1.00–1.00) | 0.7483 |  |"))
        #expect(lines.contains("| NNCF INT8 (post-training, ONNX backend) | i8 | 0.450 | 2.50x (2.00–3.00) | 0.400 | "
                               + "2.00x (2.00–2.00) | 0.450 | 2.50x (2.00–3.00) | 0.400 | 2.00x (2.00–2.00) | 0.7493 | "
                               + "+0.10 pt |"))
        // Shears vs NNCF per round: 0.5/0.5 = 1.0 and 0.6/0.4 = 1.5 → median 1.25; minima 1.0.
        #expect(lines.contains("Shears INT8 vs NNCF INT8, same rounds: latency 1.25x NNCF's by median, 1.00x by "
                               + "minimum (issue 15 asks within 10%), top-1 -0.30 pt (asks no more than 0.3 below)."))
        #expect(lines.contains { $0.hasPrefix("- The machine was heavily loaded") })
    }
}
