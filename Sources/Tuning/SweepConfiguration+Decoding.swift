import Foundation
import Pruning
import YAML
import Optimizer

extension SweepConfiguration {
    public static let topLevelKeys = ["name", "baseline", "data", "schedule_template", "parameters", "objective",
                                      "constraint", "budget", "fine_tune"]
    static let parameterKeys = ["type", "min", "max", "log", "values"]
    static let parameterTypes = ["continuous", "integer", "categorical"]
    static let objectiveKeys = ["minimize", "backend", "device", "threads", "iterations", "warmup",
                                "profile_iterations", "statistic"]
    static let constraintKeys = ["top1_min", "max_top1_drop"]
    static let budgetKeys = ["trials", "fine_tune_epochs", "validation_split", "seed", "initial_design"]
    static let fineTuneKeys = ["lr", "batch_size", "momentum", "weight_decay"]

    /// Reads a sweep file from disk; messages print `path` as given.
    public static func load(path: String) throws -> SweepConfiguration {
        try SweepConfiguration(parsing: readText(path), file: path)
    }

    /// Parses and checks a sweep configuration. Every complaint is a `PositionedError`
    /// (`file:line:column: error: …`, the line, a caret): wrong types, unknown keys with the
    /// supported ones, empty ranges, a parameter the template never uses, a placeholder no
    /// parameter (or the built-in `${fine_tune_epochs}`) fills. `readTemplate` loads the template path (the embedded demo supplies its own).
    public init(parsing text: String, file: String,
                readTemplate: (String) throws -> String = SweepConfiguration.readText) throws {
        let document = try YAMLDocument(parsing: text, file: file)
        let source = document.source
        guard let root = document.root else {
            throw PositionedError(TuningError.expected("a mapping", key: "sweep configuration", found: "nothing"),
                                  at: SourceLocation(file: file, line: 1, column: 1), sourceLine: source.line(1))
        }
        let top = try ConfigReader(root, key: "sweep configuration", context: "the sweep configuration",
                                   allowed: Self.topLevelKeys, source: source)
        let templatePath = try top.string("schedule_template")
        let templateNode = try top.require("schedule_template")
        let templateText: String
        do { templateText = try readTemplate(templatePath) } catch let error as TuningError {
            throw source.error(error, at: templateNode.location)
        }
        let template = try YAMLTemplate(templateText, file: templatePath)
        let space = try Self.readParameters(top, template: template, templatePath: templatePath)

        let name = try top.string("name")
        guard Self.isSafeName(name) else {
            throw source.error(TuningError.unsafeRunName(name), at: try top.require("name").location)
        }
        self.init(name: name, baseline: try top.string("baseline"), data: try top.string("data"),
                  templatePath: templatePath, template: template, space: space,
                  objective: try Self.readObjective(top), constraint: try Self.readConstraint(top),
                  budget: try Self.readBudget(top), fineTune: try Self.readFineTune(top), text: text, file: file)
    }

    /// The longest sweep name (it becomes `runs/<name>` and part of every Redis job id).
    public static let maxNameLength = 64

    /// One path component that cannot climb out of `runs/` (`..`, `/`), land in it (`""`, `.`),
    /// hide (leading `.`) or read as a flag (leading `-`).
    public static func isSafeName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...maxNameLength).contains(bytes.count) else { return false }
        func isWord(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
        }
        return isWord(bytes[0]) && bytes.allSatisfy { isWord($0) || $0 == 0x2D || $0 == 0x2E }
    }

    /// A file's text, or `TuningError.unreadableFile` saying why not.
    public static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "permission denied" : "no such file"
            throw TuningError.unreadableFile(path: path, reason: reason)
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw TuningError.unreadableFile(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    // MARK: - Sections

    private static func readParameters(_ top: ConfigReader, template: YAMLTemplate,
                                       templatePath: String) throws -> SearchSpace {
        let node = try top.require("parameters")
        guard let entries = try node.uniqueEntries(in: top.source), !entries.isEmpty else {
            throw top.source.error(TuningError.expected("a mapping of parameters", key: "parameters",
                                                        found: node.foundDescription), at: node.location)
        }
        var parameters: [SearchParameter] = []
        for entry in entries {
            let name = entry.name
            guard !Self.builtInPlaceholders.contains(name) else {
                throw top.source.error(TuningError.reservedParameterName(name, builtIns: Self.builtInPlaceholders),
                                       at: entry.key.location)
            }
            let m = try ConfigReader(entry.value, key: name, context: "parameter '\(name)'",
                                     allowed: Self.parameterKeys, source: top.source)
            let type = try m.optionalString("type") ?? (m.has("values") ? "categorical" : "continuous")
            guard Self.parameterTypes.contains(type) else {
                throw m.error(.unknownParameterType(type, parameter: name, supported: Self.parameterTypes),
                              at: m.value("type")!.location)
            }
            if m.has("log"), type != "continuous" {
                throw m.error(.logOnlyForContinuous(parameter: name), at: m.keyLocation("log")!)
            }
            let domain: ParameterDomain
            switch type {
            case "categorical":
                let valuesNode = try m.require("values")
                guard let items = valuesNode.sequence else {
                    throw m.error(.expected("a list of values", key: "values", found: valuesNode.foundDescription),
                                  at: valuesNode.location)
                }
                domain = .categorical(try items.map { try m.scalarText($0, key: "values") })
            case "integer":
                domain = .integer(min: try m.int("min"), max: try m.int("max"))
            default:
                domain = .continuous(min: try m.double("min"), max: try m.double("max"),
                                     log: try m.optionalBool("log") ?? false)
            }
            let parameter = SearchParameter(name: name, domain: domain)
            do { try parameter.validate() } catch let error as OptimizerError {
                throw top.source.error(error, at: entry.value.location)
            }
            guard template.placeholderNames.contains(name) else {
                throw top.source.error(TuningError.unusedParameter(name, template: templatePath),
                                       at: entry.key.location)
            }
            parameters.append(parameter)
        }
        let declared = parameters.map(\.name)
        if let stray = template.document.placeholders.first(where: {
            !declared.contains($0.name) && !Self.builtInPlaceholders.contains($0.name)
        }) {
            throw template.document.source.error(TuningError.undeclaredPlaceholder(stray.name, declared: declared,
                                                                                       builtIns: Self.builtInPlaceholders),
                                                 at: stray.location)
        }
        return try SearchSpace(parameters)
    }

    private static func readObjective(_ top: ConfigReader) throws -> Objective {
        guard let node = top.value("objective") else { return Objective() }
        let m = try ConfigReader(node, key: "objective", context: "objective", allowed: Self.objectiveKeys,
                                 source: top.source)
        var o = Objective()
        if let minimize = try m.optionalString("minimize") {
            guard Objective.supportedObjectives.contains(minimize) else {
                throw m.error(.unsupportedObjective(minimize, supported: Objective.supportedObjectives),
                              at: m.value("minimize")!.location)
            }
            o.minimize = minimize
        }
        if let backend = try m.optionalString("backend") {
            guard Objective.supportedBackends.contains(backend) else {
                throw m.error(.unsupportedBackend(backend, supported: Objective.supportedBackends),
                              at: m.value("backend")!.location)
            }
            o.backend = backend
        }
        o.device = try m.optionalString("device") ?? o.device
        if m.has("threads") { o.threads = m.value("threads")!.isNull ? nil : try m.positiveInt("threads") }
        o.iterations = try m.optionalPositiveInt("iterations") ?? o.iterations
        o.warmup = try m.optionalPositiveInt("warmup", allowZero: true) ?? o.warmup
        o.profileIterations = try m.optionalPositiveInt("profile_iterations", allowZero: true) ?? o.profileIterations
        if let statistic = try m.optionalString("statistic") {
            guard let s = Objective.Statistic(rawValue: statistic) else {
                throw m.error(.unknownStatistic(statistic, supported: Objective.Statistic.allCases.map(\.rawValue)),
                              at: m.value("statistic")!.location)
            }
            o.statistic = s
        }
        return o
    }

    private static func readConstraint(_ top: ConfigReader) throws -> Constraint? {
        guard let node = top.value("constraint") else { return nil }
        let m = try ConfigReader(node, key: "constraint", context: "constraint", allowed: Self.constraintKeys,
                                 source: top.source)
        guard m.entries.count == 1 else {
            throw m.error(.constraintNeedsOneOf(Self.constraintKeys),
                          at: m.entries.count > 1 ? m.entries[1].key.location : node.location)
        }
        let key = m.entries[0].name
        let value = try m.double(key)
        guard value > 0, value < 1 else {
            throw m.error(.constraintOutOfRange(key: key, value: value), at: m.value(key)!.location)
        }
        return key == "top1_min" ? .top1Min(value) : .maxTop1Drop(value)
    }

    private static func readBudget(_ top: ConfigReader) throws -> Budget {
        let m = try ConfigReader(try top.require("budget"), key: "budget", context: "budget",
                                 allowed: Self.budgetKeys, source: top.source)
        let seed = try m.optionalPositiveInt("seed", allowZero: true) ?? 1
        return Budget(trials: try m.positiveInt("trials"), fineTuneEpochs: try m.positiveInt("fine_tune_epochs"),
                      validationSplit: try m.optionalPositiveInt("validation_split"), seed: UInt64(seed),
                      initialDesign: try m.optionalPositiveInt("initial_design"))
    }

    private static func readFineTune(_ top: ConfigReader) throws -> FineTune {
        var f = FineTune()
        guard let node = top.value("fine_tune") else { return f }
        let m = try ConfigReader(node, key: "fine_tune", context: "fine_tune", allowed: Self.fineTuneKeys,
                                 source: top.source)
        f.learningRate = try m.optionalPositiveDouble("lr") ?? f.learningRate
        f.batchSize = try m.optionalPositiveInt("batch_size") ?? f.batchSize
        f.momentum = try m.optionalPositiveDouble("momentum", allowZero: true) ?? f.momentum
        f.weightDecay = try m.optionalPositiveDouble("weight_decay", allowZero: true) ?? f.weightDecay
        return f
    }
}
