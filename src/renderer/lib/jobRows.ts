// Plain helpers of the batch-job sessions (no runes, so tests can import them).

import { LabError } from '../../shared/errors'
import type { SeriesData } from '../../shared/types'

export interface JobRow {
  step: number
  row: Record<string, number>
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
