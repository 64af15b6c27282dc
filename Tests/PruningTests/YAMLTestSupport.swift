import Foundation
import Pruning
import YAML

/// A compact, unambiguous rendering of a parsed tree for table tests: plain scalars bare,
/// quoted ones in their quotes (escapes shown as \n), null as `~`, `[a, b]`, `{k: v}`.
func dump(_ node: YAMLNode?) -> String {
    guard let node else { return "<empty>" }
    switch node.value {
    case .scalar(let s):
        let shown = s.text.replacingOccurrences(of: "\n", with: "\\n")
        switch s.style {
        case .plain: return s.isNull ? "~" : shown
        case .singleQuoted: return "'\(shown)'"
        case .doubleQuoted: return "\"\(shown)\""
        }
    case .sequence(let items): return "[" + items.map(dump).joined(separator: ", ") + "]"
    case .mapping(let entries):
        return "{" + entries.map { dump($0.key) + ": " + dump($0.value) }.joined(separator: ", ") + "}"
    }
}

/// The rendered error of `body`, or a marker when it does not throw.
func renderedError(_ body: () throws -> Void) -> String {
    do {
        try body()
        return "<no error>"
    } catch {
        return String(describing: error)
    }
}
