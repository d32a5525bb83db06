// Annealed importance sampling of log Z (Neal 2001; for RBMs Salakhutdinov & Murray 2008),
// for machines too big to enumerate. A path of distributions from a base-rate machine A
// (no weights, visible biases b_A from the data's means: its Z_A is a product) to the
// machine B, at inverse "temperatures" 0 = β_0 < β_1 < … < β_K = 1:
//   log p*_β(v) = ((1 − β) b_A + β b_B)·v + Σ_j log Σ_{h_j} e^{h_j β (b_hj + W_j·v)}
// — the Ising picture of the paper run backwards: anneal from infinite temperature, where
// every unit is independent, down to the machine at T = 1. M chains start from A; each step
// adds log p*_{β_k}(v) − log p*_{β_{k−1}}(v) to the chain's log weight w, then moves v by one
// Gibbs sweep at β_k. Then Z_B/Z_A ≈ mean e^{w}.
//
// The error: σ̂ = sd(e^w)/√M, reported as log Ẑ ± σ̂/Ẑ (one sigma) and as the interval
// log(Ẑ ± 3σ̂) of Salakhutdinov & Murray. With too few β the weights are dominated by one
// chain: the effective sample size (Σe^w)²/Σe^{2w} says so (an estimate can look precise
// and be several nats off; log Ẑ is biased low on average).

import type { Rng } from '../rng'
import { hiddenField, visibleField } from './conditionals'
import { sampleUnits } from './gibbs'
import type { Rbm } from './model'
import { logSumStates, onProbability } from './units'

/**
 * K + 1 values of β from 0 to 1, denser towards 1 where p_β changes fastest: the shares of
 * Salakhutdinov & Murray's 14,500-step schedule (500 steps to 0.5, 4,000 to 0.9, 10,000 to 1).
 */
export function annealingSchedule(K: number): Float64Array {
  if (!Number.isInteger(K) || K < 3) throw new Error(`AIS needs at least 3 intermediate temperatures (got ${K})`)
  const k1 = Math.max(1, Math.round((K * 500) / 14500))
  const k2 = Math.max(1, Math.round((K * 4000) / 14500))
  const k3 = K - k1 - k2
  const b = new Float64Array(K + 1)
  let k = 0
  for (let i = 1; i <= k1; i++) b[++k] = (0.5 * i) / k1
  for (let i = 1; i <= k2; i++) b[++k] = 0.5 + (0.4 * i) / k2
  for (let i = 1; i <= k3; i++) b[++k] = 0.9 + (0.1 * i) / k3
  b[K] = 1
  return b
}

/** Base-rate visible biases: the log-odds of each unit's mean over the data, smoothed so no unit is certain. */
export function baseRateBiases(m: Rbm, V: Float32Array, n: number, smoothing = 0.5): Float32Array {
  const b = new Float32Array(m.nv)
  const off = m.units === 'binary' ? 0 : -1
  for (let i = 0; i < m.nv; i++) {
    let on = 0
    for (let r = 0; r < n; r++) if (V[r * m.nv + i] === 1) on++
    const p = (on + smoothing) / (n + 2 * smoothing)
    // binary: σ(b) = p; spins: σ(2b) = p
    b[i] = (off === 0 ? 1 : 0.5) * Math.log(p / (1 - p))
  }
  return b
}

export interface AisResult {
  logZ: number
  /** One-sigma error of log Z (delta method). */
  logZErr: number
  /** log(Ẑ − 3σ̂) (−∞ when the interval reaches 0) and log(Ẑ + 3σ̂). */
  logZLow: number
  logZHigh: number
  /** (Σ e^w)² / Σ e^{2w}: how many of the M chains effectively count. */
  ess: number
  logZBase: number
  /** The M final log weights log(Z_B/Z_A) per chain. */
  logWeights: Float64Array
}

export interface AisOptions {
  betas: number
  chains: number
  /** Visible biases of the base-rate machine (baseRateBiases); zeros = uniform base. */
  baseBias?: Float32Array
  /** Called every 1 % of the steps with the fraction done (a job's progress and checkpoint). */
  onProgress?: (fraction: number) => void
}

export function annealedImportanceSampling(m: Rbm, o: AisOptions, rng: Rng): AisResult {
  const { nv, nh, units } = m
  const M = o.chains
  if (!Number.isInteger(M) || M < 2) throw new Error(`AIS needs at least 2 chains (got ${M})`)
  const beta = annealingSchedule(o.betas)
  const bA = o.baseBias ?? new Float32Array(nv)
  if (bA.length !== nv) throw new Error(`base-rate biases have ${bA.length} entries for ${nv} visible units`)
  let logZBase = nh * logSumStates(units, 0)
  for (let i = 0; i < nv; i++) logZBase += logSumStates(units, bA[i])

  const V = new Float32Array(M * nv)
  const H = new Float32Array(M * nh)
  const A = new Float32Array(M * nh) // hidden fields b_h + W v at β = 1
  const P = new Float32Array(Math.max(M * nh, M * nv))
  const Av = new Float32Array(M * nv)
  const w = new Float64Array(M)
  // v ~ p_0: independent units with the base biases
  for (let i = 0; i < nv; i++) P[i] = onProbability(units, bA[i])
  for (let r = 0; r < M; r++) sampleUnits(units, P, V.subarray(r * nv, (r + 1) * nv), nv, rng)

  const K = beta.length - 1
  const every = Math.max(1, Math.floor(K / 100))
  for (let k = 1; k <= K; k++) {
    const b0 = beta[k - 1]
    const b1 = beta[k]
    hiddenField(m, V, M, A)
    // w += log p*_{β_k}(v) − log p*_{β_{k−1}}(v)
    for (let r = 0; r < M; r++) {
      let d = 0
      const ov = r * nv
      for (let i = 0; i < nv; i++) d += (b1 - b0) * (m.bv[i] - bA[i]) * V[ov + i]
      const oh = r * nh
      for (let j = 0; j < nh; j++) d += logSumStates(units, b1 * A[oh + j]) - logSumStates(units, b0 * A[oh + j])
      w[r] += d
    }
    if (k === K) break
    // one Gibbs sweep at β_k: h ~ P(h | v; β), v ~ P(v | h; β)
    for (let q = 0; q < M * nh; q++) P[q] = onProbability(units, b1 * A[q])
    sampleUnits(units, P, H, M * nh, rng)
    visibleField(m, H, M, Av)
    for (let r = 0; r < M; r++) {
      const ov = r * nv
      for (let i = 0; i < nv; i++) P[ov + i] = onProbability(units, (1 - b1) * bA[i] + b1 * Av[ov + i])
    }
    sampleUnits(units, P, V, M * nv, rng)
    if (o.onProgress && k % every === 0) o.onProgress(k / K)
  }
  return { ...shift(summarizeLogWeights(w), logZBase), logZBase, logWeights: w }
}

interface WeightSummary {
  logZ: number
  logZErr: number
  logZLow: number
  logZHigh: number
  ess: number
}

/** log mean e^w with its error bar and ESS, from log weights w. */
export function summarizeLogWeights(w: Float64Array): WeightSummary {
  const M = w.length
  let max = -Infinity
  for (let r = 0; r < M; r++) if (w[r] > max) max = w[r]
  let s = 0
  let s2 = 0
  for (let r = 0; r < M; r++) {
    const e = Math.exp(w[r] - max)
    s += e
    s2 += e * e
  }
  const mean = s / M
  const variance = Math.max(0, (s2 - M * mean * mean) / (M - 1))
  const se = Math.sqrt(variance / M)
  return {
    logZ: max + Math.log(mean),
    logZErr: se / mean,
    logZLow: mean - 3 * se > 0 ? max + Math.log(mean - 3 * se) : -Infinity,
    logZHigh: max + Math.log(mean + 3 * se),
    ess: (s * s) / s2
  }
}

function shift(s: WeightSummary, by: number): WeightSummary {
  return { ...s, logZ: s.logZ + by, logZLow: s.logZLow + by, logZHigh: s.logZHigh + by }
}
