// The metric rows of a batch job kept whole (a sweep has one row per point, a few thousand at
// most): appended as they arrive, replaced by the stored rows when a run is taken up and when
// it ends, so the view then shows exactly what a reopened run shows.

import type { RunDetail } from '../../shared/types'
import type { JobSink } from './jobSession.svelte'
import { rowsFromSeries, type JobRow } from './jobRows'
import { call } from './lab'

export class RowSink implements JobSink {
  /** In arrival order (a plain array: read it with `revision`). */
  readonly rows: JobRow[] = []
  /** Bumped whenever `rows` changed. */
  revision = $state(0)
  private dirty = false

  reset(): void {
    this.rows.length = 0
    this.dirty = false
    this.revision++
  }

  metrics(steps: readonly number[], rows: readonly Record<string, number>[]): void {
    for (let i = 0; i < steps.length; i++) this.rows.push({ step: steps[i], row: rows[i] })
    this.dirty = true
  }

  async load(runId: number, _detail: RunDetail, _why: 'attach' | 'end'): Promise<() => void> {
    const stored = rowsFromSeries(await call('runs.series', { runId }))
    return () => {
      this.rows.length = 0
      this.rows.push(...stored)
      this.dirty = false
      this.revision++
    }
  }

  flush(): void {
    if (!this.dirty) return
    this.dirty = false
    this.revision++
  }
}
