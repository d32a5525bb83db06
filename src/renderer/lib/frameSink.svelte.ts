// The pictures a job sends while it runs — lattices, a network's first-layer weights, a CNN's
// filters — kept by key (the part of the job they show, e.g. the sweep point L = 16, T = 2.2):
// the newest few keys are shown, a key not refreshed for a while belongs to a part that has
// finished and is dropped, and a metric row can close its key at once.

import type { TypedArray } from '../../shared/types'
import type { JobSink } from './jobSession.svelte'
import type { FrameMeta, JobFrame } from './jobRows'
import { squareSide } from './latticeImage'

export interface FrameSinkOptions {
  /** Which frames this sink keeps (a job may send several sorts, told apart by meta.kind). Default: all. */
  accept?(data: TypedArray, meta: FrameMeta): boolean
  /** Its picture's size; null drops it. Default: a square lattice of side meta.L (or √length). */
  shape?(data: TypedArray, meta: FrameMeta): { width: number; height: number } | null
  /** Which part a frame shows; frames are kept per key. Default: one key. */
  key?(meta: FrameMeta): string
  /** The key a finished metric row closes (its frame is dropped then). */
  closes?(row: Record<string, number>): string
  /** Most frames shown at once (the newest keys). Default 4. */
  max?: number
  /** A key not refreshed for this long while the job runs is dropped (ms). Default: never. */
  staleMs?: number
  /** Keep the last frames on show after the run ended. Default: drop them. */
  keepAfterEnd?: boolean
  /** Show each frame as it arrives (an animation, ~30 per second) rather than at the session's tick. */
  immediate?: boolean
}

/** A lattice frame's side: meta.L when the engine sends it, else the square's. */
function latticeShape(data: TypedArray, meta: FrameMeta): { width: number; height: number } | null {
  const w = typeof meta.L === 'number' ? meta.L : squareSide(data.length)
  return w > 0 ? { width: w, height: Math.round(data.length / w) } : null
}

const num = (f: JobFrame, k: string): number => (typeof f.meta[k] === 'number' ? (f.meta[k] as number) : 0)

export class FrameSink implements JobSink {
  /** The newest frames, in a stable order (by L, then T, then key) so the pictures do not jump. */
  frames = $state.raw<JobFrame[]>([])
  private byKey = new Map<string, JobFrame>()
  private dirty = false

  constructor(private readonly opts: FrameSinkOptions = {}) {}

  /** The first frame shown, or null. */
  get first(): JobFrame | null {
    return this.frames[0] ?? null
  }

  reset(): void {
    this.byKey.clear()
    this.dirty = false
    this.frames = []
  }

  frame(data: TypedArray, meta: FrameMeta, now: number): void {
    if (this.opts.accept && !this.opts.accept(data, meta)) return
    const shape = (this.opts.shape ?? latticeShape)(data, meta)
    if (!shape) return
    const key = this.opts.key?.(meta) ?? 'frame'
    this.byKey.set(key, { key, data, width: shape.width, height: shape.height, meta, at: now })
    this.dirty = true
    if (this.opts.immediate) this.publish()
  }

  metrics(_steps: readonly number[], rows: readonly Record<string, number>[]): void {
    const closes = this.opts.closes
    if (!closes) return
    for (const row of rows) if (this.byKey.delete(closes(row))) this.dirty = true
  }

  end(): void {
    if (this.opts.keepAfterEnd) return
    this.reset()
  }

  flush(now: number, running: boolean): void {
    const stale = this.opts.staleMs
    if (running && stale !== undefined)
      for (const [k, f] of this.byKey)
        if (now - f.at > stale) {
          this.byKey.delete(k)
          this.dirty = true
        }
    if (this.dirty) this.publish()
  }

  private publish(): void {
    this.dirty = false
    const newest = [...this.byKey.values()].sort((a, b) => b.at - a.at).slice(0, this.opts.max ?? 4)
    this.frames = newest.sort((a, b) => num(a, 'L') - num(b, 'L') || num(a, 'T') - num(b, 'T') || a.key.localeCompare(b.key))
  }
}
