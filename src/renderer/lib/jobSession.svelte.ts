// One job of one kind followed by a panel, whatever the kind: start it (with the budget
// confirmation the service may ask for), follow its status and progress, pause / resume /
// step / stop / cancel it, steer it with live controls, reattach to it after a reload, or open
// a stored run of the kind. What the run produces (metric rows, frames, log lines) goes to the
// session's sinks, which also reload it from the store when the session takes up a run it did
// not start and when the run ends — so a view then shows what the stored run holds.
//
// A session lives at module level (in its panel model), so switching tabs or panels neither
// loses the run nor what it has shown.

import { LabError } from '../../shared/errors'
import { jobKinds, type KindControl, type KindInput, type KindName, type KindParams, type KindResult } from '../../shared/kinds'
import { rowsOf } from '../../shared/metrics'
import type { ActiveJob, LabEvent, RunDetail, TypedArray } from '../../shared/types'
import { coalescer } from './coalesce'
import { connection } from './connection.svelte'
import { errors } from './errors.svelte'
import type { FieldLabels } from './formIssues'
import { isBudgetRefusal } from './jobRows'
import { parseParams, parseResult } from './kindData'
import { call, onEvent } from './lab'
import { isEnded, newestJob, phaseOf, whileBusy } from './liveJob'

export type JobPhase = 'idle' | 'starting' | 'running' | 'paused' | 'ended'

/** Where what a run produces goes. Every method but `reset` is optional. */
export interface JobSink {
  /** Another run is taken up (or none): forget what the last one showed. */
  reset(): void
  /** Metric rows as they arrive, in step order within a batch. */
  metrics?(steps: readonly number[], rows: readonly Record<string, number>[]): void
  frame?(data: TypedArray, meta: Record<string, number | string>, now: number): void
  log?(message: string): void
  /**
   * Read what the store holds of the run: when the session takes up a run it did not start
   * ('attach': a reattach after a reload, or a stored run opened) and after the run ended
   * ('end'). Fetch here, change nothing; the returned function shows what was read, and the
   * session calls it only if the run is still the one on show.
   */
  load?(runId: number, detail: RunDetail, why: 'attach' | 'end'): Promise<(() => void) | void>
  /** Publish what arrived since the last call (at the session's tick rate while a run is followed, and once when it ends). */
  flush?(now: number, running: boolean): void
  /** The run has ended (before its stored data is reloaded). */
  end?(): void
}

export type JobSinks = Record<string, JobSink>

export interface StartOptions {
  seed?: number
  name?: string
  /** false: a scratch run, deleted at the service's next start unless kept. Default true. */
  keep?: boolean
  /** Acknowledge work beyond the kind's budget. */
  confirm?: boolean
}

export interface JobSessionOptions<K extends KindName> {
  /** How often the sinks publish while a run is followed (ms). */
  tickMs?: number
  /** Take up a run of this kind that is still going when the page (re)loads. Default true. */
  reattach?: boolean
  /** What a refused start is reported as in the error banner. */
  startContext?: string
  /** The form's labels by params path: a refused start names fields as the form does. */
  labels?: FieldLabels | (() => FieldLabels)
  /** A failed run is also reported in the error banner (else only `error` says it). Default true. */
  reportFailure?: boolean
  /** The session took up a run still going after a reload; `others` of the kind run besides it. */
  onReattach?(detail: RunDetail, params: KindParams<K> | null, job: ActiveJob, others: number): void
}

const TICK_MS = 120

/** Events held while the session does not yet know which run they belong to. */
interface Held {
  events: LabEvent[]
}

export class JobSession<K extends KindName, S extends JobSinks = JobSinks> {
  phase = $state<JobPhase>('idle')
  runId = $state<number | null>(null)
  seed = $state<number | null>(null)
  /** The run's name in Runs (as asked at start, or as stored). */
  name = $state<string | null>(null)
  /** 'live': a run this page started or reattached to; 'stored': an ended run opened from the store. */
  source = $state<'live' | 'stored'>('live')
  /** The params of the run on show, as the kind's schema reads them (defaults filled in). */
  params = $state.raw<KindParams<K> | null>(null)
  result = $state.raw<KindResult<K> | null>(null)
  /** The stored run, once it has ended or was opened (params, result, artifacts, log). */
  detail = $state.raw<RunDetail | null>(null)
  /** How the run ended ('done', 'failed', 'cancelled', 'interrupted'; 'gone': no longer in the store). */
  endStatus = $state<string | null>(null)
  /** Why the run failed. */
  error = $state<string | null>(null)
  fraction = $state(0)
  etaSeconds = $state<number | null>(null)
  /** What the job is doing now (its last progress note, e.g. the point under way). */
  note = $state<string | null>(null)
  /** Waiting for a free worker (every worker is busy with other jobs). */
  queued = $state(false)
  /** A user's action on the run is under way (its buttons wait). */
  busy = $state(false)
  /** A start the service refused for its budget, waiting for the user's yes or no. */
  pendingConfirm = $state.raw<{ input: KindInput<K>; opts: StartOptions; message: string } | null>(null)

  private subscribed = false
  private timer: ReturnType<typeof setInterval> | null = null
  private held: Held | null = null
  private ending: Promise<void> | null = null
  private endWaiters: (() => void)[] = []
  private readonly controls = coalescer<Partial<KindControl<K>>>(
    async (c) => {
      if (this.runId !== null && this.live) await call('jobs.control', { runId: this.runId, control: c })
    },
    (e) => errors.report(e, 'Change a live parameter'),
    (a, b) => ({ ...a, ...b })
  )

  constructor(
    readonly kind: K,
    readonly sinks: S,
    private readonly opts: JobSessionOptions<K> = {}
  ) {}

  /** The kind's title, for messages. */
  get title(): string {
    return jobKinds[this.kind].title
  }

  /** Running or paused. */
  get live(): boolean {
    return this.phase === 'running' || this.phase === 'paused'
  }

  /** Starting, running or paused: a new start must wait. */
  get active(): boolean {
    return this.phase === 'starting' || this.live
  }

  /** Subscribe to events and look for a run of this kind to reattach to. Idempotent. */
  init(): void {
    if (this.subscribed) return
    this.subscribed = true
    onEvent((e) => this.onEvent(e))
    connection.onReopen(() => void this.sync())
    void this.sync()
  }

  // ── starting ─────────────────────────────────────────────────────────────────────────

  async start(input: KindInput<K>, opts: StartOptions = {}): Promise<boolean> {
    if (this.active || this.busy) return false
    this.pendingConfirm = null
    this.forget()
    this.name = opts.name ?? null
    this.phase = 'starting'
    // A tiny job may report its end before jobs.start answers with its id.
    const held: Held = { events: [] }
    this.held = held
    try {
      const r = await call('jobs.start', {
        kind: this.kind,
        params: input,
        ...(opts.seed !== undefined ? { seed: opts.seed } : {}),
        ...(opts.name ? { name: opts.name } : {}),
        ...(opts.keep === false ? { keep: false } : {}),
        ...(opts.confirm ? { confirm: true } : {})
      })
      this.runId = r.runId
      this.seed = r.seed
      this.params = parseParams(this.kind, input)
      if (this.phase === 'starting') this.phase = 'running'
      this.startTicker()
      this.release(held, () => true)
      return true
    } catch (e) {
      if (this.held === held) this.held = null
      this.phase = 'idle'
      if (isBudgetRefusal(e)) this.pendingConfirm = { input, opts, message: e.message }
      else errors.report(e, this.opts.startContext ?? 'Start', typeof this.opts.labels === 'function' ? this.opts.labels() : this.opts.labels)
      return false
    }
  }

  /** The user agreed to run beyond the budget. */
  async confirmStart(): Promise<void> {
    const p = this.pendingConfirm
    if (!p) return
    this.pendingConfirm = null
    await this.start(p.input, { ...p.opts, confirm: true })
  }

  dismissConfirm(): void {
    this.pendingConfirm = null
  }

  /** Resolves when the run on show has ended and its stored data is loaded (at once when none runs). */
  settled(): Promise<void> {
    if (this.active) return new Promise((resolve) => this.endWaiters.push(resolve))
    return this.ending ?? Promise.resolve()
  }

  // ── acting on the run ────────────────────────────────────────────────────────────────

  pause(): Promise<void> {
    if (this.phase !== 'running') return Promise.resolve()
    return this.act('Pause', async (runId) => {
      await call('jobs.pause', { runId })
      if (this.phase === 'running') this.phase = 'paused'
    })
  }

  resume(): Promise<void> {
    if (this.phase !== 'paused') return Promise.resolve()
    return this.act('Resume', async (runId) => {
      await call('jobs.resume', { runId })
      if (this.phase === 'paused') this.phase = 'running'
    })
  }

  togglePause(): Promise<void> {
    return this.phase === 'running' ? this.pause() : this.resume()
  }

  /** One unit of work (one sweep), then hold. A running job is paused first: a step means something only on a held state. */
  step(): Promise<void> {
    return this.act('Step', async (runId) => {
      if (this.phase === 'running') {
        await call('jobs.pause', { runId })
        this.phase = 'paused'
      }
      await call('jobs.step', { runId })
    })
  }

  /** Finish the work under way, start no more; the run ends done with what it has. */
  stop(): Promise<void> {
    return this.act('Stop', (runId) => call('jobs.stop', { runId }).then(() => undefined))
  }

  /** End now, dropping the work under way; what has finished stays in the run. */
  cancel(): Promise<void> {
    return this.act('Cancel', (runId) => call('jobs.cancel', { runId }).then(() => undefined))
  }

  /** Steer the running job (e.g. T of a live lattice): at most one request in flight, newer values merged. */
  control(update: Partial<KindControl<K>>): void {
    this.controls.push(update)
  }

  /** Stop the run if it still goes, and forget it (a scratch run is then discarded unless kept). */
  async reset(): Promise<void> {
    const runId = this.runId
    if (runId !== null && this.live) {
      this.busy = true
      try {
        await call('jobs.stop', { runId })
      } catch (e) {
        // A run that already ended is what we wanted; anything else the user must see.
        if (!(e instanceof LabError && (e.code === 'not_found' || e.code === 'conflict'))) errors.report(e, 'Reset')
      } finally {
        this.busy = false
      }
    }
    this.forget()
  }

  /** Forget an ended run's view (the run itself stays in Runs). */
  close(): void {
    if (!this.active) this.forget()
  }

  // ── taking up runs it did not start ──────────────────────────────────────────────────

  /** Show a stored run of this kind: an ended one as stored, one still going followed live. */
  async open(runId: number, context = `Open run #${runId}`): Promise<void> {
    if (this.active) return
    await whileBusy(this, context, async () => {
      const held: Held = { events: [] }
      this.held = held
      try {
        const detail = await call('runs.get', { runId })
        if (detail.kind !== this.kind) throw new Error(`run #${runId} is a ${detail.kind} run, not a ${this.title} run`)
        const job = detail.status === 'running' ? ((await call('jobs.active', {})).find((a) => a.runId === runId) ?? null) : null
        const show = await this.loadSinks(runId, detail, 'attach')
        if (this.active || this.held !== held) return
        this.take(detail, job, show)
        this.release(held, (e) => e.type === 'job.status' || e.type === 'job.progress')
      } finally {
        if (this.held === held) this.held = null
      }
    })
  }

  /** Align with the service: notice that our run has ended, or reattach to a run of this kind still going. */
  async sync(): Promise<void> {
    if (this.runId === null && this.opts.reattach === false) return
    try {
      const active = (await call('jobs.active', {})).filter((a) => a.kind === this.kind)
      if (this.runId !== null) {
        if (this.source !== 'live') return
        const mine = active.find((a) => a.runId === this.runId)
        if (mine) {
          this.phase = phaseOf(mine)
          this.queued = mine.state === 'queued'
        } else if (this.live) await this.finish(null)
        return
      }
      if (active.length === 0 || this.phase === 'starting' || this.held) return
      const job = newestJob(active)
      const held: Held = { events: [] }
      this.held = held
      try {
        const detail = await call('runs.get', { runId: job.runId })
        const show = await this.loadSinks(job.runId, detail, 'attach')
        // The user may have started a run meanwhile (TS cannot see the awaits changing these).
        if (this.runId !== null || (this.phase as JobPhase) === 'starting' || this.held !== held) return
        this.take(detail, job, show)
        this.opts.onReattach?.(detail, this.params, job, active.length - 1)
        // What happened to the run while it was being loaded (e.g. its end).
        this.release(held, (e) => e.type === 'job.status' || e.type === 'job.progress')
      } finally {
        if (this.held === held) this.held = null
      }
    } catch (e) {
      errors.report(e, `Reattach to a running ${this.title} job`)
    }
  }

  private take(detail: RunDetail, job: ActiveJob | null, show: () => void): void {
    this.forget()
    this.runId = detail.id
    this.seed = detail.seed
    this.name = detail.name
    this.params = this.checked(detail.id, 'params do', detail.params, parseParams(this.kind, detail.params))
    if (job) {
      this.source = 'live'
      this.phase = phaseOf(job)
      this.queued = job.state === 'queued'
      this.fraction = job.progress
      this.etaSeconds = job.etaSeconds
      this.startTicker()
    } else {
      this.source = 'stored'
      this.phase = 'ended'
      this.detail = detail
      this.endStatus = detail.status
      this.error = detail.error
      this.result = this.checked(detail.id, 'result does', detail.result, parseResult(this.kind, detail.result))
      this.fraction = detail.status === 'done' ? 1 : 0
    }
    show()
    this.flush()
  }

  // ── events ───────────────────────────────────────────────────────────────────────────

  private onEvent(e: LabEvent): void {
    if (e.type === 'runs.changed') return
    if (this.held) {
      if (this.held.events.length < 10_000) this.held.events.push(e)
      return
    }
    if (this.runId === null || e.runId !== this.runId || this.source !== 'live') return
    switch (e.type) {
      case 'job.metrics': {
        const { steps, rows } = rowsOf(e)
        for (const s of this.sinkList()) s.metrics?.(steps, rows)
        break
      }
      case 'job.frame': {
        const now = performance.now()
        for (const s of this.sinkList()) s.frame?.(e.data, e.meta, now)
        break
      }
      case 'job.log':
        for (const s of this.sinkList()) s.log?.(e.message)
        break
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
        } else if (isEnded(e.status)) void this.finish(e.status, e.error, e.result)
        break
    }
  }

  /** Handle the held events `keep` selects (those of other runs are dropped there). */
  private release(held: Held, keep: (e: LabEvent) => boolean): void {
    if (this.held === held) this.held = null
    for (const e of held.events) if (keep(e)) this.onEvent(e)
  }

  /**
   * The run has ended (`status` null: the service no longer runs it and did not say how it
   * ended). Reload what the store holds, so the view is the stored run's.
   */
  private async finish(status: string | null, error?: string, result?: Record<string, unknown>): Promise<void> {
    const runId = this.runId
    this.queued = false
    this.phase = 'ended'
    if (status !== null) this.endStatus = status
    this.etaSeconds = null
    if (status === 'done') this.fraction = 1
    this.controls.clear()
    this.stopTicker()
    for (const s of this.sinkList()) s.end?.()
    if (status === 'failed') {
      this.error = error ?? 'the run failed'
      if (this.opts.reportFailure !== false) errors.report(new Error(this.error), `${this.title} run #${runId}`)
    }
    if (result) this.result = parseResult(this.kind, result)
    const ending = runId === null ? Promise.resolve() : this.reload(runId, status)
    this.ending = ending
    await ending
    if (this.ending === ending) {
      const waiters = this.endWaiters
      this.endWaiters = []
      for (const w of waiters) w()
    }
  }

  private async reload(runId: number, status: string | null): Promise<void> {
    try {
      const detail = await call('runs.get', { runId })
      if (this.runId !== runId) return
      const show = await this.loadSinks(runId, detail, 'end')
      if (this.runId !== runId) return
      this.detail = detail
      this.endStatus = detail.status
      if (detail.error) this.error = detail.error
      this.result = this.checked(runId, 'result does', detail.result, parseResult(this.kind, detail.result))
      show()
      this.flush()
    } catch (e) {
      // A scratch run removed meanwhile: there is nothing to reload.
      if (e instanceof LabError && e.code === 'not_found') {
        if (status === null && this.runId === runId) this.endStatus = 'gone'
      } else errors.report(e, `Reload run #${runId}`)
    }
  }

  /** Every sink's stored data of the run, read; the function shows it. */
  private async loadSinks(runId: number, detail: RunDetail, why: 'attach' | 'end'): Promise<() => void> {
    const shows = await Promise.all(this.sinkList().map((s) => s.load?.(runId, detail, why)))
    return () => {
      for (const show of shows) show?.()
    }
  }

  /** A stored value the kind's schema refuses is reported (the run may come from an older version of the lab). */
  private checked<T>(runId: number, what: 'params do' | 'result does', raw: unknown, parsed: T | null): T | null {
    if (parsed === null && raw !== null && raw !== undefined)
      errors.report(new Error(`its stored ${what} not fit this version's ${this.title}`), `Read run #${runId}`)
    return parsed
  }

  // ── publishing ───────────────────────────────────────────────────────────────────────

  private sinkList(): JobSink[] {
    return Object.values(this.sinks)
  }

  private startTicker(): void {
    if (this.timer === null) this.timer = setInterval(() => this.flush(), this.opts.tickMs ?? TICK_MS)
  }

  private stopTicker(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    this.flush()
  }

  /** Sinks publish what arrived since the last tick: charts redraw once per tick at most. */
  private flush(): void {
    const now = performance.now()
    const running = this.phase === 'running'
    for (const s of this.sinkList()) s.flush?.(now, running)
  }

  /** Back to no run on show. */
  private forget(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
    this.controls.clear()
    // Whoever waited for the run forgotten waits no more.
    this.ending = null
    const waiters = this.endWaiters
    this.endWaiters = []
    for (const w of waiters) w()
    this.runId = null
    this.seed = null
    this.name = null
    this.source = 'live'
    this.params = null
    this.result = null
    this.detail = null
    this.phase = 'idle'
    this.endStatus = null
    this.error = null
    this.fraction = 0
    this.etaSeconds = null
    this.note = null
    this.queued = false
    for (const s of this.sinkList()) s.reset()
  }

  private async act(context: string, action: (runId: number) => Promise<void>): Promise<void> {
    const runId = this.runId
    if (runId === null || !this.live) return
    await whileBusy(this, context, () => action(runId))
  }
}
