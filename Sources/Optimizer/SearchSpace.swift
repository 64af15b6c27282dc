#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parameters of a sweep and their map to the unit cube, where the Gaussian process works.
///
/// Continuous parameters take one coordinate, linear or logarithmic. An integer with `n` values
/// takes one coordinate cut into `n` equal cells, each value at its cell's centre, so uniform
/// sampling gives every integer the same chance. A categorical parameter takes one coordinate
/// per value (one-hot) and decodes to the largest coordinate: no order is invented among the
/// values, and every pair of different values is equally far apart for the kernel.
public struct SearchSpace: Equatable, Sendable {
    public let parameters: [SearchParameter]

    /// Validates every parameter and rejects duplicate names.
    public init(_ parameters: [SearchParameter]) throws {
        guard !parameters.isEmpty else { throw OptimizerError.emptySearchSpace }
        var names = Set<String>()
        for p in parameters {
            try p.validate()
            guard names.insert(p.name).inserted else { throw OptimizerError.duplicateParameter(p.name) }
        }
        self.parameters = parameters
    }

    /// Number of unit-cube coordinates (categoricals count one per value).
    public var dimension: Int { parameters.reduce(0) { $0 + $1.width } }

    public var names: [String] { parameters.map(\.name) }

    // MARK: - Encoding

    /// The unit-cube point of an assignment; every parameter must be present and in range.
    public func encode(_ assignment: [String: ParameterValue]) throws -> [Double] {
        for name in assignment.keys where !parameters.contains(where: { $0.name == name }) {
            throw OptimizerError.unknownParameter(name: name, known: names)
        }
        var x: [Double] = []
        x.reserveCapacity(dimension)
        for p in parameters {
            guard let value = assignment[p.name] else { throw OptimizerError.missingParameter(p.name) }
            x += try Self.encode(value, of: p)
        }
        return x
    }

    private static func encode(_ value: ParameterValue, of p: SearchParameter) throws -> [Double] {
        switch (p.domain, value) {
        case (.continuous(let lo, let hi, let isLog), .real), (.continuous(let lo, let hi, let isLog), .integer):
            // An integer written for a continuous parameter (`max: 3`) means the real number.
            let v = Self.realValue(value)
            guard v.isFinite, v >= lo, v <= hi else {
                throw OptimizerError.valueOutOfRange(parameter: p.name, value: value.templateText,
                                                  min: ParameterValue.real(lo).templateText,
                                                  max: ParameterValue.real(hi).templateText)
            }
            let u = isLog ? (log(v) - log(lo)) / (log(hi) - log(lo)) : (v - lo) / (hi - lo)
            return [min(max(u, 0), 1)]
        case (.integer(let lo, let hi), .integer(let v)):
            guard v >= lo, v <= hi else {
                throw OptimizerError.valueOutOfRange(parameter: p.name, value: "\(v)", min: "\(lo)", max: "\(hi)")
            }
            return [(Double(v - lo) + 0.5) / Double(hi - lo + 1)]
        case (.categorical(let values), .category(let v)):
            guard let index = values.firstIndex(of: v) else {
                throw OptimizerError.unknownCategory(parameter: p.name, value: v, values: values)
            }
            return values.indices.map { $0 == index ? 1 : 0 }
        default:
            throw OptimizerError.wrongValueKind(parameter: p.name, expected: p.domain.kindName,
                                             found: value.kindName)
        }
    }

    private static func realValue(_ value: ParameterValue) -> Double {
        switch value {
        case .real(let v): return v
        case .integer(let v): return Double(v)
        case .category: return .nan
        }
    }

    // MARK: - Decoding

    /// The assignment at a unit-cube point. Reals are rounded to six significant digits so the
    /// recorded value is exactly the text substituted into a schedule.
    public func decode(_ x: [Double]) throws -> [String: ParameterValue] {
        guard x.count == dimension else { throw OptimizerError.dimensionMismatch(expected: dimension, found: x.count) }
        for (i, u) in x.enumerated() where !(u >= 0 && u <= 1) {
            throw OptimizerError.pointOutsideUnitCube(index: i, value: u)
        }
        return decodeClamped(x)
    }

    /// Decodes after clamping into the cube; the optimiser's internal, non-throwing path.
    func decodeClamped(_ x: [Double]) -> [String: ParameterValue] {
        precondition(x.count == dimension, "point has \(x.count) coordinates, space has \(dimension)")
        var result: [String: ParameterValue] = [:]
        var offset = 0
        for p in parameters {
            switch p.domain {
            case .continuous(let lo, let hi, let isLog):
                let u = x[offset].isNaN ? 0 : min(max(x[offset], 0), 1)
                let raw = isLog ? exp(log(lo) + u * (log(hi) - log(lo))) : lo + u * (hi - lo)
                let rounded = ParameterValue.roundedToSignificantDigits(raw)
                result[p.name] = .real(min(max(rounded, lo), hi))
            case .integer(let lo, let hi):
                let n = hi - lo + 1
                let u = x[offset].isNaN ? 0 : min(max(x[offset], 0), 1)
                result[p.name] = .integer(lo + min(n - 1, Int((u * Double(n)).rounded(.down))))
            case .categorical(let values):
                var best = 0
                for k in 1..<values.count where x[offset + k] > x[offset + best] { best = k }
                result[p.name] = .category(values[best])
            }
            offset += p.width
        }
        return result
    }

    /// The point that stands for the same assignment as `x`: integers at their cell centres,
    /// categoricals exactly one-hot, reals at their rounded values. The acquisition is evaluated
    /// here, so the surrogate sees the assignment that would really run (Garrido-Merchán and
    /// Hernández-Lobato, 2020).
    public func canonical(_ x: [Double]) -> [Double] {
        // Decoded values are in range by construction, so encoding cannot fail.
        try! encode(decodeClamped(x))
    }
}

extension ParameterDomain {
    public var kindName: String {
        switch self {
        case .continuous: return "a real number"
        case .integer: return "an integer"
        case .categorical: return "one of the listed values"
        }
    }
}

extension ParameterValue {
    public var kindName: String {
        switch self {
        case .real(let v): return "the real number \(ParameterValue.real(v).templateText)"
        case .integer(let v): return "the integer \(v)"
        case .category(let s): return "the text '\(s)'"
        }
    }
}
