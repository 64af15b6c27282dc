/// Every top-level subcommand, in the order `shears --help` lists them.
extension Command {
    static let all: [Command] = [.train, .eval, .prune, .schedule, .summary, .bench, .layers, .sweep, .replay, .report]
}
