import Kernels
import Quantization
import Support
import Testing

/// ONNX QuantizeLinear/DequantizeLinear semantics, value by value.
struct FakeQuantizeTests {
    @Test func roundsHalfToEvenAndSaturates() {
        let grid = QuantizationGrid(scale: 0.5, zeroPoint: 0, qmin: -128, qmax: 127)
        // x / 0.5 = 0.5, 1.5, 2.5, -0.5, -2.5 round to 0, 2, 2, 0, -2 (half to even, not away from zero).
        #expect([0.25, 0.75, 1.25, -0.25, -1.25].map { grid.quantize($0) } == [0, 2, 2, 0, -2])
        #expect(grid.quantize(1000) == 127 && grid.quantize(-1000) == -128)
    }

    @Test func zeroPointShiftsTheUnsignedRange() {
        let grid = QuantizationGrid(scale: 0.1, zeroPoint: 10, qmin: 0, qmax: 255)
        #expect(grid.quantize(-1.0) == 0 && grid.quantize(-2) == 0)   // -10 + 10, saturated below
        #expect(grid.quantize(0) == 10 && grid.dequantize(10) == 0)
        #expect(grid.quantize(30) == 255)
    }

    /// The SIMD path (blocks of 16) and the scalar tail give the scalar reference's bits.
    @Test func tensorKernelMatchesScalarDefinition() {
        var random = SeededRandom(seed: 3)
        for count in [1, 15, 16, 17, 100, 1000] {
            let values = (0..<count).map { _ in random.normal() * 3 }
            let grid = QuantizationGrid(scale: 0.037, zeroPoint: 131, qmin: 0, qmax: 255)
            var t = Tensor(shape: [count], data: values)
            fakeQuantizeInPlace(&t, grid: grid)
            #expect(t.data == values.map { grid.dequantize(grid.quantize($0)) }, "count \(count)")
        }
    }

    @Test func perChannelUsesEachFiltersGrid() {
        var w = Tensor(shape: [2, 2], data: [0.3, -0.3, 0.3, -0.3])
        let grids = [QuantizationGrid(scale: 0.2, zeroPoint: 0, qmin: -128, qmax: 127),
                     QuantizationGrid(scale: 0.1, zeroPoint: 0, qmin: -128, qmax: 127)]
        #expect(quantizePerChannel(w, grids: grids) == [2, -2, 3, -3])   // 1.5 → 2 (even), 3
        fakeQuantizePerChannelInPlace(&w, grids: grids)
        #expect(w.data == [0.4, -0.4, Float(3) * 0.1, Float(-3) * 0.1])
    }

    /// Distiller's grid rules: symmetric uses ±127, asymmetric widens to include 0.
    @Test func gridsFollowDistillersRules() {
        let sym = TensorQuantization(bits: 8, mode: .symmetric).grid(lower: -2, upper: 1.27)
        #expect(sym.zeroPoint == 0 && sym.scale == Float(2.0 / 127) && sym.qmin == -128 && sym.qmax == 127)
        let unsigned = TensorQuantization(bits: 8, mode: .asymmetricUnsigned).grid(lower: 0.5, upper: 2.55)
        #expect(unsigned.zeroPoint == 0 && unsigned.scale == Float(2.55 / 255))   // widened to [0, 2.55]
        let shifted = TensorQuantization(bits: 8, mode: .asymmetricUnsigned).grid(lower: -1, upper: 1.55)
        #expect(shifted.zeroPoint == 100 && shifted.scale == Float(2.55 / 255))
        let signed = TensorQuantization(bits: 8, mode: .asymmetricSigned).grid(lower: -1, upper: 1.55)
        #expect(signed.zeroPoint == -28 && signed.qmin == -128)
        let four = TensorQuantization(bits: 4, mode: .asymmetricUnsigned).grid(lower: 0, upper: 1.5)
        #expect(four.qmax == 15 && four.scale == 0.1)
    }
}
