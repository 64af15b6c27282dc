import Queue
import ShearsTestSupport

extension RedisServer {
    var url: RedisURL { RedisURL(host: "127.0.0.1", port: port, password: password) }

    /// A client with short timeouts, as tests want failures fast.
    func client(reconnectFor: Double = 5) throws -> RedisClient {
        try RedisClient(url: url, options: .init(connectTimeout: 2, commandTimeout: 5, reconnectFor: reconnectFor))
    }
}
