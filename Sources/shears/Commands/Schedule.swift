import Network
import Pruning
import YAML

extension Command {
    /// `shears schedule`: groups the schedule tools (`schedule check`).
    static let schedule = Command(
        name: "schedule",
        abstract: "Work with Distiller compression schedules.",
        subcommands: [.scheduleCheck])

    /// `shears schedule check FILE`: load a schedule and check it against a network's parameters.
    static let scheduleCheck = Command(
        name: "check",
        abstract: "Check a Distiller schedule against a network; exit 0 if it loads, 2 with the error if not.",
        discussion: """
            Every class, key and policy must be one Shears implements, and every parameter name \
            must exist in the network (a leading 'module.' is accepted). Warnings go to stderr.
            """,
        arguments: [ArgumentSpec(name: "file", help: "The schedule, a Distiller YAML file.")],
        options: [
            .option("arch", "name", help: "Network to check against: resnet20, resnet32, resnet44 or resnet56.",
                    default: "resnet20"),
            .flag("json", help: "Print the resolved schedule as JSON."),
            .flag("simulate-only", help: "Accept quantizer bit widths OpenVINO cannot execute (simulation only)."),
        ],
        run: { args in
            let arch = try args.choice("arch", in: ResNetArchitecture.supportedNames)!
            let table = ParameterTable(network: try ResNet(architecture: .named(arch), seed: 0))
            do {
                let schedule = try Schedule.load(path: args.positionals[0])
                if !args.flag("simulate-only") { try schedule.checkDeployable() }
                let warnings = try schedule.validate(against: table)
                for warning in schedule.warnings + warnings { Terminal.note(warning.description) }
                print(args.flag("json") ? schedule.json(table: table, warnings: warnings) : schedule.summary(table: table),
                      terminator: "")
            } catch let error as PositionedError {
                // Compiler-style `file:line:column: error:` with the caret snippet, not `Error: …`.
                Terminal.note(error.description)
                throw ExitStatus(code: 2)
            }
        })
}
