// Learning rules: how W is built from p stored ±1 patterns. Each returns a symmetric N×N W
// with zero diagonal (no self-coupling: a neuron's own state does not feed its field, so
// Eq. 4's energy change on a flip is exactly −Δsᵢ·hᵢ).

import type { PatternSet } from './types'
import { F64 } from '../memory'

const TILE = 64

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333)
  x = (x + (x >>> 4)) & 0x0f0f0f0f
  return Math.imul(x, 0x01010101) >>> 24
}

/**
 * Eq. 3: W_ij = (1/N) Σ_μ P^μ_i P^μ_j, zero diagonal. For ±1 patterns the sum is
 * p − 2·(number of patterns where i and j disagree), so each neuron's p values are packed
 * into bits and a pair costs p/32 XOR-popcounts instead of p multiplications.
 */
export function hebbianWeights(P: PatternSet): Float64Array {
  const { p, N, data } = P
  const words = Math.max(1, Math.ceil(p / 32))
  const bits = new Uint32Array(N * words)
  for (let mu = 0; mu < p; mu++) {
    const w = mu >>> 5
    const bit = 1 << (mu & 31)
    for (let i = 0; i < N; i++) if (data[mu * N + i] > 0) bits[i * words + w] |= bit
  }
  const W = new Float64Array(N * N)
  const invN = 1 / N
  // Upper triangle tile by tile, mirrored while the tile's rows are still in cache.
  for (let i0 = 0; i0 < N; i0 += TILE) {
    const i1 = Math.min(N, i0 + TILE)
    for (let j0 = i0; j0 < N; j0 += TILE) {
      const j1 = Math.min(N, j0 + TILE)
      for (let i = i0; i < i1; i++) {
        const a = i * words
        for (let j = Math.max(j0, i + 1); j < j1; j++) {
          const c = j * words
          let differ = 0
          for (let w = 0; w < words; w++) differ += popcount32(bits[a + w] ^ bits[c + w])
          const v = (p - 2 * differ) * invN
          W[i * N + j] = v
          W[j * N + i] = v
        }
      }
    }
  }
  return W
}

/**
 * Storkey (1997): pattern by pattern,
 *   W_ij += (1/N)(ξ_i ξ_j − ξ_i h_ji − h_ij ξ_j),  h_ij = Σ_{k≠i,j} W_ik ξ_k,
 * which subtracts the crosstalk the new pattern meets from the ones already stored. With a
 * zero diagonal h_ij = h_i − W_ij ξ_j (h = Wξ), so the update is
 *   W_ij += (1/N)(ξ_i ξ_j − ξ_i h_j − h_i ξ_j + 2 W_ij): one matrix–vector product per pattern.
 */
export function storkeyWeights(P: PatternSet): Float64Array {
  const { p, N, data } = P
  const W = new Float64Array(N * N)
  let h = new Float64Array(N) // h = Wξ for the pattern being added (W = 0 before the first)
  let hNext = new Float64Array(N)
  const xi = new Float64Array(N)
  const xiNext = new Float64Array(N)
  const invN = 1 / N
  for (let mu = 0; mu < p; mu++) {
    for (let i = 0; i < N; i++) xi[i] = data[mu * N + i]
    const more = mu + 1 < p
    if (more) for (let i = 0; i < N; i++) xiNext[i] = data[(mu + 1) * N + i]
    for (let i = 0; i < N; i++) {
      const row = i * N
      const xiI = xi[i]
      const hI = h[i]
      // Grouped so that (i, j) and (j, i) round identically: W stays exactly symmetric.
      for (let j = 0; j < N; j++) {
        W[row + j] += invN * (xiI * xi[j] + 2 * W[row + j] - (xiI * h[j] + hI * xi[j]))
      }
      W[row + i] = 0
      // The next pattern's field on i, from the finished row while it is still in cache.
      if (more) {
        let s = 0
        for (let j = 0; j < N; j++) s += W[row + j] * xiNext[j]
        hNext[i] = s
      }
    }
    const t = h
    h = hNext
    hNext = t
  }
  return W
}

/**
 * Pseudo-inverse (projection) rule: W = X (XᵀX)⁻¹ Xᵀ with X the N×p matrix of patterns,
 * the orthogonal projector onto their span, diagonal then set to zero. Every stored pattern
 * is an exact fixed point (Wξ = ξ, so hᵢ = (1 − W_ii)ξᵢ) up to p < N, however correlated.
 * XᵀX = L Lᵀ (Cholesky, float64); Y = L⁻¹Xᵀ; W = YᵀY. A pattern that depends linearly on
 * earlier ones (e.g. an inverse) adds nothing to the span and is skipped.
 */
export function pseudoInverseWeights(P: PatternSet, note?: (message: string) => void): Float64Array {
  const { p, N, data } = P
  if (p > N) throw new Error(`pseudo-inverse rule: ${p} patterns exceed the ${N} neurons (needs p ≤ N)`)
  // Gram matrix C = XᵀX (p×p): C_μν = Σ_i P^μ_i P^ν_i.
  const C = new Float64Array(p * p)
  for (let mu = 0; mu < p; mu++) {
    for (let nu = 0; nu <= mu; nu++) {
      let s = 0
      for (let i = 0; i < N; i++) s += data[mu * N + i] * data[nu * N + i]
      C[mu * p + nu] = s
      C[nu * p + mu] = s
    }
  }
  // Cholesky C = L Lᵀ, skipping dependent patterns (pivot lost to rounding: relative 1e-9).
  const L = new Float64Array(p * p)
  const kept: number[] = []
  for (let k = 0; k < p; k++) {
    let d = C[k * p + k]
    for (const m of kept) d -= L[k * p + m] * L[k * p + m]
    if (d <= 1e-9 * C[k * p + k]) continue
    const lkk = Math.sqrt(d)
    L[k * p + k] = lkk
    for (let i = k + 1; i < p; i++) {
      let s = C[i * p + k]
      for (const m of kept) s -= L[i * p + m] * L[k * p + m]
      L[i * p + k] = s / lkk
    }
    kept.push(k)
  }
  const r = kept.length
  if (r < p) note?.(`pseudo-inverse rule: ${p - r} of ${p} patterns are linear combinations of the others and add nothing`)
  // Yt (N×r, row per neuron): column c of Yt = row c of Y = L⁻¹Xᵀ by forward substitution.
  const Yt = new Float64Array(N * r)
  for (let c = 0; c < r; c++) {
    const k = kept[c]
    const lkk = L[k * p + k]
    for (let i = 0; i < N; i++) {
      let s = data[k * N + i]
      for (let e = 0; e < c; e++) s -= L[k * p + kept[e]] * Yt[i * r + e]
      Yt[i * r + c] = s / lkk
    }
  }
  return gramOfRows(Yt, N, r)
}

/**
 * W_ij = Σ_e Yt[i,e]·Yt[j,e] for i ≠ j (Yt is N×r, row-major), zero diagonal. Tiled, and two
 * rows against two rows at a time so each loaded value serves two products.
 */
function gramOfRows(Yt: Float64Array, N: number, r: number): Float64Array {
  const W = new Float64Array(N * N)
  for (let i0 = 0; i0 < N; i0 += TILE) {
    const i1 = Math.min(N, i0 + TILE)
    for (let j0 = i0; j0 < N; j0 += TILE) {
      const j1 = Math.min(N, j0 + TILE)
      for (let i = i0; i < i1; i += 2) {
        const a0 = i * r
        const a1 = Math.min(i + 1, N - 1) * r
        for (let j = j0; j < j1; j += 2) {
          const c0 = j * r
          const c1 = Math.min(j + 1, N - 1) * r
          let s00 = 0
          let s01 = 0
          let s10 = 0
          let s11 = 0
          for (let e = 0; e < r; e++) {
            const x0 = Yt[a0 + e]
            const x1 = Yt[a1 + e]
            const y0 = Yt[c0 + e]
            const y1 = Yt[c1 + e]
            s00 += x0 * y0
            s01 += x0 * y1
            s10 += x1 * y0
            s11 += x1 * y1
          }
          // The 2×2 block and its mirror; the diagonal and rows past an odd N are skipped.
          if (i < j) {
            W[i * N + j] = s00
            W[j * N + i] = s00
          }
          if (j + 1 < N && i < j + 1) {
            W[i * N + j + 1] = s01
            W[(j + 1) * N + i] = s01
          }
          if (i + 1 < j && i + 1 < N) {
            W[(i + 1) * N + j] = s10
            W[j * N + i + 1] = s10
          }
          if (i + 1 < j + 1 && j + 1 < N) {
            W[(i + 1) * N + j + 1] = s11
            W[(j + 1) * N + i + 1] = s11
          }
        }
      }
    }
  }
  return W
}

/** W for a rule; `note` hears about anything worth a line in the run log. */
export function learnWeights(rule: 'hebbian' | 'storkey' | 'pseudoinverse', P: PatternSet, note?: (message: string) => void): Float64Array {
  switch (rule) {
    case 'hebbian':
      return hebbianWeights(P)
    case 'storkey':
      return storkeyWeights(P)
    case 'pseudoinverse':
      return pseudoInverseWeights(P, note)
  }
}

/**
 * Bytes a rule needs besides W itself (N² Float64) while it learns p patterns: Hebbian the
 * patterns packed into bits, Storkey four vectors, the pseudo-inverse the Gram matrix and its
 * Cholesky factor (p² each) and Yt (N×p).
 */
export function learningBytes(rule: 'hebbian' | 'storkey' | 'pseudoinverse', p: number, N: number): number {
  switch (rule) {
    case 'hebbian':
      return 4 * N * Math.max(1, Math.ceil(p / 32))
    case 'storkey':
      return 4 * F64 * N
    case 'pseudoinverse':
      return 2 * F64 * p * p + F64 * N * p
  }
}
