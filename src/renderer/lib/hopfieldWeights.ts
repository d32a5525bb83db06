// The weight matrix for the panel's heat map and single-neuron view. W is learned in the
// renderer with the engine's own rules (pure and fast: a 1024-neuron Hebbian W takes a few
// milliseconds); above 1024 neurons W would take 8·N² bytes (134 MB at 64×64), so only the
// Hebbian rule, whose row i is (1/N) Σ_μ P^μ_i P^μ (Eq. 3), is shown, one neuron at a time.

import { learnWeights } from '../../engine/hopfield/weights'
import type { LearningRule } from '../../engine/hopfield/types'

/** Largest N whose full W the panel computes and draws. */
export const HEATMAP_MAX_N = 1024

/** Patterns packed as the engine wants them (pattern μ at [μN, μN + N)). */
export function packPatterns(patterns: readonly ArrayLike<number>[], N: number): Int8Array {
  const data = new Int8Array(patterns.length * N)
  patterns.forEach((P, mu) => data.set(P, mu * N))
  return data
}

/** Full W for N ≤ HEATMAP_MAX_N, else null. Throws the rule's own message (e.g. p > N for the pseudo-inverse). */
export function fullWeights(rule: LearningRule, data: Int8Array, p: number, N: number): Float64Array | null {
  if (N > HEATMAP_MAX_N || p === 0) return null
  return learnWeights(rule, { p, N, data })
}

/** Row i of the Hebbian W (Eq. 3), zero diagonal: O(pN), for any N. */
export function hebbianRow(data: Int8Array, p: number, N: number, i: number): Float64Array {
  const row = new Float64Array(N)
  for (let mu = 0; mu < p; mu++) {
    const off = mu * N
    const pi = data[off + i]
    for (let j = 0; j < N; j++) row[j] += pi * data[off + j]
  }
  for (let j = 0; j < N; j++) row[j] /= N
  row[i] = 0
  return row
}

/** Row i of W: from the full matrix when there is one, else Hebbian by Eq. 3 (null for other rules). */
export function weightRow(W: Float64Array | null, rule: LearningRule, data: Int8Array, p: number, N: number, i: number): Float64Array | null {
  if (i < 0 || i >= N) return null
  if (W) return W.slice(i * N, (i + 1) * N)
  return rule === 'hebbian' && p > 0 ? hebbianRow(data, p, N, i) : null
}

/** max |W_ij|: a symmetric colour range, so 0 is always the middle grey. */
export function maxAbs(W: ArrayLike<number>): number {
  let m = 0
  for (let k = 0; k < W.length; k++) {
    const a = Math.abs(W[k])
    if (a > m) m = a
  }
  return m
}

/** Neuron i as (row, column) on a width-wide grid. */
export function cellOf(i: number, width: number): { row: number; col: number } {
  return { row: Math.floor(i / width), col: i % width }
}
