// What a run computed that the store could not write (a full disk, a write that timed out):
// counted per run as it happens, and read once when the run ends, so a run that lost part of
// its results is never recorded `done`.

interface Loss {
  points: number
  artifacts: string[]
  logLines: number
  /** The first reason: later ones are usually the same disk, still full. */
  reason: string
}

export class WriteLosses {
  private readonly byRun = new Map<number, Loss>()

  private of(runId: number, reason: string): Loss {
    let loss = this.byRun.get(runId)
    if (!loss) this.byRun.set(runId, (loss = { points: 0, artifacts: [], logLines: 0, reason }))
    return loss
  }

  points(runId: number, count: number, reason: string): void {
    this.of(runId, reason).points += count
  }

  artifact(runId: number, name: string, reason: string): void {
    this.of(runId, reason).artifacts.push(name)
  }

  logLine(runId: number, reason: string): void {
    this.of(runId, reason).logLines++
  }

  /** What the run lost, as one sentence (and forgotten), or null when it lost nothing. */
  take(runId: number): string | null {
    const loss = this.byRun.get(runId)
    if (!loss) return null
    this.byRun.delete(runId)
    const parts: string[] = []
    if (loss.points > 0) parts.push(`${loss.points} metric point${loss.points === 1 ? '' : 's'}`)
    if (loss.artifacts.length > 0) parts.push(`the artifact${loss.artifacts.length > 1 ? 's' : ''} ${loss.artifacts.map((a) => `'${a}'`).join(', ')}`)
    if (loss.logLines > 0) parts.push(`${loss.logLines} log line${loss.logLines === 1 ? '' : 's'}`)
    return `${parts.join(' and ')} could not be stored: ${loss.reason}`
  }

  /** The run is gone (deleted): nothing to report. */
  forget(runId: number): void {
    this.byRun.delete(runId)
  }
}
