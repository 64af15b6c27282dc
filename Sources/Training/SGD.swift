import Network

/// Stochastic gradient descent with momentum, Nesterov momentum and L2 weight decay, with
/// PyTorch's `torch.optim.SGD` semantics, so recipes (lr 0.1, momentum 0.9, wd 5e-4) and
/// Distiller schedules transfer unchanged:
///
///     g   = grad + weightDecay · p
///     buf = g                                  (first step)
///     buf = momentum · buf + (1 − dampening) · g   (later steps)
///     g   = nesterov ? g + momentum · buf : buf
///     p   = p − lr · g
///
/// Per-parameter state is keyed by parameter name, not position: a pruner that masks weights
/// (and their buffers) after each step, or a thinned network whose tensors changed shape,
/// addresses the same state by the names checkpoints use.
public struct SGD: Equatable, Sendable {
    public var momentum: Float
    public var dampening: Float
    public var weightDecay: Float
    public var nesterov: Bool
    /// Momentum buffer per parameter name; absent until that parameter's first step.
    public var momentumBuffers: [String: [Float]]

    public init(momentum: Float = 0.9, weightDecay: Float = 0, nesterov: Bool = false, dampening: Float = 0) {
        precondition(!nesterov || (momentum > 0 && dampening == 0),
                     "Nesterov momentum requires a momentum and zero dampening (as in PyTorch)")
        self.momentum = momentum
        self.dampening = dampening
        self.weightDecay = weightDecay
        self.nesterov = nesterov
        self.momentumBuffers = [:]
    }

    /// One update of every parameter from its accumulated gradient (the gradient is left as is).
    /// - Complexity: O(total parameter count); allocates a buffer per parameter on the first step only.
    public mutating func step(_ parameters: [Parameter], learningRate lr: Float) {
        let settings = self.settings
        for p in parameters {
            let n = p.value.count
            precondition(p.grad.count == n, "\(p.name): gradient has \(p.grad.count) values, parameter \(n)")
            if momentum != 0 {
                if momentumBuffers[p.name]?.count != n {
                    // First step (or the parameter was thinned): PyTorch starts the buffer at g.
                    momentumBuffers[p.name] = nil
                }
                let first = momentumBuffers[p.name] == nil
                if first { momentumBuffers[p.name] = [Float](repeating: 0, count: n) }
                Self.update(p, buffer: &momentumBuffers[p.name]!, first: first, lr: lr, settings: settings)
            } else {
                var none: [Float] = []
                Self.update(p, buffer: &none, first: true, lr: lr, settings: settings)
            }
        }
    }

    private var settings: (momentum: Float, weightDecay: Float, dampening: Float, nesterov: Bool) {
        (momentum, weightDecay, dampening, nesterov)
    }

    private static func update(_ p: Parameter, buffer: inout [Float], first: Bool, lr: Float,
                               settings: (momentum: Float, weightDecay: Float, dampening: Float, nesterov: Bool)) {
        let (m, wd, keep, nesterov) = (settings.momentum, settings.weightDecay, 1 - settings.dampening, settings.nesterov)
        let useMomentum = m != 0
        p.grad.data.withUnsafeBufferPointer { grad in
            p.value.data.withUnsafeMutableBufferPointer { value in
                buffer.withUnsafeMutableBufferPointer { buf in
                    for i in 0..<value.count {
                        var g = grad[i]
                        if wd != 0 { g += wd * value[i] }
                        if useMomentum {
                            let b = first ? g : m * buf[i] + keep * g
                            buf[i] = b
                            g = nesterov ? g + m * b : b
                        }
                        value[i] -= lr * g
                    }
                }
            }
        }
    }
}

extension SGD {
    /// The hyper-parameters (no buffers) as checkpoint metadata, `optimizer.*`.
    public var hyperparameterMetadata: [String: String] {
        ["optimizer.momentum": "\(momentum)", "optimizer.dampening": "\(dampening)",
         "optimizer.weight_decay": "\(weightDecay)", "optimizer.nesterov": "\(nesterov)"]
    }
}
