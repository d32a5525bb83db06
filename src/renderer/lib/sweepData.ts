// The rows of a temperature sweep (one per finished (L, T) point, as 'ising.sweep' stores
// them) turned into what the sweep view draws and exports: one curve per lattice size,
// sorted by T, the Binder curves, the overlay grid, the CSV. Pure functions.

import type { BinderCurve } from '../../engine/ising/binder'

/** Observables of a sweep row with their error columns, in the order of the table and the CSV. */
export const SWEEP_OBSERVABLES = [
  { key: 'e', err: 'eErr', label: '⟨E⟩/N', title: 'Energy per spin' },
  { key: 'm', err: 'mErr', label: '⟨m⟩', title: 'Magnetization' },
  { key: 'absM', err: 'absMErr', label: '⟨|m|⟩', title: 'Absolute magnetization' },
  { key: 'm2', err: 'm2Err', label: '⟨m²⟩', title: 'Second moment of m' },
  { key: 'm4', err: 'm4Err', label: '⟨m⁴⟩', title: 'Fourth moment of m' },
  { key: 'chi', err: 'chiErr', label: 'χ', title: 'Susceptibility' },
  { key: 'C', err: 'CErr', label: 'C', title: 'Specific heat per spin' },
  { key: 'U4', err: 'U4Err', label: 'U₄', title: 'Binder cumulant' },
  { key: 'xi', err: 'xiErr', label: 'ξ', title: 'Second-moment correlation length' }
] as const


/** The CSV columns: L, T, every observable followed by its error, the autocorrelation times,
 *  the trust flags (1 = converged), the tunnelling count and the replica-exchange figures. */
export const SWEEP_CSV_COLUMNS: readonly string[] = [
  'L',
  'T',
  ...SWEEP_OBSERVABLES.flatMap((o) => [o.key, o.err]),
  'tauIntAbsM',
  'tauIntE',
  ...SWEEP_OBSERVABLES.map((o) => `${o.key}Converged`),
  'tunnellings',
  'tunnellingFlag',
  'swapUp',
  'roundTripTime'
]

/** Why the value of `key` at entry i of a curve cannot be trusted, or null when it can (or the run predates the flags). */
export function flagReason(c: SweepCurve, key: string, i: number): string | null {
  const conv = c.v[`${key}Converged`]?.[i]
  if (conv === undefined || !Number.isFinite(conv) || conv === 1) return null
  if (c.v.tunnellingFlag?.[i] === 1)
    return `not converged: m changed sign only ${c.v.tunnellings[i]} time(s) — the chain hardly left one ordered state; use replica exchange or a longer run`
  return 'not converged: the binning error had not levelled off at the largest bins (the run is short for its autocorrelation time)'
}

/** The flagged points of `key` at the temperatures nearest below and above `T` on every curve. */
export function flaggedAround(curves: readonly SweepCurve[], key: string, T: number): { L: number; T: number }[] {
  const out: { L: number; T: number }[] = []
  for (const c of curves) {
    const below = c.T.reduce((k, t, i) => (t <= T && (k < 0 || t > c.T[k]) ? i : k), -1)
    const above = c.T.reduce((k, t, i) => (t >= T && (k < 0 || t < c.T[k]) ? i : k), -1)
    for (const i of new Set([below, above])) if (i >= 0 && flagReason(c, key, i)) out.push({ L: c.L, T: c.T[i] })
  }
  return out
}

export interface SweepCurve {
  L: number
  /** Rising temperatures. */
  T: number[]
  /** Each column of the rows, aligned with T (NaN where a row lacks it). */
  v: Record<string, number[]>
  /** The run's step (point index) of each entry. */
  step: number[]
}

export interface SweepRow {
  step: number
  row: Record<string, number>
}

/** One curve per lattice size, sizes rising, each sorted by T. Rows without L or T are skipped. */
export function sweepCurves(rows: readonly SweepRow[]): SweepCurve[] {
  const bySize = new Map<number, SweepRow[]>()
  for (const r of rows) {
    const { L, T } = r.row
    if (!Number.isFinite(L) || !Number.isFinite(T)) continue
    let list = bySize.get(L)
    if (!list) bySize.set(L, (list = []))
    list.push(r)
  }
  const keys = SWEEP_CSV_COLUMNS.filter((k) => k !== 'L' && k !== 'T')
  return [...bySize.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([L, list]) => {
      list.sort((a, b) => a.row.T - b.row.T || a.step - b.step)
      const v: Record<string, number[]> = {}
      for (const k of keys) v[k] = list.map((r) => r.row[k] ?? Number.NaN)
      return { L, T: list.map((r) => r.row.T), v, step: list.map((r) => r.step) }
    })
}

/** The U₄ curves for binderCrossings (points with a finite U₄ and error only). */
export function binderCurves(curves: readonly SweepCurve[]): BinderCurve[] {
  return curves.map((c) => {
    const keep = c.T.map((_, i) => i).filter((i) => Number.isFinite(c.v.U4[i]) && Number.isFinite(c.v.U4Err[i]))
    return { L: c.L, T: keep.map((i) => c.T[i]), U4: keep.map((i) => c.v.U4[i]), U4Err: keep.map((i) => c.v.U4Err[i]) }
  })
}

/** A CSV field: numbers in full precision (NaN → empty). */
function field(v: number | undefined): string {
  return v === undefined || Number.isNaN(v) ? '' : String(v)
}

/** The sweep as CSV: one row per (T, L), sizes rising, temperatures rising within a size. */
export function sweepCsv(rows: readonly SweepRow[]): string {
  const lines = [SWEEP_CSV_COLUMNS.join(',')]
  for (const c of sweepCurves(rows))
    for (let i = 0; i < c.T.length; i++) lines.push(SWEEP_CSV_COLUMNS.map((k) => field(k === 'L' ? c.L : k === 'T' ? c.T[i] : c.v[k][i])).join(','))
  return lines.join('\n') + '\n'
}

/** Evenly spaced temperatures over [lo, hi] plus a dense cluster on both sides of `tc` (when
 *  inside), so curves that turn sharply there (m(T)) or diverge (c(T)) are drawn faithfully. */
export function overlayGrid(lo: number, hi: number, tc: number, n = 240): number[] {
  if (!(hi > lo)) return [lo]
  const out: number[] = []
  for (let i = 0; i < n; i++) out.push(lo + ((hi - lo) * i) / (n - 1))
  if (tc > lo && tc < hi) for (const d of [1e-4, 1e-3, 3e-3, 1e-2, 2e-2]) out.push(tc - d * tc, tc + d * tc)
  return out.filter((t) => t > 0).sort((a, b) => a - b)
}

/** Sizes in a text field: "8, 16 32" → [8, 16, 32]; a word that is not a whole number is an error. */
export function parseList(text: string): { values: number[]; bad: string[] } {
  const parts = text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
  const values: number[] = []
  const bad: string[] = []
  for (const p of parts) {
    const v = Number(p)
    if (Number.isFinite(v)) values.push(v)
    else bad.push(p)
  }
  return { values, bad }
}

/** "value ± error" with the error to two significant digits and the value to the same decimal. */
export function fmtPM(v: number | undefined, e: number | undefined): string {
  if (v === undefined || !Number.isFinite(v)) return '–'
  if (e === undefined || !Number.isFinite(e) || e <= 0) return String(Number(v.toPrecision(5)))
  const d = Math.min(8, Math.max(0, 1 - Math.floor(Math.log10(e))))
  return `${v.toFixed(d)} ± ${e.toFixed(d)}`
}

/** Normalised histograms (densities) of m = M/N and e = E/N of a point's stored samples [S, M, …]:
 *  m on the lattice's own values (steps of 2/N) while that gives ≤ 101 bins, else 101 bins; e in 60 bins. */
export function sampleHistograms(samples: Int32Array, L: number, J: number, B: number): { m: { x: number[]; p: number[] }; e: { x: number[]; p: number[] }; count: number } {
  const N = L * L
  const n = samples.length >> 1
  const mBins = Math.min(N + 1, 101)
  const mCounts = new Float64Array(mBins)
  const es = new Float64Array(n)
  for (let s = 0; s < n; s++) {
    const M = samples[2 * s + 1]
    mCounts[Math.min(mBins - 1, Math.round(((M + N) / (2 * N)) * (mBins - 1)))]++
    es[s] = (-J * samples[2 * s] - B * M) / N
  }
  const mWidth = 2 / (mBins - 1)
  let lo = Infinity
  let hi = -Infinity
  for (const e of es) {
    lo = Math.min(lo, e)
    hi = Math.max(hi, e)
  }
  const eBins = 60
  const eWidth = hi > lo ? (hi - lo) / eBins : 1
  const eCounts = new Float64Array(eBins)
  for (const e of es) eCounts[Math.min(eBins - 1, Math.floor((e - lo) / eWidth))]++
  return {
    m: { x: Array.from(mCounts, (_, k) => -1 + k * mWidth), p: Array.from(mCounts, (c) => c / (n * mWidth)), },
    e: { x: Array.from(eCounts, (_, k) => lo + (k + 0.5) * eWidth), p: Array.from(eCounts, (c) => c / (n * eWidth)) },
    count: n
  }
}
