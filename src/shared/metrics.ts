// Metric rows travel column-packed, from the worker that measures them through main to the
// store thread and the renderer: three arrays instead of thousands of small objects, so no
// process along the way does per-row work it does not need.

/**
 * A series any run may have besides its kind's: while the run store or a viewer could not
 * keep up, the worker kept one row in k, and each kept row says k here (issue 10).
 */
export const KEPT_EVERY = 'keptEvery'

/** Row i is { keys[j]: values[i · keys.length + j] } at step steps[i]. */
export interface MetricBatch {
  steps: Float64Array
  keys: string[]
  values: Float64Array
}

/** The rows of a batch, for callers that want objects (the CLI's JSON lines, the store's writer). */
export function rowsOf(b: MetricBatch): { steps: number[]; rows: Record<string, number>[] } {
  const n = b.steps.length
  const k = b.keys.length
  const steps = new Array<number>(n)
  const rows = new Array<Record<string, number>>(n)
  for (let i = 0; i < n; i++) {
    steps[i] = b.steps[i]
    const row: Record<string, number> = {}
    for (let j = 0; j < k; j++) row[b.keys[j]] = b.values[i * k + j]
    rows[i] = row
  }
  return { steps, rows }
}

/** Pack rows that share one set of keys (those of the first row; a missing value is NaN). */
export function batchOf(steps: readonly number[], rows: readonly Record<string, number>[]): MetricBatch {
  const keys = rows.length ? Object.keys(rows[0]) : []
  const values = new Float64Array(rows.length * keys.length)
  rows.forEach((row, i) => keys.forEach((key, j) => (values[i * keys.length + j] = row[key] ?? NaN)))
  return { steps: Float64Array.from(steps), keys, values }
}
