
/// Every top-level subcommand, in the order `shears --help` lists them.
extension Command {
    static let all: [Command] = [.train, .eval, .prune, .sensitivity, .schedule, .summary, .export, .bench, .layers,
                                 .sweep, .replay, .report, .agent]
}
