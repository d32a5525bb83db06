// The live Ising readouts: the sweep count, E/N, m and |m| of the newest measurement, and the
// sweeps per second measured from the sweep counter. Frames carry the sweep count too
// (meta.sweep): it advances on every Step even when measurements are sparser than one per sweep.

import type { TypedArray } from '../../shared/types'
import type { JobSink } from './jobSession.svelte'
import type { JobRow } from './jobRows'
import type { SeriesSink } from './seriesSink.svelte'

/** Window over which sweeps/s is measured (ms). */
const RATE_WINDOW_MS = 1500

export class LiveReadouts implements JobSink {
  sweep = $state(0)
  energy = $state(Number.NaN)
  magnetization = $state(Number.NaN)
  absM = $state(Number.NaN)
  rate = $state(0)

  private frameSweep = 0
  private frameDirty = false
  private shown: JobRow | null = null
  private rateSamples: { t: number; step: number }[] = []

  /** `series` holds the measurements (its newest row is read here). */
  constructor(private readonly series: SeriesSink) {}

  reset(): void {
    this.frameSweep = 0
    this.frameDirty = false
    this.shown = null
    this.rateSamples = []
    this.sweep = 0
    this.energy = Number.NaN
    this.magnetization = Number.NaN
    this.absM = Number.NaN
    this.rate = 0
  }

  frame(_data: TypedArray, meta: Record<string, number | string>): void {
    if (typeof meta.sweep === 'number' && meta.sweep > this.frameSweep) {
      this.frameSweep = meta.sweep
      this.frameDirty = true
    }
  }

  flush(now: number): void {
    const latest = this.series.latest
    const sweep = Math.max(latest?.step ?? 0, this.frameSweep)
    if (sweep > 0) {
      this.rateSamples.push({ t: now, step: sweep })
      while (this.rateSamples.length > 2 && now - this.rateSamples[0].t > RATE_WINDOW_MS) this.rateSamples.shift()
      const first = this.rateSamples[0]
      const dt = (now - first.t) / 1000
      if (dt >= 0.3) this.rate = Math.max(0, (sweep - first.step) / dt)
    }
    if (!this.frameDirty && latest === this.shown) return
    this.frameDirty = false
    this.sweep = sweep
    this.shown = latest
    if (!latest) return
    const { row } = latest
    this.energy = row.e ?? Number.NaN
    this.magnetization = row.m ?? Number.NaN
    this.absM = row.absM ?? (row.m !== undefined ? Math.abs(row.m) : Number.NaN)
  }

  end(): void {
    this.rate = 0
  }
}
