// Buffers metric batches per run and writes them in ONE transaction per flush: a commit costs
// far more than an insert, so the service appends each worker batch here and flushes on a
// ~250 ms timer, when the buffer passes a size, and before a run is finished. Batches stay
// column-packed (src/shared/metrics.ts) from the worker to the insert.

import { LabError } from '../../shared/errors'
import type { MetricBatch } from '../../shared/metrics'
import type { Db } from './db'
import type { WriteLosses } from './writeLosses'

const MAX_SERIES_NAME = 64

interface Pending {
  batches: MetricBatch[]
  points: number
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
    private readonly flushThreshold = 20_000,
    /** Called inside the flush's transaction for each run it wrote points of. */
    private readonly written: (runId: number) => void = () => {}
  ) {
    this.selectSeries = db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM series WHERE run_id = ?')
    this.insertSeries = db.prepare<[number, string]>('INSERT INTO series (run_id, name) VALUES (?, ?)')
    // A repeated step replaces the value: the latest measurement wins.
    this.upsertPoint = db.prepare<[number, number, number | null]>(
      'INSERT INTO points (series_id, step, value) VALUES (?, ?, ?) ' +
        'ON CONFLICT (series_id, step) DO UPDATE SET value = excluded.value'
    )
    this.writeAll = db.transaction((pending: [number, Pending][]) => {
      for (const [runId, p] of pending) {
        this.writeRun(runId, p.batches)
        this.written(runId)
      }
    })
  }

  /**
   * Validate a batch completely, then buffer it (all of it or nothing). The caller has
   * checked that the run exists. Returns the number of points buffered (rows × series;
   * a NaN value is a point too, stored as NULL).
   */
  append(runId: number, batch: MetricBatch): number {
    const { steps, keys, values } = checkBatch(runId, batch)
    const count = values.length
    if (count === 0) return 0
    let p = this.pending.get(runId)
    if (!p) this.pending.set(runId, (p = { batches: [], points: 0 }))
    p.batches.push({ steps, keys, values })
    p.points += count
    this.pendingPoints += count
    if (this.pendingPoints >= this.flushThreshold) this.flush()
    return count
  }

  /** Points buffered and not yet written, for one run or all. */
  pendingCount(runId?: number): number {
    if (runId === undefined) return this.pendingPoints
    return this.pending.get(runId)?.points ?? 0
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
    const count = batches.reduce((n, [, p]) => n + p.points, 0)
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
        this.losses.points(id, p.points, (err as Error).message)
      }
      const runs = batches.map(([id]) => id).join(', ')
      throw new LabError('internal', `could not write ${count} metric points of run(s) ${runs}: ${(err as Error).message}`)
    }
    return count
  }

  /** Forget a run entirely (it was deleted): its buffered points are discarded. */
  drop(runId: number): void {
    const p = this.pending.get(runId)
    if (p) this.pendingPoints -= p.points
    this.pending.delete(runId)
    this.seriesIds.delete(runId)
  }

  /** The run will get no more points (finished): free its series-id cache. */
  release(runId: number): void {
    this.seriesIds.delete(runId)
  }

  private writeRun(runId: number, batches: readonly MetricBatch[]): void {
    let ids = this.seriesIds.get(runId)
    if (!ids) {
      ids = new Map(this.selectSeries.all(runId).map((r) => [r.name, r.id]))
      this.seriesIds.set(runId, ids)
    }
    for (const { steps, keys, values } of batches) {
      const sids = keys.map((name) => {
        let sid = ids.get(name)
        if (sid === undefined) {
          sid = Number(this.insertSeries.run(runId, name).lastInsertRowid)
          ids.set(name, sid)
        }
        return sid
      })
      const k = keys.length
      for (let i = 0; i < steps.length; i++) {
        for (let j = 0; j < k; j++) {
          const v = values[i * k + j]
          this.upsertPoint.run(sids[j], steps[i], Number.isNaN(v) ? null : v)
        }
      }
    }
  }
}

/** A batch as it arrives from another thread, checked whole: typed arrays of matching sizes, integer steps, names of 1..64 characters, each once. */
function checkBatch(runId: number, batch: MetricBatch): MetricBatch {
  const bad = (why: string): LabError => new LabError('invalid', `metrics for run ${runId}: ${why}`)
  if (typeof batch !== 'object' || batch === null) throw bad('the batch is not an object')
  const { steps, keys, values } = batch
  if (!(steps instanceof Float64Array) || !(values instanceof Float64Array)) throw bad('steps and values must be Float64Arrays')
  if (!Array.isArray(keys)) throw bad('keys must be an array of series names')
  if (values.length !== steps.length * keys.length)
    throw bad(`${steps.length} steps of ${keys.length} series need ${steps.length * keys.length} values, not ${values.length}`)
  const seen = new Set<string>()
  for (const name of keys) {
    if (typeof name !== 'string' || name.length === 0 || name.length > MAX_SERIES_NAME)
      throw bad(`series name '${String(name)}' must have 1..${MAX_SERIES_NAME} characters`)
    if (seen.has(name)) throw bad(`series '${name}' appears twice in one batch`)
    seen.add(name)
  }
  for (let i = 0; i < steps.length; i++) {
    if (!Number.isSafeInteger(steps[i])) throw bad(`step ${steps[i]} at index ${i} is not an integer`)
  }
  return { steps, keys, values }
}
