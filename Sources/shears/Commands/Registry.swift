/// Every top-level subcommand, in the order `shears --help` lists them.
extension Command {
    static let all: [Command] = [.train, .eval, .schedule, .summary, .export, .bench, .layers]
}
