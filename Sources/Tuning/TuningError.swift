/// Everything that can go wrong in the optimiser's input, worded in one place so messages
/// stay consistent and tests can assert them exactly.
public enum TuningError: Error, CustomStringConvertible, Equatable {
    /// A search space needs at least one parameter.
    case emptySearchSpace
    /// Two parameters share a name, so a template placeholder would be ambiguous.
    case duplicateParameter(String)
    /// A continuous or integer range is empty or reversed.
    case emptyRange(parameter: String, min: String, max: String)
    /// A log-scaled range must be strictly positive.
    case nonPositiveLogRange(parameter: String, min: Double)
    /// A range bound is infinite or NaN.
    case nonFiniteBound(parameter: String)
    /// A categorical parameter without values.
    case noCategories(parameter: String)
    /// A categorical parameter lists the same value twice.
    case duplicateCategory(parameter: String, value: String)
    /// An assignment lacks a parameter of the space.
    case missingParameter(String)
    /// An assignment names a parameter the space does not have.
    case unknownParameter(name: String, known: [String])
    /// A value lies outside its parameter's range.
    case valueOutOfRange(parameter: String, value: String, min: String, max: String)
    /// A value has the wrong kind (e.g. text for a continuous parameter).
    case wrongValueKind(parameter: String, expected: String, found: String)
    /// A categorical value is not one of the declared values.
    case unknownCategory(parameter: String, value: String, values: [String])
    /// A unit-cube point has the wrong number of coordinates.
    case dimensionMismatch(expected: Int, found: Int)
    /// A unit-cube coordinate is outside [0, 1] or not finite.
    case pointOutsideUnitCube(index: Int, value: Double)
    /// A successful observation must carry an objective value.
    case missingObjective
    /// A constraint floor was configured but a successful observation has no constraint value.
    case missingConstraint
    /// An observed value is NaN or infinite.
    case nonFiniteObservation(String)
    /// Cholesky failed even with the largest jitter (the kernel matrix is not positive definite).
    case notPositiveDefinite(size: Int, jitter: Double)

    // MARK: Sweep configuration (positioned by `PositionedError`, as schedule errors are)

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

    public var description: String {
        switch self {
        case let .searchSpaceRejected(file, assignment, reason):
            return "\(file): the search space reaches schedules the baseline cannot take; with \(assignment):\n"
                + reason + "\nhint: narrow the parameter ranges or fix the template"
        case .emptySearchSpace:
            return "the search space has no parameters"
        case .duplicateParameter(let name):
            return "parameter '\(name)' is declared twice"
        case .emptyRange(let p, let lo, let hi):
            return "parameter '\(p)': min \(lo) must be less than max \(hi)"
        case .nonPositiveLogRange(let p, let lo):
            return "parameter '\(p)': a log-scaled range needs min > 0, found \(lo)"
        case .nonFiniteBound(let p):
            return "parameter '\(p)': bounds must be finite numbers"
        case .noCategories(let p):
            return "parameter '\(p)': a categorical parameter needs at least one value"
        case .duplicateCategory(let p, let v):
            return "parameter '\(p)': value '\(v)' is listed twice"
        case .missingParameter(let name):
            return "no value for parameter '\(name)'"
        case .unknownParameter(let name, let known):
            return "unknown parameter '\(name)'; known: \(known.joined(separator: ", "))"
        case .valueOutOfRange(let p, let v, let lo, let hi):
            return "parameter '\(p)': value \(v) is outside [\(lo), \(hi)]"
        case .wrongValueKind(let p, let expected, let found):
            return "parameter '\(p)': expected \(expected), found \(found)"
        case .unknownCategory(let p, let v, let values):
            return "parameter '\(p)': '\(v)' is not one of \(values.joined(separator: ", "))"
        case .dimensionMismatch(let expected, let found):
            return "expected a point with \(expected) coordinates, found \(found)"
        case .pointOutsideUnitCube(let i, let v):
            return "coordinate \(i) is \(v), outside the unit interval [0, 1]"
        case .missingObjective:
            return "a successful observation needs an objective value"
        case .missingConstraint:
            return "a successful observation needs a constraint value when a constraint floor is set"
        case .nonFiniteObservation(let what):
            return "the observed \(what) is not a finite number"
        case .notPositiveDefinite(let n, let jitter):
            return "Cholesky factorisation of a \(n)x\(n) kernel matrix failed even with jitter \(jitter)"
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
        }
    }
}
