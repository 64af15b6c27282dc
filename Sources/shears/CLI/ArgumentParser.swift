import Support


/// Resolves the subcommand chain and parses `--flag value`, `--flag=value`, boolean
/// flags, repeated options and positionals against the chosen command's specs.
struct ArgumentParser {
    /// The outcome: run a command, or print help for one.
    enum Resolution {
        case run(Command, ParsedArguments)
        case help(Command, path: [String])
    }

    /// A usage error together with the command it happened in (for the usage line).
    struct Failure: Error {
        var error: UsageError
        var command: Command
        var path: [String]
    }

    let root: Command

    func resolve(_ arguments: [String]) throws(Failure) -> Resolution {
        var command = root
        var path = [root.name]
        var rest = arguments[...]
        // Walk down the subcommand tree while the next word names a subcommand.
        while let next = rest.first, !next.hasPrefix("-"), !command.subcommands.isEmpty {
            if let sub = command.subcommands.first(where: { $0.name == next }) {
                command = sub
                path.append(sub.name)
                rest = rest.dropFirst()
            } else if command.run == nil {
                let suggestion = closestName(to: next, in: command.subcommands.map(\.name))
                throw Failure(error: .unknownSubcommand(next, suggestion: suggestion), command: command, path: path)
            } else {
                break  // a positional of a command that also has subcommands (`bench model.onnx`)
            }
        }
        if rest.contains("--help") || rest.contains("-h") { return .help(command, path: path) }
        if command.run == nil {
            if rest.isEmpty { return .help(command, path: path) }
            throw Failure(error: .missingSubcommand(command.subcommands.map(\.name)), command: command, path: path)
        }
        do {
            return .run(command, try parse(Array(rest), for: command, path: path))
        } catch {
            throw Failure(error: error, command: command, path: path)
        }
    }

    private func parse(_ words: [String], for command: Command, path: [String]) throws(UsageError) -> ParsedArguments {
        let specs = Dictionary(uniqueKeysWithValues: command.options.map { ($0.name, $0) })
        var parsed = ParsedArguments(commandPath: path, options: [:], flags: [], positionals: [], specs: specs,
                                     usage: HelpRenderer.usage(command, path: path))
        var index = 0
        var onlyPositionals = false
        while index < words.count {
            let word = words[index]
            index += 1
            if onlyPositionals || !word.hasPrefix("--") || word == "-" {
                if word.hasPrefix("-") && !onlyPositionals && word != "-" && Double(word) == nil {
                    throw .unknownOption(word, suggestion: nil)
                }
                parsed.positionals.append(word)
                continue
            }
            if word == "--" {
                onlyPositionals = true
                continue
            }
            let body = word.dropFirst(2)
            let name: String, inlineValue: String?
            if let eq = body.firstIndex(of: "=") {
                name = String(body[..<eq])
                inlineValue = String(body[body.index(after: eq)...])
            } else {
                name = String(body)
                inlineValue = nil
            }
            guard let spec = specs[name] else {
                let candidates = command.options.map(\.name) + ["help"]
                throw .unknownOption("--" + name, suggestion: closestName(to: name, in: candidates).map { "--" + $0 })
            }
            switch spec.kind {
            case .flag:
                if inlineValue != nil { throw .flagWithValue(name) }
                parsed.flags.insert(name)
            case .single, .repeated:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else if index < words.count, !(words[index].hasPrefix("--") && words[index].count > 2) {
                    value = words[index]
                    index += 1
                } else {
                    throw .missingValue(spec.synopsis)
                }
                parsed.options[name, default: []].append(value)
            }
        }
        for spec in command.options where spec.isRequired && parsed.options[spec.name] == nil {
            throw .missingOption(spec.synopsis)
        }
        let required = command.arguments.filter(\.isRequired).count
        if parsed.positionals.count < required {
            throw .missingArgument(command.arguments[parsed.positionals.count].synopsis)
        }
        if !command.arguments.contains(where: \.isRepeated), parsed.positionals.count > command.arguments.count {
            throw .unexpectedArgument(parsed.positionals[command.arguments.count])
        }
        return parsed
    }
}
