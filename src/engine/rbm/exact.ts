// Exact results by enumeration, for machines with a small layer. Summing the other layer
// out analytically (freeEnergy.ts), Z = Σ_s e^{−F(s)} over the 2^n states of the smaller
// layer only: 2^16 terms for a 784 × 16 MNIST machine. From the same sum come log Z, the
// exact log-likelihood, and the "thermalized" model averages ⟨v⟩, ⟨h⟩, ⟨h vᵀ⟩ of Eq. 28 —
// what Fig. 5's v∞, h∞ would give after infinitely many Gibbs steps.
//
// The states are visited in Gray-code order, so each differs from the last in one unit and
// the field on the other layer changes by one row of W (float64 throughout).

import type { Rbm } from './model'
import { logSumStates, meanValue, offValue } from './units'

/** The enumeration limit: 2^20 ≈ 10⁶ states. */
export const MAX_ENUMERATED_UNITS = 20

export const canEnumerate = (m: Pick<Rbm, 'nv' | 'nh'>): boolean => Math.min(m.nv, m.nh) <= MAX_ENUMERATED_UNITS

export type Layer = 'visible' | 'hidden'

/** The layer summed over explicitly: the smaller one (hidden on ties). */
export const enumeratedLayer = (m: Pick<Rbm, 'nv' | 'nh'>): Layer => (m.nh <= m.nv ? 'hidden' : 'visible')

/** Index of the lowest set bit of k > 0. */
const lowestBit = (k: number): number => 31 - Math.clz32(k & -k)

/**
 * Visit every state s of `layer` (2^n of them, n ≤ 20) with its unnormalised log-probability
 * −F(s) and the field a on the other layer. `s` is the state's index: bit u set ⇔ unit u on.
 * `field` is reused between calls: read it, do not keep it.
 */
export function enumerateLayer(m: Rbm, layer: Layer, visit: (s: number, logWeight: number, field: Float64Array) => void): void {
  const nS = layer === 'hidden' ? m.nh : m.nv
  const nO = layer === 'hidden' ? m.nv : m.nh
  if (nS > MAX_ENUMERATED_UNITS) throw new Error(`exact enumeration needs at most ${MAX_ENUMERATED_UNITS} ${layer} units (got ${nS})`)
  const biasS = layer === 'hidden' ? m.bh : m.bv
  const biasO = layer === 'hidden' ? m.bv : m.bh
  // C[s·nO + o]: the coupling of unit s of the enumerated layer to unit o of the other
  const C = new Float64Array(nS * nO)
  for (let j = 0; j < m.nh; j++)
    for (let i = 0; i < m.nv; i++) C[layer === 'hidden' ? j * nO + i : i * nO + j] = m.W[j * m.nv + i]
  const off = offValue(m.units)
  const step = 1 - off
  const field = new Float64Array(nO)
  let biasTerm = 0
  for (let o = 0; o < nO; o++) field[o] = biasO[o]
  for (let s = 0; s < nS; s++) {
    biasTerm += biasS[s] * off
    if (off !== 0) for (let o = 0; o < nO; o++) field[o] += off * C[s * nO + o]
  }
  const states = 2 ** nS
  let g = 0
  for (let k = 0; k < states; k++) {
    if (k > 0) {
      const u = lowestBit(k)
      g ^= 1 << u
      const d = (g >>> u) & 1 ? step : -step
      biasTerm += d * biasS[u]
      const row = u * nO
      for (let o = 0; o < nO; o++) field[o] += d * C[row + o]
    }
    let lw = biasTerm
    for (let o = 0; o < nO; o++) lw += logSumStates(m.units, field[o])
    visit(g >>> 0, lw, field)
  }
}

/** log Σ exp(x) of a list, without overflow. */
export function logSumExp(x: Float64Array): number {
  let max = -Infinity
  for (let k = 0; k < x.length; k++) if (x[k] > max) max = x[k]
  if (max === -Infinity) return -Infinity
  let s = 0
  for (let k = 0; k < x.length; k++) s += Math.exp(x[k] - max)
  return max + Math.log(s)
}

/** log Z of Eq. 21 (T = 1), exact. */
export function exactLogZ(m: Rbm): number {
  const layer = enumeratedLayer(m)
  const lw = new Float64Array(2 ** (layer === 'hidden' ? m.nh : m.nv))
  enumerateLayer(m, layer, (s, w) => {
    lw[s] = w
  })
  return logSumExp(lw)
}

export interface ExactAverages {
  logZ: number
  /** ⟨v_i⟩ under the model. */
  v: Float64Array
  /** ⟨h_j⟩ under the model. */
  h: Float64Array
  /** ⟨h_j v_i⟩ under the model, n_h × n_v like W. */
  hv: Float64Array
}

/** The model ("free") averages of Eq. 28, exact: what a thermalized chain would measure. */
export function exactAverages(m: Rbm): ExactAverages {
  const layer = enumeratedLayer(m)
  const logZ = exactLogZ(m)
  const off = offValue(m.units)
  const v = new Float64Array(m.nv)
  const h = new Float64Array(m.nh)
  const hv = new Float64Array(m.nh * m.nv)
  const nS = layer === 'hidden' ? m.nh : m.nv
  const nO = layer === 'hidden' ? m.nv : m.nh
  const sMean = layer === 'hidden' ? h : v
  const oMean = layer === 'hidden' ? v : h
  const sVal = new Float64Array(nS)
  const oVal = new Float64Array(nO)
  enumerateLayer(m, layer, (s, lw, field) => {
    const p = Math.exp(lw - logZ)
    if (p === 0) return
    for (let u = 0; u < nS; u++) {
      sVal[u] = (s >>> u) & 1 ? 1 : off
      sMean[u] += p * sVal[u]
    }
    for (let o = 0; o < nO; o++) {
      oVal[o] = meanValue(m.units, field[o])
      oMean[o] += p * oVal[o]
    }
    for (let u = 0; u < nS; u++) {
      const ps = p * sVal[u]
      if (ps === 0) continue
      for (let o = 0; o < nO; o++) {
        const k = layer === 'hidden' ? u * m.nv + o : o * m.nv + u
        hv[k] += ps * oVal[o]
      }
    }
  })
  return { logZ, v, h, hv }
}

/** log P(v) of every visible state (n_v ≤ 20), index bit i = visible unit i on. */
export function visibleLogDistribution(m: Rbm): Float64Array {
  const lw = new Float64Array(2 ** m.nv)
  enumerateLayer(m, 'visible', (s, w) => {
    lw[s] = w
  })
  const logZ = logSumExp(lw)
  for (let s = 0; s < lw.length; s++) lw[s] -= logZ
  return lw
}

/** P(v) of every visible state (n_v ≤ 20). */
export function visibleDistribution(m: Rbm): Float64Array {
  return visibleLogDistribution(m).map(Math.exp)
}
