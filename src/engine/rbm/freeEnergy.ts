// Free energies: one layer summed out of the Boltzmann weight of Eq. 21,
//   e^{−F(v)} = Σ_h e^{−E(v,h)}   ⇒  F(v) = −b_v·v − Σ_j log Σ_{h_j} e^{h_j (b_hj + W_j·v)}
// which for binary hidden units is the familiar F(v) = −b_v·v − Σ_j log(1 + e^{b_hj + W_j·v}).
// P(v) = e^{−F(v)}/Z, so differences of F are log-probability ratios with no Z in them. By the
// symmetry of the bipartite graph the same formula with the layers swapped sums out v.

import { hiddenField } from './conditionals'
import type { Rbm } from './model'
import { logSumStates } from './units'

/** F(v) of one visible state (float64 throughout). */
export function freeEnergy(m: Rbm, v: ArrayLike<number>): number {
  let f = 0
  for (let i = 0; i < m.nv; i++) f -= m.bv[i] * v[i]
  for (let j = 0; j < m.nh; j++) {
    let a = m.bh[j]
    const row = j * m.nv
    for (let i = 0; i < m.nv; i++) a += m.W[row + i] * v[i]
    f -= logSumStates(m.units, a)
  }
  return f
}

/** F(h) = −b_h·h − Σ_i log Σ_{v_i} e^{v_i (b_vi + Σ_j h_j W_ji)}: the visible layer summed out. */
export function hiddenFreeEnergy(m: Rbm, h: ArrayLike<number>): number {
  let f = 0
  for (let j = 0; j < m.nh; j++) f -= m.bh[j] * h[j]
  for (let i = 0; i < m.nv; i++) {
    let a = m.bv[i]
    for (let j = 0; j < m.nh; j++) a += h[j] * m.W[j * m.nv + i]
    f -= logSumStates(m.units, a)
  }
  return f
}

/** out[r] = F(row r of V) for n rows, the fields by one matrix product (`field`: n × n_h scratch). */
export function freeEnergies(m: Rbm, V: Float32Array, n: number, out: Float64Array, field = new Float32Array(n * m.nh)): Float64Array {
  hiddenField(m, V, n, field)
  for (let r = 0; r < n; r++) {
    let f = 0
    const ov = r * m.nv
    for (let i = 0; i < m.nv; i++) f -= m.bv[i] * V[ov + i]
    const oh = r * m.nh
    for (let j = 0; j < m.nh; j++) f -= logSumStates(m.units, field[oh + j])
    out[r] = f
  }
  return out
}

/** Mean F over n rows of V, in chunks of at most 256 rows. */
export function meanFreeEnergy(m: Rbm, V: Float32Array, n: number): number {
  const chunk = Math.min(256, n)
  const out = new Float64Array(chunk)
  const field = new Float32Array(chunk * m.nh)
  let sum = 0
  for (let s = 0; s < n; s += chunk) {
    const c = Math.min(chunk, n - s)
    freeEnergies(m, V.subarray(s * m.nv, (s + c) * m.nv), c, out, field)
    for (let r = 0; r < c; r++) sum += out[r]
  }
  return sum / n
}
