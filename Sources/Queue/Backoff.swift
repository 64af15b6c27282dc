
/// Waits between reconnection attempts: short at first (a restarting server is back within a
/// second), doubling up to a ceiling so a long outage costs a few attempts per second, not a
/// busy loop. No jitter: agents reconnect to one server, not a fleet to a shared service.
public struct Backoff: Sendable {
    public var initial: Double
    public var maximum: Double
    private var current: Double

    public init(initial: Double = 0.05, maximum: Double = 2) {
        precondition(initial > 0 && maximum >= initial)
        self.initial = initial
        self.maximum = maximum
        current = initial
    }

    /// The next pause in seconds.
    public mutating func next() -> Double {
        defer { current = min(maximum, current * 2) }
        return current
    }

    public mutating func reset() { current = initial }
}
