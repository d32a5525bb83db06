// The Network panel's state: the builder's form, the imported datasets and stored models to
// choose from, and the one run on show — a training live from the service (metrics, progress,
// logs, first-layer weights as they change) or a stored model reopened. Module-level, so
// switching panels keeps it, and after a reload `sync()` reattaches to a training still running.

import { rowsOf } from '../../shared/metrics'
import { LabError } from '../../shared/errors'
import { networkTrain, type NetworkPreset } from '../../shared/kinds/network'
import { importedDataset } from '../../shared/kinds/importedDataset'
import type { LabEvent, RunDetail, RunSummary } from '../../shared/types'
import { call, onEvent } from './lab'
import { errors } from './errors.svelte'
import { connection } from './connection.svelte'
import { CappedSeries } from './cappedSeries'
import { isEnded, newestJob, phaseOf, whileBusy } from './liveJob'
import {
  applyPreset,
  checkForm,
  defaultForm,
  describeLayers,
  fitDataset,
  formFromParams,
  closestPreset,
  networkPresets,
  type DatasetInfo,
  type FormCheck,
  type NetworkForm,
  type ResumeInfo
} from './networkForm'

export type Phase = 'idle' | 'starting' | 'running' | 'paused' | 'ended'

/** The curves of a training: x is the epoch position, one value per measurement. */
export const CURVES = ['epoch', 'trainLoss', 'valLoss', 'trainAccuracy', 'valAccuracy', 'lr', 'deadFraction1', 'deadFraction2', 'deadFraction3', 'deadFraction4', 'deadFraction5', 'deadFraction6', 'deadFraction7'] as const
/** Measurements kept for the live charts (the charts thin them for drawing). */
const CURVE_POINTS = 100_000
const TICK_MS = 150

export interface ModelChoice {
  id: number
  name: string
  finishedAt: string | null
}

export interface WeightsFrame {
  data: Float32Array
  rows: number
  cols: number
}

const epochsOf = (d: RunDetail): number | undefined => (typeof d.params.epochs === 'number' ? d.params.epochs : undefined)

/** The name a training gets in the run list: what it is at a glance. */
export function runName(f: NetworkForm, datasets: readonly DatasetInfo[]): string {
  const ds = f.dataset === 'mnist' ? 'MNIST' : (datasets.find((d) => d.id === f.dataset)?.name ?? `dataset #${f.dataset}`)
  const base = `MLP ${describeLayers(f.layers)} · ${f.hiddenActivation}/${f.outputActivation} · ${f.optimizer} lr ${f.lr} · ${ds}`
  return (f.resumeFrom !== null ? `${base} · continues #${f.resumeFrom}` : base).slice(0, 200)
}

export class NetworkSession {
  // ── the builder ──────────────────────────────────────────────────────────────────────
  form = $state<NetworkForm>(defaultForm())
  presetId = $state('modern-mlp')
  datasets = $state.raw<DatasetInfo[]>([])
  models = $state.raw<ModelChoice[]>([])
  /** Architecture of the model named by form.resumeFrom, once loaded. */
  resumeInfo = $state.raw<ResumeInfo | null>(null)

  // ── the run on show ──────────────────────────────────────────────────────────────────
  runId = $state<number | null>(null)
  seed = $state<number | null>(null)
  /** Its name in the run list. */
  name = $state('')
  /** 'live': a training this page started or reattached to; 'stored': a reopened model. */
  source = $state<'live' | 'stored'>('live')
  phase = $state<Phase>('idle')
  endStatus = $state<string | null>(null)
  /** The failure message of a run that failed (e.g. divergence and its likely cause). */
  failure = $state<string | null>(null)
  progress = $state(0)
  etaSeconds = $state<number | null>(null)
  progressNote = $state('')
  logs = $state.raw<string[]>([])
  /** Its stored detail once it has ended (result, artifacts, params). */
  detail = $state.raw<RunDetail | null>(null)
  weights = $state.raw<WeightsFrame | null>(null)
  /** Epochs the run on show asked for (the charts' x range). */
  epochs = $state<number | undefined>(undefined)
  note = $state<string | null>(null)
  busy = $state(false)
  revision = $state(0)
  readonly curves = new CappedSeries(CURVE_POINTS, CURVES)

  private dirty = false
  private timer: ReturnType<typeof setInterval> | null = null
  private started = false
  private listTimer: ReturnType<typeof setTimeout> | null = null
  private datasetCache = new Map<number, DatasetInfo>()

  get active(): boolean {
    return this.phase === 'running' || this.phase === 'paused' || this.phase === 'starting'
  }

  get check(): FormCheck {
    return checkForm(this.form, this.datasets, this.resumeInfo)
  }

  init(): void {
    if (this.started) return
    this.started = true
    onEvent((e) => this.onEvent(e))
    connection.onReopen(() => {
      void this.sync()
      this.refreshListsSoon()
    })
    void this.sync()
    void this.refreshLists()
  }

  // ── builder actions ──────────────────────────────────────────────────────────────────

  choosePreset(id: string): void {
    const p = networkPresets.find((x) => x.id === id)
    if (!p) return
    this.presetId = id
    this.form = applyPreset(p, { ...this.form, resumeFrom: null }, this.datasets)
    this.resumeInfo = null
  }

  get preset(): NetworkPreset | undefined {
    return networkPresets.find((x) => x.id === this.presetId)
  }

  chooseDataset(value: 'mnist' | number): void {
    this.form = fitDataset({ ...this.form, dataset: value }, this.datasets)
  }

  /** Copy a stored model's settings into the builder, to train it further from its weights. */
  async continueFrom(runId: number): Promise<void> {
    try {
      const d = await call('runs.get', { runId })
      if (d.kind !== networkTrain.kind) throw new Error(`run #${runId} is a ${d.kind} run, not a network training`)
      if (!d.artifacts.some((a) => a.name === 'weights.1')) throw new Error(`run #${runId} stored no weights to continue from`)
      const f = formFromParams(d.params as never, this.form.seedText)
      this.form = { ...f, resumeFrom: runId }
      this.resumeInfo = { id: runId, layers: [...f.layers], bias: f.bias }
      this.presetId = closestPreset(f, this.datasets)?.id ?? ''
    } catch (e) {
      errors.report(e, `Train run #${runId} further`)
    }
  }

  stopContinuing(): void {
    this.form = { ...this.form, resumeFrom: null }
    this.resumeInfo = null
  }

  // ── run control ──────────────────────────────────────────────────────────────────────

  async start(): Promise<void> {
    if (this.active || this.busy) return
    const check = this.check
    if (!check.params) return
    this.clearView()
    this.source = 'live'
    this.phase = 'starting'
    try {
      const name = runName(this.form, this.datasets)
      this.name = name
      const r = await call('jobs.start', { kind: networkTrain.kind, params: check.params, seed: check.seed, name, keep: true })
      if (this.phase === 'starting') this.phase = 'running'
      this.epochs = check.params.epochs
      this.runId = r.runId
      this.seed = r.seed
      this.startTicker()
    } catch (e) {
      this.phase = 'idle'
      errors.report(e, 'Train')
    }
  }

  pause = (): Promise<void> => this.guard('Pause', async (id) => {
    await call('jobs.pause', { runId: id })
    if (this.phase === 'running') this.phase = 'paused'
  })

  resume = (): Promise<void> => this.guard('Resume', async (id) => {
    await call('jobs.resume', { runId: id })
    if (this.phase === 'paused') this.phase = 'running'
  })

  /** End now as 'done': the weights so far are stored and evaluated. */
  finishNow = (): Promise<void> => this.guard('Finish now', (id) => call('jobs.stop', { runId: id }).then(() => undefined))

  cancel = (): Promise<void> => this.guard('Cancel', (id) => call('jobs.cancel', { runId: id }).then(() => undefined))

  /** Show a stored model: its curves, diagnosis and results (confusion, gallery, pad). */
  async open(runId: number): Promise<void> {
    if (this.active) return
    await whileBusy(this, `Open model #${runId}`, async () => {
      const d = await call('runs.get', { runId })
      if (d.kind !== networkTrain.kind) throw new Error(`run #${runId} is a ${d.kind} run, not a network training`)
      const s = await call('runs.series', { runId, names: [...CURVES], maxPoints: 20_000 })
      this.clearView()
      this.source = 'stored'
      this.runId = runId
      this.seed = d.seed
      this.epochs = epochsOf(d)
      this.name = d.name
      this.curves.load(s.steps, s.values)
      this.logs = d.log.map((l) => l.message)
      this.detail = d
      this.failure = d.error
      this.endStatus = d.status
      this.progress = d.status === 'done' ? 1 : 0
      this.phase = d.status === 'running' ? 'running' : 'ended'
      if (d.status === 'running') {
        this.source = 'live'
        this.startTicker()
      }
      this.revision++
    })
  }

  /** Back to an empty view (a live run keeps running in the service). */
  close(): void {
    if (this.active) return
    this.clearView()
    this.runId = null
    this.phase = 'idle'
  }

  // ── lists ────────────────────────────────────────────────────────────────────────────

  async refreshLists(): Promise<void> {
    try {
      const [ds, nets] = await Promise.all([
        call('runs.list', { kind: importedDataset.kind }),
        call('runs.list', { kind: networkTrain.kind })
      ])
      this.models = nets.filter((r) => r.status === 'done').map((r) => ({ id: r.id, name: r.name, finishedAt: r.finishedAt }))
      this.datasets = await this.describeDatasets(ds)
      if (this.form.resumeFrom !== null && !nets.some((r) => r.id === this.form.resumeFrom)) this.stopContinuing()
    } catch (e) {
      errors.report(e, 'List datasets and models')
    }
  }

  refreshListsSoon(): void {
    if (this.listTimer !== null) return
    this.listTimer = setTimeout(() => {
      this.listTimer = null
      void this.refreshLists()
    }, 250)
  }

  private async describeDatasets(runs: RunSummary[]): Promise<DatasetInfo[]> {
    const done = runs.filter((r) => r.status === 'done')
    const missing = done.filter((r) => !this.datasetCache.has(r.id))
    const details = await Promise.all(missing.map((r) => call('runs.get', { runId: r.id })))
    for (const d of details) {
      const m = d.result as { count?: number; rows?: number; cols?: number; classes?: number } | null
      if (m && m.count && m.rows && m.cols && m.classes)
        this.datasetCache.set(d.id, { id: d.id, name: d.name, count: m.count, rows: m.rows, cols: m.cols, classes: m.classes })
    }
    return done.flatMap((r) => {
      const d = this.datasetCache.get(r.id)
      return d ? [{ ...d, name: r.name }] : []
    })
  }

  // ── reattach ─────────────────────────────────────────────────────────────────────────

  async sync(): Promise<void> {
    try {
      const active = (await call('jobs.active', {})).filter((a) => a.kind === networkTrain.kind)
      if (this.runId !== null && this.source === 'live') {
        const mine = active.find((a) => a.runId === this.runId)
        if (!mine) {
          if (this.phase === 'running' || this.phase === 'paused') await this.ended('done', undefined, true)
        } else this.phase = phaseOf(mine)
        return
      }
      // Something else on show (a stored model) stays: the user chose it.
      if (active.length === 0 || this.active || this.runId !== null) return
      const job = newestJob(active)
      const [d, s] = await Promise.all([
        call('runs.get', { runId: job.runId }),
        call('runs.series', { runId: job.runId, names: [...CURVES], maxPoints: 20_000 })
      ])
      if (this.active) return
      this.clearView()
      this.source = 'live'
      this.runId = job.runId
      this.seed = d.seed
      this.epochs = epochsOf(d)
      this.name = d.name
      this.form = { ...formFromParams(d.params as never, this.form.seedText), resumeFrom: null }
      this.presetId = closestPreset(this.form, this.datasets)?.id ?? ''
      this.curves.load(s.steps, s.values)
      this.logs = d.log.map((l) => l.message)
      this.progress = job.progress
      this.etaSeconds = job.etaSeconds
      this.phase = phaseOf(job)
      this.note = `Reattached to training #${job.runId} (started ${new Date(d.createdAt).toLocaleTimeString()}).`
      this.revision++
      this.startTicker()
    } catch (e) {
      errors.report(e, 'Reattach to a training')
    }
  }

  // ── events ───────────────────────────────────────────────────────────────────────────

  private onEvent(e: LabEvent): void {
    if (e.type === 'runs.changed') {
      this.refreshListsSoon()
      return
    }
    if (this.runId === null || e.runId !== this.runId || this.source !== 'live') return
    switch (e.type) {
      case 'job.metrics': {
        const { steps, rows } = rowsOf(e)
        for (let i = 0; i < steps.length; i++) this.curves.push(steps[i], rows[i])
        this.dirty = true
        break
      }
      case 'job.progress':
        this.progress = e.fraction
        this.etaSeconds = e.etaSeconds
        this.progressNote = e.note ?? this.progressNote
        break
      case 'job.log':
        this.logs = [...this.logs, e.message]
        break
      case 'job.frame':
        if (e.meta.kind === 'weights' && e.data instanceof Float32Array && typeof e.meta.rows === 'number' && typeof e.meta.cols === 'number')
          this.weights = { data: e.data, rows: e.meta.rows, cols: e.meta.cols }
        break
      case 'job.status':
        if (e.status === 'paused') this.phase = 'paused'
        else if (e.status === 'running' || e.status === 'queued') {
          if (this.phase !== 'starting') this.phase = 'running'
        } else if (isEnded(e.status)) void this.ended(e.status, e.error)
        break
    }
  }

  private async ended(status: string, error?: string, unknown = false): Promise<void> {
    const runId = this.runId
    this.phase = 'ended'
    this.endStatus = status
    this.note = null
    this.failure = status === 'failed' ? (error ?? 'the training failed') : null
    this.stopTicker()
    this.flush()
    if (status === 'done') this.progress = 1
    if (runId === null) return
    try {
      const d = await call('runs.get', { runId })
      if (this.runId !== runId) return
      this.detail = d
      this.logs = d.log.map((l) => l.message)
      if (unknown) {
        this.endStatus = d.status
        this.failure = d.error
      }
      // The stored curves are complete even if some live events were missed.
      const s = await call('runs.series', { runId, names: [...CURVES], maxPoints: 20_000 })
      if (this.runId !== runId) return
      this.curves.load(s.steps, s.values)
      this.revision++
    } catch (e) {
      if (!(e instanceof LabError && e.code === 'not_found')) errors.report(e, `Read training #${runId}`)
    }
  }

  // ── helpers ──────────────────────────────────────────────────────────────────────────

  private startTicker(): void {
    if (this.timer === null) this.timer = setInterval(() => this.flush(), TICK_MS)
  }

  private stopTicker(): void {
    if (this.timer !== null) clearInterval(this.timer)
    this.timer = null
  }

  private flush(): void {
    if (!this.dirty) return
    this.dirty = false
    this.revision++
  }

  private clearView(): void {
    this.curves.clear()
    this.logs = []
    this.detail = null
    this.weights = null
    this.failure = null
    this.endStatus = null
    this.note = null
    this.progress = 0
    this.etaSeconds = null
    this.progressNote = ''
    this.dirty = false
    this.revision++
  }

  private async guard(context: string, f: (runId: number) => Promise<void>): Promise<void> {
    const runId = this.runId
    if (runId === null || !(this.phase === 'running' || this.phase === 'paused')) return
    await whileBusy(this, context, () => f(runId))
  }
}

export const network = new NetworkSession()
