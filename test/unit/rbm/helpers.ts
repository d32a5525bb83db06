// Small machines and brute-force sums for the RBM tests, written apart from the engine:
// the joint distribution of Eq. 20 over every (v, h), and dyadic parameters (multiples of
// 2⁻⁸) so a finite-difference step of 2⁻⁷ is exact in float32.

import { createRng } from '../../../src/engine/rng'
import { createRbm, type Rbm } from '../../../src/engine/rbm/model'
import type { UnitKind } from '../../../src/engine/rbm/units'

/** Weights and biases uniform in [−scale, scale], rounded to multiples of 2⁻⁸. */
export function dyadicRbm(nv: number, nh: number, units: UnitKind, seed: number, scale = 1): Rbm {
  const rng = createRng(seed)
  const m = createRbm(nv, nh, units)
  const draw = (): number => Math.round((rng.uniform() * 2 - 1) * scale * 256) / 256
  for (let k = 0; k < m.W.length; k++) m.W[k] = draw()
  for (let i = 0; i < nv; i++) m.bv[i] = draw()
  for (let j = 0; j < nh; j++) m.bh[j] = draw()
  return m
}

/** Unit values of state index s (bit u set ⇔ unit u on). */
export function bits(s: number, n: number, units: UnitKind): number[] {
  const off = units === 'binary' ? 0 : -1
  return Array.from({ length: n }, (_, u) => ((s >>> u) & 1 ? 1 : off))
}

/** Eq. 20 written out again: −Σ_ji h_j W_ji v_i − Σ_j b_hj h_j − Σ_i b_vi v_i. */
export function bruteEnergy(m: Rbm, v: number[], h: number[]): number {
  let e = 0
  for (let j = 0; j < m.nh; j++) for (let i = 0; i < m.nv; i++) e -= h[j] * m.W[j * m.nv + i] * v[i]
  for (let j = 0; j < m.nh; j++) e -= m.bh[j] * h[j]
  for (let i = 0; i < m.nv; i++) e -= m.bv[i] * v[i]
  return e
}

/** p(v, h) of every joint state, index = v-index + 2^{n_v}·h-index. */
export function bruteJoint(m: Rbm): Float64Array {
  const nvS = 2 ** m.nv
  const p = new Float64Array(nvS * 2 ** m.nh)
  let z = 0
  for (let s = 0; s < p.length; s++) {
    p[s] = Math.exp(-bruteEnergy(m, bits(s % nvS, m.nv, m.units), bits(Math.floor(s / nvS), m.nh, m.units)))
    z += p[s]
  }
  for (let s = 0; s < p.length; s++) p[s] /= z
  return p
}

/** Index of a state given as unit values. */
export function indexOf(x: ArrayLike<number>, from: number, n: number): number {
  let s = 0
  for (let u = 0; u < n; u++) if (x[from + u] === 1) s |= 1 << u
  return s
}

/** Pearson χ² of observed counts against expected probabilities, pooling cells expected < 5 into one. */
export function chiSquare(counts: ArrayLike<number>, p: ArrayLike<number>, total: number): { chi2: number; dof: number } {
  let chi2 = 0
  let cells = 0
  let poolO = 0
  let poolE = 0
  for (let s = 0; s < p.length; s++) {
    const e = p[s] * total
    if (e < 5) {
      poolO += counts[s]
      poolE += e
      continue
    }
    chi2 += (counts[s] - e) ** 2 / e
    cells++
  }
  if (poolE > 0) {
    chi2 += (poolO - poolE) ** 2 / poolE
    cells++
  }
  return { chi2, dof: cells - 1 }
}

/** Upper 0.1 % point of χ² with `dof` degrees of freedom (Wilson–Hilferty, z = 3.09). */
export function chiSquareCritical(dof: number): number {
  const z = 3.0902
  const a = 2 / (9 * dof)
  return dof * (1 - a + z * Math.sqrt(a)) ** 3
}
