// What the views of a job show (its metric rows, its frames) and plain helpers of the job
// sessions (no runes, so tests can import them).

import { LabError } from '../../shared/errors'
import type { SeriesData, TypedArray } from '../../shared/types'

export interface JobRow {
  step: number
  row: Record<string, number>
}

export type FrameMeta = Record<string, number | string>

/** A picture a job sent (a lattice, weights, filters). */
export interface JobFrame {
  /** Which part of the job it shows (e.g. "16/2.2000" for the point L = 16, T = 2.2). */
  key: string
  data: TypedArray
  width: number
  height: number
  meta: FrameMeta
  /** performance.now() of its arrival. */
  at: number
}

/** What the view of a batch run takes, live (from its session) or reopened (from Runs). */
export interface JobViewProps {
  rows: JobRow[]
  /** Bump when `rows` changed in place. */
  revision: number
  params: Record<string, unknown> | null
  runId: number | null
  /** The run's status ('running', 'done', …), or null before it exists. */
  status: string | null
  /** Lattices of the parts under way (live only). */
  frames?: JobFrame[]
  /** Base of the exported files' names. */
  name?: string
}

/** The service refuses work beyond a kind's budget with a 'confirm:' issue until the request confirms it. */
export function isBudgetRefusal(e: unknown): e is LabError {
  return e instanceof LabError && e.code === 'invalid' && (e.issues ?? []).some((i) => i.startsWith('confirm:'))
}

/** Rows of a stored run (runs.series) in step order; a series a step lacks (NaN) is left out of its row. */
export function rowsFromSeries(s: SeriesData): JobRow[] {
  const names = Object.keys(s.values)
  const out: JobRow[] = []
  for (let i = 0; i < s.steps.length; i++) {
    const row: Record<string, number> = {}
    for (const n of names) {
      const v = s.values[n][i]
      if (!Number.isNaN(v)) row[n] = v
    }
    out.push({ step: s.steps[i], row })
  }
  return out
}
