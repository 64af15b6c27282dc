import Foundation
/// Every top-level subcommand, in the order `shears --help` lists them.
extension Command {
    static let all: [Command] = [.summary, .bench, .layers]
}
