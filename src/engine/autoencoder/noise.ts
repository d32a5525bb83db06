// The corruption a denoising autoencoder learns to undo (its target stays the clean input):
// each value independently, with probability `level`, flipped to the other end of the data's
// range (a spin −σ, a pixel 1 − x) or masked to 0 (a blank pixel, an unknown spin — as the
// Hopfield panel blanks); or every value moved by Gaussian noise of standard deviation
// level × (hi − lo), kept within the range.

import type { Rng } from '../rng'

export type NoiseType = 'flip' | 'gaussian' | 'mask'

export interface InputNoise {
  type: NoiseType
  level: number
}

/** Corrupt len values of x in place; [lo, hi] is the data's range. */
export function corrupt(x: Float32Array, len: number, noise: InputNoise, lo: number, hi: number, rng: Rng): void {
  const { type, level } = noise
  if (type === 'gaussian') {
    const sd = level * (hi - lo)
    for (let i = 0; i < len; i++) {
      const v = x[i] + sd * rng.normal()
      x[i] = v < lo ? lo : v > hi ? hi : v
    }
    return
  }
  for (let i = 0; i < len; i++) if (rng.uniform() < level) x[i] = type === 'flip' ? lo + hi - x[i] : 0
}
