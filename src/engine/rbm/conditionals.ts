// From one layer to the other (Eqs. 22 and 26, with biases), for a batch of n states at
// once so the work is two matrix products:
//   hidden field  a_h = V·Wᵀ + b_h     (n × n_h),   P(h_j on | v) = σ(a_hj)        Eq. 22
//   visible field a_v = H·W  + b_v     (n × n_v),   P(v_i on | h) = σ(a_vi)        Eq. 26
// (σ(2a) for spin units: see units.ts). States are Float32Array rows, one per sample.
// States of binary units are 0 or 1, so the product is a sum of the rows of W (or Wᵀ) the
// units that are on select, done by the WebAssembly kernels of rbm.wat; anything else (spins,
// probabilities) goes through the GEMM.

import { matmul, matmulTransB } from '../tensor/matmul'
import type { Rbm } from './model'
import { binaryTimes, binaryTimesTransB, sigmoidWasm } from './rbmWasm'
import { meanValue, type UnitKind } from './units'

function addBias(out: Float32Array, n: number, bias: Float32Array): void {
  const w = bias.length
  for (let r = 0, o = 0; r < n; r++, o += w) for (let k = 0; k < w; k++) out[o + k] += bias[k]
}

/** out[n × n_h] = V·Wᵀ + b_h: the local field on every hidden unit. */
export function hiddenField(m: Rbm, V: Float32Array, n: number, out: Float32Array): void {
  if (m.units === 'binary' && binaryTimesTransB(V, m.W, out, n, m.nv, m.nh, m.bh)) return
  matmulTransB(V, m.W, out, n, m.nv, m.nh)
  addBias(out, n, m.bh)
}

/** out[n × n_v] = H·W + b_v: the local field on every visible unit. */
export function visibleField(m: Rbm, H: Float32Array, n: number, out: Float32Array): void {
  if (m.units === 'binary' && binaryTimes(H, m.W, out, n, m.nh, m.nv, m.bv)) return
  matmul(H, m.W, out, n, m.nh, m.nv)
  addBias(out, n, m.bv)
}

/** In place: field → P(unit on) (Eqs. 22, 26), for the first `count` entries. */
export function toOnProbability(u: UnitKind, a: Float32Array, count = a.length): void {
  // σ(a) or σ(2a) (units.ts) written out: this runs for every unit of every update
  const f = u === 'binary' ? 1 : 2
  if (sigmoidWasm(a, count, f)) return
  for (let k = 0; k < count; k++) a[k] = 1 / (1 + Math.exp(-f * a[k]))
}

/** out = ⟨unit⟩ in each field: the probability for binary units, tanh for spins. */
export function toMeanValue(u: UnitKind, a: Float32Array, out: Float32Array, count = a.length): void {
  for (let k = 0; k < count; k++) out[k] = meanValue(u, a[k])
}

/** ⟨unit⟩ from P(on): p for binary units, 2p − 1 for spins. */
export function meanFromOnProbability(u: UnitKind, p: Float32Array, out: Float32Array, count = p.length): void {
  if (u === 'binary') {
    if (out !== p) out.set(p.subarray(0, count))
    return
  }
  for (let k = 0; k < count; k++) out[k] = 2 * p[k] - 1
}
