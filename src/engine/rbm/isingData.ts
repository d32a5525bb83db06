// Ising configurations as visible layers (the Torlai–Melko experiment, "learning
// thermodynamics"): spin σᵢ = ±1 becomes vᵢ = (σᵢ + 1)/2 for a binary machine, or stays σᵢ
// for a spin machine. Sites in the row-major order of the lattice (ising/lattice.ts), so a
// state index (bit i ⇔ site i up) is the same for a configuration and a visible state.

import { configuration, type IsingDataset } from '../ising/datasetFormat'
import type { UnitKind } from './units'
import type { RbmRows } from './validate'

/** count configurations of N spins (count·N values ±1) → rows of visible units. */
export function spinsToRows(spins: Int8Array, count: number, N: number, units: UnitKind): RbmRows {
  const V = new Float32Array(count * N)
  for (let k = 0; k < count * N; k++) V[k] = units === 'spin' ? spins[k] : spins[k] > 0 ? 1 : 0
  return { n: count, nv: N, V }
}

/** Visible rows back to spins (on ⇔ up). */
export function rowsToSpins(V: Float32Array, count: number, N: number): Int8Array {
  const s = new Int8Array(count * N)
  for (let k = 0; k < count * N; k++) s[k] = V[k] === 1 ? 1 : -1
  return s
}

/** The configurations of a stored 'ising.dataset' sampled at temperature T (exactly as stored). */
export function datasetAtTemperature(d: IsingDataset, T: number): Int8Array {
  const N = d.L * d.L
  const picked: number[] = []
  for (let i = 0; i < d.count; i++) if (d.T[i] === T) picked.push(i)
  if (picked.length === 0) throw new Error(`the dataset has no configurations at T = ${T} (it has ${d.meta.temperatures.join(', ')})`)
  const out = new Int8Array(picked.length * N)
  picked.forEach((i, r) => out.set(configuration(d, i), r * N))
  return out
}

/**
 * Z₂-symmetrised data: every configuration and its spin flip. At B = 0 the Ising model gives
 * σ and −σ equal weight; a finite sample below Tc does not (it may sit mostly in one phase),
 * and a machine trained on it learns the imbalance.
 */
export function withSpinFlips(spins: Int8Array): Int8Array {
  const out = new Int8Array(2 * spins.length)
  out.set(spins, 0)
  for (let k = 0; k < spins.length; k++) out[spins.length + k] = -spins[k]
  return out
}
