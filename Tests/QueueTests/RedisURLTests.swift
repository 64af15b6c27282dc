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
        ("redis://:pw@:6379", "invalid Redis URL 'redis://:pw@:6379': the host is missing"),
    ])
    func badURLsNameTheBadPart(_ text: String, _ message: String) {
        do {
            _ = try RedisURL(text)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description == message + "\nhint: the form is redis://[:password@]host:port/db")
        }
    }
}
