import Network

extension ParameterTable {
    /// The table of a built network, thinned or not: its trainable parameters' names and
    /// shapes under Distiller's architecture name. This is the table to check a schedule
    /// against before pruning a real checkpoint.
    public init(network: ResNet, dataset: String = "cifar10") {
        var shapes: [String: [Int]] = [:]
        for parameter in network.parameters { shapes[parameter.name] = parameter.shape }
        self.init(arch: network.architecture.name, dataset: dataset, shapes: shapes)
    }
}
