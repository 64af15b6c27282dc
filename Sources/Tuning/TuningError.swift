import Optimizer


/// Everything that can go wrong in a sweep's configuration and trials (positioned by
/// `PositionedError`, as schedule errors are), worded in one place so messages stay
/// consistent and tests can assert them exactly. The optimiser's own are `OptimizerError`.
public enum TuningError: Error, CustomStringConvertible, Equatable {
    /// A configuration or template file that cannot be read: (path, reason).
    case unreadableFile(path: String, reason: String)
    /// A value of the wrong kind: (what was expected, key, what was found).
    case expected(String, key: String, found: String)
    /// A key the section does not define.
    case unknownKey(String, context: String, supported: [String])
    /// A required key that is absent.
    case missingKey(String, context: String)
    /// A number that must be positive.
    case notPositive(key: String, value: String)
    /// A number that must be zero or more.
    case negative(key: String, value: String)
    /// `objective.minimize` names something Shears does not measure.
    case unsupportedObjective(String, supported: [String])
    /// A parameter `type` other than continuous, integer, categorical.
    case unknownParameterType(String, parameter: String, supported: [String])
    /// `log: true` on an integer or categorical parameter.
    case logOnlyForContinuous(parameter: String)
    /// Both `top1_min` and `max_top1_drop`, or neither, in `constraint`.
    case constraintNeedsOneOf([String])
    /// A constraint value outside (0, 1).
    case constraintOutOfRange(key: String, value: Double)
    /// A declared parameter the template never uses (a wasted search dimension).
    case unusedParameter(String, template: String)
    /// A template placeholder no parameter (nor the sweep itself) supplies.
    case undeclaredPlaceholder(String, declared: [String], builtIns: [String])
    /// A parameter named like a placeholder the sweep fills itself.
    case reservedParameterName(String, builtIns: [String])
    /// A trial message (request or result) lacks a member or has the wrong kind: (message, key, expected).
    case badMessage(String, key: String, expected: String)
    /// Ctrl-C or SIGTERM stopped a trial's fine-tuning; the trial stays unfinished for `--resume`.
    case interrupted
    /// Fine-tuning produced NaN or infinite accuracy figures (the trial is recorded as failed).
    case diverged
    /// `replay --trial K` for a trial that failed or is not in the ledger: (id, finished ids).
    case trialNotReplayable(Int, finished: [Int])
    /// `objective.statistic` other than median or min.
    case unknownStatistic(String, supported: [String])
    /// The objective backend is not one Shears can drive.
    case unsupportedBackend(String, supported: [String])
    /// The template filled at an edge of the search space gives a schedule the baseline
    /// cannot take: (configuration file, the assignment, the schedule's error).
    case searchSpaceRejected(file: String, assignment: String, reason: String)
    /// A sweep `name` that is not one safe path component (it names the run directory).
    case unsafeRunName(String)

    public var description: String {
        switch self {
        case let .searchSpaceRejected(file, assignment, reason):
            return "\(file): the search space reaches schedules the baseline cannot take; with \(assignment):\n"
                + reason + "\nhint: narrow the parameter ranges or fix the template"
        case .unreadableFile(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .expected(let kind, let key, let found):
            return "expected \(kind) for '\(key)', found \(found)"
        case .unknownKey(let key, let context, let supported):
            return "unknown key '\(key)' in \(context); supported: \(supported.joined(separator: ", "))"
        case .missingKey(let key, let context):
            return "missing '\(key)' in \(context)"
        case .notPositive(let key, let value):
            return "'\(key)' must be positive, found \(value)"
        case .negative(let key, let value):
            return "'\(key)' must be 0 or more, found \(value)"
        case .unsupportedObjective(let name, let supported):
            return "cannot minimize '\(name)'; supported: \(supported.joined(separator: ", "))"
        case .unknownParameterType(let type, let p, let supported):
            return "parameter '\(p)': unknown type '\(type)'; supported: \(supported.joined(separator: ", "))"
        case .logOnlyForContinuous(let p):
            return "parameter '\(p)': 'log' applies to continuous parameters only"
        case .constraintNeedsOneOf(let keys):
            return "the constraint needs exactly one of \(keys.map { "'\($0)'" }.joined(separator: ", "))"
        case .constraintOutOfRange(let key, let value):
            return "'\(key)' must lie between 0 and 1, found \(ParameterValue.real(value).templateText)"
        case .unusedParameter(let name, let template):
            return "parameter '\(name)' is not used by the schedule template \(template); "
                + "add '${\(name)}' to the template or remove the parameter"
        case .undeclaredPlaceholder(let name, let declared, let builtIns):
            return "placeholder '${\(name)}' is not a declared parameter; declared: \(declared.joined(separator: ", "))"
                + "; built in: \(builtIns.joined(separator: ", "))"
        case .reservedParameterName(let name, let builtIns):
            return "parameter '\(name)' is filled by the sweep itself (built in: \(builtIns.joined(separator: ", ")));"
                + " choose another name"
        case .badMessage(let what, let key, let expected):
            return "malformed \(what): '\(key)' should be \(expected)"
        case .interrupted:
            return "interrupted"
        case .diverged:
            return "diverged: the fine-tuned network's accuracy is not a number"
        case .trialNotReplayable(let id, let finished):
            return "trial \(id) has no finished record in the ledger; finished trials: "
                + (finished.isEmpty ? "none" : finished.map(String.init).joined(separator: ", "))
        case .unknownStatistic(let name, let supported):
            return "unknown latency statistic '\(name)'; supported: \(supported.joined(separator: ", "))"
        case .unsupportedBackend(let name, let supported):
            return "unknown backend '\(name)'; supported: \(supported.joined(separator: ", "))"
        case .unsafeRunName(let name):
            return "sweep name '\(name)' cannot name a run directory: use 1 to \(SweepConfiguration.maxNameLength) "
                + "letters, digits, '_', '-' and '.', starting with a letter, digit or '_'"
        }
    }
}
