// The learning rule, Eq. 28: the gradient of the relative entropy S (Eq. 27) — equivalently
// of the log-likelihood of the data — is a difference of two thermal averages,
//   ∂⟨log P(v)⟩_data/∂W = ⟨h vᵀ⟩_clamped − ⟨h vᵀ⟩_free
// (and ⟨v⟩, ⟨h⟩ for the biases). The clamped average is exact and cheap: with v fixed, ⟨h⟩ is
// Eq. 22. The free one is the machine's own equilibrium, reached three ways:
//   'exact' — enumeration (exact.ts): true maximum likelihood, small machines only;
//   'cd'    — contrastive divergence (Eq. 29, Hinton 2002): k Gibbs sweeps from the data;
//   'pcd'   — persistent CD (Tieleman 2008): k sweeps continuing chains kept between updates.
// Sign: the correct ascent direction is the one above. The paper prints ΔW = −⟨hv⟩clamped +
// ⟨hv⟩free with W ← W + ηΔW (Eqs. 28–30), which climbs S instead: 'printed' trains with it.

import type { Rng } from '../rng'
import { matmulTransA } from '../tensor/matmul'
import { hiddenField, meanFromOnProbability, toOnProbability } from './conditionals'
import { exactAverages } from './exact'
import { createChains, downPass, sampleUnits, upPass, type GibbsChains, type GibbsRule } from './gibbs'
import type { Rbm } from './model'
import { transATimesBinary, withWeightsLoaded } from './rbmWasm'
import { meanValue } from './units'

export type GradientMethod = 'cd' | 'pcd' | 'exact'
export type UpdateSign = 'correct' | 'printed'

/** A gradient (or update) with the shapes of the machine's parameters. */
export interface RbmGradient {
  W: Float32Array
  bv: Float32Array
  bh: Float32Array
}

export const createGradient = (m: Rbm): RbmGradient => ({ W: new Float32Array(m.nh * m.nv), bv: new Float32Array(m.nv), bh: new Float32Array(m.nh) })

export interface GradientOptions {
  method: GradientMethod
  /** Gibbs sweeps per update (CD-k, PCD-k). */
  k: number
  rule: GibbsRule
  sign: UpdateSign
  /**
   * What stands for h in ⟨h vᵀ⟩: 'probabilities', ⟨h | v⟩ from Eq. 22 (the usual, lower-noise
   * estimate), or 'samples', the drawn states h and h′ as Eq. 29 prints them (ΔW = −hv + h′v′).
   */
  statistics?: 'probabilities' | 'samples'
  /**
   * Spin data with 0 = not observed (the movie ratings): the free phase keeps those units at 0,
   * so each row trains the machine restricted to what it observed (one machine per user with
   * shared weights, Salakhutdinov, Mnih & Hinton 2007). CD only.
   */
  missing?: boolean
}

/** Buffers for batches of up to `maxBatch` rows, and the persistent chains of PCD. */
export interface GradientWorkspace {
  maxBatch: number
  /** ⟨h⟩ given each data row (the clamped phase). */
  hData: Float32Array
  chains: GibbsChains
  /** [data rows; negative-phase rows] of v, and of ⟨h⟩ with the negative half negated:
   *  one product stackHᵀ·stackV gives Σ⟨h⟩vᵀ_data − Σ⟨h⟩vᵀ_model. */
  stackV: Float32Array
  stackH: Float32Array
  /** The weight of each stacked row: 1/n for data rows, −1/n for negative-phase rows. */
  rowWeights: Float32Array
  /** Whether the persistent chains hold a state yet. */
  persistentStarted: boolean
}

export function createGradientWorkspace(m: Rbm, maxBatch: number): GradientWorkspace {
  return {
    maxBatch,
    hData: new Float32Array(maxBatch * m.nh),
    chains: createChains(m, maxBatch),
    stackV: new Float32Array(2 * maxBatch * m.nv),
    stackH: new Float32Array(2 * maxBatch * m.nh),
    rowWeights: new Float32Array(2 * maxBatch),
    persistentStarted: false
  }
}

/** Clamped phase: hData = ⟨h | v⟩ for every row of V (Eq. 22). */
function clampedPhase(m: Rbm, V: Float32Array, n: number, ws: GradientWorkspace): void {
  hiddenField(m, V, n, ws.hData)
  toOnProbability(m.units, ws.hData, n * m.nh)
}

/** Free phase by k Gibbs sweeps: from the data (CD: chains.H already holds h0 drawn from the
 *  data) or from the persistent chains (PCD). Leaves v_k in chains.V, P(h on | v_k) in
 *  chains.PH and, for 'samples' statistics, h_k in chains.H. */
function gibbsPhase(m: Rbm, V: Float32Array, n: number, o: GradientOptions, ws: GradientWorkspace, rng: Rng): void {
  const ch = ws.chains
  ch.n = n
  if (o.method === 'cd' || !ws.persistentStarted) {
    ch.V.set(V.subarray(0, n * m.nv))
    ws.persistentStarted = o.method === 'pcd'
  } else {
    upPass(m, ch, rng, o.rule)
  }
  for (let s = 0; s < o.k; s++) {
    downPass(m, ch, rng, o.rule)
    if (o.missing) for (let q = 0; q < n * m.nv; q++) if (V[q] === 0) ch.V[q] = 0
    // h_k is drawn only when it is the statistic; PCD draws afresh from v_k next time
    upPass(m, ch, rng, o.rule, s < o.k - 1 || o.statistics === 'samples')
  }
}

/**
 * The ascent direction of the mean log-likelihood of the n rows of V (Eq. 28), its free
 * average estimated by o.method; times −1 for the printed sign. Written into `g`.
 */
export function gradient(m: Rbm, V: Float32Array, n: number, o: GradientOptions, ws: GradientWorkspace, rng: Rng, g: RbmGradient): void {
  if (n > ws.maxBatch) throw new Error(`batch of ${n} rows exceeds the workspace (${ws.maxBatch})`)
  // an update takes three products with W (more with k > 1): the kernels copy it once
  if (m.units === 'binary') withWeightsLoaded(m.W, m.nh, m.nv, () => ascent(m, V, n, o, ws, rng, g))
  else ascent(m, V, n, o, ws, rng, g)
}

/** The phases of Eq. 28 for gradient(). */
function ascent(m: Rbm, V: Float32Array, n: number, o: GradientOptions, ws: GradientWorkspace, rng: Rng, g: RbmGradient): void {
  const { nv, nh } = m
  clampedPhase(m, V, n, ws)
  const sv = ws.stackV
  const sh = ws.stackH
  const samples = o.statistics === 'samples'
  sv.set(V.subarray(0, n * nv), 0)
  // h0 drawn from the data (Eq. 25): the start of the chain, and the statistic when 'samples'
  const h0 = ws.chains.H
  if (o.method !== 'exact' || samples) sampleUnits(m.units, ws.hData, h0, n * nh, rng, o.rule)
  if (samples) sh.set(h0.subarray(0, n * nh))
  else meanFromOnProbability(m.units, ws.hData, sh, n * nh)
  let rows = n
  if (o.method !== 'exact') {
    gibbsPhase(m, V, n, o, ws, rng)
    const ch = ws.chains
    sv.set(ch.V.subarray(0, n * nv), n * nv)
    if (samples) sh.set(ch.H.subarray(0, n * nh), n * nh)
    else meanFromOnProbability(m.units, ch.PH, sh.subarray(n * nh, 2 * n * nh), n * nh)
    rows = 2 * n
  }
  // means over the batch, the free rows negated: scale the n_h-wide rows, not the product
  const w = ws.rowWeights
  for (let r = 0; r < rows; r++) {
    const wr = (w[r] = r < n ? 1 / n : -1 / n)
    for (let q = r * nh; q < (r + 1) * nh; q++) sh[q] *= wr
  }
  // The biases are couplings to a unit that is always on, so their gradients are the same
  // sums: b_h pairs each ⟨h⟩ with an always-on visible unit (Σ rows of sh), b_v each v with
  // an always-on hidden unit (Σ rows of sv weighted ±1/n). For binary units v is 0 or 1 and
  // all three come out of one sum of selected rows (rbm.wat).
  const summed = m.units === 'binary' && transATimesBinary(sh, sv, g.W, nh, rows, nv, { weights: w.subarray(0, rows), A: g.bh, S: g.bv })
  if (!summed) {
    matmulTransA(sh, sv, g.W, nh, rows, nv)
    weightedColumnSums(sh, rows, nh, null, g.bh)
    weightedColumnSums(sv, rows, nv, w, g.bv)
  }
  if (o.method === 'exact') {
    const ex = exactAverages(m)
    for (let k = 0; k < nh * nv; k++) g.W[k] -= ex.hv[k]
    for (let i = 0; i < nv; i++) g.bv[i] -= ex.v[i]
    for (let j = 0; j < nh; j++) g.bh[j] -= ex.h[j]
  }
  if (o.sign === 'printed') {
    for (const a of [g.W, g.bv, g.bh]) for (let k = 0; k < a.length; k++) a[k] = -a[k]
  }
}

/** out[c] = Σ_r w_r A[r·cols + c] (w = null: all 1). */
function weightedColumnSums(A: Float32Array, rows: number, cols: number, w: Float32Array | null, out: Float32Array): void {
  out.fill(0)
  for (let r = 0; r < rows; r++) {
    const wr = w ? w[r] : 1
    for (let c = 0, o = r * cols; c < cols; c++) out[c] += wr * A[o + c]
  }
}

/**
 * The exact gradient of the mean log-likelihood of n data rows, in float64 with plain loops:
 * the reference a finite difference of exactLogLikelihood is checked against (small machines).
 */
export function exactGradient64(m: Rbm, V: ArrayLike<number>, n: number): { W: Float64Array; bv: Float64Array; bh: Float64Array } {
  const { nv, nh } = m
  const ex = exactAverages(m)
  const W = new Float64Array(nh * nv)
  const bv = new Float64Array(nv)
  const bh = new Float64Array(nh)
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < nh; j++) {
      let a = m.bh[j]
      for (let i = 0; i < nv; i++) a += m.W[j * nv + i] * V[r * nv + i]
      const hj = meanValue(m.units, a)
      bh[j] += hj / n
      for (let i = 0; i < nv; i++) W[j * nv + i] += (hj * V[r * nv + i]) / n
    }
    for (let i = 0; i < nv; i++) bv[i] += V[r * nv + i] / n
  }
  for (let k = 0; k < nh * nv; k++) W[k] -= ex.hv[k]
  for (let i = 0; i < nv; i++) bv[i] -= ex.v[i]
  for (let j = 0; j < nh; j++) bh[j] -= ex.h[j]
  return { W, bv, bh }
}
