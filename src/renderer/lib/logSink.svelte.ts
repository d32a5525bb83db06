// The log lines of a job (e.g. a training's per-epoch summary and its diagnosis): as they
// arrive, and as stored when a run is taken up or has ended.

import type { RunDetail } from '../../shared/types'
import type { JobSink } from './jobSession.svelte'

export class LogSink implements JobSink {
  lines = $state.raw<string[]>([])

  reset(): void {
    this.lines = []
  }

  log(message: string): void {
    this.lines = [...this.lines, message]
  }

  async load(_runId: number, detail: RunDetail): Promise<() => void> {
    return () => {
      this.lines = detail.log.map((l) => l.message)
    }
  }
}
