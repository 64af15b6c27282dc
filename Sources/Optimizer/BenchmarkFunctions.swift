#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard test problems for global optimisers, with known minima, so an optimiser's progress
/// can be stated as simple regret (best value found − true minimum).
public enum BenchmarkFunction: String, CaseIterable, Sendable, Codable {
    /// Branin–Hoo on [−5, 10] × [0, 15]: three global minima of 0.397887.
    case branin
    /// Hartmann-6 on [0, 1]⁶: one global minimum of −3.32237 among several local ones.
    case hartmann6

    public var title: String {
        switch self {
        case .branin: return "Branin (2-D)"
        case .hartmann6: return "Hartmann-6 (6-D)"
        }
    }

    public var dimension: Int { self == .branin ? 2 : 6 }

    /// The global minimum (Surjanovic and Bingham's virtual library of test functions).
    public var minimum: Double { self == .branin ? 0.397887 : -3.32237 }

    /// The function's domain as a search space of continuous parameters x1, x2, ….
    public var space: SearchSpace {
        switch self {
        case .branin:
            return try! SearchSpace([.continuous("x1", -5, 10), .continuous("x2", 0, 15)])
        case .hartmann6:
            return try! SearchSpace((1...6).map { .continuous("x\($0)", 0, 1) })
        }
    }

    /// The value at a unit-cube point, mapped linearly onto the domain without rounding.
    public func value(unitPoint u: [Double]) -> Double {
        precondition(u.count == dimension, "\(rawValue) takes \(dimension) coordinates, got \(u.count)")
        switch self {
        case .branin: return Self.branin(-5 + 15 * u[0], 15 * u[1])
        case .hartmann6: return Self.hartmann6(u)
        }
    }

    /// `a(x₂ − b x₁² + c x₁ − r)² + s(1 − t) cos x₁ + s` with the standard constants.
    public static func branin(_ x1: Double, _ x2: Double) -> Double {
        let b = 5.1 / (4 * Double.pi * Double.pi), c = 5 / Double.pi, t = 1 / (8 * Double.pi)
        let q = x2 - b * x1 * x1 + c * x1 - 6
        return q * q + 10 * (1 - t) * cos(x1) + 10
    }

    static let hartmannAlpha = [1.0, 1.2, 3.0, 3.2]
    static let hartmannA: [[Double]] = [
        [10, 3, 17, 3.5, 1.7, 8],
        [0.05, 10, 17, 0.1, 8, 14],
        [3, 3.5, 1.7, 10, 17, 8],
        [17, 8, 0.05, 10, 0.1, 14],
    ]
    static let hartmannP: [[Double]] = [
        [1312, 1696, 5569, 124, 8283, 5886],
        [2329, 4135, 8307, 3736, 1004, 9991],
        [2348, 1451, 3522, 2883, 3047, 6650],
        [4047, 8828, 8732, 5743, 1091, 381],
    ].map { $0.map { $0 * 1e-4 } }

    /// `−Σᵢ αᵢ exp(−Σⱼ Aᵢⱼ (xⱼ − Pᵢⱼ)²)`.
    public static func hartmann6(_ x: [Double]) -> Double {
        var total = 0.0
        for i in 0..<4 {
            var inner = 0.0
            for j in 0..<6 {
                let t = x[j] - hartmannP[i][j]
                inner += hartmannA[i][j] * t * t
            }
            total -= hartmannAlpha[i] * exp(-inner)
        }
        return total
    }
}
