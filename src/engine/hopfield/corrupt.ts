// Corrupting a recall input. Flipped pixels are wrong; blanked pixels are unknown and take the
// value 0: they add nothing to any field (Eq. 2) until their own first update sets them to ±1
// (white pixels of Fig. 2).

import type { Rng } from '../rng'
import type { Corruption } from './types'

/**
 * round(fraction·N) distinct pixels of N, a uniform random subset (fraction clamped to [0, 1]).
 * The one draw of "flip a fraction": the recall and capacity jobs flip these pixels, the
 * Hopfield panel marks them in its flip mask.
 */
export function randomPixels(N: number, fraction: number, rng: Rng): Int32Array {
  const count = Math.round(Math.min(1, Math.max(0, fraction)) * N)
  const idx = Int32Array.from({ length: N }, (_, i) => i)
  // Partial Fisher–Yates: the first `count` entries become a uniform random subset.
  for (let k = 0; k < count; k++) {
    const j = k + rng.int(N - k)
    const t = idx[k]
    idx[k] = idx[j]
    idx[j] = t
  }
  return idx.subarray(0, count)
}

/** Flip round(fraction·N) distinct pixels chosen at random. */
export function flipRandomPixels(s: Int8Array, fraction: number, rng: Rng): void {
  for (const i of randomPixels(s.length, fraction, rng)) s[i] = -s[i]
}

/** Blank (set to 0) the rectangle at column x, row y of a row-major width-wide grid. */
export function blankRegion(s: Int8Array, gridWidth: number, x: number, y: number, width: number, height: number): void {
  for (let r = y; r < y + height; r++) for (let c = x; c < x + width; c++) s[r * gridWidth + c] = 0
}

/** A brush mask (nonzero = painted): painted pixels are blanked or flipped. */
export function applyMask(s: Int8Array, mask: ArrayLike<number>, mode: 'blank' | 'flip'): void {
  for (let i = 0; i < s.length; i++) if (mask[i] !== 0) s[i] = mode === 'blank' ? 0 : -s[i]
}

/** Apply the corruption steps in order; the grid is row-major, gridWidth wide. */
export function corrupt(s: Int8Array, steps: readonly Corruption[], gridWidth: number, rng: Rng): Int8Array {
  for (const c of steps) {
    if (c.type === 'flip') flipRandomPixels(s, c.fraction, rng)
    else if (c.type === 'blank') blankRegion(s, gridWidth, c.x, c.y, c.width, c.height)
    else applyMask(s, c.mask, c.mode)
  }
  return s
}
