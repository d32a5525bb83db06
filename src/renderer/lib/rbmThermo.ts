// The learning-thermodynamics runs as their views read them: the exact curves of the small
// lattice the machines learned (enumerated once, reweighted to every T), and the rows of a run
// grouped by temperature with the spread over its machines. Pure functions (no DOM, no calls).

import { exactIsing, thermoOfDistribution, type Thermo } from '../../engine/rbm/isingExact'
import type { JobRow } from './jobRows'

export const THERMO_QUANTITIES = ['e', 'absM', 'C', 'chi'] as const
export type ThermoQuantity = (typeof THERMO_QUANTITIES)[number]

/** e, |m|, C, χ of the periodic L×L lattice (L ≤ 4) at each T, by enumerating its 2^(L²) states once. */
export function exactCurves(L: number, temperatures: readonly number[]): Record<ThermoQuantity, number[]> {
  const x = exactIsing(L, 1)
  const N = L * L
  let eMin = Infinity
  for (const e of x.e) if (e < eMin) eMin = e
  const w = new Float64Array(x.e.length)
  const out: Record<ThermoQuantity, number[]> = { e: [], absM: [], C: [], chi: [] }
  for (const T of temperatures) {
    let z = 0
    for (let s = 0; s < w.length; s++) z += w[s] = Math.exp((-(x.e[s] - eMin) * N) / T)
    for (let s = 0; s < w.length; s++) w[s] /= z
    const t: Thermo = thermoOfDistribution({ L, T, e: x.e, m: x.m }, w)
    for (const q of THERMO_QUANTITIES) out[q].push(t[q])
  }
  return out
}

/** T from `from` to `to` in `points` even steps. */
export const temperatureGrid = (from: number, to: number, points: number): number[] => Array.from({ length: points }, (_, k) => from + ((to - from) * k) / (points - 1))

export interface AtTemperature {
  T: number
  /** One row per machine trained at T. */
  rows: Record<string, number>[]
}

/** The run's rows by temperature, in the order of T. */
export function byTemperature(rows: readonly JobRow[]): AtTemperature[] {
  const map = new Map<number, Record<string, number>[]>()
  for (const r of rows) {
    const T = r.row.T
    if (!Number.isFinite(T)) continue
    if (!map.has(T)) map.set(T, [])
    map.get(T)!.push(r.row)
  }
  return [...map.entries()].sort((a, b) => a[0] - b[0]).map(([T, rs]) => ({ T, rows: rs }))
}

/** Mean and sample standard deviation of column k over the rows that have it (sd 0 with one). */
export function meanSpread(rows: readonly Record<string, number>[], k: string): { mean: number; sd: number; n: number } {
  const v = rows.map((r) => r[k]).filter((x) => Number.isFinite(x))
  const n = v.length
  if (n === 0) return { mean: Number.NaN, sd: Number.NaN, n }
  const mean = v.reduce((a, b) => a + b, 0) / n
  const sd = n > 1 ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0
  return { mean, sd, n }
}
