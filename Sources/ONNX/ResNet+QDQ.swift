import Foundation
import Kernels
import Network
import Quantization

// MARK: - Quantised ResNet → QDQ ONNX

/// The ONNX graph of a quantised ResNet in QDQ form (opset 13), the form OpenVINO's and
/// onnxruntime's INT8 paths read: every quantised weight is an int8 initializer behind a
/// DequantizeLinear (per-axis on axis 0 for per-channel weights), every quantised activation
/// goes through QuantizeLinear + DequantizeLinear before the layer that reads it — each
/// convolution's input, `fc`'s input and *both* inputs of every residual Add, where NNCF puts
/// them too, so the runtime keeps whole blocks in int8. Batch-norms are folded (the Conv
/// nodes carry the folded float bias); nodes keep the layer names of the float export
/// (`conv1`, `layer1.0.conv1`, `layer1.0.add`, `fc`), so per-layer tools attribute them.
/// A tensor that two layers quantise identically (a block's input, read by its conv1 and by
/// the identity shortcut) gets one Q/DQ pair.
///
/// The numbers are those of `QuantizedResNet`, which simulates exactly this graph: the same
/// grids, ONNX's rounding and saturation; only float summation order differs.
/// - Precondition: `model.settings.isDeployable` (8-bit everywhere).
/// - Complexity: O(parameters).
public func exportQDQ(_ model: QuantizedResNet, producerVersion: String, docString: String = "")
    throws(ONNXError) -> ModelProto {
    precondition(model.settings.isDeployable, "bit widths other than 8 are simulation only; check isDeployable first")
    var e = QDQExporter(model: model)
    let network = model.network
    var x = e.conv(network.conv1.name, input: "input")
    x = e.node("Relu", name: "relu", inputs: [x])
    for block in network.stages.joined() {
        var h = e.conv(block.conv1.name, input: x)
        h = e.node("Relu", name: block.name + ".relu1", inputs: [h])
        h = e.conv(block.conv2.name, input: h)
        let shortcut = block.downsample.map { e.conv($0.conv.name, input: x) } ?? x
        let add = block.name + ".add"
        let sum = e.node("Add", name: add, inputs: [e.activation(h, point: ActivationPoint(layer: add, input: 0)),
                                                    e.activation(shortcut, point: ActivationPoint(layer: add, input: 1))])
        x = e.node("Relu", name: block.name + ".relu2", inputs: [sum])
    }
    x = e.node("GlobalAveragePool", name: "avgpool", inputs: [x])
    x = e.node("Flatten", name: "flatten", inputs: [x], attributes: [.int("axis", 1)])
    let fc = model.layers[network.fc.name]!
    x = e.node("Gemm", name: fc.name, inputs: [e.activation(x, point: ActivationPoint(layer: fc.name, input: 0)),
                                               e.weight(fc), e.initializer(fc.name + ".bias", fc.bias)],
               attributes: [.float("alpha", 1), .float("beta", 1), .int("transB", 1)])
    // The last node writes the graph output.
    e.graph.node[e.graph.node.count - 1].output = ["logits"]
    e.graph.input = [ValueInfoProto(name: "input", floatShape: [.param(ONNXGraphBuilder.batchSymbol), 3, 32, 32])]
    e.graph.output = [ValueInfoProto(name: "logits", floatShape: [.param(ONNXGraphBuilder.batchSymbol),
                                                                  .value(Int64(network.architecture.classes))])]
    return ModelProto(producerVersion: producerVersion, docString: docString, graph: e.graph)
}

/// Exports and writes atomically, like `exportONNX(_:to:…)`.
public func exportQDQ(_ model: QuantizedResNet, to url: URL, producerVersion: String, docString: String = "")
    throws(ONNXError) {
    try exportQDQ(model, producerVersion: producerVersion, docString: docString).write(to: url)
}

/// Appends nodes and initializers in forward order.
private struct QDQExporter {
    let model: QuantizedResNet
    var graph = GraphProto(name: "shears")
    /// Dequantized outputs already emitted, by source tensor and grid (shared Q/DQ pairs).
    var emitted: [String: String] = [:]

    init(model: QuantizedResNet) { self.model = model }

    @discardableResult
    mutating func node(_ op: String, name: String, inputs: [String], attributes: [AttributeProto] = []) -> String {
        graph.node.append(NodeProto(input: inputs, output: [name], name: name, opType: op, attribute: attributes))
        return name
    }

    mutating func initializer(_ name: String, _ tensor: Tensor) -> String {
        graph.initializer.append(TensorProto(name: name, tensor: tensor))
        return name
    }

    /// `value` as the layer reads it: through Q/DQ when the point is quantised.
    mutating func activation(_ value: String, point: ActivationPoint) -> String {
        guard let grid = model.activationGrids[point.id], let q = model.settings.activations[point.id] else {
            return value
        }
        let key = "\(value)|\(grid.scale.bitPattern)|\(grid.zeroPoint)|\(q.format.isSigned)"
        if let existing = emitted[key] { return existing }
        let base = point.id
        graph.initializer.append(TensorProto(name: base + ".scale", tensor: Tensor(shape: [], data: [grid.scale])))
        graph.initializer.append(QDQExporter.integers(base + ".zero_point", [grid.zeroPoint], dims: [],
                                                      signed: q.format.isSigned))
        let quantized = node("QuantizeLinear", name: base + ".quantize", inputs: [value, base + ".scale", base + ".zero_point"])
        let dequantized = node("DequantizeLinear", name: base + ".dequantize",
                               inputs: [quantized, base + ".scale", base + ".zero_point"])
        emitted[key] = dequantized
        return dequantized
    }

    /// The layer's weight: an int8 initializer behind DequantizeLinear, or float.
    mutating func weight(_ layer: FoldedLayer) -> String {
        guard let grids = layer.weightGrids, let q = layer.weightQuantization else {
            return initializer(layer.name + ".weight", layer.floatWeight)
        }
        let name = layer.name + ".weight"
        let values = quantizePerChannel(layer.floatWeight, grids: grids)
        graph.initializer.append(QDQExporter.integers(name + "_quantized", values,
                                                      dims: layer.floatWeight.shape.map(Int64.init),
                                                      signed: q.format.isSigned))
        let perAxis = q.perChannel
        let count = perAxis ? grids.count : 1
        graph.initializer.append(TensorProto(name: name + "_scale", tensor: Tensor(
            shape: perAxis ? [count] : [], data: Array(grids.prefix(count).map(\.scale)))))
        graph.initializer.append(QDQExporter.integers(name + "_zero_point", grids.prefix(count).map(\.zeroPoint),
                                                      dims: perAxis ? [Int64(count)] : [], signed: q.format.isSigned))
        return node("DequantizeLinear", name: name + ".dequantize",
                    inputs: [name + "_quantized", name + "_scale", name + "_zero_point"],
                    attributes: perAxis ? [.int("axis", 0)] : [])
    }

    /// A folded convolution reading `input` through its activation point.
    mutating func conv(_ name: String, input: String) -> String {
        let layer = model.layers[name]!
        let x = activation(input, point: ActivationPoint(layer: name, input: 0))
        let w = weight(layer)
        let b = initializer(name + ".bias", layer.bias)
        return node("Conv", name: name, inputs: [x, w, b], attributes: [
            .ints("dilations", [1, 1]), .int("group", 1), .ints("kernel_shape", Array(layer.floatWeight.shape.dropFirst(2))),
            .ints("pads", [Int](repeating: layer.padding, count: 4)), .ints("strides", [layer.stride, layer.stride]),
        ])
    }

    /// An INT8 (3) or UINT8 (2) tensor as raw bytes.
    static func integers(_ name: String, _ values: [Int], dims: [Int64], signed: Bool) -> TensorProto {
        let raw = values.map { signed ? UInt8(bitPattern: Int8($0)) : UInt8($0) }
        return TensorProto(dims: dims, dataType: signed ? 3 : 2, name: name, rawData: raw)
    }
}
