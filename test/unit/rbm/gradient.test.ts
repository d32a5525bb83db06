// Eq. 28 checked against independent truth on a 6-visible × 4-hidden machine:
//  - the exact maximum-likelihood gradient (enumeration) equals the central finite difference
//    of the exact mean log-likelihood, for every weight and bias (dyadic parameters and step
//    2⁻⁷, so the steps are exact in float32; tolerance 2e-4 absolute, truncation O(h²));
//  - the trainer's 'exact' gradient (float32, GEMM) equals the float64 reference to 1e-5;
//  - CD-k converges to the exact gradient as k grows: the EXPECTED CD-k gradient, computed
//    exactly from the 64 × 64 transition matrix of one Gibbs sweep, approaches the exact one
//    geometrically, and the sampled CD-1 gradient agrees with its expectation within 5 σ;
//  - the printed sign (Eqs. 28–30 as printed) climbs the relative entropy on a tiny problem
//    while the corrected rule descends it.

import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { exactAverages, exactLogZ } from '../../../src/engine/rbm/exact'
import { createGradient, createGradientWorkspace, exactGradient64, gradient } from '../../../src/engine/rbm/gradient'
import { freeEnergy } from '../../../src/engine/rbm/freeEnergy'
import { cloneRbm, type Rbm } from '../../../src/engine/rbm/model'
import { machineModel } from '../../../src/engine/rbm/trainable'
import { createOptimizer, descend } from '../../../src/engine/nn/optimizer'
import { meanValue, type UnitKind } from '../../../src/engine/rbm/units'
import { bits, dyadicRbm } from './helpers'

/** Exact mean log-likelihood of the rows, float64: −⟨F(v)⟩ − log Z. */
function exactLL(m: Rbm, V: number[][]): number {
  let s = 0
  for (const v of V) s -= freeEnergy(m, v)
  return s / V.length - exactLogZ(m)
}

const data6 = (units: UnitKind): number[][] => [0b110011, 0b000111, 0b111000, 0b101010, 0b110011, 0b010101, 0b111111].map((s) => bits(s, 6, units))

describe.each(['binary', 'spin'] as const)('exact ML gradient, 6 × 4, %s units', (units) => {
  const m = dyadicRbm(6, 4, units, 11, 1)
  const data = data6(units)
  const flat = Float32Array.from(data.flat())
  const g = exactGradient64(m, flat, data.length)
  const h = 2 ** -7
  const fd = (arr: Float32Array, k: number): number => {
    const x0 = arr[k]
    arr[k] = x0 + h
    const up = exactLL(m, data)
    arr[k] = x0 - h
    const down = exactLL(m, data)
    arr[k] = x0
    return (up - down) / (2 * h)
  }
  it('equals the finite difference of the exact log-likelihood for every parameter', () => {
    for (let k = 0; k < m.W.length; k++) expect(Math.abs(g.W[k] - fd(m.W, k)), `W[${k}]`).toBeLessThan(2e-4)
    for (let i = 0; i < m.nv; i++) expect(Math.abs(g.bv[i] - fd(m.bv, i)), `bv[${i}]`).toBeLessThan(2e-4)
    for (let j = 0; j < m.nh; j++) expect(Math.abs(g.bh[j] - fd(m.bh, j)), `bh[${j}]`).toBeLessThan(2e-4)
    // and it is not trivially small
    expect(Math.max(...Array.from(g.W, Math.abs))).toBeGreaterThan(0.05)
  })
  it("the trainer's exact gradient (float32, matrix products) matches the float64 reference", () => {
    const ws = createGradientWorkspace(m, data.length)
    const out = createGradient(m)
    gradient(m, flat, data.length, { method: 'exact', k: 1, rule: 'standard', sign: 'correct' }, ws, createRng(1), out)
    for (let k = 0; k < m.W.length; k++) expect(out.W[k]).toBeCloseTo(g.W[k], 5)
    for (let i = 0; i < m.nv; i++) expect(out.bv[i]).toBeCloseTo(g.bv[i], 5)
    for (let j = 0; j < m.nh; j++) expect(out.bh[j]).toBeCloseTo(g.bh[j], 5)
    gradient(m, flat, data.length, { method: 'exact', k: 1, rule: 'standard', sign: 'printed' }, ws, createRng(1), out)
    for (let k = 0; k < m.W.length; k++) expect(out.W[k]).toBeCloseTo(-g.W[k], 5)
  })
})

/** T[a·64 + b] = P(v_{t+1} = b | v_t = a) for one sweep v → h → v′ (binary units), exactly. */
function sweepMatrix(m: Rbm): Float64Array {
  const S = 2 ** m.nv
  const Hs = 2 ** m.nh
  const T = new Float64Array(S * S)
  for (let a = 0; a < S; a++) {
    const v = bits(a, m.nv, 'binary')
    const ph = Array.from({ length: m.nh }, (_, j) => {
      let x = m.bh[j]
      for (let i = 0; i < m.nv; i++) x += m.W[j * m.nv + i] * v[i]
      return meanValue('binary', x)
    })
    for (let t = 0; t < Hs; t++) {
      const hh = bits(t, m.nh, 'binary')
      let pt = 1
      for (let j = 0; j < m.nh; j++) pt *= hh[j] ? ph[j] : 1 - ph[j]
      const pv = Array.from({ length: m.nv }, (_, i) => {
        let x = m.bv[i]
        for (let j = 0; j < m.nh; j++) x += hh[j] * m.W[j * m.nv + i]
        return meanValue('binary', x)
      })
      for (let b = 0; b < S; b++) {
        const vb = bits(b, m.nv, 'binary')
        let q = pt
        for (let i = 0; i < m.nv; i++) q *= vb[i] ? pv[i] : 1 - pv[i]
        T[a * S + b] += q
      }
    }
  }
  return T
}

/** The expected CD-k weight gradient: ⟨⟨h|v⟩vᵀ⟩_data − Σ_{v0 ∈ data} Σ_vk Tᵏ(v0, vk) ⟨h|vk⟩ vkᵀ / n. */
function expectedCdGradient(m: Rbm, data: number[][], T: Float64Array, k: number): Float64Array {
  const S = 2 ** m.nv
  let dist = new Float64Array(S)
  for (const v of data) dist[v.reduce((s, x, i) => s | (x << i), 0)] += 1 / data.length
  for (let step = 0; step < k; step++) {
    const next = new Float64Array(S)
    for (let a = 0; a < S; a++) if (dist[a] > 0) for (let b = 0; b < S; b++) next[b] += dist[a] * T[a * S + b]
    dist = next
  }
  const g = new Float64Array(m.nh * m.nv)
  const stat = (v: number[], w: number): void => {
    for (let j = 0; j < m.nh; j++) {
      let x = m.bh[j]
      for (let i = 0; i < m.nv; i++) x += m.W[j * m.nv + i] * v[i]
      const hj = meanValue('binary', x)
      for (let i = 0; i < m.nv; i++) g[j * m.nv + i] += w * hj * v[i]
    }
  }
  for (const v of data) stat(v, 1 / data.length)
  for (let b = 0; b < S; b++) if (dist[b] > 0) stat(bits(b, m.nv, 'binary'), -dist[b])
  return g
}

const norm = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0
  for (let k = 0; k < a.length; k++) s += (a[k] - b[k]) ** 2
  return Math.sqrt(s)
}

describe('contrastive divergence approaches maximum likelihood as k grows (6 × 4, binary)', () => {
  // strong couplings: the chain mixes slowly and CD-1 is visibly biased
  const m = dyadicRbm(6, 4, 'binary', 23, 2.5)
  const data = data6('binary')
  const exact = exactGradient64(m, Float32Array.from(data.flat()), data.length).W
  const T = sweepMatrix(m)
  it('‖E[g_CD-k] − g_ML‖ falls with k and vanishes at large k', () => {
    const err = [1, 2, 5, 10, 20].map((k) => norm(expectedCdGradient(m, data, T, k), exact))
    for (let q = 1; q < err.length; q++) expect(err[q]).toBeLessThan(err[q - 1])
    expect(err[0]).toBeGreaterThan(0.05) // CD-1 is biased here
    expect(norm(expectedCdGradient(m, data, T, 400), exact)).toBeLessThan(1e-10)
  })
  it('the sampled CD-1 and CD-5 gradients agree with their exact expectation (5 σ, 4,200 chains)', () => {
    const reps = 600
    const n = data.length * reps
    const V = new Float32Array(n * 6)
    for (let r = 0; r < n; r++) V.set(data[r % data.length], r * 6)
    for (const k of [1, 5]) {
      const ws = createGradientWorkspace(m, n)
      const g = createGradient(m)
      gradient(m, V, n, { method: 'cd', k, rule: 'standard', sign: 'correct' }, ws, createRng(k), g)
      const expected = expectedCdGradient(m, data, T, k)
      // each entry is a mean of n terms bounded by 1 in size: σ ≤ 1/(2√n)... use 5/(2√n) ≥ 5σ
      for (let q = 0; q < expected.length; q++) expect(Math.abs(g.W[q] - expected[q]), `k=${k} W[${q}]`).toBeLessThan(5 / (2 * Math.sqrt(n)))
    }
  })
})

describe('the sign of Eqs. 28–30 as printed climbs the relative entropy', () => {
  it('exact-gradient training: corrected rule lowers KL, printed rule raises it and grows the weights', () => {
    const data = data6('binary')
    const flat = Float32Array.from(data.flat())
    const q = new Map<number, number>()
    for (const v of data) {
      const s = v.reduce((a, x, i) => a | (x << i), 0)
      q.set(s, (q.get(s) ?? 0) + 1 / data.length)
    }
    // KL(Q ‖ P) = Σ Q log Q − ⟨log P⟩_Q = −H(Q) − LL
    let entropy = 0
    for (const p of q.values()) entropy -= p * Math.log(p)
    const kl = (m: Rbm): number => -entropy - exactLL(m, data)
    const start = dyadicRbm(6, 4, 'binary', 5, 0.1)
    const runs = (['correct', 'printed'] as const).map((sign) => {
      const m = cloneRbm(start)
      // full-batch steps of the lab's training (the model the loop trains, plain gradient steps)
      const model = machineModel(m, { method: 'exact', k: 1, rule: 'standard', sign, biases: true, maxBatch: data.length, evalRows: 1, measureRng: () => createRng(2) }, createRng(1))
      const optimizer = createOptimizer({ name: 'sgd' }, model.params)
      const batch = { rows: data.length, n: data.length, x: flat, t: new Float32Array(0), labels: new Uint8Array(data.length) }
      const curve = [kl(m)]
      for (let s = 0; s < 200; s++) {
        model.gradient(batch, new Float64Array(2))
        descend(optimizer, model.params, model.grads, model.isWeight, 0.1, 0)
        if (s % 50 === 49) curve.push(kl(m))
      }
      return { curve, absW: m.W.reduce((a, x) => a + Math.abs(x), 0) / m.W.length }
    })
    const [correct, printed] = runs
    for (let q = 1; q < correct.curve.length; q++) expect(correct.curve[q]).toBeLessThan(correct.curve[q - 1])
    for (let q = 1; q < printed.curve.length; q++) expect(printed.curve[q]).toBeGreaterThan(printed.curve[q - 1])
    expect(printed.curve.at(-1)! - printed.curve[0]).toBeGreaterThan(1)
    expect(printed.absW).toBeGreaterThan(5 * correct.absW)
  })
})

it('exactAverages sums to the right totals: ⟨v⟩ and ⟨h⟩ are the margins of ⟨h vᵀ⟩ for binary units', () => {
  const m = dyadicRbm(5, 7, 'binary', 2)
  const ex = exactAverages(m)
  // for binary units ⟨h_j v_i⟩ ≤ min(⟨h_j⟩, ⟨v_i⟩) and ≥ ⟨h_j⟩ + ⟨v_i⟩ − 1
  for (let j = 0; j < 7; j++)
    for (let i = 0; i < 5; i++) {
      const x = ex.hv[j * 5 + i]
      expect(x).toBeLessThanOrEqual(Math.min(ex.h[j], ex.v[i]) + 1e-12)
      expect(x).toBeGreaterThanOrEqual(ex.h[j] + ex.v[i] - 1 - 1e-12)
    }
})
