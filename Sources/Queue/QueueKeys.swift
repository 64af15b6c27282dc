
/// Every Redis key the queues use, in one place so `redis-cli` users and the code agree.
/// All keys start with a prefix (default `shears`), so one server can host other data.
///
/// | key | type | holds |
/// | --- | --- | --- |
/// | `shears:<kind>:pending` | list | job ids waiting; producers LPUSH, agents BLMOVE from the right |
/// | `shears:<kind>:jobs` | hash | job id → `QueueMessage` bytes (deleted when the job completes) |
/// | `shears:<kind>:processing:<agent>` | list | ids an agent has taken and not finished |
/// | `shears:<kind>:results` | hash | job id → result bytes, written once (HSETNX); deleted once consumed |
/// | `shears:<kind>:consumed:<id>` | string, TTL | a consumed result's marker: a late duplicate records nothing (1 day) |
/// | `shears:<kind>:agents` | set | agents that may hold jobs of this kind |
/// | `shears:agent:<agent>` | string, TTL | the agent's heartbeat (its description as JSON) |
/// | `shears:replies:<sweep>` | list | "kind id" for every completed job, for the coordinator |
public struct QueueKeys: Sendable, Equatable {
    public var prefix: String

    public init(prefix: String = "shears") { self.prefix = prefix }

    public func pending(_ kind: String) -> String { "\(prefix):\(kind):pending" }
    public func jobs(_ kind: String) -> String { "\(prefix):\(kind):jobs" }
    public func results(_ kind: String) -> String { "\(prefix):\(kind):results" }
    public func consumed(_ kind: String, id: String) -> String { "\(prefix):\(kind):consumed:\(id)" }
    public func agents(_ kind: String) -> String { "\(prefix):\(kind):agents" }
    public func processingPrefix(_ kind: String) -> String { "\(prefix):\(kind):processing:" }
    public func processing(_ kind: String, agent: String) -> String { processingPrefix(kind) + agent }
    public var heartbeatPrefix: String { "\(prefix):agent:" }
    public func heartbeat(_ agent: String) -> String { heartbeatPrefix + agent }
    public func replies(_ sweep: String) -> String { "\(prefix):replies:\(sweep)" }
}
