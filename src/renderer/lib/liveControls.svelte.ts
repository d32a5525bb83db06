// The history of a live run's controls (T, B, J and the speed cap), as the run records it: one
// row at each sweep from which new values held (the first at sweep 0). Taken up from the store
// when the session reattaches to the run, so a reload shows the whole history, and the values
// the run goes on with now.

import type { RunDetail } from '../../shared/types'
import type { JobSink } from './jobSession.svelte'
import { call } from './lab'

export interface ControlChange {
  /** The sweep from which these values held. */
  step: number
  T: number
  B: number
  J: number
  maxSweepsPerSecond: number
}

const NAMES = ['T', 'B', 'J', 'maxSweepsPerSecond'] as const
/** Changes kept (a slider dragged for minutes makes many). */
const MAX_CHANGES = 2000

const changeOf = (step: number, row: Partial<Record<string, number>>): ControlChange | null =>
  NAMES.every((k) => typeof row[k] === 'number' && Number.isFinite(row[k]))
    ? { step, T: row.T as number, B: row.B as number, J: row.J as number, maxSweepsPerSecond: row.maxSweepsPerSecond as number }
    : null

export class ControlHistory implements JobSink {
  /** Oldest first. */
  changes = $state.raw<ControlChange[]>([])
  private incoming: ControlChange[] = []

  reset(): void {
    this.incoming = []
    this.changes = []
  }

  metrics(steps: readonly number[], rows: readonly Record<string, number>[]): void {
    for (let i = 0; i < steps.length; i++) {
      const c = changeOf(steps[i], rows[i])
      if (c) this.incoming.push(c)
    }
  }

  async load(runId: number, _detail: RunDetail, why: 'attach' | 'end'): Promise<(() => void) | void> {
    if (why === 'end') return
    const s = await call('runs.series', { runId, names: [...NAMES] })
    const stored: ControlChange[] = []
    for (let i = 0; i < s.steps.length; i++) {
      const c = changeOf(s.steps[i], Object.fromEntries(NAMES.map((k) => [k, s.values[k]?.[i]])))
      if (c) stored.push(c)
    }
    return () => {
      this.incoming = []
      this.changes = stored.slice(-MAX_CHANGES)
    }
  }

  flush(): void {
    if (this.incoming.length === 0) return
    this.changes = [...this.changes, ...this.incoming].slice(-MAX_CHANGES)
    this.incoming = []
  }

  /** The values in force now (the newest change), or null before the run has said. */
  get current(): ControlChange | null {
    return this.changes.length ? this.changes[this.changes.length - 1] : null
  }
}
