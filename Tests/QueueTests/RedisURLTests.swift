import Foundation
import Queue
import Testing

struct RedisURLTests {
    @Test func parsesEveryPart() throws {
        #expect(try RedisURL("redis://:s3cret@10.0.0.5:6380/2")
            == RedisURL(host: "10.0.0.5", port: 6380, password: "s3cret", database: 2))
        #expect(try RedisURL("redis://alice:pw@host/1") == RedisURL(host: "host", user: "alice", password: "pw", database: 1))
        #expect(try RedisURL("redis://localhost") == RedisURL(host: "localhost"))
        #expect(try RedisURL("redis://localhost:7000/") == RedisURL(host: "localhost", port: 7000))
        #expect(try RedisURL("redis://[::1]:6390/3") == RedisURL(host: "::1", port: 6390, database: 3))
        #expect(try RedisURL("redis://:p%40ss%3Aword@h:1/0").password == "p@ss:word")
    }

    @Test func descriptionMasksThePassword() throws {
        #expect(try RedisURL("redis://:s3cret@10.0.0.5:6380/2").description == "redis://:***@10.0.0.5:6380/2")
        #expect(try RedisURL("redis://h").description == "redis://h:6379/0")
    }

    @Test(arguments: [
        ("http://host:6379", "invalid Redis URL 'http://host:6379': expected it to start with 'redis://'"),
        ("redis://host:http", "invalid Redis URL 'redis://host:http': port 'http' is not a number from 1 to 65535"),
        ("redis://host:0", "invalid Redis URL 'redis://host:0': port '0' is not a number from 1 to 65535"),
        ("redis://host:6379/x", "invalid Redis URL 'redis://host:6379/x': database 'x' is not a non-negative integer"),
        ("redis://:pw@:6379", "invalid Redis URL 'redis://:***@:6379': the host is missing"),
        ("redis://:s3cret@host:0", "invalid Redis URL 'redis://:***@host:0': port '0' is not a number from 1 to 65535"),
        ("redis://alice:s3cret@h/x", "invalid Redis URL 'redis://alice:***@h/x': database 'x' is not a non-negative integer"),
        ("redis://s3cret@[::1", "invalid Redis URL 'redis://***@[::1': unterminated '[' in the host"),
        ("redis://:s3%zzcret@h", "invalid Redis URL 'redis://:***@h': bad percent escape in the credentials"),
        (":s3cret@host:6379", "invalid Redis URL ':***@host:6379': expected it to start with 'redis://'"),
        ("http://u:s3cret@host", "invalid Redis URL 'http://u:***@host': expected it to start with 'redis://'"),
    ])
    func badURLsNameTheBadPart(_ text: String, _ message: String) {
        do {
            _ = try RedisURL(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description == message + "\nhint: the form is redis://[:password@]host:port/db")
        }
    }

    /// A password need not be in argv, where `ps` shows it to every local user.
    @Test func passwordComesFromTheFileThenTheEnvironment() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("shears-pw-\(UUID())")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("from-file\nignored\n".utf8).write(to: file)
        let env = ["SHEARS_REDIS_PASSWORD": "from-shears", "REDISCLI_AUTH": "from-cli"]
        #expect(try RedisURL("redis://h", passwordFile: file.path, environment: env).password == "from-file")
        #expect(try RedisURL("redis://h", passwordFile: nil, environment: env).password == "from-shears")
        #expect(try RedisURL("redis://h", passwordFile: nil, environment: ["REDISCLI_AUTH": "from-cli"]).password
                == "from-cli")
        #expect(try RedisURL("redis://:in-url@h", passwordFile: nil, environment: env).password == "in-url")
        #expect(try RedisURL("redis://h", passwordFile: nil, environment: [:]).password == nil)
        #expect(try RedisURL("redis://h", passwordFile: nil, environment: env).description == "redis://:***@h:6379/0")
    }

    @Test func passwordFileProblemsAreNamed() throws {
        #expect(throws: QueueError.badPasswordFile("/nonexistent/pw", "no such file")) {
            _ = try RedisURL("redis://h", passwordFile: "/nonexistent/pw", environment: [:])
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("shears-pw-\(UUID())")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("\n".utf8).write(to: file)
        #expect(throws: QueueError.badPasswordFile(file.path, "its first line is empty")) {
            _ = try RedisURL("redis://h", passwordFile: file.path, environment: [:])
        }
        #expect(throws: QueueError.badPasswordFile(file.path, "the --redis URL has a password too; give it in one place")) {
            _ = try RedisURL("redis://:x@h", passwordFile: file.path, environment: [:])
        }
        #expect(QueueError.badPasswordFile("/p", "no such file").description
                == "cannot read the Redis password from '/p': no such file")
    }
}
