import Foundation

/// The `shears` executable: parse, dispatch, print, and turn errors into exit codes
/// (0 success, 1 a job that failed, 2 bad usage or bad input). No algorithms live here.
@main
enum Shears {
    static let version = "0.1.0"

    static let root = Command(
        name: "shears",
        abstract: "Prune ResNets until they are really faster: prune, fine-tune, thin, export, measure, search.",
        subcommands: Command.all)

    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == ["--version"] {
            print("shears \(version)")
            exit(0)
        }
        let resolution: ArgumentParser.Resolution
        do {
            resolution = try ArgumentParser(root: root).resolve(arguments)
        } catch {
            Terminal.fail(error.error.description, usage: HelpRenderer.usage(error.command, path: error.path),
                          path: error.path)
        }
        switch resolution {
        case .help(let command, let path):
            print(HelpRenderer.help(command, path: path), terminator: "")
            exit(0)
        case .run(let command, let parsed):
            do {
                try command.run!(parsed)
                exit(0)
            } catch let error as UsageError {
                Terminal.fail(error.description, usage: parsed.usage, path: parsed.commandPath)
            } catch let error as ExitStatus {
                exit(error.code)
            } catch {
                Terminal.error(String(describing: error))
                exit(error is InputError || (error as? any ClassifiedError)?.isBadInput == true ? 2 : 1)
            }
        }
    }
}
