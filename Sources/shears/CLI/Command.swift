
/// One `shears` subcommand: what it accepts (for parsing and help) and what it runs.
/// Commands are values, not types, so a command file is a single `static let` and the
/// tree of subcommands (`bench kernels`, `schedule check`) is plain data.
struct Command: Sendable {
    var name: String
    var abstract: String
    var discussion: String?
    var arguments: [ArgumentSpec]
    var options: [OptionSpec]
    var subcommands: [Command]
    var run: (@Sendable (ParsedArguments) throws -> Void)?

    init(name: String, abstract: String, discussion: String? = nil, arguments: [ArgumentSpec] = [],
         options: [OptionSpec] = [], subcommands: [Command] = [],
         run: (@Sendable (ParsedArguments) throws -> Void)? = nil) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.arguments = arguments
        self.options = options
        self.subcommands = subcommands
        self.run = run
    }
}

/// A `--long` option. `valueName == nil` makes it a boolean flag.
struct OptionSpec: Sendable {
    enum Kind: Sendable { case flag, single, repeated }

    var name: String
    var valueName: String?
    var help: String
    var kind: Kind
    var isRequired: Bool
    var defaultValue: String?

    /// A boolean switch such as `--json`.
    static func flag(_ name: String, help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, kind: .flag, isRequired: false, defaultValue: nil)
    }

    /// An option taking one value; the last occurrence wins.
    static func option(_ name: String, _ valueName: String, help: String, required: Bool = false,
                       default defaultValue: String? = nil) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, kind: .single, isRequired: required,
                   defaultValue: defaultValue)
    }

    /// An option that may be given several times; values accumulate in order.
    static func repeated(_ name: String, _ valueName: String, help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, kind: .repeated, isRequired: false,
                   defaultValue: nil)
    }

    /// `--epochs <n>` as shown in messages and usage lines.
    var synopsis: String { valueName.map { "--\(name) <\($0)>" } ?? "--\(name)" }
}

/// A positional argument.
struct ArgumentSpec: Sendable {
    var name: String
    var help: String
    var isRequired: Bool = true
    var isRepeated: Bool = false

    var synopsis: String { "<\(name)>" + (isRepeated ? " ..." : "") }
}
