
/// Everything that can go wrong in the optimiser's input (search spaces, points, observations),
/// worded in one place so messages stay consistent and tests can assert them exactly.
public enum OptimizerError: Error, CustomStringConvertible, Equatable {
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

    public var description: String {
        switch self {
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
        }
    }
}
