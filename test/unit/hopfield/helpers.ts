// Small shared pieces for the Hopfield tests: the paper's 4×4 net and naive references.

import { createRng } from '../../../src/engine/rng'
import { paperStripes } from '../../../src/engine/hopfield/presets'
import { patternSet } from '../../../src/engine/hopfield/recallJob'
import type { HopfieldNet, HopfieldRecallParams, PatternSet } from '../../../src/engine/hopfield/types'

/** Vertical (V) and horizontal (H) stripes of Fig. 2, row-major 4×4, written out by hand. */
export const V = [1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1, 1, -1]
export const H = [1, 1, 1, 1, -1, -1, -1, -1, 1, 1, 1, 1, -1, -1, -1, -1]

export function stripesRecall(over: Partial<HopfieldRecallParams> = {}): HopfieldRecallParams {
  return {
    width: 4,
    height: 4,
    patterns: paperStripes(),
    rule: 'hebbian',
    dynamics: 'async-random',
    T: 0.5,
    thresholds: 0,
    input: { from: 'pattern', index: 0 },
    corruption: [],
    maxSweeps: 100,
    stateStride: 0,
    matchOverlap: 1,
    maxUpdatesPerSecond: 0,
    ...over
  }
}

/** A mask (1 = painted) over the 16 pixels. */
export function mask16(pixels: number[]): number[] {
  const m = new Array(16).fill(0)
  for (const i of pixels) m[i] = 1
  return m
}

/** A random symmetric W with zero diagonal, entries N(0,1)/√N, and random thresholds. */
export function randomNet(N: number, seed: number, thresholds = true): HopfieldNet {
  const rng = createRng(seed, 7)
  const W = new Float64Array(N * N)
  for (let i = 0; i < N; i++) {
    for (let j = i + 1; j < N; j++) {
      const w = rng.normal() / Math.sqrt(N)
      W[i * N + j] = w
      W[j * N + i] = w
    }
  }
  const b = Float64Array.from({ length: N }, () => (thresholds ? 0.3 * rng.normal() : 0))
  return { N, W, b }
}

/** Eq. 3 written literally: W_ij = (1/N) Σ_μ P^μ_i P^μ_j for i ≠ j. */
export function naiveHebbian(P: PatternSet): Float64Array {
  const { p, N, data } = P
  const W = new Float64Array(N * N)
  for (let i = 0; i < N; i++)
    for (let j = 0; j < N; j++) {
      if (i === j) continue
      let s = 0
      for (let mu = 0; mu < p; mu++) s += data[mu * N + i] * data[mu * N + j]
      W[i * N + j] = s / N
    }
  return W
}

export function randomSet(p: number, N: number, seed: number): PatternSet {
  const rng = createRng(seed, 3)
  const rows = Array.from({ length: p }, () => Array.from({ length: N }, () => (rng.uniform() < 0.5 ? 1 : -1)))
  return patternSet(rows, N)
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]))
  return d
}

/** Every state of N ≤ 20 ±1 units, as code → state. */
export function stateOf(code: number, N: number): Int8Array {
  return Int8Array.from({ length: N }, (_, i) => ((code >> i) & 1 ? 1 : -1))
}
