
/// Everything a Distiller schedule can be refused for, from a wrong type to a parameter the
/// network lacks. Positioned errors wrap a case in `PositionedError`; the two file-level
/// cases are thrown bare. Each sentence names the offending thing and, where there is a
/// choice, what is supported.
public enum ScheduleError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read.
    case unreadableFile(path: String, reason: String)
    /// The file is not UTF-8 text.
    case notUTF8(path: String)
    /// The document is empty or only comments.
    case emptySchedule
    /// The document's root is not a mapping; `looksLikePath` when it is one word ending in .yaml
    /// (Distiller's repository stores some example schedules as symbolic links).
    case rootNotMapping(found: String, looksLikePath: Bool)
    /// A `${name}` left in a schedule that was never filled.
    case unfilledPlaceholder(String)
    /// A value of the wrong type: "expected an integer for 'starting_epoch', found 'ten'".
    case expected(ValueKind, key: String, found: String)
    /// A key not accepted where it appears.
    case unknownKey(String, context: String, supported: [String])
    /// A required key that is absent.
    case missingKey(String, context: String)
    /// `version` other than 1.
    case unsupportedVersion(Int)
    /// A class the section does not implement; `note` says why when Distiller has the class.
    case unsupportedClass(DistillerSection, instance: String, className: String, note: String?, supported: [String])
    /// A `group_type` outside Filters/Channels/Rows.
    case unsupportedGroupType(String, supported: [String])
    /// A `group_dependency` other than Leader.
    case unsupportedGroupDependency(String)
    /// A sparsity outside [0, 1).
    case sparsityOutOfRange(key: String, value: Double)
    /// An AGP ramp that does not grow.
    case rampNotIncreasing(initial: Double, final: Double)
    /// A number that must be positive (step_size, T_max, frequency, gamma).
    case notPositive(key: String, value: String)
    /// An epoch below zero.
    case negativeEpoch(key: String, value: Int)
    /// An epoch past `ScheduleDecoder.maximumEpoch` (a window is expanded into a list of epochs).
    case epochTooLarge(key: String, value: Int, limit: Int)
    /// A list that must increase strictly (milestones, epochs).
    case notIncreasing(key: String, previous: Int, next: Int)
    /// An empty list where at least one entry is needed.
    case emptyList(key: String)
    /// The same weight listed twice in one pruner.
    case duplicateWeight(String, pruner: String)
    /// `'*'` in a SparsityLevelParameterPruner's levels.
    case levelWildcard
    /// thinning_func_str that does not match the remover class.
    case thinningFunctionMismatch(className: String, found: String, expected: String)
    /// No `policies` section.
    case missingPolicies
    /// A policy naming none of pruner/lr_scheduler/extension.
    case policyWithoutTarget
    /// A policy naming two targets.
    case policyWithTwoTargets(String, String)
    /// A regularizer or quantizer policy.
    case unsupportedPolicyKind(String)
    /// A policy naming an instance its section does not define.
    case undefinedInstance(kind: String, name: String, defined: [String])
    /// Policy `args` (Distiller's per-policy switches such as fold_batchnorm).
    case unsupportedPolicyArgument(String, instance: String)
    /// Both `epochs` and a starting/ending/frequency window.
    case epochsAndWindow
    /// Neither `epochs` nor a complete window.
    case missingTiming
    /// ending_epoch not after starting_epoch.
    case emptyWindow(start: Int, end: Int)
    /// An AGP pruner on an `epochs` list instead of a window.
    case rampNeedsWindow(pruner: String)
    /// An AGP window too short for a ramp (Distiller's span is zero).
    case rampTooShort(pruner: String, start: Int, end: Int, frequency: Int)
    /// One instance driven by two policies.
    case instanceUsedTwice(kind: String, name: String, firstLine: Int)
    /// Two pruners on one weight in a common epoch.
    case weightPrunedTwice(String, first: String, second: String, epoch: Int)
    /// A second instance in `quantizers`.
    case secondQuantizer(String, first: String)
    /// `bits_accum` other than 32.
    case unsupportedAccumulator(Int)
    /// A bit width outside 2...8.
    case bitsOutOfRange(key: String, value: Int)
    /// A bit width the runtime cannot execute (OpenVINO CPU: 8 only).
    case bitsNotExecutable(key: String, bits: Int)
    /// A value outside a fixed set (mode, clip_acts).
    case unsupportedChoice(key: String, value: String, supported: [String])
    /// `clip_n_stds` without `clip_acts: N_STD`.
    case clipStdsWithoutNSTD
    /// An override key that is not a valid regular expression.
    case invalidOverridePattern(String)
    /// A parameter the network does not have.
    case unknownParameter(String, pruner: String, arch: String, nearest: [String])
    /// A parameter that is not a convolution or fully-connected weight.
    case notPrunable(String, shape: [Int])
    /// A structure the weight's rank does not have.
    case groupTypeNeedsRank(StructureGroup, name: String, shape: [Int])
    /// Leader dependency across weights with different structure counts.
    case leaderMismatch(name: String, count: Int, leader: String, leaderCount: Int, group: StructureGroup)
    /// A thinning extension for another architecture or dataset.
    case extensionMismatch(key: String, found: String, expected: String)

    /// What a value should have been, for `expected`.
    public enum ValueKind: String, Sendable {
        case integer = "an integer"
        case number = "a number"
        case string = "a string"
        case boolean = "a boolean"
        case sequence = "a sequence"
        case mapping = "a mapping"
        case integerList = "a sequence of integers"
        case nameList = "a sequence of parameter names"
    }

    public var description: String {
        switch self {
        case .unreadableFile(let path, let reason):
            return "cannot read schedule '\(path)': \(reason)"
        case .notUTF8(let path):
            return "schedule '\(path)' is not UTF-8 text"
        case .emptySchedule:
            return "the schedule is empty; expected a mapping with 'pruners' and 'policies'"
        case .rootNotMapping(let found, let looksLikePath):
            return "a schedule must be a mapping (version, pruners, lr_schedulers, extensions, policies), found \(found)"
                + (looksLikePath ? " (a path: the file may be a symbolic link stored as text)" : "")
        case .unfilledPlaceholder(let name):
            return "unfilled placeholder '${\(name)}'; fill the template with values before loading it as a schedule"
        case .expected(let kind, let key, let found):
            return "expected \(kind.rawValue) for '\(key)', found \(found)"
        case .unknownKey(let key, let context, let supported):
            return "unknown key '\(key)' in \(context); supported: \(supported.joined(separator: ", "))"
        case .missingKey(let key, let context):
            return "missing '\(key)' in \(context)"
        case .unsupportedVersion(let version):
            return "unsupported schedule version \(version); supported: 1"
        case .unsupportedClass(let section, let instance, let className, let note, let supported):
            let why = note.map { " (\($0))" } ?? ", which is not a Distiller class Shears knows"
            return "\(section.rawValue) '\(instance)' has class '\(className)'\(why); supported: "
                + (supported.isEmpty ? "none" : supported.joined(separator: ", "))
        case .unsupportedGroupType(let type, let supported):
            return "group_type '\(type)' is not supported; supported: \(supported.joined(separator: ", "))"
        case .unsupportedGroupDependency(let value):
            return "group_dependency '\(value)' is not supported; supported: Leader"
        case .sparsityOutOfRange(let key, let value):
            return "'\(key)' must be in [0, 1), found \(value)"
        case .rampNotIncreasing(let initial, let final):
            return "final_sparsity (\(final)) must be greater than initial_sparsity (\(initial))"
        case .notPositive(let key, let value):
            return "'\(key)' must be greater than 0, found \(value)"
        case .negativeEpoch(let key, let value):
            return "'\(key)' must be 0 or more, found \(value)"
        case .epochTooLarge(let key, let value, let limit):
            return "'\(key)' must be at most \(limit), found \(value)"
        case .notIncreasing(let key, let previous, let next):
            return "'\(key)' must increase: \(next) follows \(previous)"
        case .emptyList(let key):
            return "'\(key)' is empty; give at least one entry"
        case .duplicateWeight(let name, let pruner):
            return "weight '\(name)' is listed twice in pruner '\(pruner)'"
        case .levelWildcard:
            return "the '*' level (every parameter) is not supported; name each weight"
        case .thinningFunctionMismatch(let className, let found, let expected):
            return "thinning_func_str '\(found)' does not match class \(className); expected '\(expected)'"
        case .missingPolicies:
            return "the schedule has no 'policies'; without them nothing is pruned"
        case .policyWithoutTarget:
            return "a policy needs one of: pruner, lr_scheduler, extension"
        case .policyWithTwoTargets(let a, let b):
            return "a policy names both '\(a)' and '\(b)'; write one policy for each"
        case .unsupportedPolicyKind(let kind):
            return "\(kind) policies are not supported; supported: pruner, lr_scheduler, extension, quantizer"
        case .undefinedInstance(let kind, let name, let defined):
            return "the policy refers to \(kind) '\(name)', which is not defined; defined: "
                + (defined.isEmpty ? "none" : defined.joined(separator: ", "))
        case .unsupportedPolicyArgument(let argument, let instance):
            return "policy argument '\(argument)' for '\(instance)' is not supported; supported: none "
                + "(masks are applied after every optimiser step)"
        case .epochsAndWindow:
            return "a policy gives both 'epochs' and starting_epoch/ending_epoch/frequency; use one form"
        case .missingTiming:
            return "a policy needs 'epochs: [...]' or all of starting_epoch, ending_epoch and frequency"
        case .emptyWindow(let start, let end):
            return "ending_epoch (\(end)) must be greater than starting_epoch (\(start))"
        case .rampNeedsWindow(let pruner):
            return "AGP pruner '\(pruner)' ramps from starting_epoch to ending_epoch; it cannot run on an 'epochs' list"
        case .rampTooShort(let pruner, let start, let end, let frequency):
            return "AGP pruner '\(pruner)' needs at least two pruning steps: starting_epoch \(start), "
                + "ending_epoch \(end), frequency \(frequency) leave a ramp of 0 epochs"
        case .instanceUsedTwice(let kind, let name, let line):
            return "\(kind) '\(name)' is already driven by the policy at line \(line); use one policy per instance"
        case .weightPrunedTwice(let weight, let first, let second, let epoch):
            return "weight '\(weight)' is pruned by both '\(first)' and '\(second)' at epoch \(epoch)"
        case .secondQuantizer(let name, let first):
            return "quantizer '\(name)' is a second quantizer after '\(first)'; a schedule has at most one"
        case .unsupportedAccumulator(let bits):
            return "bits_accum \(bits) is not supported; supported: 32 (integer convolutions accumulate in int32)"
        case .bitsOutOfRange(let key, let value):
            return "'\(key)' must be 2 to 8 or null (float), found \(value)"
        case .bitsNotExecutable(let key, let bits):
            return "'\(key)' is \(bits) bits, which OpenVINO's CPU plugin cannot execute (it runs 8-bit integer "
                + "layers only); use 8, null (float), or pass '--simulate-only' to evaluate it in simulation"
        case .unsupportedChoice(let key, let value, let supported):
            return "'\(key)' \(value) is not supported; supported: \(supported.joined(separator: ", "))"
        case .clipStdsWithoutNSTD:
            return "'clip_n_stds' is only used with 'clip_acts: N_STD'"
        case .invalidOverridePattern(let pattern):
            return "override '\(pattern)' is not a valid regular expression"
        case .unknownParameter(let name, let pruner, let arch, let nearest):
            return "parameter '\(name)' in '\(pruner)' does not exist in \(arch); nearest: "
                + nearest.joined(separator: ", ")
        case .notPrunable(let name, let shape):
            return "'\(name)' has shape \(shape); only convolution (4-D) and fully-connected (2-D) weights are pruned"
        case .groupTypeNeedsRank(let group, let name, let shape):
            return "group_type \(group.rawValue) needs a \(group.requiredRank)-D weight, but '\(name)' has shape \(shape)"
        case .leaderMismatch(let name, let count, let leader, let leaderCount, let group):
            return "group_dependency Leader needs equal \(group.unitName) counts: '\(name)' has \(count), "
                + "leader '\(leader)' has \(leaderCount)"
        case .extensionMismatch(let key, let found, let expected):
            return "the thinning extension's \(key) is '\(found)', but the schedule is checked for '\(expected)'"
        }
    }
}

/// The sections of a Distiller schedule that hold class instances.
public enum DistillerSection: String, Sendable, CaseIterable {
    case pruner, regularizer, quantizer
    case lrScheduler = "lr_scheduler"
    case `extension`
}
