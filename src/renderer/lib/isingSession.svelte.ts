// The live Ising panel's model: its settings (the next start uses all of them; T, B, J and the
// speed also steer the running job), its readouts and charts, and the live run itself — a
// JobSession of the live lattice's kind that lives at module level, so switching panels loses neither the
// run nor the charts, and a reload reattaches to a live run the service still runs.

import { isingLive } from '../../shared/kinds/ising'
import type { KindParams } from '../../shared/kinds'
import type { RunDetail } from '../../shared/types'
import { errors } from './errors.svelte'
import { FrameSink } from './frameSink.svelte'
import { JobSession } from './jobSession.svelte'
import { LiveReadouts } from './liveReadouts.svelte'
import { RunKeeper } from './runKeeper.svelte'
import { parseSeed } from './seed'
import { SeriesSink } from './seriesSink.svelte'

export const L_MIN = 8
export const L_MAX = 1024
export const L_CHOICES = [8, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024] as const

/** Sweeps-per-second caps offered; 0 = as fast as the worker can go. */
export const SPEEDS = [
  { value: 10, label: '10 /s' },
  { value: 60, label: '60 /s' },
  { value: 250, label: '250 /s' },
  { value: 1000, label: '1000 /s' },
  { value: 0, label: 'max' }
] as const

/** Points kept in each live chart. */
export const CHART_POINTS = 2000
/** Readouts and charts refresh at most this often (ms): ten times a second is smooth enough to read. */
const TICK_MS = 100

// Issue 10 (the one renderer change of that branch): the spacing rule lives with the kind,
// where the service also applies it when the speed cap changes.
import { liveMeasureEvery as autoMeasureEvery } from '../../shared/kinds/ising'

function liveSinks() {
  const series = new SeriesSink({ cap: CHART_POINTS, names: ['e', 'absM'], stored: ['e', 'm', 'absM'] })
  return { series, lattice: new FrameSink({ max: 1, keepAfterEnd: true, immediate: true }), readouts: new LiveReadouts(series) }
}

export class IsingLiveModel {
  // Settings.
  L = $state(128)
  T = $state(2.0)
  B = $state(0)
  J = $state<1 | -1>(1)
  speed = $state(60)
  seedText = $state('')

  /** Sweeps between two measurements of the run on show. */
  measureEvery = $state(1)
  /** A one-line note for the user (reattached, …). */
  note = $state<string | null>(null)
  readonly keeper = new RunKeeper('Keep run')
  readonly job = new JobSession(isingLive.kind, liveSinks(), {
    tickMs: TICK_MS,
    onReattach: (detail, params, _job, others) => this.reattached(detail, params, others)
  })

  /** The charted series (x: sweep). */
  get series() {
    return this.job.sinks.series.series
  }

  get readouts(): LiveReadouts {
    return this.job.sinks.readouts
  }

  init(): void {
    this.job.init()
  }

  // ── live parameters ──────────────────────────────────────────────────────────────────

  setT(T: number): void {
    this.T = T
    this.job.control({ T })
  }

  setB(B: number): void {
    this.B = B
    this.job.control({ B })
  }

  setJ(J: 1 | -1): void {
    this.J = J
    this.job.control({ J })
  }

  setSpeed(s: number): void {
    this.speed = s
    this.job.control({ maxSweepsPerSecond: s })
  }

  // ── run control ──────────────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    if (this.job.active || this.job.busy) return
    let seed: number | undefined
    try {
      seed = parseSeed(this.seedText)
      if (!Number.isInteger(this.L) || this.L < L_MIN || this.L > L_MAX) throw new Error(`L must be an integer from ${L_MIN} to ${L_MAX}`)
    } catch (e) {
      errors.report(e, 'Start')
      return
    }
    this.note = null
    this.keeper.clear()
    this.measureEvery = autoMeasureEvery(this.L, this.speed)
    await this.job.start(
      { L: this.L, T: this.T, J: this.J, B: this.B, sweeps: 0, measureEvery: this.measureEvery, start: 'random', maxSweepsPerSecond: this.speed },
      { seed, keep: false }
    )
  }

  /** Stop the run (a scratch run is then discarded unless kept) and clear the view. */
  async reset(): Promise<void> {
    await this.job.reset()
    this.keeper.clear()
    this.note = null
  }

  keep(): Promise<void> {
    return this.keeper.save(this.job.runId)
  }

  /** Take up the settings of a live run found after a reload. */
  private reattached(detail: RunDetail, p: KindParams<typeof isingLive.kind> | null, others: number): void {
    if (p) {
      this.L = p.L
      this.T = p.T
      this.B = p.B
      this.J = p.J < 0 ? -1 : 1
      this.speed = p.maxSweepsPerSecond
      this.measureEvery = p.measureEvery
    }
    this.keeper.show(detail)
    this.note =
      `Reattached to live run #${detail.id} (started ${new Date(detail.createdAt).toLocaleTimeString()}).` +
      (others > 0 ? ` ${others} other live Ising run${others > 1 ? 's are' : ' is'} also running.` : '')
  }
}

export const ising = new IsingLiveModel()
