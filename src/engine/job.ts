// The contract between a job's engine function and whatever hosts it (a worker thread in
// the app, a plain loop in tests). The engine function is synchronous and loops; it calls
// `checkpoint()` between units of work (a sweep, a batch), which is where the host applies
// live control updates, holds a pause and reports cancellation.

import type { Rng } from './rng'

export type Frame = Int8Array | Uint8Array | Int32Array | Float32Array | Float64Array

export interface JobContext<Control = Record<string, unknown>> {
  readonly seed: number
  readonly rng: Rng
  /**
   * One measurement row of the run's metric series, at integer step `step`. `record`: a row
   * that records a change (e.g. a live control) rather than samples a quantity; it is never
   * thinned away when the store falls behind (measurements may be).
   */
  emit(step: number, metrics: Record<string, number>, record?: 'record'): void
  /** A snapshot for the screen (e.g. the lattice). The host copies only when a frame is due. */
  frame(data: Frame, meta?: Record<string, number | string>): void
  /** Whether a frame would be shown now: lets the engine skip preparing one. */
  frameDue(): boolean
  /** Fraction of the job done, in [0, 1]; the host derives time left. */
  progress(fraction: number, note?: string): void
  /**
   * Between units of work. Returns the control updates received since the last call
   * (merged, latest wins) or null, blocks while paused, and returns 'stop' once the user
   * asked to finish (the function then returns its result normally). Cancellation throws
   * JobCancelled from here.
   */
  checkpoint(): Partial<Control> | null | 'stop'
  /**
   * Cap the rate of checkpoint() calls (units of work per second) so a small system can be
   * watched; 0 lifts the cap. The host enforces it by waiting inside checkpoint().
   */
  throttle(unitsPerSecond: number): void
  /** A named binary result kept with the run (final lattice, weights, a dataset). */
  artifact(name: string, data: Frame, meta?: Record<string, unknown>): void
  /** A human-readable line for the run log (warnings, diagnoses). */
  log(message: string): void
}

export class JobCancelled extends Error {
  constructor() {
    super('cancelled')
    this.name = 'JobCancelled'
  }
}
