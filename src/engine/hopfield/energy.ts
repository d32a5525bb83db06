// Eq. 4 with thresholds, E = −½ sᵀWs + bᵀs, and the local field that drives Eq. 2.

import type { HopfieldNet } from './types'

/**
 * Fields this close to zero count as exactly zero, so that sign(0) is resolved by the rule
 * and not by rounding (Hebbian fields are exact multiples of 1/N ≥ 1/4096; float64 sums of
 * them stay far inside this).
 */
export const ZERO_FIELD = 1e-9

/** Eq. 2 with the paper's ≥ (footnote: Σ_j W_ij S_j ≥ b_i gives +1): sign(0) = +1. */
export function signOfField(h: number): 1 | -1 {
  return h >= -ZERO_FIELD ? 1 : -1
}

/** hᵢ = Σ_j W_ij s_j − bᵢ: the effective field on neuron i (Eq. 2's argument). */
export function localField(net: HopfieldNet, s: ArrayLike<number>, i: number): number {
  const { N, W } = net
  const row = i * N
  let h = 0
  for (let j = 0; j < N; j++) h += W[row + j] * s[j]
  return h - net.b[i]
}

/** All effective fields h = Ws − b (one matrix–vector product). */
export function localFields(net: HopfieldNet, s: ArrayLike<number>, into?: Float64Array): Float64Array {
  const out: Float64Array = into ?? new Float64Array(net.N)
  for (let i = 0; i < net.N; i++) out[i] = localField(net, s, i)
  return out
}

/** Eq. 4: E = −½ Σ_ij W_ij s_i s_j + Σ_i b_i s_i. */
export function energy(net: HopfieldNet, s: ArrayLike<number>): number {
  const { N, W, b } = net
  let quad = 0
  let lin = 0
  for (let i = 0; i < N; i++) {
    const si = s[i]
    if (si === 0) continue
    const row = i * N
    let hi = 0
    for (let j = 0; j < N; j++) hi += W[row + j] * s[j]
    quad += si * hi
    lin += b[i] * si
  }
  return -0.5 * quad + lin
}

/** E from the effective fields h = Ws − b: E = −½ sᵀh + ½ bᵀs (saves a matrix product). */
export function energyFromFields(net: HopfieldNet, s: ArrayLike<number>, h: ArrayLike<number>): number {
  let e = 0
  for (let i = 0; i < net.N; i++) e += s[i] * (-0.5 * h[i] + 0.5 * net.b[i])
  return e
}
