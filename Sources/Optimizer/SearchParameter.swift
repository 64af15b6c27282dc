#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What values a tuned parameter may take; the three kinds a sweep file can declare.
public enum ParameterDomain: Equatable, Sendable {
    /// A real interval `[min, max]`, searched uniformly in the value or, with `log`, in its logarithm
    /// (learning rates, weight decays: a decade should weigh the same wherever it lies).
    case continuous(min: Double, max: Double, log: Bool)
    /// Every integer in `[min, max]`.
    case integer(min: Int, max: Int)
    /// One of a list of values, substituted as text; no order among them is assumed.
    case categorical([String])
}

/// A named parameter of the search space; the name is the `${name}` placeholder in a schedule template.
public struct SearchParameter: Equatable, Sendable {
    public var name: String
    public var domain: ParameterDomain

    public init(name: String, domain: ParameterDomain) {
        self.name = name
        self.domain = domain
    }

    /// Shorthand for a continuous parameter.
    public static func continuous(_ name: String, _ min: Double, _ max: Double, log: Bool = false) -> SearchParameter {
        SearchParameter(name: name, domain: .continuous(min: min, max: max, log: log))
    }

    /// Shorthand for an integer parameter.
    public static func integer(_ name: String, _ min: Int, _ max: Int) -> SearchParameter {
        SearchParameter(name: name, domain: .integer(min: min, max: max))
    }

    /// Shorthand for a categorical parameter.
    public static func categorical(_ name: String, _ values: [String]) -> SearchParameter {
        SearchParameter(name: name, domain: .categorical(values))
    }

    /// How many unit-cube coordinates the parameter occupies: one, or one per category (one-hot).
    public var width: Int {
        if case .categorical(let values) = domain { return values.count }
        return 1
    }

    /// Rejects ranges and lists that cannot be searched, naming the parameter.
    public func validate() throws {
        switch domain {
        case .continuous(let lo, let hi, let log):
            guard lo.isFinite, hi.isFinite else { throw OptimizerError.nonFiniteBound(parameter: name) }
            guard lo < hi else {
                throw OptimizerError.emptyRange(parameter: name, min: ParameterValue.real(lo).templateText,
                                             max: ParameterValue.real(hi).templateText)
            }
            if log && lo <= 0 { throw OptimizerError.nonPositiveLogRange(parameter: name, min: lo) }
        case .integer(let lo, let hi):
            guard lo < hi else { throw OptimizerError.emptyRange(parameter: name, min: "\(lo)", max: "\(hi)") }
        case .categorical(let values):
            guard !values.isEmpty else { throw OptimizerError.noCategories(parameter: name) }
            var seen = Set<String>()
            for v in values where !seen.insert(v).inserted {
                throw OptimizerError.duplicateCategory(parameter: name, value: v)
            }
        }
    }
}

/// One parameter's value in an assignment.
public enum ParameterValue: Equatable, Hashable, Sendable, CustomStringConvertible {
    case real(Double)
    case integer(Int)
    case category(String)

    /// The text put in place of `${name}` in a schedule template.
    ///
    /// Reals always carry a decimal point and a signed exponent when they need one (`0.25`,
    /// `3.0`, `1.5e-05`): YAML 1.1 readers such as PyYAML, which Distiller uses, read `1e-05`
    /// as a string, so the text stays a float for every reader of the schedule.
    public var templateText: String {
        switch self {
        case .real(let v):
            let text = v.description
            guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
                return text.contains(".") || !v.isFinite ? text : text + ".0"
            }
            var mantissa = String(text[..<e])
            var exponent = String(text[text.index(after: e)...])
            if !mantissa.contains(".") { mantissa += ".0" }
            if !exponent.hasPrefix("-") && !exponent.hasPrefix("+") { exponent = "+" + exponent }
            return mantissa + "e" + exponent
        case .integer(let v):
            return String(v)
        case .category(let s):
            return s
        }
    }

    public var description: String { templateText }

    /// Rounds to `digits` significant decimal digits, so the value recorded is exactly the value
    /// whose text goes into the schedule (no invisible digits beyond what a reader sees).
    static func roundedToSignificantDigits(_ v: Double, _ digits: Int = 6) -> Double {
        guard v != 0, v.isFinite else { return v }
        let magnitude = Int(floor(log10(abs(v))))
        let exponent = digits - 1 - magnitude
        // Scale by an exact power of ten in whichever direction keeps the factor an integer.
        if exponent >= 0 {
            let scale = pow(10.0, Double(exponent))
            return (v * scale).rounded() / scale
        } else {
            let scale = pow(10.0, Double(-exponent))
            return (v / scale).rounded() * scale
        }
    }
}
