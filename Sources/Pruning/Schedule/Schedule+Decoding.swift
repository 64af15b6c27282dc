import Training
import YAML


/// Turning a parsed YAML document into a `Schedule`: sections in file order, policies last
/// (they refer to the sections), then the checks that need the whole schedule.
extension Schedule {
    static let topLevelKeys = ["version", "pruners", "regularizers", "quantizers", "lr_schedulers", "extensions",
                               "policies"]

    public init(document: YAMLDocument) throws {
        let source = document.source
        guard let root = document.root else {
            throw source.error(ScheduleError.emptySchedule, at: SourceLocation(file: source.file, line: 1, column: 1))
        }
        if let placeholder = document.placeholders.first {
            throw source.error(ScheduleError.unfilledPlaceholder(placeholder.name), at: placeholder.location)
        }
        guard root.mapping != nil else {
            let text = root.scalar?.text ?? ""
            let looksLikePath = text.hasSuffix(".yaml") && !text.contains(" ")
            throw source.error(ScheduleError.rootNotMapping(found: root.foundDescription, looksLikePath: looksLikePath),
                               at: root.location)
        }
        let top = try MappingReader(root, key: "schedule", context: "the schedule", allowed: Schedule.topLevelKeys,
                                    source: source)
        var decoder = ScheduleDecoder(source: source)
        var version: Int?
        for entry in top.entries {
            switch entry.name {
            case "version":
                let v = try ScheduleValues.int(entry.value, key: "version", source: source)
                guard v == 1 else { throw source.error(ScheduleError.unsupportedVersion(v), at: entry.value.location) }
                version = v
            case "pruners": try decoder.decodePruners(entry.value)
            case "regularizers": try decoder.refuseSection(entry.value, key: "regularizers", section: .regularizer)
            case "quantizers": try decoder.decodeQuantizers(entry.value)
            case "lr_schedulers": try decoder.decodeLRSchedulers(entry.value)
            case "extensions": try decoder.decodeExtensions(entry.value)
            default: break
            }
        }
        // A post-training quantizer alone needs no policy (Distiller's PTQ files have none).
        if let policies = top.value("policies") {
            try decoder.decodePolicies(policies)
        } else if decoder.quantizers.isEmpty {
            throw source.error(ScheduleError.missingPolicies, at: root.location)
        }
        let warnings = try decoder.checkConsistency()
        self.init(version: version, pruners: decoder.pruners, lrSchedulers: decoder.lrSchedulers,
                  extensions: decoder.extensions, policies: decoder.policies, warnings: warnings, source: source)
        quantizers = decoder.quantizers
    }
}

/// The decoding state: instances defined so far, then the policies that use them.
struct ScheduleDecoder {
    let source: SourceText
    var pruners: [PrunerSpec] = []
    var lrSchedulers: [LRSchedulerSpec] = []
    var extensions: [ThinningExtension] = []
    var policies: [Policy] = []
    var quantizers: [QuantizerSpec] = []

    init(source: SourceText) { self.source = source }

    func error(_ reason: ScheduleError, at location: SourceLocation) -> PositionedError {
        source.error(reason, at: location)
    }

    /// `name: {class: X, ...}` entries of a section (an empty section is allowed).
    func instances(_ node: YAMLNode, key: String) throws -> [YAMLNode.Entry] {
        if node.isNull { return [] }
        guard let entries = try node.uniqueEntries(in: source) else {
            throw error(.expected(.mapping, key: key, found: node.foundDescription), at: node.location)
        }
        return entries
    }

    /// An instance's `class`, read before its other keys so that an unsupported class is
    /// reported as such rather than as the unknown keys it brings.
    func className(_ instance: YAMLNode.Entry, section: DistillerSection) throws -> (String, SourceLocation) {
        let context = "\(section.rawValue) '\(instance.name)'"
        guard let entries = try instance.value.uniqueEntries(in: source) else {
            throw error(.expected(.mapping, key: instance.name, found: instance.value.foundDescription),
                        at: instance.value.location)
        }
        guard let classEntry = entries.first(where: { $0.name == "class" }) else {
            throw error(.missingKey("class", context: context), at: instance.key.location)
        }
        return (try ScheduleValues.string(classEntry.value, key: "class", source: source), classEntry.value.location)
    }

    func unsupported(_ section: DistillerSection, instance: String, className: String,
                     at location: SourceLocation) -> PositionedError {
        let known = DistillerCatalog.entry(className, in: section)
        return error(.unsupportedClass(section, instance: instance, className: className, note: known?.note,
                                       supported: DistillerCatalog.supportedNames(section)), at: location)
    }

    /// Regularizers and quantizers: every instance is refused by its class.
    func refuseSection(_ node: YAMLNode, key: String, section: DistillerSection) throws {
        for instance in try instances(node, key: key) {
            let (name, location) = try className(instance, section: section)
            throw unsupported(section, instance: instance.name, className: name, at: location)
        }
    }

    // MARK: - Pruners

    mutating func decodePruners(_ node: YAMLNode) throws {
        for instance in try instances(node, key: "pruners") {
            let (name, classLocation) = try className(instance, section: .pruner)
            guard let pruningClass = PrunerClass(rawValue: name) else {
                throw unsupported(.pruner, instance: instance.name, className: name, at: classLocation)
            }
            pruners.append(try decodePruner(instance, class: pruningClass))
        }
    }

    func decodePruner(_ instance: YAMLNode.Entry, class pruningClass: PrunerClass) throws -> PrunerSpec {
        let m = try MappingReader(instance.value, key: instance.name,
                                  context: "pruner '\(instance.name)' (\(pruningClass.rawValue))",
                                  allowed: ["class"] + pruningClass.keys, source: source)
        var granularity = Granularity.elementwise
        var weights: [PrunedWeight]
        switch pruningClass {
        case .automatedGradual:
            let ramp = try readRamp(m)
            weights = try readWeights(m, pruner: instance.name, target: .ramp(ramp))
        case .l1RankedStructureAGP:
            let ramp = try readRamp(m)
            granularity = .structured(try readGroup(m))
            weights = try readWeights(m, pruner: instance.name, target: .ramp(ramp))
        case .l1RankedStructure:
            granularity = .structured(try readGroup(m))
            let desired = try readSparsity(m, "desired_sparsity")
            weights = try readWeights(m, pruner: instance.name, target: .constant(desired))
        case .sparsityLevel:
            weights = try readLevels(m, pruner: instance.name)
        }
        var followsLeader = false
        if let dependency = m.value("group_dependency") {
            let text = try ScheduleValues.string(dependency, key: "group_dependency", source: source)
            guard text == "Leader" else { throw error(.unsupportedGroupDependency(text), at: dependency.location) }
            followsLeader = true
        }
        let roundTo = m.has("round_to") ? try positiveInt(m, "round_to") : 1
        return PrunerSpec(name: instance.name, className: pruningClass, granularity: granularity,
                          followsLeader: followsLeader, roundTo: roundTo, weights: weights,
                          location: instance.key.location)
    }

    func readSparsity(_ m: MappingReader, _ key: String) throws -> Double {
        let value = try m.double(key)
        guard value >= 0 && value < 1 else {
            throw error(.sparsityOutOfRange(key: key, value: value), at: m.value(key)!.location)
        }
        return value
    }

    func readRamp(_ m: MappingReader) throws -> AGPRamp {
        let initial = try readSparsity(m, "initial_sparsity")
        let final = try readSparsity(m, "final_sparsity")
        guard final > initial else {
            throw error(.rampNotIncreasing(initial: initial, final: final), at: m.value("final_sparsity")!.location)
        }
        return AGPRamp(initial: initial, final: final)
    }

    func readGroup(_ m: MappingReader) throws -> StructureGroup {
        let text = try m.string("group_type")
        guard let group = StructureGroup(rawValue: text) else {
            throw error(.unsupportedGroupType(text, supported: StructureGroup.allCases.map(\.rawValue)),
                        at: m.value("group_type")!.location)
        }
        return group
    }

    /// `weights: [a, b]`, or a single name (Distiller's resnet50 example writes one bare).
    func readWeights(_ m: MappingReader, pruner: String, target: SparsityTarget) throws -> [PrunedWeight] {
        let node = try m.require("weights")
        let items: [YAMLNode]
        if let sequence = node.sequence {
            items = sequence
        } else if let scalar = node.scalar, !scalar.isNull {
            items = [node]
        } else {
            throw error(.expected(.nameList, key: "weights", found: node.foundDescription), at: node.location)
        }
        guard !items.isEmpty else { throw error(.emptyList(key: "weights"), at: node.location) }
        var weights: [PrunedWeight] = []
        for item in items {
            let written = try ScheduleValues.string(item, key: "weights", source: source)
            let name = PrunedWeight.canonicalName(written)
            if weights.contains(where: { $0.name == name }) {
                throw error(.duplicateWeight(name, pruner: pruner), at: item.location)
            }
            weights.append(PrunedWeight(name: name, written: written, location: item.location, target: target))
        }
        return weights
    }

    /// SparsityLevelParameterPruner's `levels: {weight: sparsity}`.
    func readLevels(_ m: MappingReader, pruner: String) throws -> [PrunedWeight] {
        let node = try m.require("levels")
        guard let entries = try node.uniqueEntries(in: source) else {
            throw error(.expected(.mapping, key: "levels", found: node.foundDescription), at: node.location)
        }
        guard !entries.isEmpty else { throw error(.emptyList(key: "levels"), at: node.location) }
        var weights: [PrunedWeight] = []
        for entry in entries {
            if entry.name == "*" { throw error(.levelWildcard, at: entry.key.location) }
            let level = try ScheduleValues.double(entry.value, key: entry.name, source: source)
            guard level >= 0 && level < 1 else {
                throw error(.sparsityOutOfRange(key: entry.name, value: level), at: entry.value.location)
            }
            let name = PrunedWeight.canonicalName(entry.name)
            if weights.contains(where: { $0.name == name }) {
                throw error(.duplicateWeight(name, pruner: pruner), at: entry.key.location)
            }
            weights.append(PrunedWeight(name: name, written: entry.name, location: entry.key.location,
                                        target: .constant(level)))
        }
        return weights
    }

    // MARK: - LR schedulers and extensions

    mutating func decodeLRSchedulers(_ node: YAMLNode) throws {
        for instance in try instances(node, key: "lr_schedulers") {
            let (name, classLocation) = try className(instance, section: .lrScheduler)
            let keys: [String]
            switch name {
            case "StepLR": keys = ["step_size", "gamma"]
            case "MultiStepLR": keys = ["milestones", "gamma"]
            case "ExponentialLR": keys = ["gamma"]
            case "CosineAnnealingLR": keys = ["T_max", "eta_min"]
            default: throw unsupported(.lrScheduler, instance: instance.name, className: name, at: classLocation)
            }
            let m = try MappingReader(instance.value, key: instance.name,
                                      context: "lr_scheduler '\(instance.name)' (\(name))",
                                      allowed: ["class"] + keys, source: source)
            let schedule: LRSchedule
            switch name {
            case "StepLR":
                schedule = .step(size: try positiveInt(m, "step_size"), gamma: try gamma(m, default: 0.1))
            case "MultiStepLR":
                let node = try m.require("milestones")
                let milestones = try ScheduleValues.ints(node, key: "milestones", source: source)
                try checkIncreasing(milestones, key: "milestones", node: node)
                schedule = .multiStep(milestones: milestones, gamma: try gamma(m, default: 0.1))
            case "ExponentialLR":
                schedule = .exponential(gamma: try gamma(m, default: nil))
            default:
                schedule = .cosine(period: try positiveInt(m, "T_max"), minimum: try m.optionalDouble("eta_min") ?? 0)
            }
            lrSchedulers.append(LRSchedulerSpec(name: instance.name, schedule: schedule, location: instance.key.location))
        }
    }

    func positiveInt(_ m: MappingReader, _ key: String) throws -> Int {
        let v = try m.int(key)
        guard v > 0 else { throw error(.notPositive(key: key, value: String(v)), at: m.value(key)!.location) }
        return v
    }

    /// `gamma`, required when `defaultValue` is nil; must be positive.
    func gamma(_ m: MappingReader, default defaultValue: Double?) throws -> Double {
        guard m.has("gamma") || defaultValue == nil else { return defaultValue! }
        let v = try m.double("gamma")
        guard v > 0 else { throw error(.notPositive(key: "gamma", value: "\(v)"), at: m.value("gamma")!.location) }
        return v
    }

    /// Non-empty, non-negative and strictly increasing (milestones, epochs).
    func checkIncreasing(_ values: [Int], key: String, node: YAMLNode) throws {
        guard !values.isEmpty else { throw error(.emptyList(key: key), at: node.location) }
        for (k, v) in values.enumerated() {
            let location = node.sequence![k].location
            if v < 0 { throw error(.negativeEpoch(key: key, value: v), at: location) }
            if k > 0 && v <= values[k - 1] {
                throw error(.notIncreasing(key: key, previous: values[k - 1], next: v), at: location)
            }
        }
    }

    mutating func decodeExtensions(_ node: YAMLNode) throws {
        for instance in try instances(node, key: "extensions") {
            let (name, classLocation) = try className(instance, section: .extension)
            guard let kind = ThinningExtension.Kind(rawValue: name) else {
                throw unsupported(.extension, instance: instance.name, className: name, at: classLocation)
            }
            let m = try MappingReader(instance.value, key: instance.name,
                                      context: "extension '\(instance.name)' (\(name))",
                                      allowed: ["class", "thinning_func_str", "arch", "dataset"], source: source)
            let function = try m.string("thinning_func_str")
            guard function == kind.thinningFunction else {
                throw error(.thinningFunctionMismatch(className: name, found: function, expected: kind.thinningFunction),
                            at: m.value("thinning_func_str")!.location)
            }
            extensions.append(ThinningExtension(
                name: instance.name, kind: kind, arch: try m.string("arch"), dataset: try m.string("dataset"),
                location: instance.key.location, archLocation: m.value("arch")!.location,
                datasetLocation: m.value("dataset")!.location))
        }
    }
}
