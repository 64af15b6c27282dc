import Pruning

/// resnet20_cifar's parameters written out from Distiller's documented names and widths,
/// independently of `ParameterTable.resnetCIFAR`, so the library's builder is checked
/// against a second source.
enum ResNet20 {
    static var table: ParameterTable {
        var shapes: [String: [Int]] = ["conv1.weight": [16, 3, 3, 3], "bn1.weight": [16], "bn1.bias": [16],
                                       "fc.weight": [10, 64], "fc.bias": [10]]
        let widths = [1: 16, 2: 32, 3: 64]
        for layer in 1...3 {
            let w = widths[layer]!
            for block in 0...2 {
                let p = "layer\(layer).\(block)."
                let inputs = block == 0 && layer > 1 ? widths[layer - 1]! : w
                shapes[p + "conv1.weight"] = [w, inputs, 3, 3]
                shapes[p + "conv2.weight"] = [w, w, 3, 3]
                for name in ["bn1.weight", "bn1.bias", "bn2.weight", "bn2.bias"] { shapes[p + name] = [w] }
            }
        }
        for (layer, inputs, width) in [(2, 16, 32), (3, 32, 64)] {
            shapes["layer\(layer).0.downsample.0.weight"] = [width, inputs, 1, 1]
            shapes["layer\(layer).0.downsample.1.weight"] = [width]
            shapes["layer\(layer).0.downsample.1.bias"] = [width]
        }
        return ParameterTable(arch: "resnet20_cifar", dataset: "cifar10", shapes: shapes)
    }
}
