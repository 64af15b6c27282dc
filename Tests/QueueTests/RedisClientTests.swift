import Foundation
import Queue
import ShearsTestSupport
import Synchronization
import Testing

/// The client against a real redis-server on a loopback port (started per test).
@Suite(.serialized) struct RedisClientTests {
    @Test func roundTripsEachReplyType() throws {
        let server = try RedisServer()
        let redis = try server.client()
        #expect(try redis.send(RedisCommand("PING")) == .simpleString("PONG"))
        #expect(try redis.send(RedisCommand("SET", "k", "v")) == .simpleString("OK"))
        #expect(try redis.send(RedisCommand("GET", "k")).string == "v")
        #expect(try redis.send(RedisCommand("GET", "missing")) == .null)
        #expect(try redis.send(RedisCommand("INCRBY", "n", 41)) == .integer(41))
        #expect(try redis.send(RedisCommand("RPUSH", "l", "a", [0, 255, 13, 10])) == .integer(2))
        #expect(try redis.send(RedisCommand("LRANGE", "l", 0, -1))
            == .array([.bulkString(Array("a".utf8)), .bulkString([0, 255, 13, 10])]))
        try redis.requireBLMOVE()
    }

    @Test func errorRepliesNameTheCommand() throws {
        let server = try RedisServer()
        let redis = try server.client()
        try redis.send(RedisCommand("SET", "k", "v"))
        #expect(throws: QueueError.reply("LPUSH", "WRONGTYPE Operation against a key holding the wrong kind of value")) {
            try redis.send(RedisCommand("LPUSH", "k", "x"))
        }
        do {
            try redis.send(RedisCommand("script", "load", "not lua("))
            Issue.record("a bad script loaded")
        } catch {
            #expect(error.description.hasPrefix("Redis rejected SCRIPT LOAD: ERR Error compiling script"))
        }
        // The connection is still usable after an error reply.
        #expect(try redis.send(RedisCommand("GET", "k")).string == "v")
    }

    @Test func pipelineSendsManyCommandsInOneRoundTrip() throws {
        let server = try RedisServer()
        let redis = try server.client()
        let commands = (0..<2000).map { _ in RedisCommand("INCR", "counter") }
        #expect(try redis.pipeline(commands) == (1...2000).map { RESPValue.integer($0) })
        let mixed = try redis.pipelineAllowingErrors([RedisCommand("SET", "s", "x"), RedisCommand("INCR", "s"),
                                                      RedisCommand("GET", "s")])
        #expect(mixed == [.simpleString("OK"), .error("ERR value is not an integer or out of range"),
                          .bulkString(Array("x".utf8))])
    }

    @Test func bulkStringsOfSeveralMegabytesRoundTrip() throws {
        let server = try RedisServer()
        let redis = try server.client()
        let model = randomBytes(6 << 20 + 17, seed: 3)
        try redis.pipeline([RedisCommand("SET", "model", model), RedisCommand("SET", "after", "ok")])
        let replies = try redis.pipeline([RedisCommand("GET", "model"), RedisCommand("STRLEN", "model"),
                                          RedisCommand("GET", "after")])
        #expect(replies[0].bytes == model)
        #expect(replies[1] == .integer(model.count))
        #expect(replies[2].string == "ok")
    }

    @Test func selectChoosesTheDatabaseFromTheURL() throws {
        let server = try RedisServer()
        var url = server.url
        url.database = 3
        let db3 = try RedisClient(url: url)
        try db3.send(RedisCommand("SET", "where", "three"))
        #expect(try server.client().send(RedisCommand("GET", "where")) == .null)
        #expect(try db3.send(RedisCommand("GET", "where")).string == "three")
    }

    @Test func aWrongPasswordIsAClearError() throws {
        let server = try RedisServer(password: "right")
        var url = server.url
        url.password = "wrong"
        #expect(throws: QueueError.authenticationFailed(
            "127.0.0.1:\(server.port)", "WRONGPASS invalid username-password pair or user is disabled.")) {
            _ = try RedisClient(url: url)
        }
        url.password = nil
        let anonymous = try RedisClient(url: url)
        #expect(throws: QueueError.authenticationFailed("127.0.0.1:\(server.port)", "NOAUTH Authentication required.")) {
            try anonymous.send(RedisCommand("PING"))
        }
        url.password = "right"
        #expect(try RedisClient(url: url).send(RedisCommand("PING")) == .simpleString("PONG"))
        let message = QueueError.authenticationFailed("127.0.0.1:1", "WRONGPASS x").description
        #expect(message == "Redis at 127.0.0.1:1 rejected the password: WRONGPASS x\n"
            + "hint: pass the password with --redis-password-file FILE or $SHEARS_REDIS_PASSWORD "
            + "(or $REDISCLI_AUTH); in the URL (redis://:PASSWORD@host:port/db) every local user sees it in ps")
    }

    @Test func anUnreachableServerIsAClearError() throws {
        let port = try RedisServer.freePort()
        let url = RedisURL(host: "127.0.0.1", port: port)
        let error = QueueError.cannotConnect("127.0.0.1:\(port)", "Connection refused")
        #expect(throws: error) { _ = try RedisClient(url: url) }
        #expect(error.description == "cannot connect to Redis at 127.0.0.1:\(port): Connection refused\n"
            + "hint: start a server there ('redis-server --port \(port)') or pass the right --redis URL")
    }

    @Test func reconnectsAfterTheServerRestarts() throws {
        let server = try RedisServer()
        let lines = Mutex<[String]>([])
        let redis = try server.client(reconnectFor: 10)
        redis.log = { line in lines.withLock { $0.append(line) } }
        try redis.send(RedisCommand("RPUSH", "jobs", "a"))
        server.stop()
        let restarted = Thread { try? server.start() }
        Thread.sleep(forTimeInterval: 0.3)
        restarted.start()
        // Sent while the server is down: the client retries with back-off until it is back,
        // and the append-only file kept the list.
        #expect(try redis.send(RedisCommand("LRANGE", "jobs", 0, -1)) == .array([.bulkString(Array("a".utf8))]))
        let log = lines.withLock { $0 }
        #expect(log.count == 2)
        // The server closed the connection (or, if the FIN raced the write, the write hit a reset).
        #expect(["the server closed the connection", "write failed: Broken pipe", "write failed: Connection reset by peer"]
            .map { "lost the connection to Redis at 127.0.0.1:\(server.port) (\($0)); waiting for it, reconnecting for up to 10 s" }
            .contains(log.first ?? ""), "\(log)")
        #expect(log.last == "reconnected to redis://127.0.0.1:\(server.port)/0")
    }

    @Test func givesUpAfterTheReconnectWindow() throws {
        let server = try RedisServer()
        let redis = try RedisClient(url: server.url, options: .init(connectTimeout: 0.5, commandTimeout: 1,
                                                                    reconnectFor: 0.5))
        server.stop()
        #expect(throws: QueueError.connectionLost("127.0.0.1:\(server.port)", "Connection refused", 0.5)) {
            try redis.send(RedisCommand("PING"))
        }
    }
}
