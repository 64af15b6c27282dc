
/// The shape of a CIFAR ResNet (He et al. 2016, §4.2; Distiller's `resnet_cifar`) with the
/// *actual* channel count of every convolution. A thinned network is the same type with
/// smaller numbers, so a checkpoint's metadata holds this value as JSON and any network,
/// pruned or not, reloads from it.
///
/// Channel coupling (what thinning must respect) is built into the shape of the value:
/// - `Stage.width` is the residual stream of a stage: the stem (for the first stage), every
///   block's `conv2`/`bn2` output, the stage's shortcut convolution and the next stage's
///   inputs (or `fc`'s inputs) all carry it, so they can only change together;
/// - `Stage.innerWidths[b]` is block b's `conv1`→`bn1`→`conv2` channel count, free to change
///   on its own.
public struct ResNetArchitecture: Codable, Equatable, Hashable, Sendable {
    /// One stage (`layer1`, `layer2`, …): blocks sharing a spatial size and residual width.
    public struct Stage: Codable, Equatable, Hashable, Sendable {
        /// Channels of the stage's residual stream.
        public var width: Int
        /// Stride of the stage's first block (1 for `layer1`, 2 afterwards).
        public var stride: Int
        /// Output channels of each block's `conv1` (its inner width), one entry per block.
        public var innerWidths: [Int]

        public init(width: Int, stride: Int, innerWidths: [Int]) {
            self.width = width
            self.stride = stride
            self.innerWidths = innerWidths
        }
    }

    /// Image channels (3 for CIFAR).
    public var inputChannels: Int
    /// Classifier outputs (10 for CIFAR-10).
    public var classes: Int
    public var stages: [Stage]

    public init(inputChannels: Int = 3, classes: Int = 10, stages: [Stage]) {
        self.inputChannels = inputChannels
        self.classes = classes
        self.stages = stages
    }

    /// The depths Distiller ships as `resnet{20,32,44,56}_cifar`.
    public static let supportedDepths = [20, 32, 44, 56]
    /// Names accepted by `named(_:)` (with or without the `_cifar` suffix).
    public static var supportedNames: [String] { supportedDepths.map { "resnet\($0)" } }

    /// The unpruned CIFAR ResNet: three stages of (depth − 2)/6 BasicBlocks, strides 1, 2, 2.
    /// - Parameter widths: base widths of the three stages (16, 32, 64 in the paper); tests
    ///   use narrow ones to stay fast.
    public static func cifar(depth: Int, widths: [Int] = [16, 32, 64], inputChannels: Int = 3,
                             classes: Int = 10) throws(NetworkError) -> ResNetArchitecture {
        guard supportedDepths.contains(depth) else { throw .unsupportedDepth(depth) }
        guard widths.count == 3 else {
            throw .invalidArchitecture("a CIFAR ResNet has 3 stage widths, got \(widths.count)")
        }
        let blocks = (depth - 2) / 6
        let architecture = ResNetArchitecture(
            inputChannels: inputChannels, classes: classes,
            stages: widths.enumerated().map { index, width in
                Stage(width: width, stride: index == 0 ? 1 : 2, innerWidths: Array(repeating: width, count: blocks))
            })
        try architecture.validate()
        return architecture
    }

    /// `resnet20` or `resnet20_cifar` (Distiller's spelling) → the unpruned architecture.
    public static func named(_ name: String) throws(NetworkError) -> ResNetArchitecture {
        let base = name.hasSuffix("_cifar") ? String(name.dropLast("_cifar".count)) : name
        guard base.hasPrefix("resnet"), let depth = Int(base.dropFirst("resnet".count)),
              supportedDepths.contains(depth)
        else { throw .unknownArchitecture(name) }
        return try cifar(depth: depth)
    }

    /// 2 + 2 · (number of blocks): the stem, two convolutions per block, and `fc`.
    public var depth: Int { 2 + 2 * stages.reduce(0) { $0 + $1.innerWidths.count } }

    /// Distiller's name for the unpruned network of this depth (`resnet20_cifar`).
    public var name: String { "resnet\(depth)_cifar" }

    /// Channels entering block `block` of stage `stage`.
    public func blockInputChannels(stage: Int, block: Int) -> Int {
        if block > 0 { return stages[stage].width }
        return stage == 0 ? stages[0].width : stages[stage - 1].width
    }

    /// Stride of a block's `conv1` (and of its shortcut).
    public func blockStride(stage: Int, block: Int) -> Int { block == 0 ? stages[stage].stride : 1 }

    /// Distiller's rule: a block gets a 1×1-conv + BN shortcut (`downsample`) when its stride
    /// is not 1 or its input width differs from its output width. Stable under thinning: the
    /// blocks that have one are exactly the first blocks of strided stages.
    public func hasDownsample(stage: Int, block: Int) -> Bool {
        blockStride(stage: stage, block: block) != 1 || blockInputChannels(stage: stage, block: block) != stages[stage].width
    }

    /// Checks every count is positive and within `Limits`, and the first stage keeps the stem's resolution.
    public func validate() throws(NetworkError) {
        guard inputChannels > 0 else { throw .invalidArchitecture("inputChannels must be positive, got \(inputChannels)") }
        guard classes > 0 else { throw .invalidArchitecture("classes must be positive, got \(classes)") }
        guard !stages.isEmpty else { throw .invalidArchitecture("a ResNet needs at least one stage") }
        for (s, stage) in stages.enumerated() {
            let label = "layer\(s + 1)"
            guard stage.width > 0 else { throw .invalidArchitecture("\(label) width must be positive, got \(stage.width)") }
            guard stage.stride >= 1 else { throw .invalidArchitecture("\(label) stride must be at least 1, got \(stage.stride)") }
            guard !stage.innerWidths.isEmpty else { throw .invalidArchitecture("\(label) has no blocks") }
            for (b, inner) in stage.innerWidths.enumerated() where inner <= 0 {
                throw .invalidArchitecture("\(label).\(b) inner width must be positive, got \(inner)")
            }
        }
        guard stages[0].stride == 1 else {
            throw .invalidArchitecture("layer1 stride must be 1 (its input is the stem), got \(stages[0].stride)")
        }
        try checkLimits()
    }
}
