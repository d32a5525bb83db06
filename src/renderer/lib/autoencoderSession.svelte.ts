// The Autoencoder panel's state: the builder's form, the stored datasets and runs to choose
// from, the training job (one JobSession of 'autoencoder.train'), and the run on show below it
// (the training's once it has ended, or a stored one opened). Fig. 14 from a fresh install is
// two jobs chained here: the Ising dataset the preset asks for is generated first (through the
// Ising panel's dataset session, so that tab shows it too) unless a stored one fits, and the
// training starts on it when it is done. The chain waits in the workspace (autoencoderWorkspace),
// so a reload or a restart while the dataset is being made still ends in the training. Module
// level: switching panels keeps it.

import { autoencoderTrain, type AutoencoderTrainParams } from '../../shared/kinds/autoencoder'
import { autoencoderPresets } from '../../shared/kinds/autoencoderPresets'
import { importedDataset } from '../../shared/kinds/importedDataset'
import { isingDataset, type IsingDatasetParams } from '../../shared/kinds/isingDataset'
import type { LabEvent, RunDetail } from '../../shared/types'
import { call, onEvent } from './lab'
import { errors } from './errors.svelte'
import { connection } from './connection.svelte'
import { JobSession } from './jobSession.svelte'
import { RowSink } from './rowSink.svelte'
import { FrameSink } from './frameSink.svelte'
import { datasetJob } from './isingJobs.svelte'
import { isEnded } from './liveJob'
import { AUTOENCODER_LABELS, defaultForm, formFromPreset, GENERATE, readForm, runName, type AutoencoderForm, type FormRead } from './autoencoderForm'

export interface DatasetChoice {
  id: number
  name: string
  /** Ising: the side L and the generation params (to find one that fits a preset). */
  L?: number
  params?: Record<string, unknown>
  count: number
  /** Images: rows × cols. */
  inputSize: number
}

export interface RunChoice {
  id: number
  name: string
  finishedAt: string | null
}

export interface PendingTraining {
  datasetRunId: number
  params: AutoencoderTrainParams
  seed?: number
  name: string
}

/** Whether a stored dataset was made with the generation params asked for now. */
function fits(d: DatasetChoice, g: IsingDatasetParams): boolean {
  const p = d.params as Partial<IsingDatasetParams> | undefined
  if (!p || !g.range || !p.range) return false
  return p.L === g.L && p.samples === g.samples && p.algorithm === g.algorithm && p.range.Tmin === g.range.Tmin && p.range.Tmax === g.range.Tmax && p.range.points === g.range.points
}

/** A training's metric rows, and the validation items with their reconstructions as it learns (meta.kind 'reconstructions'). */
function trainingSinks() {
  return {
    rows: new RowSink(),
    reconstructions: new FrameSink({
      accept: (_d, meta) => meta.kind === 'reconstructions',
      shape: (_d, m) => ({ width: Number(m.cols) || 0, height: 2 * (Number(m.count) || 0) * (Number(m.rows) || 0) }),
      max: 1
    })
  }
}

class AutoencoderLab {
  form = $state<AutoencoderForm>(defaultForm())
  readonly training = new JobSession(autoencoderTrain.kind, trainingSinks(), { labels: AUTOENCODER_LABELS })
  isingSets = $state.raw<DatasetChoice[]>([])
  idxSets = $state.raw<DatasetChoice[]>([])
  runs = $state.raw<RunChoice[]>([])
  /** The run shown below the live view. */
  shown = $state.raw<{ runId: number; detail: RunDetail } | null>(null)
  /** A training waiting for its dataset to be generated (kept in the workspace, restored before init). */
  pending = $state.raw<PendingTraining | null>(null)
  /** β values still to train, one run after another (the β-VAE comparison). */
  betaQueue = $state.raw<number[]>([])
  note = $state<string | null>(null)

  private started = false
  private listTimer: ReturnType<typeof setTimeout> | null = null

  init(): void {
    if (this.started) return
    this.started = true
    this.training.init()
    datasetJob.init()
    onEvent((e) => this.onEvent(e))
    connection.onReopen(() => void this.refreshLists())
    void this.refreshLists().then(() => this.resumePending())
  }

  get read(): FormRead {
    return readForm(this.form)
  }

  /** Values per item of the chosen data, when known (for the architecture line). */
  get inputSize(): number | null {
    const f = this.form
    if (f.source === 'mnist') return 784
    if (f.source === 'oscillator') return Number(f.osc.samples) || null
    if (f.source === 'idx') return this.idxSets.find((d) => String(d.id) === f.importedId)?.inputSize ?? null
    if (f.isingRun === GENERATE) return (Number(f.gen.L) || 0) ** 2 || null
    return this.isingSets.find((d) => String(d.id) === f.isingRun)?.inputSize ?? null
  }

  choosePreset(id: string): void {
    const p = autoencoderPresets.find((x) => x.id === id)
    if (p) this.form = formFromPreset(p, this.form)
  }

  get busy(): boolean {
    return this.training.active || this.training.busy || datasetJob.active || this.pending !== null
  }

  /** Train, after generating the Ising dataset first when the form asks for a new one and none stored fits. */
  async start(): Promise<void> {
    if (this.busy) return
    const r = this.read
    if (!r.params) return
    const params = r.params
    const name = this.form.name.trim() || runName(params, this.inputSize)
    this.note = null
    if (params.dataset.source === 'ising' && r.generate) {
      const g = r.generate
      const stored = this.isingSets.find((d) => fits(d, g))
      if (stored) {
        this.note = `Using the stored Ising dataset #${stored.id} (${stored.name}): it was made with these settings.`
        await this.train({ ...params, dataset: { source: 'ising', runId: stored.id } }, r.seed, name)
        return
      }
      const ok = await datasetJob.start(g, { name: `Dataset for Fig. 14: L = ${g.L}, ${g.range?.points ?? ''} T × ${g.samples}`, seed: r.seed })
      if (!ok || datasetJob.runId === null) return
      this.pending = { datasetRunId: datasetJob.runId, params, seed: r.seed, name }
      this.note = `Generating the Ising dataset (run #${datasetJob.runId}); the training starts when it is done.`
      return
    }
    await this.train(params, r.seed, name)
  }

  /** Train the form's network once for each β (a β-VAE comparison), one run after another. */
  async startBetaSeries(betas: number[]): Promise<void> {
    if (this.busy || betas.length === 0) return
    this.form = { ...this.form, variational: true, beta: String(betas[0]) }
    this.betaQueue = betas.slice(1)
    await this.start()
  }

  cancelPending(): void {
    this.pending = null
    this.betaQueue = []
    this.note = null
  }

  private async train(params: AutoencoderTrainParams, seed: number | undefined, name: string): Promise<void> {
    this.shown = null
    await this.training.start(params, { seed, name })
  }

  /** After a reload: the dataset a training waits for may have ended meanwhile. */
  private async resumePending(): Promise<void> {
    const p = this.pending
    if (!p) return
    try {
      const d = await call('runs.get', { runId: p.datasetRunId })
      if (d.status === 'running') return
      await this.datasetEnded(p.datasetRunId, d.status)
    } catch (e) {
      this.pending = null
      errors.report(e, 'Continue Fig. 14 after its dataset')
    }
  }

  private async datasetEnded(runId: number, status: string): Promise<void> {
    const p = this.pending
    if (!p || p.datasetRunId !== runId) return
    this.pending = null
    if (status !== 'done') {
      this.note = `The dataset run #${runId} ended ${status}: no training started.`
      return
    }
    this.note = null
    await this.refreshLists()
    this.form = { ...this.form, isingRun: String(runId) }
    await this.train({ ...p.params, dataset: { source: 'ising', runId } }, p.seed, p.name)
  }

  /** Show a stored run below the live view. */
  async open(runId: number): Promise<void> {
    try {
      this.shown = { runId, detail: await call('runs.get', { runId }) }
    } catch (e) {
      errors.report(e, `Open autoencoder run #${runId}`)
    }
  }

  async refreshLists(): Promise<void> {
    try {
      const [ising, idx, runs] = await Promise.all([
        call('runs.list', { kind: isingDataset.kind, limit: 60 }),
        call('runs.list', { kind: importedDataset.kind, limit: 60 }),
        call('runs.list', { kind: autoencoderTrain.kind, limit: 200 })
      ])
      const isingDone = ising.filter((r) => r.status === 'done').slice(0, 30)
      const details = await Promise.all(isingDone.map((r) => call('runs.get', { runId: r.id })))
      this.isingSets = details.map((d) => {
        const res = d.result as { L?: number; count?: number } | null
        const L = typeof res?.L === 'number' ? res.L : 0
        return { id: d.id, name: d.name, L, params: d.params, count: typeof res?.count === 'number' ? res.count : 0, inputSize: L * L }
      })
      const idxDetails = await Promise.all(idx.filter((r) => r.status === 'done').map((r) => call('runs.get', { runId: r.id })))
      this.idxSets = idxDetails.map((d) => {
        const res = d.result as { count?: number; rows?: number; cols?: number } | null
        return { id: d.id, name: d.name, count: res?.count ?? 0, inputSize: (res?.rows ?? 0) * (res?.cols ?? 0) }
      })
      this.runs = runs.filter((r) => r.status === 'done').map((r) => ({ id: r.id, name: r.name, finishedAt: r.finishedAt }))
    } catch (e) {
      errors.report(e, 'List the datasets and autoencoder runs')
    }
  }

  private refreshListsSoon(): void {
    if (this.listTimer !== null) return
    this.listTimer = setTimeout(() => {
      this.listTimer = null
      void this.refreshLists()
    }, 400)
  }

  private onEvent(e: LabEvent): void {
    if (e.type === 'runs.changed') {
      this.refreshListsSoon()
      return
    }
    if (e.type !== 'job.status' || !isEnded(e.status)) return
    if (this.pending && e.runId === this.pending.datasetRunId) void this.datasetEnded(e.runId, e.status)
    else if (e.kind === autoencoderTrain.kind && e.runId === this.training.runId) void this.trainingEnded(e.runId, e.status)
  }

  private async trainingEnded(runId: number, status: string): Promise<void> {
    if (status === 'done') await this.open(runId)
    const next = this.betaQueue[0]
    if (next === undefined || status !== 'done') {
      this.betaQueue = []
      return
    }
    this.betaQueue = this.betaQueue.slice(1)
    this.form = { ...this.form, beta: String(next) }
    await this.start()
  }
}

export const autoencoderLab = new AutoencoderLab()
