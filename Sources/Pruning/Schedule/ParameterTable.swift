import Support

/// The parameters of the network a schedule is checked against: Distiller's architecture
/// and dataset names and each parameter's shape. The Network module supplies the table of
/// a built model; `resnetCIFAR(depth:)` writes down Distiller's `resnet{20,32,44,56}_cifar`
/// so a schedule can be checked without building one.
public struct ParameterTable: Hashable, Sendable {
    /// Distiller's architecture name, e.g. `resnet20_cifar`.
    public var arch: String
    public var dataset: String
    /// Canonical parameter name (no `module.`) → shape.
    public var shapes: [String: [Int]]

    public init(arch: String, dataset: String, shapes: [String: [Int]]) {
        self.arch = arch
        self.dataset = dataset
        self.shapes = shapes
    }

    /// Distiller's CIFAR ResNet (He et al. 2016, §4.2): a 3×3 stem of 16 filters, three stages
    /// of (depth − 2) / 6 BasicBlocks at widths 16, 32, 64, a 1×1 convolution + BN shortcut
    /// (`downsample.0`/`.1`) where a stage halves the resolution, and a 64→10 `fc`.
    public static func resnetCIFAR(depth: Int) -> ParameterTable {
        precondition((depth - 2) % 6 == 0 && depth >= 8, "CIFAR ResNet depth must be 6n + 2")
        let blocks = (depth - 2) / 6
        var shapes: [String: [Int]] = ["conv1.weight": [16, 3, 3, 3], "bn1.weight": [16], "bn1.bias": [16]]
        var inputs = 16
        for (stage, width) in [16, 32, 64].enumerated() {
            for block in 0..<blocks {
                let prefix = "layer\(stage + 1).\(block)."
                shapes[prefix + "conv1.weight"] = [width, inputs, 3, 3]
                shapes[prefix + "conv2.weight"] = [width, width, 3, 3]
                for bn in ["bn1", "bn2"] {
                    shapes[prefix + bn + ".weight"] = [width]
                    shapes[prefix + bn + ".bias"] = [width]
                }
                if inputs != width {
                    shapes[prefix + "downsample.0.weight"] = [width, inputs, 1, 1]
                    shapes[prefix + "downsample.1.weight"] = [width]
                    shapes[prefix + "downsample.1.bias"] = [width]
                }
                inputs = width
            }
        }
        shapes["fc.weight"] = [10, 64]
        shapes["fc.bias"] = [10]
        return ParameterTable(arch: "resnet\(depth)_cifar", dataset: "cifar10", shapes: shapes)
    }

    /// The `count` existing names closest to `name` by edit distance (ties alphabetical),
    /// for "does not exist; nearest: …".
    public func nearestNames(to name: String, count: Int = 3) -> [String] {
        let scored = shapes.keys.map { (name: $0, distance: editDistance(name, $0)) }
        return scored.sorted { ($0.distance, $0.name) < ($1.distance, $1.name) }.prefix(count).map(\.name)
    }
}
