
/// A few lines saying what a checked schedule will do, for `shears schedule check`.
extension Schedule {
    public func summary(table: ParameterTable) -> String {
        func count(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
        var lines = ["\(source.file): OK for \(table.arch) (\(count(pruners.count, "pruner")), "
            + "\(count(lrSchedulers.count, "lr_scheduler")), \(count(extensions.count, "extension")), "
            + "\(count(policies.count, "policy").replacingOccurrences(of: "policys", with: "policies")))"]
        for policy in policies {
            let when: String
            switch policy.timing {
            case .window(let w): when = "epochs \(w.start)..<\(w.end) every \(w.frequency)"
            case .list(let list): when = "epochs \(list)"
            }
            switch policy.target {
            case .pruner(let name):
                guard let p = pruner(named: name) else { continue }
                let granularity: String
                switch p.granularity {
                case .elementwise: granularity = "elementwise"
                case .structured(let g):
                    granularity = g.rawValue + (p.followsLeader ? " (Leader)" : "")
                        + (p.roundTo > 1 ? ", keeping multiples of \(p.roundTo)" : "")
                }
                let sparsity: String
                switch p.weights[0].target {
                case .ramp(let r): sparsity = "\(r.initial) -> \(r.final)"
                case .constant where p.className == .sparsityLevel: sparsity = "per-weight levels"
                case .constant(let s): sparsity = "\(s)"
                }
                lines.append("  pruner \(name): \(p.className.rawValue), \(granularity), \(sparsity) on "
                    + "\(count(p.weights.count, "weight")), \(when)")
            case .lrScheduler(let name):
                let l = lrSchedulers.first { $0.name == name }!
                lines.append("  lr_scheduler \(name): \(l.className), \(when)")
            case .thinning(let name):
                let e = extensions.first { $0.name == name }!
                lines.append("  extension \(name): \(e.kind.rawValue), \(when)")
            case .quantizer: continue
            }
        }
        lines += quantizers.map { "  quantizer \($0.name): \($0.summary), after the last epoch" }
        return lines.joined(separator: "\n") + "\n"
    }
}
