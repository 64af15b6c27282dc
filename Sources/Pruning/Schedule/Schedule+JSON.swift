import JSON

/// The resolved schedule as JSON (`shears schedule check FILE --json`): canonical parameter
/// names, defaults filled in, each policy's epochs listed, and each AGP ramp evaluated at its
/// epochs, so a reader sees exactly what will happen without redoing Distiller's arithmetic.
extension Schedule {
    /// `table`, when given, adds the architecture and each weight's shape.
    public func json(table: ParameterTable? = nil, warnings extra: [ScheduleWarning] = []) -> String {
        var root: [(String, JSONValue)] = [("file", .string(source.file))]
        root.append(("version", version.map { JSONValue($0) } ?? .null))
        if let table { root.append(("arch", .string(table.arch))) }
        root.append(("pruners", .array(pruners.map { prunerJSON($0, table: table) })))
        root.append(("lr_schedulers", .array(lrSchedulers.map(lrJSON))))
        root.append(("extensions", .array(extensions.map { e in
            .object([("name", .string(e.name)), ("class", .string(e.kind.rawValue)),
                     ("thinning_func_str", .string(e.kind.thinningFunction)), ("arch", .string(e.arch)),
                     ("dataset", .string(e.dataset))])
        })))
        root.append(("policies", .array(policies.map(policyJSON))))
        if !quantizers.isEmpty { root.append(("quantizers", .array(quantizers.map(\.json)))) }
        root.append(("warnings", .array((warnings + extra).map { .string($0.description) })))
        return JSONValue.object(root).pretty(inlineScalarArrays: true) + "\n"
    }

    func prunerJSON(_ p: PrunerSpec, table: ParameterTable?) -> JSONValue {
        var fields: [(String, JSONValue)] = [("name", .string(p.name)), ("class", .string(p.className.rawValue))]
        switch p.granularity {
        case .elementwise: fields.append(("granularity", .string("elementwise")))
        case .structured(let g): fields.append(("granularity", .string(g.rawValue)))
        }
        if p.followsLeader { fields.append(("group_dependency", .string("Leader"))) }
        if p.roundTo > 1 { fields.append(("round_to", JSONValue(p.roundTo))) }
        fields.append(("weights", .array(p.weights.map { w in
            var entry: [(String, JSONValue)] = [("name", .string(w.name))]
            if let shape = table?.shapes[w.name] { entry.append(("shape", .array(shape.map { JSONValue($0) }))) }
            switch w.target {
            case .constant(let s): entry.append(("sparsity", .number(s)))
            case .ramp(let r):
                entry.append(("initial_sparsity", .number(r.initial)))
                entry.append(("final_sparsity", .number(r.final)))
            }
            return .object(entry)
        })))
        return .object(fields)
    }

    func lrJSON(_ l: LRSchedulerSpec) -> JSONValue {
        var fields: [(String, JSONValue)] = [("name", .string(l.name)), ("class", .string(l.className))]
        switch l.schedule {
        case .step(let size, let gamma): fields += [("step_size", JSONValue(size)), ("gamma", .number(gamma))]
        case .multiStep(let milestones, let gamma):
            fields += [("milestones", .array(milestones.map { JSONValue($0) })), ("gamma", .number(gamma))]
        case .exponential(let gamma): fields.append(("gamma", .number(gamma)))
        case .cosine(let period, let minimum):
            fields += [("T_max", period.map { JSONValue($0) } ?? .null), ("eta_min", .number(minimum))]
        case .constant, .warmup: break
        }
        return .object(fields)
    }

    func policyJSON(_ p: Policy) -> JSONValue {
        var fields: [(String, JSONValue)] = [(p.target.key, .string(p.target.instanceName))]
        if case .window(let w) = p.timing {
            fields += [("starting_epoch", JSONValue(w.start)), ("ending_epoch", JSONValue(w.end)),
                       ("frequency", JSONValue(w.frequency))]
        }
        fields.append(("epochs", .array(p.epochs.map { JSONValue($0) })))
        if case .pruner(let name) = p.target, let pruner = pruner(named: name),
           case .ramp(let ramp)? = pruner.weights.first?.target {
            fields.append(("sparsity", .array(p.epochs.map {
                .number(SparsityTarget.ramp(ramp).sparsity(at: $0, timing: p.timing))
            })))
        }
        return .object(fields)
    }
}
