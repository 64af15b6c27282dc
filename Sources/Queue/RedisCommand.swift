
/// One command as its arguments, each a binary-safe byte string. Built with the command's
/// name first, as on the wire: `RedisCommand("SET", key, bytes, "PX", 5000)`.
public struct RedisCommand: Sendable {
    public var arguments: [[UInt8]]

    public init(_ name: String, _ arguments: any RedisArgument...) {
        self.arguments = [Array(name.utf8)] + arguments.map(\.redisBytes)
    }

    public init(arguments: [[UInt8]]) {
        precondition(!arguments.isEmpty, "a command needs at least its name")
        self.arguments = arguments
    }

    /// The command's name in capitals, as error messages name it (`BLMOVE`, `SCRIPT LOAD`).
    public var name: String {
        let first = String(decoding: arguments[0], as: UTF8.self).uppercased()
        // Container commands are only meaningful with their subcommand.
        if ["SCRIPT", "CLIENT", "CONFIG", "OBJECT"].contains(first), arguments.count > 1 {
            return first + " " + String(decoding: arguments[1], as: UTF8.self).uppercased()
        }
        return first
    }
}

/// Anything that can be one argument of a command.
public protocol RedisArgument {
    var redisBytes: [UInt8] { get }
}

extension String: RedisArgument {
    public var redisBytes: [UInt8] { Array(utf8) }
}

extension Int: RedisArgument {
    public var redisBytes: [UInt8] { Array(String(self).utf8) }
}

extension Array: RedisArgument where Element == UInt8 {
    public var redisBytes: [UInt8] { self }
}
