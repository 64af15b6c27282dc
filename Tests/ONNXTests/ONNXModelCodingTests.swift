import Kernels
import ONNX
import Testing

/// Golden bytes are `SerializeToString()` of the same messages built with Python's
/// `onnx.helper` (onnx 1.23), so they pin field numbers, order and packing to the reference.
struct ONNXModelCodingTests {
    static let relu = NodeProto(input: ["a"], output: ["b"], name: "r", opType: "Relu")
    static let inputInfo = ValueInfoProto(name: "input", floatShape: [.param("N"), 3])

    static func expectGolden<M: ProtobufMessage & Equatable>(_ message: M, _ hex: String,
                                                             sourceLocation: SourceLocation = #_sourceLocation) throws {
        let bytes = message.serializedBytes()
        #expect(bytes.hex == hex, sourceLocation: sourceLocation)
        #expect(message.encodedSize == bytes.count, sourceLocation: sourceLocation)
        #expect(try M(serializedBytes: bytes) == message, "decodes back", sourceLocation: sourceLocation)
    }

    @Test func operatorSetId() throws {
        try Self.expectGolden(OperatorSetIdProto(domain: "", version: 13), "0a00100d")  // make_opsetid("", 13)
    }

    @Test func attributesOfEachKind() throws {
        try Self.expectGolden(AttributeProto.ints("pads", [0, 1, 2, 3]), "0a04706164734000400140024003a00107")
        try Self.expectGolden(AttributeProto.int("axis", 0), "0a04617869731800a00102")
        try Self.expectGolden(AttributeProto.float("epsilon", 1e-5), "0a07657073696c6f6e15acc52737a00101")
        try Self.expectGolden(AttributeProto(name: "floats", value: .floats([1, 2])),
                              "0a06666c6f6174733d0000803f3d00000040a00106")
        try Self.expectGolden(AttributeProto(name: "auto_pad", value: .string("NOTSET")),
                              "0a086175746f5f70616422064e4f54534554a00103")
    }

    @Test func tensorAsRawDataAndAsFloatData() throws {
        // make_tensor("w", FLOAT, [2, 1], bytes, raw=True) and without raw (packed float_data).
        try Self.expectGolden(TensorProto(name: "w", tensor: Tensor(shape: [2, 1], data: [1, 2])),
                              "0802080110014201774a080000803f00000040")
        try Self.expectGolden(TensorProto(dims: [2, 1], dataType: TensorProto.float, name: "w", floatData: [1, 2]),
                              "08020801100122080000803f00000040420177")
    }

    @Test func valueInfoWithSymbolicBatch() throws {
        // make_tensor_value_info("input", FLOAT, ["N", 3])
        try Self.expectGolden(Self.inputInfo, "0a05696e707574120f0a0d080112090a0312014e0a020803")
    }

    @Test func nodeAndModel() throws {
        try Self.expectGolden(Self.relu, "0a01611201621a0172220452656c75")
        let graph = GraphProto(node: [Self.relu], name: "g", input: [Self.inputInfo], output: [Self.inputInfo])
        // make_model(graph, opset_imports=[make_opsetid("", 13)], producer_name="shears") (ir_version 14)
        try Self.expectGolden(ModelProto(irVersion: 14, graph: graph),
                              "080e12067368656172733a480a0f0a01611201621a0172220452656c751201675a180a05696e70757412"
                                  + "0f0a0d080112090a0312014e0a02080362180a05696e707574120f0a0d080112090a0312014e0a"
                                  + "02080342040a00100d")
    }

    @Test func floatTensorsComeBackBitForBit() throws {
        let values: [Float] = [0, -0.0, 1, -1.5, .leastNonzeroMagnitude, .greatestFiniteMagnitude, .infinity, 3.14159]
        let t = TensorProto(name: "x", tensor: Tensor(shape: [2, 4], data: values))
        let back = try TensorProto(serializedBytes: t.serializedBytes()).floatTensor()
        #expect(back.shape == [2, 4])
        #expect(back.data.map(\.bitPattern) == values.map(\.bitPattern))
    }

    @Test func unknownFieldsAreSkipped() throws {
        // OperatorSetIdProto with an extra varint field 9, fixed64 field 10 and string field 11.
        let bytes = [UInt8](hex: "0a00 4801 510102030405060708 5a026869 100d")
        #expect(try OperatorSetIdProto(serializedBytes: bytes) == OperatorSetIdProto(domain: "", version: 13))
    }

    @Test func errorsCarryTheMessagePath() {
        let cases: [(String, String)] = [
            // graph > node > input: the node's first input claims 5 bytes, 1 is left.
            ("3a050a030a0561", "ModelProto.graph.node: field 1 at byte 4 needs 5 bytes but only 1 remain"),
            ("0a00", "ModelProto: field 1 at byte 0 is length-delimited, expected varint"),
            ("3a050a031a01ff", "ModelProto.graph.node: string field 3 at byte 4 is not valid UTF-8"),
            ("3a0d0a0b2a090a04626f6479a00105",
             "attribute 'body' has type 5; supported: FLOAT (1), INT (2), STRING (3), TENSOR (4), FLOATS (6), "
                 + "INTS (7), STRINGS (8)"),
            ("3a080a062a04400140ff", "ModelProto.graph.node.attribute: varint of field 8 at byte 9 is truncated "
                 + "(the message ends inside it)"),
        ]
        for (hex, expected) in cases {
            let error = #expect(throws: ONNXError.self) { try ModelProto(serializedBytes: [UInt8](hex: hex)) }
            #expect(error?.description == expected)
        }
    }

    /// Every cut inside the graph's payload must be reported against the graph field, with
    /// the exact shortfall — never a crash, never a silently shorter model.
    @Test func everyTruncationInsideTheGraphIsReported() throws {
        let bytes = try TinyResNet(seed: 1).model(foldBatchNorm: false).serializedBytes()
        var r = ProtobufReader(bytes, message: "ModelProto")
        var graphField: ProtobufField?
        var graphPayload = 0..<0
        while let f = try r.nextField() {
            if f.number == 7 {
                graphField = f
                graphPayload = try r.readLengthDelimited(f)
            } else {
                try r.skip(f)
            }
        }
        let field = try #require(graphField)
        for cut in stride(from: graphPayload.lowerBound, to: graphPayload.upperBound, by: 97) {
            let error = #expect(throws: ONNXError.self) { try ModelProto(serializedBytes: Array(bytes[..<cut])) }
            #expect(error?.description == "ModelProto: field 7 at byte \(field.offset) needs \(graphPayload.count) "
                        + "bytes but only \(cut - graphPayload.lowerBound) remain")
        }
    }

    @Test func builtModelRoundTripsThroughOurDecoder() throws {
        for fold in [false, true] {
            let model = try TinyResNet(seed: 2).model(foldBatchNorm: fold)
            let bytes = model.serializedBytes()
            #expect(bytes.count == model.encodedSize)
            #expect(try ModelProto(serializedBytes: bytes) == model)
        }
    }
}
