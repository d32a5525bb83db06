// Overlaps m_μ = (1/N) Σ_i P^μ_i s_i of a state with every stored pattern: m = 1 is the
// pattern itself, m = −1 its inverse, m ≈ 0 unrelated.

import type { PatternSet } from './types'

export function overlap(P: PatternSet, mu: number, s: ArrayLike<number>): number {
  const { N, data } = P
  const off = mu * N
  let m = 0
  for (let i = 0; i < N; i++) m += data[off + i] * s[i]
  return m / N
}

export function overlaps(P: PatternSet, s: ArrayLike<number>, out = new Float64Array(P.p)): Float64Array {
  for (let mu = 0; mu < P.p; mu++) out[mu] = overlap(P, mu, s)
  return out
}

/** The pattern with the largest |m| (first on ties), with its signed overlap. */
export function nearestPattern(m: ArrayLike<number>): { index: number; overlap: number } {
  let index = -1
  let best = -1
  for (let mu = 0; mu < m.length; mu++) {
    if (Math.abs(m[mu]) > best + 1e-12) {
      best = Math.abs(m[mu])
      index = mu
    }
  }
  return { index, overlap: index >= 0 ? m[index] : 0 }
}
