// The metric series of a job for its live charts, capped to the most recent points
// (CappedSeries): a long live run must not grow the page without bound. Taken-up runs start
// from their stored series, decimated to the cap; an ended run is reloaded from the store
// only when asked (a training's curves are complete there; a live lattice's recent window is
// what its charts show).

import type { RunDetail } from '../../shared/types'
import { CappedSeries } from './cappedSeries'
import type { JobSink } from './jobSession.svelte'
import type { JobRow } from './jobRows'
import { call } from './lab'

export interface SeriesSinkOptions {
  /** Points kept. */
  cap: number
  /** The series charted. */
  names: readonly string[]
  /** The series read from the store (default: `names`; more when `latest` needs them). */
  stored?: readonly string[]
  /** Points read from the store (decimated evenly). Default: `cap`. */
  storedPoints?: number
  /** Replace the series with the stored ones when the run ends. */
  reloadOnEnd?: boolean
}

export class SeriesSink implements JobSink {
  readonly series: CappedSeries
  /** The newest row (a new object whenever it changes). */
  latest: JobRow | null = null
  /** Bumped when the series changed (at most once per tick). */
  revision = $state(0)
  private dirty = false

  constructor(private readonly opts: SeriesSinkOptions) {
    this.series = new CappedSeries(opts.cap, opts.names)
  }

  reset(): void {
    this.series.clear()
    this.latest = null
    this.dirty = false
    this.revision++
  }

  metrics(steps: readonly number[], rows: readonly Record<string, number>[]): void {
    const n = steps.length
    for (let i = 0; i < n; i++) this.series.push(steps[i], rows[i])
    if (n > 0) this.latest = { step: steps[n - 1], row: rows[n - 1] }
    this.dirty = true
  }

  async load(runId: number, _detail: RunDetail, why: 'attach' | 'end'): Promise<(() => void) | void> {
    if (why === 'end' && !this.opts.reloadOnEnd) return
    const s = await call('runs.series', { runId, names: [...(this.opts.stored ?? this.opts.names)], maxPoints: this.opts.storedPoints ?? this.opts.cap })
    return () => {
      this.series.load(s.steps, s.values)
      const n = s.steps.length
      if (n > 0) {
        const row: Record<string, number> = {}
        for (const k of Object.keys(s.values)) row[k] = s.values[k][n - 1]
        this.latest = { step: s.steps[n - 1], row }
      }
      this.dirty = true
    }
  }

  flush(): void {
    if (!this.dirty) return
    this.dirty = false
    this.revision++
  }
}
