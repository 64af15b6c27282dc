
/// Everything that can go wrong when describing, building or loading a network.
public enum NetworkError: Error, Equatable, CustomStringConvertible {
    /// `--arch` named something that is not a CIFAR ResNet we can build.
    case unknownArchitecture(String)
    /// A depth Distiller has no CIFAR ResNet for (it ships 20, 32, 44 and 56).
    case unsupportedDepth(Int)
    /// An architecture value that cannot describe a network (zero widths, empty stages…).
    case invalidArchitecture(String)
    /// A tensor name the network does not have; `nearest` are the closest names it does have.
    case unknownTensor(String, nearest: [String])
    /// A checkpoint lacks a tensor the network needs.
    case missingTensor(String)
    /// A tensor whose shape differs from the network's (e.g. a thinned checkpoint loaded into a
    /// network built from a different architecture).
    case shapeMismatch(String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .unknownArchitecture(let name):
            return "unknown architecture '\(name)'; supported: "
                + ResNetArchitecture.supportedNames.joined(separator: ", ")
        case .unsupportedDepth(let depth):
            return "unsupported ResNet depth \(depth); supported: "
                + ResNetArchitecture.supportedDepths.map(String.init).joined(separator: ", ")
        case .invalidArchitecture(let reason):
            return "invalid architecture: \(reason)"
        case .unknownTensor(let name, let nearest):
            let hint = nearest.isEmpty ? "" : "; nearest: " + nearest.joined(separator: ", ")
            return "unknown tensor '\(name)'\(hint)"
        case .missingTensor(let name):
            return "missing tensor '\(name)'"
        case .shapeMismatch(let name, let expected, let found):
            return "tensor '\(name)' has shape \(found) but the network expects \(expected)"
        }
    }
}
