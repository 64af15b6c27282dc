import Foundation
import JSON
import Queue
import ShearsTestSupport
import Testing
import Tuning

/// One malformed job must not make agents exit in turn and stall the sweep: it is answered
/// with a failure result, and the agent goes on to the next job.
@Suite(.serialized) struct PoisonJobTests {
    static let poison: [(id: String, bytes: [UInt8])] = [
        ("p/garbage", Array("garbage".utf8)),
        ("p/header", Array("SHEARS-MSG 1\n{\"trial\": \n".utf8)),
        ("p/nesting", Array(("SHEARS-MSG 1\n" + String(repeating: "[", count: 600) + String(repeating: "]", count: 600)
                             + "\n").utf8)),
        ("p/length", Array("SHEARS-MSG 1\n{}\nonnx 9223372036854775807\nxx\n".utf8)),
        ("p/short", Array("SHEARS-MSG 1\n{}\nonnx 10\nxx\n".utf8)),
    ]

    @Test func malformedJobsGetFailureResultsAndTheAgentKeepsServing() throws {
        let server = try RedisServer()
        let redis = try server.client()
        for (id, bytes) in Self.poison {
            try redis.send(RedisCommand("HSET", "shears:train:jobs", id, bytes))
            try redis.send(RedisCommand("LPUSH", "shears:train:pending", id))
        }
        let agents = AgentThreads()
        try agents.start(server.url, kind: "train", next: "bench", handler: FakeTrain(seconds: 0))
        let coordinator = try QueueCoordinator(url: server.url, sweep: "p", stages: ["train"], log: { _ in })
        try coordinator.submit(id: "p/good", message: QueueMessage(["trial": 1]))
        var done: [QueueCoordinator.Completion] = []
        let deadline = Date().addingTimeInterval(20)
        while done.isEmpty && Date() < deadline { done += try coordinator.waitForCompletions(timeout: 1) }
        #expect(done.map(\.id) == ["p/good"])
        #expect(done.first?.error == nil)

        let queue = ReliableQueue(kind: "train")
        var errors: [String] = []
        for (id, _) in Self.poison {
            let result = try #require(try queue.result(id: id, using: redis), "no result for \(id)")
            #expect(result.header["status"]?.string == "failed")
            errors.append(result.header["error"]?.string ?? "")
        }
        agents.stopAll()
        #expect(errors == [
            "job p/garbage cannot be read: malformed queue message: missing the 'SHEARS-MSG 1' line",
            "job p/header cannot be read: malformed queue message: header: line 1, column 11: expected a value, found end of input",
            "job p/nesting cannot be read: malformed queue message: header: line 1, column 513: nesting deeper than 512 levels",
            "job p/length cannot be read: malformed queue message: attachment 'onnx' is shorter than its 9223372036854775807 bytes",
            "job p/short cannot be read: malformed queue message: attachment 'onnx' is shorter than its 10 bytes",
        ])
        #expect(agents.log.withLock { $0 }.contains { $0.hasSuffix("p/garbage: refused: job p/garbage cannot be read: "
                                                                     + "malformed queue message: missing the 'SHEARS-MSG 1' line") })
        #expect(try redis.send(RedisCommand("HLEN", "shears:train:jobs")) == .integer(0))
    }

    /// Fields a sweep file could never produce are refused before any work.
    @Test(arguments: [
        ("fine_tune.batch_size", JSONValue(0), "malformed trial request: 'fine_tune.batch_size' should be an integer from 1 to 65536"),
        ("fine_tune.batch_size", JSONValue(-5), "malformed trial request: 'fine_tune.batch_size' should be an integer from 1 to 65536"),
        ("fine_tune.lr", JSONValue(-1.0), "malformed trial request: 'fine_tune.lr' should be a positive number"),
        ("fine_tune_epochs", JSONValue(0), "malformed trial request: 'fine_tune_epochs' should be an integer from 1 to 10000"),
        ("trial", JSONValue(-7), "malformed trial request: 'trial' should be a trial id (>= -1)"),
        ("validation_split", JSONValue(-5), "malformed trial request: 'validation_split' should be a positive integer"),
    ])
    func trainRequestsOutOfRangeAreRefused(_ key: String, _ value: JSONValue, _ message: String) throws {
        let request = TrialRequest(sweep: "s", trial: 0, seed: 1, parameters: [], schedule: "version: 1\n",
                                   baseline: "b", data: "d", fineTuneEpochs: 1, validationSplit: nil, fineTune: .init())
        var header = request.json
        let path = key.split(separator: ".").map(String.init)
        if path.count == 2 {
            header = setting(header, path[0], setting(header[path[0]]!, path[1], value))
        } else {
            header = setting(header, key, value)
        }
        #expect(throws: (any Error).self) { _ = try TrialMessages.request(from: QueueMessage(header)) }
        do { _ = try TrialMessages.request(from: QueueMessage(header)) } catch { #expect("\(error)" == message) }
    }

    @Test func aBenchJobForAnUnknownBackendIsRefused() throws {
        let trained = TrainedTrial(trial: 2, seed: 1, valTop1: 0.5, testTop1: 0.5, parameterCount: 1, macs: 1,
                                   checkpoint: [], onnx: [1], trainSeconds: 0)
        var objective = SweepConfiguration.Objective()
        objective.backend = "tensorrt"
        let job = TrialMessages.benchJob(trained, baselineONNX: [2], objective: objective)
        do {
            _ = try TrialMessages.benchParts(from: job, id: "s/2")
            Issue.record("a tensorrt bench job was accepted")
        } catch {
            #expect("\(error)" == "unknown backend 'tensorrt'; supported: openvino, native")
        }
        objective.backend = "native"
        objective.iterations = 0
        do {
            _ = try TrialMessages.benchParts(from: TrialMessages.benchJob(trained, baselineONNX: [2], objective: objective),
                                             id: "s/2")
            Issue.record("zero iterations were accepted")
        } catch {
            #expect("\(error)" == "malformed bench job objective: 'iterations' should be a positive integer")
        }
    }

    private func setting(_ object: JSONValue, _ key: String, _ value: JSONValue) -> JSONValue {
        var members = object.object ?? []
        if let i = members.firstIndex(where: { $0.0 == key }) { members[i].1 = value } else { members.append((key, value)) }
        return .object(members)
    }
}
