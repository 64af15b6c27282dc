import Datasets
import Kernels
import Network
import Support

/// Linear softmax regression over the 3072 pixels: the smallest `Model` that learns CIFAR-shaped
/// data, so the loop, optimiser and resume logic are tested without the ResNet.
final class LinearSoftmax: Model {
    let weight: Parameter
    let bias: Parameter
    private var lastInput: Tensor?

    init(seed: UInt64, inputs: Int = 3072, classes: Int = 10) {
        var rng = SeededRandom(seed: seed)
        weight = Parameter(name: "fc.weight",
                           value: Tensor(shape: [classes, inputs], data: (0..<classes * inputs).map { _ in rng.normal() * 0.01 }))
        bias = Parameter(name: "fc.bias", value: Tensor(shape: [classes]))
    }

    var parameters: [Parameter] { [weight, bias] }

    func forward(_ input: Tensor, training: Bool) -> Tensor {
        let n = input.shape[0], d = weight.shape[1], k = weight.shape[0]
        var out = Tensor(shape: [n, k])
        for i in 0..<n { for j in 0..<k { out.data[i * k + j] = bias.value.data[j] } }
        input.data.withUnsafeBufferPointer { x in
            weight.value.data.withUnsafeBufferPointer { w in
                out.data.withUnsafeMutableBufferPointer { o in
                    gemm(transA: false, transB: true, m: n, n: k, k: d, a: x.baseAddress!, lda: d,
                         b: w.baseAddress!, ldb: d, beta: 1, c: o.baseAddress!, ldc: k)
                }
            }
        }
        if training { lastInput = input }
        return out
    }

    func backward(_ dLogits: Tensor) {
        guard let x = lastInput else { preconditionFailure("backward without a training forward") }
        let n = x.shape[0], d = weight.shape[1], k = weight.shape[0]
        dLogits.data.withUnsafeBufferPointer { g in
            x.data.withUnsafeBufferPointer { xs in
                weight.grad.data.withUnsafeMutableBufferPointer { dw in
                    gemm(transA: true, transB: false, m: k, n: d, k: n, a: g.baseAddress!, lda: k,
                         b: xs.baseAddress!, ldb: d, beta: 1, c: dw.baseAddress!, ldc: d)
                }
            }
        }
        for i in 0..<n { for j in 0..<k { bias.grad.data[j] += dLogits.data[i * k + j] } }
    }
}

/// `count` images whose class decides a coarse colour pattern, plus seeded noise:
/// learnable by a linear model, not trivially (the noise is as large as the signal).
func toyImages(count: Int, seed: UInt64) -> LabeledImages {
    var rng = SeededRandom(seed: seed)
    var pixels = [UInt8](), labels = [UInt8]()
    for i in 0..<count {
        let label = i % 10
        labels.append(UInt8(label))
        for c in 0..<3 {
            for y in 0..<32 {
                for x in 0..<32 {
                    let on = ((x / 8 + y / 8 + c) % 10 == label) || ((x / 16 + 2 * (y / 16)) == label % 4 && c == label % 3)
                    let v = (on ? 170 : 90) + Int(rng.normal() * 40)
                    pixels.append(UInt8(max(0, min(255, v))))
                }
            }
        }
    }
    return LabeledImages(pixels: pixels, labels: labels)
}
