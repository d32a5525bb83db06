// Runs side by side (Runs › Compare): which params differ, which curves the runs share, the
// curves of one quantity laid over each other (one colour per run; a sweep's sizes as several
// curves of that colour, with their error bars), and the final metrics. Pure: unit-tested.

import { jobKinds, isKindName } from '../../shared/kinds'
import type { RunDetail, SeriesData } from '../../shared/types'
import { paramText } from './paramText'

export const MAX_COMPARED = 8
/** One colour per run: distinct, in an order that keeps neighbours apart. */
export const RUN_COLOURS = ['#1d4ed8', '#c2410c', '#047857', '#7c3aed', '#be123c', '#0e7490', '#a16207', '#4b5563']
const DASHES = [false, true]

export interface ParamRow {
  key: string
  /** The value in each run, as text ('–' where a run has no such param). */
  values: string[]
  differs: boolean
}

const text = (v: unknown): string => (v === undefined ? '–' : paramText(v))

/** Every param of any of the runs, those that differ first. */
export function paramRows(runs: readonly Pick<RunDetail, 'params'>[]): ParamRow[] {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.params)))]
  const rows = keys.map((key) => {
    const values = runs.map((r) => text(r.params[key]))
    // Compared as stored: the text rounds numbers, and two values may read alike yet differ.
    return { key, values, differs: new Set(runs.map((r) => JSON.stringify(r.params[key]) ?? '')).size > 1 }
  })
  return [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)]
}

/** How a kind's runs are plotted together: its x series and grouping (the step otherwise). */
export function plotOf(kind: string): { x: string | null; group: string | null } {
  const plot = isKindName(kind) ? jobKinds[kind].plot : undefined
  return { x: plot?.x ?? null, group: plot?.group ?? null }
}

/** The axes the runs can share: one x series (or the step) when all agree, and the grouping. */
export function sharedPlot(runs: readonly Pick<RunDetail, 'kind'>[]): { x: string | null; group: string | null } {
  const plots = runs.map((r) => plotOf(r.kind))
  const x = plots.every((p) => p.x === plots[0].x) ? plots[0].x : null
  const group = x !== null && plots.every((p) => p.group === plots[0].group) ? plots[0].group : null
  return { x, group }
}

/** The quantities every run recorded, to plot: not the axes, not error bars or flags. */
export function sharedSeries(runs: readonly Pick<RunDetail, 'kind' | 'series'>[]): string[] {
  if (runs.length === 0) return []
  const { x, group } = sharedPlot(runs)
  const common = runs[0].series.filter((s) => runs.every((r) => r.series.includes(s)))
  return common.filter((s) => s !== x && s !== group && !/(Err|Converged|Flag)$/.test(s))
}

export interface CompareCurve {
  label: string
  x: Float64Array
  y: Float64Array
  yErr?: Float64Array
  color: string
  dashed: boolean
  /** Which run it belongs to (index in the compared list). */
  run: number
}

/**
 * The curves of `name` for each run: against the step, or against the kinds' x series; a run
 * with a grouping series (a sweep's L) gives one curve per group, in the run's colour.
 */
export function compareCurves(runs: readonly Pick<RunDetail, 'id' | 'name' | 'kind'>[], data: readonly (SeriesData | null)[], name: string): CompareCurve[] {
  const { x: xName, group } = sharedPlot(runs)
  const curves: CompareCurve[] = []
  runs.forEach((r, i) => {
    const d = data[i]
    if (!d || !d.values[name]) return
    const xs = xName ? d.values[xName] : d.steps
    if (!xs) return
    const ys = d.values[name]
    const errs = d.values[`${name}Err`]
    const groups = group && d.values[group] ? [...new Set(Array.from(d.values[group]).filter(Number.isFinite))].sort((a, b) => a - b) : [null]
    const colour = RUN_COLOURS[i % RUN_COLOURS.length]
    groups.forEach((g, k) => {
      const idx: number[] = []
      for (let j = 0; j < ys.length; j++) if ((g === null || d.values[group!][j] === g) && Number.isFinite(xs[j])) idx.push(j)
      // Against a physical x (T, α, B) the points are drawn in the order of x.
      if (xName) idx.sort((a, b) => xs[a] - xs[b])
      curves.push({
        label: `#${r.id} ${r.name}${g === null ? '' : ` · ${group} = ${g}`}`,
        x: Float64Array.from(idx, (j) => xs[j]),
        y: Float64Array.from(idx, (j) => ys[j]),
        ...(errs ? { yErr: Float64Array.from(idx, (j) => errs[j]) } : {}),
        color: colour,
        dashed: DASHES[k % DASHES.length],
        run: i
      })
    })
  })
  return curves
}

export interface MetricRow {
  key: string
  values: (number | null)[]
  /** Index of the best run, for a score (accuracy: highest; loss, error rate: lowest); −1 otherwise or on a tie. */
  best: number
}

/** Whether a metric is a score, and which way is better. Physical quantities (energy, χ) have no best. */
function scoreDirection(key: string): 'high' | 'low' | null {
  if (/accuracy/i.test(key)) return 'high'
  if (/loss|errorRate/i.test(key)) return 'low'
  return null
}

/** The runs' final numbers: the numbers of their results, and the last value of each curve they share. */
export function finalMetrics(runs: readonly Pick<RunDetail, 'result' | 'kind' | 'series'>[], data: readonly (SeriesData | null)[]): MetricRow[] {
  const resultKeys = [...new Set(runs.flatMap((r) => Object.entries(r.result ?? {}).filter(([, v]) => typeof v === 'number').map(([k]) => k)))]
  const rows: MetricRow[] = resultKeys.map((key) => row(key, runs.map((r) => (typeof r.result?.[key] === 'number' ? (r.result[key] as number) : null))))
  for (const s of sharedSeries(runs)) {
    if (resultKeys.includes(s)) continue
    rows.push(row(`${s} (last)`, data.map((d) => lastFinite(d?.values[s]))))
  }
  return rows
}

function row(key: string, values: (number | null)[]): MetricRow {
  const finite = values.map((v, i) => ({ v, i })).filter((x): x is { v: number; i: number } => x.v !== null && Number.isFinite(x.v))
  const direction = scoreDirection(key)
  if (direction === null || finite.length < 2 || finite.every((x) => x.v === finite[0].v)) return { key, values, best: -1 }
  const low = direction === 'low'
  const best = finite.reduce((a, b) => ((low ? b.v < a.v : b.v > a.v) ? b : a))
  return { key, values, best: best.i }
}

function lastFinite(a: Float64Array | undefined): number | null {
  if (!a) return null
  for (let i = a.length - 1; i >= 0; i--) if (Number.isFinite(a[i])) return a[i]
  return null
}
