// Buffers metric rows per run and writes them in ONE transaction per flush: a commit costs
// far more than an insert, so the service appends each worker batch here and flushes on a
// ~250 ms timer, when the buffer passes a size, and before a run is finished.

import { LabError } from '../../shared/errors'
import type { Db } from './db'
import type { WriteLosses } from './writeLosses'

const MAX_SERIES_NAME = 64

interface Pending {
  names: string[]
  steps: number[]
  values: number[]
}

export class MetricWriter {
  private readonly pending = new Map<number, Pending>()
  private pendingPoints = 0
  /** run id → (series name → series id), filled lazily from the database. */
  private readonly seriesIds = new Map<number, Map<string, number>>()

  private readonly selectSeries
  private readonly insertSeries
  private readonly upsertPoint
  private readonly writeAll

  constructor(
    db: Db,
    /** Where points that could not be written are counted, per run. */
    private readonly losses: WriteLosses,
    /** Flush as soon as this many points are buffered. */
    private readonly flushThreshold = 20_000
  ) {
    this.selectSeries = db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM series WHERE run_id = ?')
    this.insertSeries = db.prepare<[number, string]>('INSERT INTO series (run_id, name) VALUES (?, ?)')
    // A repeated step replaces the value: the latest measurement wins.
    this.upsertPoint = db.prepare<[number, number, number | null]>(
      'INSERT INTO points (series_id, step, value) VALUES (?, ?, ?) ' +
        'ON CONFLICT (series_id, step) DO UPDATE SET value = excluded.value'
    )
    this.writeAll = db.transaction((batches: [number, Pending][]) => {
      for (const [runId, p] of batches) this.writeRun(runId, p)
    })
  }

  /**
   * Validate a batch completely, then buffer it (all of it or nothing). The caller has
   * checked that the run exists. Returns the number of points buffered.
   */
  append(runId: number, steps: readonly number[], rows: readonly Record<string, number>[]): number {
    if (!Array.isArray(steps) || !Array.isArray(rows) || steps.length !== rows.length) {
      throw new LabError('invalid', `metrics for run ${runId}: steps and rows must be arrays of equal length`)
    }
    let count = 0
    for (let i = 0; i < rows.length; i++) {
      const step = steps[i]
      if (!Number.isSafeInteger(step)) {
        throw new LabError('invalid', `metrics for run ${runId}: step ${String(step)} at index ${i} is not an integer`)
      }
      const row = rows[i]
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        throw new LabError('invalid', `metrics for run ${runId}: row ${i} is not an object`)
      }
      for (const name in row) {
        if (!Object.prototype.hasOwnProperty.call(row, name)) continue
        if (name.length === 0 || name.length > MAX_SERIES_NAME) {
          throw new LabError('invalid', `metrics for run ${runId}: series name '${name}' must have 1..${MAX_SERIES_NAME} characters`)
        }
        if (typeof row[name] !== 'number') {
          throw new LabError('invalid', `metrics for run ${runId}: '${name}' at step ${step} is not a number`)
        }
        count++
      }
    }
    if (count === 0) return 0
    let p = this.pending.get(runId)
    if (!p) this.pending.set(runId, (p = { names: [], steps: [], values: [] }))
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]
      for (const name in row) {
        if (!Object.prototype.hasOwnProperty.call(row, name)) continue
        p.names.push(name)
        p.steps.push(steps[i])
        p.values.push(row[name])
      }
    }
    this.pendingPoints += count
    if (this.pendingPoints >= this.flushThreshold) this.flush()
    return count
  }

  /** Points buffered and not yet written, for one run or all. */
  pendingCount(runId?: number): number {
    if (runId === undefined) return this.pendingPoints
    return this.pending.get(runId)?.names.length ?? 0
  }

  /**
   * Write the buffered points of one run (or of every run) in one transaction; nested in a
   * caller's transaction it becomes a savepoint of it. Returns the number of points written.
   * The buffer is taken before writing: if the write fails those points are reported lost
   * instead of poisoning every later flush.
   */
  flush(runId?: number): number {
    const batches: [number, Pending][] = []
    if (runId === undefined) {
      for (const entry of this.pending) batches.push(entry)
      this.pending.clear()
    } else {
      const p = this.pending.get(runId)
      if (p) batches.push([runId, p])
      this.pending.delete(runId)
    }
    const count = batches.reduce((n, [, p]) => n + p.names.length, 0)
    if (count === 0) return 0
    this.pendingPoints -= count
    try {
      // IMMEDIATE: take the write lock first (waiting for it), never upgrade a read to a write,
      // which another process's commit makes fail at once with SQLITE_BUSY.
      this.writeAll.immediate(batches)
    } catch (err) {
      // The transaction rolled back: forget series ids created inside it, and count the loss.
      for (const [id, p] of batches) {
        this.seriesIds.delete(id)
        this.losses.points(id, p.names.length, (err as Error).message)
      }
      const runs = batches.map(([id]) => id).join(', ')
      throw new LabError('internal', `could not write ${count} metric points of run(s) ${runs}: ${(err as Error).message}`)
    }
    return count
  }

  /** Forget a run entirely (it was deleted): its buffered points are discarded. */
  drop(runId: number): void {
    const p = this.pending.get(runId)
    if (p) this.pendingPoints -= p.names.length
    this.pending.delete(runId)
    this.seriesIds.delete(runId)
  }

  /** The run will get no more points (finished): free its series-id cache. */
  release(runId: number): void {
    this.seriesIds.delete(runId)
  }

  private writeRun(runId: number, p: Pending): void {
    let ids = this.seriesIds.get(runId)
    if (!ids) {
      ids = new Map(this.selectSeries.all(runId).map((r) => [r.name, r.id]))
      this.seriesIds.set(runId, ids)
    }
    const { names, steps, values } = p
    for (let i = 0; i < names.length; i++) {
      let sid = ids.get(names[i])
      if (sid === undefined) {
        sid = Number(this.insertSeries.run(runId, names[i]).lastInsertRowid)
        ids.set(names[i], sid)
      }
      const v = values[i]
      this.upsertPoint.run(sid, steps[i], Number.isNaN(v) ? null : v)
    }
  }
}
