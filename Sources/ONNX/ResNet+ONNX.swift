import Foundation
import Kernels
import Network

// MARK: - ResNet → ONNX

/// The ONNX graph of a (possibly thinned) CIFAR ResNet: one node per layer, named after the
/// layer as Distiller names its modules (`conv1`, `bn1`, `relu`, `layer1.0.conv1`,
/// `layer1.0.bn1`, `layer1.0.relu1`, `layer1.0.conv2`, `layer1.0.bn2`,
/// `layer2.0.downsample.0`, `layer2.0.downsample.1`, `layer1.0.add`, `layer1.0.relu2`,
/// `avgpool`, `flatten`, `fc`), opset 13, IR version 8, input `input` `[N, 3, 32, 32]` with a
/// symbolic batch, output `logits` `[N, classes]`. Channel counts come from the layers
/// themselves, so a thinned network exports its actual, smaller shapes.
///
/// The input is the *normalised* image, exactly what `ResNet.forward` receives: the
/// per-channel normalisation of the checkpoint stays outside the graph, as it does in
/// training and evaluation, so accuracy measured in Shears and outputs of the exported model
/// agree bit for bit in meaning. (Folding it into `conv1` is not exact: zero padding in the
/// normalised space is padding with the mean in pixel space.) Edge users apply
/// `(pixel/255 − mean)/std` per channel, which `shears export` writes into the model's
/// doc string.
///
/// - Parameters:
///   - foldBatchNorm: fold every BatchNormalization into the Conv before it (`--fold-bn`):
///     the convolutions gain a bias and no BatchNormalization node is written.
///   - producerVersion: the Shears version recorded in the file.
///   - docString: free text for the model (`shears export` writes the normalisation here).
///   - metadataProps: the model's `metadata_props` (`shears export` writes the data set).
/// - Complexity: O(parameters); copies every weight once into its initializer.
public func exportONNX(_ network: ResNet, foldBatchNorm fold: Bool = false, producerVersion: String,
                       docString: String = "", metadataProps: [StringStringEntryProto] = []) throws(ONNXError) -> ModelProto {
    var exporter = ResNetExporter(fold: fold)
    var x = try exporter.convBN(network.conv1, network.bn1, input: exporter.builder.inputName)
    x = try exporter.builder.addRelu(name: "relu", input: x)
    for block in network.stages.joined() {
        x = try exporter.block(block, input: x)
    }
    x = try exporter.builder.addGlobalAveragePool(name: "avgpool", input: x)
    x = try exporter.builder.addFlatten(name: "flatten", input: x)
    x = try exporter.builder.addGemm(name: network.fc.name, input: x, weight: network.fc.weight.value,
                                     bias: network.fc.bias.value)
    var model = try exporter.builder.model(output: x, producerVersion: producerVersion)
    model.docString = docString
    model.metadataProps = metadataProps
    return model
}

/// Exports `network` and writes the file atomically (temporary file, fsync, rename), so a
/// reader — a benchmark agent polling a trial directory — never sees half a model.
public func exportONNX(_ network: ResNet, to url: URL, foldBatchNorm fold: Bool = false, producerVersion: String,
                       docString: String = "", metadataProps: [StringStringEntryProto] = []) throws(ONNXError) {
    try exportONNX(network, foldBatchNorm: fold, producerVersion: producerVersion, docString: docString,
                   metadataProps: metadataProps)
        .write(to: url)
}

/// Walks the layers in forward order and drives `ONNXGraphBuilder`.
private struct ResNetExporter {
    var builder = ONNXGraphBuilder()
    let fold: Bool

    init(fold: Bool) { self.fold = fold }

    /// A convolution and the batch-norm after it: two nodes, or one folded Conv named after the conv.
    mutating func convBN(_ conv: Conv2d, _ bn: BatchNorm2d, input: String) throws(ONNXError) -> String {
        let strides = [conv.stride, conv.stride]
        let pads = [Int](repeating: conv.padding, count: 4)
        if fold {
            let folded = foldBatchNorm(convWeight: conv.weight.value, convBias: nil, scale: bn.weight.value,
                                       bias: bn.bias.value, mean: bn.runningMean, variance: bn.runningVar,
                                       epsilon: bn.epsilon)
            return try builder.addConv(name: conv.name, input: input, weight: folded.weight, bias: folded.bias,
                                       strides: strides, pads: pads)
        }
        let y = try builder.addConv(name: conv.name, input: input, weight: conv.weight.value, bias: nil,
                                    strides: strides, pads: pads)
        return try builder.addBatchNormalization(name: bn.name, input: y, scale: bn.weight.value,
                                                 bias: bn.bias.value, mean: bn.runningMean,
                                                 variance: bn.runningVar, epsilon: bn.epsilon)
    }

    /// relu2(bn2(conv2(relu1(bn1(conv1(x))))) + shortcut(x)); the shortcut is emitted after
    /// the main path, the order Distiller's forward (and `torch.onnx.export`) produces.
    mutating func block(_ block: BasicBlock, input: String) throws(ONNXError) -> String {
        var h = try convBN(block.conv1, block.bn1, input: input)
        h = try builder.addRelu(name: block.name + ".relu1", input: h)
        h = try convBN(block.conv2, block.bn2, input: h)
        var shortcut = input
        if let downsample = block.downsample {
            shortcut = try convBN(downsample.conv, downsample.bn, input: input)
        }
        let sum = try builder.addAdd(name: block.name + ".add", h, shortcut)
        return try builder.addRelu(name: block.name + ".relu2", input: sum)
    }
}
