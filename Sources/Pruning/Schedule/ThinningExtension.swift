import YAML


/// An `extensions` entry of class FilterRemover or ChannelRemover (`net_thinning`): at its
/// policy's epochs the pruned filters or channels are physically removed.
public struct ThinningExtension: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, CaseIterable {
        case filters = "FilterRemover"
        case channels = "ChannelRemover"

        /// The `thinning_func_str` Distiller pairs with the class.
        public var thinningFunction: String { self == .filters ? "remove_filters" : "remove_channels" }
    }

    public var name: String
    public var kind: Kind
    /// Distiller's architecture name, e.g. `resnet20_cifar`, checked against the network.
    public var arch: String
    public var dataset: String
    public var location: SourceLocation
    public var archLocation: SourceLocation
    public var datasetLocation: SourceLocation

    public init(name: String, kind: Kind, arch: String, dataset: String, location: SourceLocation,
                archLocation: SourceLocation, datasetLocation: SourceLocation) {
        self.name = name
        self.kind = kind
        self.arch = arch
        self.dataset = dataset
        self.location = location
        self.archLocation = archLocation
        self.datasetLocation = datasetLocation
    }
}
