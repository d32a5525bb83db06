// Backpressure on metrics, applied where they are made (the host, in the worker). When main,
// the run store or a viewer cannot take the rows as fast as the engine emits them for longer
// than PERSIST_MS, the host keeps one row in k — k doubling at most every RAISE_MS while they
// stay behind, halving after LOWER_MS of calm (from the largest k back to 1 in ~4 s). Far
// behind, it holds the engine at its next batch until they catch up: a short lag (a burst, a
// write lock held by another process) costs a pause, never a row; only a flood is thinned.
// Thinning at the source keeps every queue downstream bounded (main's port, the store
// thread's, each viewer's socket) and keeps Stop prompt: what is queued is little. The run
// says so: a log line when thinning starts and ends, and each kept row carries `keptEvery`
// (the k it stands for) while k > 1.

import { KEPT_EVERY } from '../../shared/metrics'
import { Pressure, type PressureLevel } from './messages'

/** Metric batches posted and not yet handled by main: behind from SOFT, far behind from HARD. */
export const UNHANDLED_SOFT = 8
export const UNHANDLED_HARD = 64
export const MAX_KEEP_EVERY = 2 ** 20
const PERSIST_MS = 1000
const RAISE_MS = 50
const LOWER_MS = 200


/** How far behind, from main's pressure flag and the batches main has not handled yet. */
export function behindLevel(pressure: number, unhandled: number): PressureLevel {
  if (pressure >= Pressure.FAR_BEHIND || unhandled >= UNHANDLED_HARD) return Pressure.FAR_BEHIND
  if (pressure >= Pressure.BEHIND || unhandled >= UNHANDLED_SOFT) return Pressure.BEHIND
  return Pressure.NONE
}

export class MetricThinning {
  /** One row in keepEvery is kept. */
  keepEvery = 1
  maxKeepEvery = 1
  offered = 0
  kept = 0
  private skip = 0
  private changedAt = -Infinity
  private behindSince: number | null = null

  /** Counts a row the engine emitted; true when it is kept. */
  take(): boolean {
    this.offered++
    if (this.skip > 0) {
      this.skip--
      return false
    }
    this.skip = this.keepEvery - 1
    this.kept++
    return true
  }

  /** Before a batch goes out (time t in ms): k up while behind for long, down when calm. Returns the change, if any. */
  adapt(level: PressureLevel, t: number): 'raised' | 'lowered' | null {
    if (level !== Pressure.NONE) {
      this.behindSince ??= t
      if (t < this.behindSince + PERSIST_MS) return null
      if (this.keepEvery >= MAX_KEEP_EVERY || t < this.changedAt + RAISE_MS) return null
      this.keepEvery *= 2
      this.maxKeepEvery = Math.max(this.maxKeepEvery, this.keepEvery)
      this.changedAt = t
      return 'raised'
    }
    this.behindSince = null
    if (this.keepEvery === 1 || t < this.changedAt + LOWER_MS) return null
    this.keepEvery /= 2
    this.skip = Math.min(this.skip, this.keepEvery - 1)
    this.changedAt = t
    return 'lowered'
  }

  /** The run's summary line, or null when every row was kept. */
  summary(): string | null {
    if (this.kept === this.offered) return null
    return `Metrics: ${this.kept.toLocaleString('en-US')} of ${this.offered.toLocaleString('en-US')} rows kept (at most one in ${this.maxKeepEvery.toLocaleString('en-US')}) while the run store or a viewer could not keep up; each kept row says in '${KEPT_EVERY}' how many it stands for.`
  }
}
