// Loss functions over a batch of n rows of `width` outputs, and their gradients dL/dy_out.
// The reported loss is always the batch mean of the per-sample loss; the gradient is that of
// the batch mean ('mean') or of the batch sum ('sum', what the paper's appendix code does:
// it adds the per-sample ΔW of a batch without dividing).

export type LossName = 'mse' | 'crossEntropy'
export type BatchReduction = 'mean' | 'sum'

/**
 * Eq. 39: L = (1/n)·Σ_i (y_out,i − y_known,i)², n the size of the output, per sample.
 * Returns the mean over the batch rows.
 */
export function mseLoss(y: Float32Array, t: Float32Array, rows: number, width: number): number {
  let s = 0
  for (let i = 0; i < rows * width; i++) {
    const d = y[i] - t[i]
    s += d * d
  }
  return s / width / rows
}

/** Eq. 43: ∂L/∂y_out = (2/n)(y_out − y_known), divided by the batch size for a mean. */
export function mseGradient(y: Float32Array, t: Float32Array, dy: Float32Array, rows: number, width: number, reduction: BatchReduction): void {
  const c = (2 / width) / (reduction === 'mean' ? rows : 1)
  for (let i = 0; i < rows * width; i++) dy[i] = c * (y[i] - t[i])
}

/** Cross-entropy L = −Σ_i t_i log p_i of softmax outputs p, mean over the batch. */
export function crossEntropyLoss(p: Float32Array, t: Float32Array, rows: number, width: number): number {
  let s = 0
  for (let i = 0; i < rows * width; i++) {
    // log of a probability that underflowed to 0 would be −∞: floor it at the smallest normal float32
    if (t[i] !== 0) s -= t[i] * Math.log(Math.max(p[i], 1.1754944e-38))
  }
  return s / rows
}

/**
 * Softmax followed by cross-entropy, differentiated together: ∂L/∂z = p − t. The fused form
 * never divides by a small p, which is why the two are always paired.
 */
export function softmaxCrossEntropyGradient(p: Float32Array, t: Float32Array, dz: Float32Array, rows: number, width: number, reduction: BatchReduction): void {
  const c = reduction === 'mean' ? 1 / rows : 1
  for (let i = 0; i < rows * width; i++) dz[i] = c * (p[i] - t[i])
}

/** Gradient of cross-entropy with respect to the probabilities themselves: −t/p. */
export function crossEntropyGradient(p: Float32Array, t: Float32Array, dy: Float32Array, rows: number, width: number, reduction: BatchReduction): void {
  const c = reduction === 'mean' ? 1 / rows : 1
  for (let i = 0; i < rows * width; i++) dy[i] = t[i] === 0 ? 0 : (-c * t[i]) / Math.max(p[i], 1.1754944e-38)
}

export function lossValue(loss: LossName, y: Float32Array, t: Float32Array, rows: number, width: number): number {
  return loss === 'mse' ? mseLoss(y, t, rows, width) : crossEntropyLoss(y, t, rows, width)
}
