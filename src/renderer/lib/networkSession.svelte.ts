// The Network panel's model: the builder's form, the imported datasets and stored models to
// choose from, and the one run on show — a JobSession of the training kind: a training live from
// the service (curves, progress, logs, first-layer weights as they change) or a stored model
// reopened. Module-level, so switching panels keeps it, and a reload reattaches to a training
// still running.

import { networkTrain, type NetworkPreset } from '../../shared/kinds/network'
import { importedDataset } from '../../shared/kinds/importedDataset'
import type { KindParams } from '../../shared/kinds'
import type { RunDetail, RunSummary, TypedArray } from '../../shared/types'
import { call, onEvent } from './lab'
import { errors } from './errors.svelte'
import { connection } from './connection.svelte'
import { FrameSink } from './frameSink.svelte'
import type { FrameMeta } from './jobRows'
import { JobSession, type StartOptions } from './jobSession.svelte'
import { LogSink } from './logSink.svelte'
import { SeriesSink } from './seriesSink.svelte'
import {
  applyPreset,
  checkForm,
  defaultForm,
  describeLayers,
  fitDataset,
  formFromParams,
  closestPreset,
  fieldLabels,
  networkPresets,
  type DatasetInfo,
  type FormCheck,
  type NetworkForm,
  type ResumeInfo
} from './networkForm'

/** The curves of a training: x is the epoch position, one value per measurement. */
export const CURVES = ['epoch', 'trainLoss', 'valLoss', 'trainAccuracy', 'valAccuracy', 'lr', 'deadFraction1', 'deadFraction2', 'deadFraction3', 'deadFraction4', 'deadFraction5', 'deadFraction6', 'deadFraction7'] as const
/** Measurements kept for the live charts (the charts thin them for drawing). */
const CURVE_POINTS = 100_000
/** Measurements read back from the store (decimated evenly). */
const STORED_POINTS = 20_000
const TICK_MS = 150

export interface ModelChoice {
  id: number
  name: string
  finishedAt: string | null
}

/** The name a training gets in the run list: what it is at a glance. */
export function runName(f: NetworkForm, datasets: readonly DatasetInfo[]): string {
  const ds = f.dataset === 'mnist' ? 'MNIST' : (datasets.find((d) => d.id === f.dataset)?.name ?? `dataset #${f.dataset}`)
  const base = `MLP ${describeLayers(f.layers)} · ${f.hiddenActivation}/${f.outputActivation} · ${f.optimizer} lr ${f.lr} · ${ds}`
  return (f.resumeFrom !== null ? `${base} · continues #${f.resumeFrom}` : base).slice(0, 200)
}

/** The first layer's weights as the training sends them (meta.kind 'weights': rows × cols floats). */
const isWeights = (data: TypedArray, meta: FrameMeta): boolean =>
  meta.kind === 'weights' && data instanceof Float32Array && typeof meta.rows === 'number' && typeof meta.cols === 'number'

function trainingSinks() {
  return {
    curves: new SeriesSink({ cap: CURVE_POINTS, names: CURVES, storedPoints: STORED_POINTS, reloadOnEnd: true }),
    weights: new FrameSink({ accept: isWeights, shape: (_d, m) => ({ width: Number(m.cols), height: Number(m.rows) }), max: 1, keepAfterEnd: true, immediate: true }),
    logs: new LogSink()
  }
}

export class NetworkModel {
  // ── the builder ──────────────────────────────────────────────────────────────────────
  form = $state<NetworkForm>(defaultForm())
  presetId = $state('modern-mlp')
  datasets = $state.raw<DatasetInfo[]>([])
  models = $state.raw<ModelChoice[]>([])
  /** Architecture of the model named by form.resumeFrom, once loaded. */
  resumeInfo = $state.raw<ResumeInfo | null>(null)

  // ── the run on show ──────────────────────────────────────────────────────────────────
  readonly job = new JobSession(networkTrain.kind, trainingSinks(), {
    tickMs: TICK_MS,
    startContext: 'Train',
    labels: () => fieldLabels(this.form.layers.length),
    // A failed training says why in the panel (Diagnosis), not in the banner.
    reportFailure: false,
    onReattach: (detail, params) => this.reattached(detail, params)
  })
  /** A one-line note for the user (reattached, …). */
  note = $state<string | null>(null)

  private started = false
  private listTimer: ReturnType<typeof setTimeout> | null = null
  private datasetCache = new Map<number, DatasetInfo>()

  get check(): FormCheck {
    return checkForm(this.form, this.datasets, this.resumeInfo)
  }

  get preset(): NetworkPreset | undefined {
    return networkPresets.find((x) => x.id === this.presetId)
  }

  /** Epochs the run on show asked for (the charts' x range). */
  get epochs(): number | undefined {
    return this.job.params?.epochs
  }

  init(): void {
    if (this.started) return
    this.started = true
    this.job.init()
    onEvent((e) => {
      if (e.type === 'runs.changed') this.refreshListsSoon()
    })
    connection.onReopen(() => this.refreshListsSoon())
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

  chooseDataset(value: 'mnist' | number): void {
    this.form = fitDataset({ ...this.form, dataset: value }, this.datasets)
  }

  /** Copy a stored model's settings into the builder, to train it further from its weights. */
  async continueFrom(runId: number): Promise<void> {
    try {
      const d = await call('runs.get', { runId })
      if (d.kind !== networkTrain.kind) throw new Error(`run #${runId} is a ${d.kind} run, not a network training`)
      if (!d.artifacts.some((a) => a.name === 'weights.1')) throw new Error(`run #${runId} stored no weights to continue from`)
      const f = formFromParams(d.params, this.form.seedText)
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

  // ── the run ──────────────────────────────────────────────────────────────────────────

  /** What Train would send now, or null while the form has problems (a budget question about other params closes). */
  get request(): { input: NonNullable<FormCheck['params']>; opts: StartOptions } | null {
    const check = this.check
    return check.params ? { input: check.params, opts: { seed: check.seed, name: runName(this.form, this.datasets) } } : null
  }

  async start(): Promise<void> {
    if (this.job.active || this.job.busy) return
    const request = this.request
    if (!request) return
    this.note = null
    await this.job.start(request.input, request.opts)
  }

  /** Show a stored model: its curves, diagnosis and results (confusion, gallery, pad). */
  async open(runId: number): Promise<void> {
    this.note = null
    await this.job.open(runId, `Open model #${runId}`)
  }

  /** Back to an empty view (a live run keeps running in the service). */
  close(): void {
    this.job.close()
    this.note = null
  }

  /** The builder takes up the settings of a training found still running after a reload. */
  private reattached(detail: RunDetail, params: KindParams<typeof networkTrain.kind> | null): void {
    this.form = { ...formFromParams(params ?? detail.params, this.form.seedText), resumeFrom: null }
    this.presetId = closestPreset(this.form, this.datasets)?.id ?? ''
    this.note = `Reattached to training #${detail.id} (started ${new Date(detail.createdAt).toLocaleTimeString()}).`
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
      const m = importedDataset.result.safeParse(d.result)
      if (m.success && m.data.count && m.data.rows && m.data.cols && m.data.classes)
        this.datasetCache.set(d.id, { id: d.id, name: d.name, count: m.data.count, rows: m.data.rows, cols: m.data.cols, classes: m.data.classes })
    }
    return done.flatMap((r) => {
      const d = this.datasetCache.get(r.id)
      return d ? [{ ...d, name: r.name }] : []
    })
  }
}

export const network = new NetworkModel()
