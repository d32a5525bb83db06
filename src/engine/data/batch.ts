// Turning dataset items into network inputs: pixels scaled to floats, labels to one-hot
// targets (0 → (1,0,…,0), as in the paper's appendix).

import type { LabeledImages } from './images'

export type InputScaling = 'raw' | 'unit'

/** Factor applied to the 0..255 bytes: 'raw' keeps them (the appendix), 'unit' maps to [0, 1]. */
export function pixelScale(s: InputScaling): number {
  return s === 'raw' ? 1 : 1 / 255
}

/**
 * Fill rows 0..n−1 of X (n × pixels) and T (n × classes, one-hot) and `labels` from items
 * indices[start..start+n) of the dataset.
 */
export function fillBatch(
  ds: LabeledImages,
  indices: ArrayLike<number>,
  start: number,
  n: number,
  scale: number,
  X: Float32Array,
  T: Float32Array,
  labels: Uint8Array
): void {
  const px = ds.rows * ds.cols
  const k = ds.classes
  T.fill(0, 0, n * k)
  for (let r = 0; r < n; r++) {
    const item = indices[start + r]
    const src = item * px
    const dst = r * px
    for (let i = 0; i < px; i++) X[dst + i] = ds.pixels[src + i] * scale
    const label = ds.labels[item]
    labels[r] = label
    T[r * k + label] = 1
  }
}
