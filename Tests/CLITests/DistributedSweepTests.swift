import Foundation
import ShearsTestSupport
import Testing

/// `shears sweep --redis` with `shears agent` processes on a real redis-server: the tiny sweep
/// of SweepCommandTests, with an agent stopped by SIGTERM mid-trial, another killed with
/// SIGKILL mid-trial, and the server restarted mid-sweep.
@Suite(.serialized)
struct DistributedSweepTests {
    @Test func agentsExitTwoWhenRedisIsUnreachableOrRejectsThePassword() throws {
        let port = try RedisServer.freePort()
        let unreachable = try runProcess(TestPaths.shearsBinary, ["agent", "train", "--redis", "redis://127.0.0.1:\(port)/0"])
        #expect(unreachable.status == 2)
        #expect(unreachable.stderr == "Error: cannot connect to Redis at 127.0.0.1:\(port): Connection refused\n"
                    + "hint: start a server there ('redis-server --port \(port)') or pass the right --redis URL\n")
        #expect(unreachable.stdout == "")

        let server = try RedisServer(password: "right")
        let wrong = try runProcess(TestPaths.shearsBinary, ["agent", "train", "--redis", "redis://:wrong@127.0.0.1:\(server.port)/0"])
        #expect(wrong.status == 2)
        #expect(wrong.stderr == "Error: Redis at 127.0.0.1:\(server.port) rejected the password: "
                    + "WRONGPASS invalid username-password pair or user is disabled.\n"
                    + Self.passwordHint)

        // From the environment, out of argv; neither the password nor its variable is echoed.
        let fromEnvironment = try runProcess(TestPaths.shearsBinary, ["agent", "train", "--redis", "redis://127.0.0.1:\(server.port)/0"],
                                             environment: ["SHEARS_REDIS_PASSWORD": "s3cret-env"])
        #expect(fromEnvironment.status == 2)
        #expect(fromEnvironment.stderr == "Error: Redis at 127.0.0.1:\(server.port) rejected the password: "
                    + "WRONGPASS invalid username-password pair or user is disabled.\n" + Self.passwordHint)
        let missingFile = try runProcess(TestPaths.shearsBinary, ["agent", "bench", "--redis", "redis://127.0.0.1:\(server.port)/0",
                                                                  "--redis-password-file", "/nonexistent/pw"])
        #expect(missingFile.status == 2)
        #expect(missingFile.stderr == "Error: cannot read the Redis password from '/nonexistent/pw': no such file\n")

        let negative = try runProcess(TestPaths.shearsBinary, ["agent", "train", "--redis", "redis://127.0.0.1:1/0",
                                                               "--reconnect-for", "-1"])
        #expect(negative.status == 2)
        #expect(negative.stderr.hasPrefix("Error: The value '-1.0' is invalid for '--reconnect-for <s>': expected a "
                                          + "non-negative number of seconds\n"), "\(negative.stderr)")

        let masked = try runProcess(TestPaths.shearsBinary, ["agent", "train", "--redis", "redis://:s3cret@127.0.0.1:99999/0"])
        #expect(masked.status == 2)
        #expect(masked.stderr == "Error: invalid Redis URL 'redis://:***@127.0.0.1:99999/0': port '99999' is not a number "
                    + "from 1 to 65535\nhint: the form is redis://[:password@]host:port/db\n")

        let bad = try runProcess(TestPaths.shearsBinary, ["agent", "train", "--redis", "localhost:6379"])
        #expect(bad.status == 2)
        #expect(bad.stderr == "Error: invalid Redis URL 'localhost:6379': expected it to start with 'redis://'\n"
                    + "hint: the form is redis://[:password@]host:port/db\n")
    }

    @Test func aSweepWithTwoTrainAgentsAndOneBenchAgentSurvivesSIGTERMSIGKILLAndARedisRestart() throws {
        let tiny = try SweepCommandTests.TinySweep(trials: 3)
        defer { tiny.remove() }
        let server = try RedisServer()
        let dir = tiny.directory
        func agent(_ kind: String, _ name: String) throws -> ChildProcess {
            var arguments = ["agent", kind, "--redis", server.urlString, "--heartbeat", "2", "--name", name]
            if kind == "train" {
                arguments += ["--data", dir.appendingPathComponent("data").path,
                              "--baseline", dir.appendingPathComponent("base.safetensors").path]
            } else {
                arguments += ["--scratch", dir.appendingPathComponent("scratch-\(name)").path]
            }
            return try ChildProcess(TestPaths.shearsBinary, arguments, output: dir.appendingPathComponent("\(name).log"))
        }
        let a = try agent("train", "train-a"), b = try agent("train", "train-b"), c = try agent("bench", "bench-c")
        let sweep = try ChildProcess(URL(fileURLWithPath: "/bin/sh"),
                                     ["-c", "cd '\(dir.path)' && exec '\(TestPaths.shearsBinary.path)' sweep "
                                        + "--config s.yaml --redis \(server.urlString)"],
                                     output: dir.appendingPathComponent("sweep.log"))
        defer { [a, b, c, sweep].forEach { $0.signal(SIGKILL) } }
        let job = "/0: started"

        // SIGTERM the agent that took trial 0: it returns the job and exits 0; the other takes it.
        #expect(waitUntil(60) { a.output.contains(job) || b.output.contains(job) }, "\(sweep.output)")
        let (stopped, other) = a.output.contains(job) ? (a, b) : (b, a)
        stopped.signal(SIGTERM)
        #expect(stopped.wait(timeout: 10) == 0)
        // Returned by the agent, or (a heartbeat lapsed on a loaded machine) by the coordinator first.
        #expect(stopped.output.contains("/0 to the queue") || stopped.output.contains("/0 was already back in the queue"),
                "\(stopped.output)")
        #expect(other.waitForOutput(containing: job, timeout: 30), "\(other.output)")

        // SIGKILL it in trial 1; a new agent finishes the trial once the heartbeat has expired.
        #expect(other.waitForOutput(containing: "/1: started", timeout: 60), "\(other.output)")
        other.signal(SIGKILL)
        #expect(other.wait(timeout: 5) == 128 + SIGKILL)
        let late = try agent("train", "train-z")
        defer { late.signal(SIGKILL) }
        #expect(late.waitForOutput(containing: "/1: started", timeout: 30), "\(sweep.output)")
        #expect(sweep.output.contains("agent \(other === a ? "train-a" : "train-b") stopped sending heartbeats; "
                                      + "re-queued for train"))

        // Restart redis-server once trial 1 is recorded; the sweep carries on after reconnecting.
        #expect(waitUntil(60) { (try? tiny.events().contains { $0["event"] as? String == "trial_finished"
                                                                && $0["trial"] as? Int == 1 }) == true })
        server.stop()
        try server.start()
        #expect(sweep.wait(timeout: 120) == 0, "\(sweep.output)")
        #expect(sweep.output.contains("reconnected to redis://127.0.0.1:\(server.port)/0"), "\(sweep.output)")

        let events = try tiny.events()
        let finished = events.filter { $0["event"] as? String == "trial_finished" }.compactMap { $0["trial"] as? Int }
        let failures = events.filter { $0["event"] as? String == "trial_failed" }.map { $0["error"] as? String ?? "?" }
        #expect(failures == [], "\(sweep.output)")
        #expect(finished == [0, 1, 2])
        #expect(events.filter { $0["event"] as? String == "trial_started" }.count == 3)
        for id in 0..<3 {
            let files = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("runs/tiny/trials/\(id)").path)
            #expect(files.sorted() == ["layers.csv", "model.onnx", "model.safetensors", "schedule.yaml"])
        }
        for idle in [late, c] {
            idle.signal(SIGTERM)
            #expect(idle.wait(timeout: 10) == 0, "\(idle.output)")
        }
    }

    static let passwordHint = "hint: pass the password with --redis-password-file FILE or $SHEARS_REDIS_PASSWORD "
        + "(or $REDISCLI_AUTH); in the URL (redis://:PASSWORD@host:port/db) every local user sees it in ps\n"

    private func waitUntil(_ seconds: Double, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}
