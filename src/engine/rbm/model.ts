// A restricted Boltzmann machine (Sec. IV, Fig. 4): n_v visible and n_h hidden units on a
// bipartite graph, weights W between the layers and a bias on every unit. Its energy is
// Eq. 20, E(v, h) = −hᵀWv − b_h·h − b_v·v, and its probabilities are Boltzmann weights at
// T = 1 (Eq. 21): the temperature is absorbed into W and the biases.
//
// Layout: W is n_h × n_v row-major, W[j·n_v + i] couples hidden j to visible i, so row j is
// what hidden unit j "looks at" (a 28×28 image on digits). Float32 for the matrix products.

import type { Rng } from '../rng'
import type { UnitKind } from './units'

export interface Rbm {
  nv: number
  nh: number
  units: UnitKind
  /** n_h × n_v couplings. */
  W: Float32Array
  /** Visible biases b_v. */
  bv: Float32Array
  /** Hidden biases b_h. */
  bh: Float32Array
}

/** Largest layer the lab allocates (a 4096 × 4096 W is 64 MB). */
export const MAX_UNITS = 4096

export function createRbm(nv: number, nh: number, units: UnitKind = 'binary'): Rbm {
  for (const [what, n] of [
    ['visible', nv],
    ['hidden', nh]
  ] as const)
    if (!Number.isInteger(n) || n < 1 || n > MAX_UNITS) throw new Error(`the number of ${what} units must be a whole number from 1 to ${MAX_UNITS} (got ${n})`)
  return { nv, nh, units, W: new Float32Array(nh * nv), bv: new Float32Array(nv), bh: new Float32Array(nh) }
}

/** Weights drawn from N(0, std²), biases zero (Hinton's guide: std 0.01). */
export function randomRbm(nv: number, nh: number, units: UnitKind, rng: Rng, std = 0.01): Rbm {
  const m = createRbm(nv, nh, units)
  for (let k = 0; k < m.W.length; k++) m.W[k] = std * rng.normal()
  return m
}

export function cloneRbm(m: Rbm): Rbm {
  return { nv: m.nv, nh: m.nh, units: m.units, W: m.W.slice(), bv: m.bv.slice(), bh: m.bh.slice() }
}

/** Eq. 20: E(v, h) = −hᵀWv − b_h·h − b_v·v (float64 sums). */
export function energy(m: Rbm, v: ArrayLike<number>, h: ArrayLike<number>): number {
  let e = 0
  for (let j = 0; j < m.nh; j++) {
    if (h[j] === 0) continue
    let wv = 0
    const row = j * m.nv
    for (let i = 0; i < m.nv; i++) wv += m.W[row + i] * v[i]
    e -= h[j] * (wv + m.bh[j])
  }
  for (let i = 0; i < m.nv; i++) e -= m.bv[i] * v[i]
  return e
}

/** One array holding W, then b_v, then b_h: the stored form of a machine (artifact 'rbm'). */
export function packRbm(m: Rbm): Float32Array {
  const out = new Float32Array(m.W.length + m.nv + m.nh)
  out.set(m.W, 0)
  out.set(m.bv, m.W.length)
  out.set(m.bh, m.W.length + m.nv)
  return out
}

export function unpackRbm(data: ArrayLike<number>, nv: number, nh: number, units: UnitKind): Rbm {
  const m = createRbm(nv, nh, units)
  const need = nh * nv + nv + nh
  if (data.length !== need) throw new Error(`the stored machine holds ${data.length} numbers, ${nv} visible × ${nh} hidden units need ${need}`)
  for (let k = 0; k < need; k++) {
    const x = data[k]
    if (!Number.isFinite(x)) throw new Error(`the stored machine has a non-finite parameter (${x}) at position ${k}`)
  }
  const all = Float32Array.from(data)
  m.W.set(all.subarray(0, nh * nv))
  m.bv.set(all.subarray(nh * nv, nh * nv + nv))
  m.bh.set(all.subarray(nh * nv + nv))
  return m
}

/** The layout note stored with the 'rbm' artifact. */
export const RBM_LAYOUT = 'W (n_h × n_v, row-major; row j = hidden unit j), then b_v (n_v), then b_h (n_h)'
