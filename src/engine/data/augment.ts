// Data augmentation (Sec. V, "Nuances of training"): fresh copies of a training image that
// keep its meaning — shifted, slightly rotated, zoomed, with noise. Each draw comes from the
// run's seeded Rng, so an augmented run is reproducible.

import type { Rng } from '../rng'

export interface AugmentOptions {
  /** Largest shift, in pixels, along each axis (uniform in ±shift). */
  shift: number
  /** Largest rotation in degrees (uniform in ±rotation). */
  rotation: number
  /** Largest relative zoom (scale uniform in [1−zoom, 1+zoom]). */
  zoom: number
  /** Standard deviation of added Gaussian noise, as a fraction of the full pixel range. */
  noise: number
}

export function augmentationActive(o: AugmentOptions | undefined): o is AugmentOptions {
  return !!o && (o.shift > 0 || o.rotation > 0 || o.zoom > 0 || o.noise > 0)
}

/**
 * Write an augmented copy of the rows×cols image src[srcOff..] into dst[dstOff..]. The
 * output pixel p takes the input at the inverse map R(−θ)(p − centre)/s + centre − shift,
 * read with bilinear interpolation (zero outside the image); pixels are clamped to [0, max].
 */
export function augmentImage(
  src: Float32Array,
  srcOff: number,
  dst: Float32Array,
  dstOff: number,
  rows: number,
  cols: number,
  o: AugmentOptions,
  rng: Rng,
  max: number
): void {
  // Fixed draw order (shift x, shift y, angle, zoom, then noise) keeps runs reproducible.
  const dx = (2 * rng.uniform() - 1) * o.shift
  const dy = (2 * rng.uniform() - 1) * o.shift
  const theta = (((2 * rng.uniform() - 1) * o.rotation) * Math.PI) / 180
  const s = 1 + (2 * rng.uniform() - 1) * o.zoom
  const cos = Math.cos(theta) / s
  const sin = Math.sin(theta) / s
  const cy = (rows - 1) / 2
  const cx = (cols - 1) / 2
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const y = r - cy
      const x = c - cx
      const sx = cos * x + sin * y + cx - dx
      const sy = -sin * x + cos * y + cy - dy
      dst[dstOff + r * cols + c] = bilinear(src, srcOff, rows, cols, sy, sx)
    }
  }
  if (o.noise > 0) {
    const sd = o.noise * max
    for (let i = 0; i < rows * cols; i++) {
      const v = dst[dstOff + i] + sd * rng.normal()
      dst[dstOff + i] = v < 0 ? 0 : v > max ? max : v
    }
  }
}

function bilinear(src: Float32Array, off: number, rows: number, cols: number, y: number, x: number): number {
  const y0 = Math.floor(y)
  const x0 = Math.floor(x)
  const fy = y - y0
  const fx = x - x0
  const at = (r: number, c: number): number => (r < 0 || c < 0 || r >= rows || c >= cols ? 0 : src[off + r * cols + c])
  return (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x0 + 1)) + fy * ((1 - fx) * at(y0 + 1, x0) + fx * at(y0 + 1, x0 + 1))
}

/**
 * Augments the n images of a batch in place (rows of rows×cols pixels in [0, max]), one fresh
 * transformation per image, drawn from `rng` in row order.
 */
export function imageAugmenter(o: AugmentOptions, rows: number, cols: number, max: number): (batch: { x: Float32Array; n: number }, rng: Rng) => void {
  const px = rows * cols
  const tmp = new Float32Array(px)
  return (batch, rng) => {
    for (let r = 0; r < batch.n; r++) {
      tmp.set(batch.x.subarray(r * px, (r + 1) * px))
      augmentImage(tmp, 0, batch.x, r * px, rows, cols, o, rng, max)
    }
  }
}
