import Queue

/// `--redis URL` and where its password comes from, shared by `sweep`, `agent` and `bench queue`.
/// The password can stay out of argv (which every local user reads with `ps`): a file, or
/// `$SHEARS_REDIS_PASSWORD` / `$REDISCLI_AUTH`.
enum RedisOptions {
    static let passwordFile = OptionSpec.option(
        "redis-password-file", "file",
        help: "Redis password, first line of this file (default: $SHEARS_REDIS_PASSWORD, then $REDISCLI_AUTH).")

    /// The URL with its password filled in, or nil without `--redis`.
    static func url(_ args: ParsedArguments) throws -> RedisURL? {
        guard let text = args.string("redis") else { return nil }
        return try RedisURL(text, passwordFile: args.string("redis-password-file"))
    }
}
