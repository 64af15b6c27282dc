import Foundation
import JSON
import Queue
import Synchronization
import Testing
import Tuning

/// A train job is data from whoever can write to the queue: it must not make an agent read
/// files outside the directories the agent was started with.
struct AllowedDirectoriesTests {
    final class RecordingTrainer: TrialTrainer, @unchecked Sendable {
        var requests: [TrialRequest] = []
        struct Refused: Error {}
        func train(_ request: TrialRequest) throws -> TrainedTrial {
            requests.append(request)
            throw Refused()
        }
    }

    static func job(baseline: String, data: String) -> ReliableQueue.Job {
        let request = TrialRequest(sweep: "s", trial: 3, seed: 1, parameters: [], schedule: "version: 1\n",
                                   baseline: baseline, data: data, fineTuneEpochs: 1, validationSplit: nil,
                                   fineTune: .init())
        return ReliableQueue.Job(id: "s-1/3", message: TrialMessages.trainJob(request))
    }

    static let allowed = AllowedDirectories(["/srv/data", "models"], workingDirectory: "/home/agent")

    @Test func aBaselineOutsideTheAllowedDirectoriesFailsUnread() throws {
        let trainer = RecordingTrainer()
        let handler = TrainJobHandler(trainer: trainer, allowed: Self.allowed)
        #expect(throws: QueueError.badJob("s-1/3", "baseline '/etc/shadow' is outside the directories this agent "
                                          + "may read (/srv/data, /home/agent/models); start the agent with "
                                          + "--allow-dir DIR or --baseline PATH")) {
            _ = try handler.handle(Self.job(baseline: "/etc/shadow", data: "/srv/data"), log: { _ in })
        }
        #expect(trainer.requests.isEmpty)
    }

    @Test func aDataPathClimbingOutWithDotDotFailsUnread() throws {
        let trainer = RecordingTrainer()
        let handler = TrainJobHandler(trainer: trainer, allowed: Self.allowed)
        #expect(throws: QueueError.badJob("s-1/3", "data '/srv/data/../../etc' is not allowed: it is empty or contains '..'")) {
            _ = try handler.handle(Self.job(baseline: "models/base.safetensors", data: "/srv/data/../../etc"), log: { _ in })
        }
        #expect(trainer.requests.isEmpty)
    }

    @Test func pathsInsideReachTheTrainer() throws {
        let trainer = RecordingTrainer()
        let handler = TrainJobHandler(trainer: trainer, allowed: Self.allowed)
        #expect(throws: RecordingTrainer.Refused.self) {
            _ = try handler.handle(Self.job(baseline: "models/./base.safetensors", data: "/srv/data/cifar"), log: { _ in })
        }
        #expect(trainer.requests.map(\.baseline) == ["models/./base.safetensors"])
    }

    /// A directory's prefix is not the directory: /srv/data-other is not under /srv/data.
    @Test func aSiblingWithTheSamePrefixIsOutside() {
        #expect(throws: QueueError.self) { try Self.allowed.check("/srv/data-other/x", what: "data", job: "j") }
        #expect(throws: Never.self) { try Self.allowed.check("/srv/data", what: "data", job: "j") }
    }
}
