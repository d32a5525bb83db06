// The bundled MNIST digits as a binary machine sees them: each pixel on (1) or off (0).
// Binarized at a fixed threshold (grey ≥ 128, i.e. intensity ≥ ½; deterministic, as in our
// reference runs) or by drawing each pixel on with probability grey/255 (the stochastic
// binarization of Salakhutdinov & Murray 2008), from the job's generator.

import type { LabeledImages } from '../data/images'
import type { Rng } from '../rng'
import type { RbmRows } from './validate'

export type Binarization = 'threshold' | 'sample'

export function binarizeDigits(ds: LabeledImages, indices: ArrayLike<number>, mode: Binarization = 'threshold', rng?: Rng): RbmRows {
  const nv = ds.rows * ds.cols
  const n = indices.length
  const V = new Float32Array(n * nv)
  if (mode === 'sample' && !rng) throw new Error('stochastic binarization needs the run’s random generator')
  for (let r = 0; r < n; r++) {
    const src = indices[r] * nv
    for (let i = 0; i < nv; i++) {
      const g = ds.pixels[src + i]
      V[r * nv + i] = mode === 'threshold' ? (g >= 128 ? 1 : 0) : rng!.uniform() * 255 < g ? 1 : 0
    }
  }
  return { n, nv, V }
}
