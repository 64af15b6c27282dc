import Kernels

/// What the training loop, the pruner and the exporters need from a network,
/// whatever its depth or (thinned) widths.
public protocol Model: AnyObject {
    /// Every trainable tensor, in a stable order (checkpoint order).
    var parameters: [Parameter] { get }
    /// Logits `[N, classes]` for a batch `[N, C, H, W]`; `training` selects batch statistics
    /// for batch-norm and keeps what `backward` needs.
    func forward(_ input: Tensor, training: Bool) -> Tensor
    /// Accumulates gradients into `parameters` from the loss gradient w.r.t. the logits
    /// of the last training-mode `forward`.
    func backward(_ dLogits: Tensor)
}
