// The live Ising run behind the Ising panel. It lives at module level, not in the panel, so
// switching panels neither loses the run nor the charts, and after a page reload `sync()`
// reattaches to a live run the service is still running (a reload must not orphan it).

import { rowsOf } from '../../shared/metrics'
import { call, onEvent } from './lab'
import { errors } from './errors.svelte'
import { connection } from './connection.svelte'
import { coalescer } from './coalesce'
import { CappedSeries } from './cappedSeries'
import { squareSide } from './latticeImage'
import { parseSeed } from './seed'
import { isEnded, newestJob, phaseOf, whileBusy } from './liveJob'
import type { LabEvent, TypedArray } from '../../shared/types'
import { isingLive, type IsingLiveControl } from '../../shared/kinds/ising'

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
/** Window over which sweeps/s is measured (ms). */
const RATE_WINDOW_MS = 1500

export type Phase = 'idle' | 'starting' | 'running' | 'paused' | 'ended'

export interface LiveFrame {
  data: TypedArray
  width: number
  height: number
}

// Issue 10 (the one renderer change of that branch): the spacing rule lives with the kind,
// where the service also applies it when the speed cap changes.
import { liveMeasureEvery as autoMeasureEvery } from '../../shared/kinds/ising'

export class IsingSession {
  // Settings: the next start uses all of them; T, B, J and speed also steer the running job.
  L = $state(128)
  T = $state(2.0)
  B = $state(0)
  J = $state<1 | -1>(1)
  speed = $state(60)
  seedText = $state('')

  runId = $state<number | null>(null)
  seed = $state<number | null>(null)
  phase = $state<Phase>('idle')
  /** How the last run ended ('done', 'failed', …; 'gone': the service no longer runs it), while the view still shows it. */
  endStatus = $state<string | null>(null)
  measureEvery = $state(1)
  kept = $state<{ id: number; name: string } | null>(null)
  keepName = $state('')
  busy = $state(false)
  /** A one-line note for the user (reattached, kept, …). */
  note = $state<string | null>(null)

  frame = $state.raw<LiveFrame | null>(null)
  sweep = $state(0)
  energy = $state(Number.NaN)
  magnetization = $state(Number.NaN)
  absM = $state(Number.NaN)
  rate = $state(0)
  /** Bumped when the chart data below changed (at most every TICK_MS). */
  revision = $state(0)
  readonly series = new CappedSeries(CHART_POINTS, ['e', 'absM'])

  private latest: { step: number; row: Record<string, number> } | null = null
  /** Sweep count carried by frames (meta.sweep), when the engine sends it: it advances on every
   *  Step even when measurements are sparser than one per sweep. */
  private frameSweep = 0
  private dirty = false
  private rateSamples: { t: number; step: number }[] = []
  private timer: ReturnType<typeof setInterval> | null = null
  private started = false
  private controls = coalescer<IsingLiveControl>(
    async (c) => {
      if (this.runId !== null && (this.phase === 'running' || this.phase === 'paused'))
        await call('jobs.control', { runId: this.runId, control: c })
    },
    (e) => errors.report(e, 'Change a live parameter'),
    (a, b) => ({ ...a, ...b })
  )

  get active(): boolean {
    return this.phase === 'running' || this.phase === 'paused' || this.phase === 'starting'
  }

  /** Subscribe to events and look for a live run to reattach to. Idempotent. */
  init(): void {
    if (this.started) return
    this.started = true
    onEvent((e) => this.onEvent(e))
    connection.onReopen(() => void this.sync())
    void this.sync()
  }

  // ── live parameters ──────────────────────────────────────────────────────────────────

  setT(T: number): void {
    this.T = T
    this.controls.push({ T })
  }

  setB(B: number): void {
    this.B = B
    this.controls.push({ B })
  }

  setJ(J: 1 | -1): void {
    this.J = J
    this.controls.push({ J })
  }

  setSpeed(s: number): void {
    this.speed = s
    this.controls.push({ maxSweepsPerSecond: s })
  }

  // ── run control ──────────────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    if (this.active || this.busy) return
    let seed: number | undefined
    try {
      seed = parseSeed(this.seedText)
      if (!Number.isInteger(this.L) || this.L < L_MIN || this.L > L_MAX) throw new Error(`L must be an integer from ${L_MIN} to ${L_MAX}`)
    } catch (e) {
      errors.report(e, 'Start')
      return
    }
    this.clearView()
    this.phase = 'starting'
    this.measureEvery = autoMeasureEvery(this.L, this.speed)
    try {
      const r = await call('jobs.start', {
        kind: isingLive.kind,
        params: {
          L: this.L,
          T: this.T,
          J: this.J,
          B: this.B,
          sweeps: 0,
          measureEvery: this.measureEvery,
          start: 'random',
          maxSweepsPerSecond: this.speed
        },
        seed,
        keep: false
      })
      // The job may already have reported its end (e.g. a failing engine) before we knew its id.
      if (this.phase === 'starting') this.phase = 'running'
      this.runId = r.runId
      this.seed = r.seed
      this.startTicker()
    } catch (e) {
      this.phase = 'idle'
      errors.report(e, 'Start')
    }
  }

  async pause(): Promise<void> {
    if (this.runId === null || this.phase !== 'running') return
    await this.guard('Pause', async (runId) => {
      await call('jobs.pause', { runId })
      if (this.phase === 'running') this.phase = 'paused'
    })
  }

  async resume(): Promise<void> {
    if (this.runId === null || this.phase !== 'paused') return
    await this.guard('Resume', async (runId) => {
      await call('jobs.resume', { runId })
      if (this.phase === 'paused') this.phase = 'running'
    })
  }

  async togglePause(): Promise<void> {
    if (this.phase === 'running') await this.pause()
    else if (this.phase === 'paused') await this.resume()
  }

  /** One sweep. While running, pause first: a step is only meaningful on a held lattice. */
  async step(): Promise<void> {
    if (this.runId === null || (this.phase !== 'running' && this.phase !== 'paused')) return
    await this.guard('Step', async (runId) => {
      if (this.phase === 'running') {
        await call('jobs.pause', { runId })
        this.phase = 'paused'
      }
      await call('jobs.step', { runId })
    })
  }

  /** Stop the run (a scratch run is then discarded unless kept) and clear the view. */
  async reset(): Promise<void> {
    const runId = this.runId
    if (runId !== null && (this.phase === 'running' || this.phase === 'paused')) {
      this.busy = true
      try {
        await call('jobs.stop', { runId })
      } catch (e) {
        // A run that already ended is what we wanted; anything else the user must see.
        if (!(e instanceof Error && 'code' in e && (e.code === 'not_found' || e.code === 'conflict'))) errors.report(e, 'Reset')
      } finally {
        this.busy = false
      }
    }
    this.controls.clear()
    this.runId = null
    this.seed = null
    this.kept = null
    this.keepName = ''
    this.note = null
    this.phase = 'idle'
    this.endStatus = null
    this.stopTicker()
    this.clearView()
  }

  async keep(): Promise<void> {
    if (this.runId === null) return
    const name = this.keepName.trim()
    await this.guard(
      'Keep run',
      async (runId) => {
        const run = await call('runs.keep', name ? { runId, name } : { runId })
        this.kept = { id: run.id, name: run.name }
        this.keepName = run.name
      },
      true
    )
  }

  /** Align with the service: reattach to a live Ising run, or notice that ours has ended. */
  async sync(): Promise<void> {
    try {
      const active = await call('jobs.active', {})
      const live = active.filter((a) => a.kind === isingLive.kind)
      if (this.runId !== null) {
        const mine = live.find((a) => a.runId === this.runId)
        if (!mine) {
          if (this.phase === 'running' || this.phase === 'paused') this.markEnded('gone')
        } else this.phase = phaseOf(mine)
        return
      }
      if (live.length === 0 || this.phase === 'starting') return
      const job = newestJob(live)
      const detail = await call('runs.get', { runId: job.runId })
      // The user may have started a run while we waited (TS cannot see the await changing phase).
      if (this.runId !== null || (this.phase as Phase) === 'starting') return
      const p = detail.params as Partial<Record<string, unknown>>
      const num = (k: string, d: number): number => (typeof p[k] === 'number' ? (p[k] as number) : d)
      this.clearView()
      this.L = num('L', this.L)
      this.T = num('T', this.T)
      this.B = num('B', this.B)
      this.J = num('J', this.J) < 0 ? -1 : 1
      this.speed = num('maxSweepsPerSecond', this.speed)
      this.measureEvery = num('measureEvery', 1)
      this.runId = job.runId
      this.seed = detail.seed
      this.kept = detail.kept ? { id: detail.id, name: detail.name } : null
      this.phase = phaseOf(job)
      const others = live.length - 1
      this.note =
        `Reattached to live run #${job.runId} (started ${new Date(detail.createdAt).toLocaleTimeString()}).` +
        (others > 0 ? ` ${others} other live Ising run${others > 1 ? 's are' : ' is'} also running.` : '')
      this.startTicker()
      // Fill the charts with what the run has measured so far.
      const s = await call('runs.series', { runId: job.runId, names: ['e', 'm', 'absM'], maxPoints: CHART_POINTS })
      if (this.runId === job.runId && this.series.length === 0) {
        this.series.load(s.steps, s.values)
        const n = s.steps.length
        if (n > 0) {
          const row: Record<string, number> = {}
          for (const k of Object.keys(s.values)) row[k] = s.values[k][n - 1]
          this.latest = { step: s.steps[n - 1], row }
        }
        this.dirty = true
      }
    } catch (e) {
      errors.report(e, 'Reattach to a live run')
    }
  }

  // ── events ───────────────────────────────────────────────────────────────────────────

  private onEvent(e: LabEvent): void {
    if (e.type === 'runs.changed' || this.runId === null || e.runId !== this.runId) return
    switch (e.type) {
      case 'job.frame': {
        const w = typeof e.meta.L === 'number' ? e.meta.L : squareSide(e.data.length)
        if (w > 0) this.frame = { data: e.data, width: w, height: Math.round(e.data.length / w) }
        if (typeof e.meta.sweep === 'number' && e.meta.sweep > this.frameSweep) {
          this.frameSweep = e.meta.sweep
          this.dirty = true
        }
        break
      }
      case 'job.metrics': {
        const { steps, rows } = rowsOf(e)
        const n = steps.length
        for (let i = 0; i < n; i++) this.series.push(steps[i], rows[i])
        if (n > 0) this.latest = { step: steps[n - 1], row: rows[n - 1] }
        this.dirty = true
        break
      }
      case 'job.status':
        if (e.status === 'paused') this.phase = 'paused'
        else if (e.status === 'running' || e.status === 'queued') {
          if (this.phase !== 'starting') this.phase = 'running'
        } else if (isEnded(e.status)) {
          if (e.status === 'failed') errors.report(new Error(e.error ?? 'the run failed'), `Live run #${e.runId}`)
          this.markEnded(e.status)
        }
        break
      default:
        break
    }
  }

  private markEnded(status: string): void {
    this.phase = 'ended'
    this.endStatus = status
    this.controls.clear()
    this.flush()
    this.rate = 0
    this.stopTicker()
  }

  // ── readouts ─────────────────────────────────────────────────────────────────────────

  private startTicker(): void {
    this.rateSamples = []
    if (this.timer === null) this.timer = setInterval(() => this.flush(), TICK_MS)
  }

  private stopTicker(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }

  /** Copy what arrived since the last tick into the reactive readouts (≤ 10 Hz). */
  private flush(): void {
    const now = performance.now()
    const sweep = Math.max(this.latest?.step ?? 0, this.frameSweep)
    if (sweep > 0) {
      this.rateSamples.push({ t: now, step: sweep })
      while (this.rateSamples.length > 2 && now - this.rateSamples[0].t > RATE_WINDOW_MS) this.rateSamples.shift()
      const first = this.rateSamples[0]
      const dt = (now - first.t) / 1000
      if (dt >= 0.3) this.rate = Math.max(0, (sweep - first.step) / dt)
    }
    if (!this.dirty) return
    this.dirty = false
    this.sweep = sweep
    if (!this.latest) return
    const { row } = this.latest
    this.energy = row.e ?? Number.NaN
    this.magnetization = row.m ?? Number.NaN
    this.absM = row.absM ?? (row.m !== undefined ? Math.abs(row.m) : Number.NaN)
    this.revision++
  }

  private clearView(): void {
    this.frame = null
    this.series.clear()
    this.latest = null
    this.frameSweep = 0
    this.dirty = false
    this.rateSamples = []
    this.sweep = 0
    this.energy = Number.NaN
    this.magnetization = Number.NaN
    this.absM = Number.NaN
    this.rate = 0
    this.revision++
  }

  private async guard(context: string, f: (runId: number) => Promise<void>, allowEnded = false): Promise<void> {
    const runId = this.runId
    if (runId === null || (!allowEnded && this.phase === 'ended')) return
    await whileBusy(this, context, () => f(runId))
  }
}

export const ising = new IsingSession()
