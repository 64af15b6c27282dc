
/// `--help` text and usage lines in swift-argument-parser's layout
/// (OVERVIEW / USAGE / ARGUMENTS / OPTIONS / SUBCOMMANDS, aligned columns).
enum HelpRenderer {
    static let column = 28

    static func usage(_ command: Command, path: [String]) -> String {
        var parts = [path.joined(separator: " ")]
        if command.run == nil {
            parts.append("<subcommand>")
        } else {
            if !command.subcommands.isEmpty { parts.append("[<subcommand>]") }
            for option in command.options {
                var text = option.synopsis
                if option.kind == .repeated { text += " ..." }
                parts.append(option.isRequired ? text : "[\(text)]")
            }
            for argument in command.arguments {
                parts.append(argument.isRequired ? argument.synopsis : "[\(argument.synopsis)]")
            }
        }
        return parts.joined(separator: " ")
    }

    static func help(_ command: Command, path: [String]) -> String {
        var out = "OVERVIEW: \(command.abstract)\n"
        if let discussion = command.discussion { out += "\n\(discussion)\n" }
        out += "\nUSAGE: \(usage(command, path: path))\n"
        if !command.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for argument in command.arguments { out += row(argument.synopsis, argument.help) }
        }
        out += "\nOPTIONS:\n"
        for option in command.options {
            var help = option.help
            if let value = option.defaultValue { help += " (default: \(value))" }
            if option.kind == .repeated { help += " (may be repeated)" }
            out += row(option.synopsis, help)
        }
        if path.count == 1 { out += row("--version", "Show the version.") }
        out += row("-h, --help", "Show help information.")
        if !command.subcommands.isEmpty {
            out += "\nSUBCOMMANDS:\n"
            for sub in command.subcommands { out += row(sub.name, sub.abstract) }
            out += "\n  See '\(path.joined(separator: " ")) <subcommand> --help' for detailed help.\n"
        }
        return out
    }

    private static func row(_ left: String, _ right: String) -> String {
        let label = "  " + left
        if label.count + 2 > column { return label + "\n" + String(repeating: " ", count: column) + right + "\n" }
        return label + String(repeating: " ", count: column - label.count) + right + "\n"
    }
}
