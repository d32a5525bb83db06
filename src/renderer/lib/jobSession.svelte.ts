// One batch job watched from a panel tab (a temperature sweep, a hysteresis loop, a dataset):
// start it (with the budget confirmation the service may ask for), follow its metrics rows,
// frames and progress, pause / resume / stop / cancel it, and reattach to it after a reload.
// An instance lives at module level, so switching tabs or panels neither loses the run nor
// what it has shown. The rows are kept whole (a sweep has one row per point, a few thousand
// at most); when the run ends they are reloaded from the store, so the view then shows
// exactly what a reopened run shows.

import { rowsOf } from '../../shared/metrics'
import type { KindName } from '../../shared/kinds'
import type { LabEvent, TypedArray } from '../../shared/types'
import { isBudgetRefusal, rowsFromSeries, type JobRow } from './jobRows'
import { call, onEvent } from './lab'
import { errors } from './errors.svelte'
import { connection } from './connection.svelte'
import { squareSide } from './latticeImage'
import { isEnded, newestJob, phaseOf, whileBusy } from './liveJob'

export { rowsFromSeries, type JobRow } from './jobRows'

export type JobPhase = 'idle' | 'starting' | 'running' | 'paused' | 'ended'

export interface JobFrame {
  /** Which part of the job it shows (e.g. "16/2.2000" for the point L = 16, T = 2.2). */
  key: string
  data: TypedArray
  width: number
  height: number
  meta: Record<string, number | string>
  /** performance.now() of its arrival. */
  at: number
}

/** What the view of a batch run takes, live (from its session) or reopened (from Runs). */
export interface JobViewProps {
  rows: JobRow[]
  /** Bump when `rows` changed in place. */
  revision: number
  params: Record<string, unknown> | null
  runId: number | null
  /** The run's status ('running', 'done', …), or null before it exists. */
  status: string | null
  /** Lattices of the parts under way (live only). */
  frames?: JobFrame[]
  /** Base of the exported files' names. */
  name?: string
}

export interface StartOptions {
  seed?: number
  name?: string
  /** Acknowledge work beyond the kind's budget. */
  confirm?: boolean
}

const TICK_MS = 120
/** A frame not refreshed for this long belongs to a part that has finished. */
const FRAME_STALE_MS = 4000

export interface JobSessionOptions {
  /** Which part a frame shows; frames are kept per key. Default: one key. */
  frameKey?: (meta: Record<string, number | string>) => string
  /** The frame key a finished row closes (its frame is dropped then). */
  rowKey?: (row: Record<string, number>) => string
  /** Most frames shown at once (the newest keys). */
  maxFrames?: number
}

export class JobSession {
  phase = $state<JobPhase>('idle')
  runId = $state<number | null>(null)
  seed = $state<number | null>(null)
  /** The params the run was started with (as sent, or as stored when reattached). */
  params = $state.raw<Record<string, unknown> | null>(null)
  endStatus = $state<string | null>(null)
  fraction = $state(0)
  etaSeconds = $state<number | null>(null)
  /** What the job is doing now (the progress note, e.g. the point under way). */
  note = $state<string | null>(null)
  result = $state.raw<Record<string, unknown> | null>(null)
  error = $state<string | null>(null)
  frames = $state.raw<JobFrame[]>([])
  /** Bumped whenever `rows` changed. */
  revision = $state(0)
  busy = $state(false)
  /** Waiting for a free worker (every worker is busy with other jobs). */
  queued = $state(false)
  /** A start the service refused for its budget, waiting for the user's yes or no. */
  pendingConfirm = $state.raw<{ params: Record<string, unknown>; opts: StartOptions; message: string } | null>(null)
  /** Rows in arrival order (a plain array: read it with `revision`). */
  readonly rows: JobRow[] = []

  private started = false
  private dirty = false
  private frameMap = new Map<string, JobFrame>()
  private framesDirty = false
  private timer: ReturnType<typeof setInterval> | null = null
  /** Events that arrive while jobs.start is still answering (a tiny job may finish first). */
  private early: LabEvent[] | null = null

  constructor(
    readonly kind: KindName,
    private readonly opts: JobSessionOptions = {}
  ) {}

  get active(): boolean {
    return this.phase === 'starting' || this.phase === 'running' || this.phase === 'paused'
  }

  /** Subscribe to events and reattach to a run of this kind still going. Idempotent. */
  init(): void {
    if (this.started) return
    this.started = true
    onEvent((e) => this.onEvent(e))
    connection.onReopen(() => void this.sync())
    void this.sync()
  }

  async start(params: Record<string, unknown>, opts: StartOptions = {}): Promise<boolean> {
    if (this.active || this.busy) return false
    this.pendingConfirm = null
    this.clearView()
    this.phase = 'starting'
    this.early = []
    try {
      const r = await call('jobs.start', {
        kind: this.kind,
        params,
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        ...(opts.name ? { name: opts.name } : {}),
        ...(opts.confirm ? { confirm: true } : {})
      })
      this.runId = r.runId
      this.seed = r.seed
      this.params = params
      if (this.phase === 'starting') this.phase = 'running'
      const early = this.early
      this.early = null
      for (const e of early) this.onEvent(e)
      this.startTicker()
      void this.checkQueued(r.runId)
      return true
    } catch (e) {
      this.early = null
      this.phase = 'idle'
      if (isBudgetRefusal(e)) this.pendingConfirm = { params, opts, message: e.message }
      else errors.report(e, 'Start')
      return false
    }
  }

  /** The user agreed to run beyond the budget. */
  async confirmStart(): Promise<void> {
    const p = this.pendingConfirm
    if (!p) return
    this.pendingConfirm = null
    await this.start(p.params, { ...p.opts, confirm: true })
  }

  dismissConfirm(): void {
    this.pendingConfirm = null
  }

  pause(): Promise<void> {
    return this.control('Pause', 'jobs.pause', () => {
      if (this.phase === 'running') this.phase = 'paused'
    })
  }

  resume(): Promise<void> {
    return this.control('Resume', 'jobs.resume', () => {
      if (this.phase === 'paused') this.phase = 'running'
    })
  }

  /** End now, dropping the parts under way; what finished stays in the run. */
  cancel(): Promise<void> {
    return this.control('Cancel', 'jobs.cancel', () => undefined)
  }

  /** Finish the parts under way, start no more; the run ends done. */
  stop(): Promise<void> {
    return this.control('Stop', 'jobs.stop', () => undefined)
  }

  /** Forget an ended run's view (the run itself stays in Runs). */
  clear(): void {
    if (this.active) return
    this.runId = null
    this.seed = null
    this.params = null
    this.phase = 'idle'
    this.endStatus = null
    this.clearView()
  }

  /** Align with the service: reattach to a run of this kind, or notice that ours has ended. */
  async sync(): Promise<void> {
    try {
      const active = (await call('jobs.active', {})).filter((a) => a.kind === this.kind)
      if (this.runId !== null) {
        const mine = active.find((a) => a.runId === this.runId)
        if (mine) this.phase = phaseOf(mine)
        else if (this.phase === 'running' || this.phase === 'paused') await this.finish('interrupted')
        return
      }
      if (active.length === 0 || this.phase === 'starting') return
      const job = newestJob(active)
      const [detail, series] = await Promise.all([call('runs.get', { runId: job.runId }), call('runs.series', { runId: job.runId })])
      if (this.runId !== null || (this.phase as JobPhase) === 'starting') return
      this.clearView()
      this.runId = job.runId
      this.seed = detail.seed
      this.params = detail.params
      this.phase = phaseOf(job)
      this.queued = job.state === 'queued'
      this.fraction = job.progress
      this.etaSeconds = job.etaSeconds
      this.rows.push(...rowsFromSeries(series))
      this.revision++
      this.startTicker()
    } catch (e) {
      errors.report(e, `Reattach to a running ${this.kind} job`)
    }
  }

  // ── events ───────────────────────────────────────────────────────────────────────────

  private onEvent(e: LabEvent): void {
    if (e.type === 'runs.changed') return
    if (this.runId === null) {
      if (this.early && this.early.length < 10_000) this.early.push(e)
      return
    }
    if (e.runId !== this.runId) return
    switch (e.type) {
      case 'job.metrics': {
        const { steps, rows } = rowsOf(e)
        for (let i = 0; i < steps.length; i++) {
          this.rows.push({ step: steps[i], row: rows[i] })
          const k = this.opts.rowKey?.(rows[i])
          if (k !== undefined && this.frameMap.delete(k)) this.framesDirty = true
        }
        this.dirty = true
        break
      }
      case 'job.frame': {
        const w = typeof e.meta.L === 'number' ? e.meta.L : squareSide(e.data.length)
        if (w <= 0) break
        const key = this.opts.frameKey?.(e.meta) ?? 'lattice'
        this.frameMap.set(key, { key, data: e.data, width: w, height: Math.round(e.data.length / w), meta: e.meta, at: performance.now() })
        this.framesDirty = true
        break
      }
      case 'job.progress':
        this.fraction = e.fraction
        this.etaSeconds = e.etaSeconds
        if (e.note !== undefined) this.note = e.note
        break
      case 'job.status':
        if (e.status === 'paused') this.phase = 'paused'
        else if (e.status === 'running' || e.status === 'queued') {
          this.queued = e.status === 'queued'
          if (this.phase === 'paused') this.phase = 'running'
        } else if (isEnded(e.status)) {
          if (e.status === 'failed') {
            this.error = e.error ?? 'the run failed'
            errors.report(new Error(this.error), `${this.kind} run #${e.runId}`)
          }
          if (e.result) this.result = e.result
          void this.finish(e.status)
        }
        break
      default:
        break
    }
  }

  /** The service announces a new job as running even when the pool has queued it behind
   *  others: ask once what it really is. A later 'running' event clears the flag. */
  private async checkQueued(runId: number): Promise<void> {
    try {
      const mine = (await call('jobs.active', {})).find((a) => a.runId === runId)
      if (this.runId === runId && mine) this.queued = mine.state === 'queued'
    } catch (e) {
      errors.report(e, 'Read the job state')
    }
  }

  /** The run has ended: reload what the store holds, so the view is the stored run's. */
  private async finish(status: string): Promise<void> {
    const runId = this.runId
    this.queued = false
    this.phase = 'ended'
    this.endStatus = status
    this.stopTicker()
    this.frameMap.clear()
    this.frames = []
    this.note = null
    this.etaSeconds = null
    if (status === 'done') this.fraction = 1
    if (runId === null) return
    try {
      const [detail, series] = await Promise.all([call('runs.get', { runId }), call('runs.series', { runId })])
      if (this.runId !== runId) return
      this.result = detail.result
      this.endStatus = detail.status
      if (detail.error) this.error = detail.error
      this.rows.length = 0
      this.rows.push(...rowsFromSeries(series))
      this.revision++
    } catch (e) {
      errors.report(e, `Reload run #${runId}`)
    }
  }

  private startTicker(): void {
    if (this.timer === null) this.timer = setInterval(() => this.tick(), TICK_MS)
  }

  private stopTicker(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    this.tick()
  }

  /** Publish what arrived since the last tick (≤ 8 Hz): the charts redraw once per tick at most. */
  private tick(): void {
    if (this.dirty) {
      this.dirty = false
      this.revision++
    }
    if (this.phase === 'running') {
      const now = performance.now()
      for (const [k, f] of this.frameMap)
        if (now - f.at > FRAME_STALE_MS) {
          this.frameMap.delete(k)
          this.framesDirty = true
        }
    }
    if (this.framesDirty) {
      this.framesDirty = false
      // The newest parts, shown in a stable order (by L, then T) so the pictures do not jump.
      const num = (f: JobFrame, k: string): number => (typeof f.meta[k] === 'number' ? (f.meta[k] as number) : 0)
      const newest = [...this.frameMap.values()].sort((a, b) => b.at - a.at).slice(0, this.opts.maxFrames ?? 4)
      this.frames = newest.sort((a, b) => num(a, 'L') - num(b, 'L') || num(a, 'T') - num(b, 'T') || a.key.localeCompare(b.key))
    }
  }

  private clearView(): void {
    this.rows.length = 0
    this.frameMap.clear()
    this.frames = []
    this.fraction = 0
    this.etaSeconds = null
    this.note = null
    this.result = null
    this.error = null
    this.dirty = false
    this.revision++
  }

  private async control(context: string, method: 'jobs.pause' | 'jobs.resume' | 'jobs.cancel' | 'jobs.stop', after: () => void): Promise<void> {
    const runId = this.runId
    if (runId === null || (this.phase !== 'running' && this.phase !== 'paused')) return
    await whileBusy(this, context, async () => {
      await call(method, { runId })
      after()
    })
  }
}
