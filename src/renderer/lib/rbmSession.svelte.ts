// The Boltzmann-machine panel's model: the open tab, one JobSession per kind (training,
// dreaming, completion, thermodynamics, movies) with the sinks its view needs, the Hopfield
// recall set beside a completion, and the stored runs the forms choose from (trained machines,
// Ising datasets). Module level, like the other panels: switching tabs or panels keeps a run and
// its view, and after a reload each session reattaches to its kind's running job.

import { hopfieldRecall } from '../../shared/kinds/hopfield'
import { isingDataset } from '../../shared/kinds/isingDataset'
import { rbmComplete, rbmDream, rbmTrain, rbmTrainParams } from '../../shared/kinds/rbm'
import { rbmThermo } from '../../shared/kinds/rbmThermo'
import { rbmMovies } from '../../shared/kinds/rbmMovies'
import type { KindParams } from '../../shared/kinds'
import type { TypedArray } from '../../shared/types'
import { splitDataset } from '../../engine/data/split'
import { call, onEvent } from './lab'
import { connection } from './connection.svelte'
import { errors } from './errors.svelte'
import { FrameSink } from './frameSink.svelte'
import type { FrameMeta } from './jobRows'
import { JobSession } from './jobSession.svelte'
import { LogSink } from './logSink.svelte'
import { RowSink } from './rowSink.svelte'
import { digitCount, fetchDigits } from './cnnDigits'
import { binarize } from './hopfieldMnist'
import { completeForm, dreamForm, trainForm } from './rbmForms.svelte'
import { corruptedSpins } from './rbmImages'

export type RbmTab = 'worked' | 'train' | 'dream' | 'complete' | 'thermo' | 'movies'

export const RBM_TABS: { id: RbmTab; title: string }[] = [
  { id: 'worked', title: 'Worked example' },
  { id: 'train', title: 'Train' },
  { id: 'dream', title: 'Dream' },
  { id: 'complete', title: 'Complete' },
  { id: 'thermo', title: 'Thermodynamics' },
  { id: 'movies', title: 'Movie ratings' }
]

/** A picture the job sends of this sort (meta.kind), as Float32 rows. */
const framesOf = (kind: string) => (data: TypedArray, meta: FrameMeta) => meta.kind === kind && data instanceof Float32Array

/** The weights frame is W, n_h rows of n_v. */
const weightsShape = (_d: TypedArray, m: FrameMeta) => ({ width: Number(m.visible), height: Number(m.hidden) })
/** Chains' frames: one row of n_v per chain. */
const chainsShape = (d: TypedArray, m: FrameMeta) => ({ width: d.length / Number(m.chains), height: Number(m.chains) })

export const trainJob = new JobSession(
  rbmTrain.kind,
  {
    rows: new RowSink(),
    weights: new FrameSink({ accept: framesOf('weights'), shape: weightsShape, max: 1 }),
    logs: new LogSink()
  },
  { startContext: 'Train', reportFailure: false }
)

export const dreamJob = new JobSession(rbmDream.kind, { rows: new RowSink(), frames: new FrameSink({ accept: framesOf('dream'), shape: chainsShape, max: 1, immediate: true, keepAfterEnd: true }) }, { startContext: 'Dream' })

export const completeJob = new JobSession(
  rbmComplete.kind,
  { rows: new RowSink(), frames: new FrameSink({ accept: framesOf('completion'), shape: chainsShape, max: 1, immediate: true, keepAfterEnd: true }) },
  { startContext: 'Complete' }
)

export const thermoJob = new JobSession(rbmThermo.kind, { rows: new RowSink(), logs: new LogSink() }, { startContext: 'Thermodynamics' })

export const moviesJob = new JobSession(rbmMovies.kind, { rows: new RowSink() }, { startContext: 'Movie ratings' })

/** The Hopfield recall of the corrupted digit a completion got: started by the panel, never taken up after a reload (the Hopfield panel's session is the one that does). */
export const hopfieldBeside = new JobSession(hopfieldRecall.kind, {}, { reattach: false, startContext: 'Hopfield recall beside the completion' })

/** The name of the Hopfield recall run beside completion #id: how the completion's stored view finds it. */
export const hopfieldBesideName = (completionRun: number): string => `Hopfield recall beside completion #${completionRun}`

export interface MachineChoice {
  id: number
  name: string
  params: KindParams<'rbm.train'>
}

export interface DatasetChoice {
  id: number
  name: string
  L: number
  temperatures: number[]
}

class RbmModel {
  tab = $state<RbmTab>('worked')
  /** Finished trainings, newest first. */
  machines = $state.raw<MachineChoice[]>([])
  /** Finished Ising datasets. */
  datasets = $state.raw<DatasetChoice[]>([])

  private started = false
  private listTimer: ReturnType<typeof setTimeout> | null = null
  private cache = new Map<number, MachineChoice | DatasetChoice | null>()

  init(): void {
    if (this.started) return
    this.started = true
    for (const j of [trainJob, dreamJob, completeJob, thermoJob, moviesJob, hopfieldBeside]) j.init()
    onEvent((e) => {
      if (e.type === 'runs.changed') this.refreshSoon()
    })
    connection.onReopen(() => this.refreshSoon())
    void this.refresh()
  }

  machine(id: number | null): MachineChoice | undefined {
    return this.machines.find((m) => m.id === id)
  }

  /** Train with the form; the machine it makes becomes the one to dream from and complete with. */
  async train(): Promise<void> {
    const f = trainForm.read()
    if (!f.params || trainJob.active) return
    const ok = await trainJob.start(f.params, { seed: f.seed, name: trainForm.name.trim() || trainName(f.params) })
    if (!ok) return
    await trainJob.settled()
    if (trainJob.endStatus === 'done' && trainJob.runId !== null) {
      await this.refresh()
      dreamForm.machine = trainJob.runId
      completeForm.machine = trainJob.runId
    }
  }

  /**
   * Complete the digit, then recall the same corrupted digit (the completion's stored mask and
   * item, unknown pixels 0) with a Hopfield network storing training digits of every class.
   */
  async complete(): Promise<void> {
    const f = completeForm.read()
    if (!f.params || completeJob.active) return
    hopfieldBeside.close()
    const ok = await completeJob.start(f.params, { seed: f.seed })
    if (!ok) return
    await completeJob.settled()
    const runId = completeJob.runId
    const machine = this.machine(f.params.machine.runId)
    if (completeJob.endStatus !== 'done' || runId === null || machine?.params.data.source !== 'mnist' || f.perClass === null) return
    try {
      const [mask, truth] = await Promise.all([call('runs.artifact', { runId, name: 'completion.mask' }), call('runs.artifact', { runId, name: 'completion.truth' })])
      const patterns = await trainingDigitPatterns(f.perClass)
      await hopfieldBeside.start(
        {
          width: 28,
          height: 28,
          patterns,
          rule: completeForm.hopfieldRule,
          input: { from: 'state', state: Array.from(corruptedSpins(truth.data, mask.data)) },
          maxSweeps: 50
        },
        { name: hopfieldBesideName(runId) }
      )
    } catch (e) {
      errors.report(e, 'Recall the same digit with a Hopfield network')
    }
  }

  async refresh(): Promise<void> {
    try {
      const [trains, sets] = await Promise.all([call('runs.list', { kind: rbmTrain.kind }), call('runs.list', { kind: isingDataset.kind })])
      const describe = async <T extends MachineChoice | DatasetChoice>(runs: { id: number; name: string; status: string }[], read: (id: number, name: string) => Promise<T | null>): Promise<T[]> => {
        const done = runs.filter((r) => r.status === 'done')
        await Promise.all(done.filter((r) => !this.cache.has(r.id)).map(async (r) => this.cache.set(r.id, await read(r.id, r.name))))
        return done.flatMap((r) => {
          const c = this.cache.get(r.id) as T | null | undefined
          return c ? [{ ...c, name: r.name }] : []
        })
      }
      this.machines = await describe(trains, readMachine)
      this.datasets = await describe(sets, readDataset)
    } catch (e) {
      errors.report(e, 'List trained machines and Ising datasets')
    }
  }

  private refreshSoon(): void {
    if (this.listTimer !== null) return
    this.listTimer = setTimeout(() => {
      this.listTimer = null
      void this.refresh()
    }, 300)
  }
}

/** A training's name in Runs: what it is at a glance. */
export function trainName(p: KindParams<'rbm.train'>): string {
  const data = p.data.source === 'mnist' ? 'digits' : p.data.source === 'isingExact' ? `Ising ${p.data.L}×${p.data.L} T=${p.data.T}` : `Ising dataset #${p.data.runId} T=${p.data.T}`
  const method = p.method === 'exact' ? 'exact ML' : `${p.method.toUpperCase()}-${p.k}`
  const printed = [p.sign === 'printed' ? 'printed sign' : '', p.gibbsRule === 'printed' ? 'printed Gibbs rule' : ''].filter(Boolean).join(', ')
  return `RBM ${p.hidden} hidden · ${method} · ${data}${printed ? ` · ${printed}` : ''}`
}

async function readMachine(id: number, name: string): Promise<MachineChoice | null> {
  const d = await call('runs.get', { runId: id })
  const params = rbmTrainParams.safeParse(d.params)
  return params.success && d.artifacts.some((a) => a.name === 'rbm') ? { id, name, params: params.data } : null
}

async function readDataset(id: number, name: string): Promise<DatasetChoice | null> {
  const d = await call('runs.get', { runId: id })
  const meta = d.artifacts.find((a) => a.name === 'dataset')?.meta
  const temps = meta?.temperatures
  const L = meta?.L
  return Array.isArray(temps) && typeof L === 'number' ? { id, name, L, temperatures: temps.map(Number) } : null
}

/** ±1 patterns of the first `perClass` training digits of every class (binarized as the machines see them). */
async function trainingDigitPatterns(perClass: number): Promise<Int8Array<ArrayBuffer>[]> {
  const train = splitDataset(await digitCount()).train
  const chosen: number[][] = Array.from({ length: 10 }, () => [])
  for (let s = 0; s < train.length && chosen.some((c) => c.length < perClass); s += 500) {
    const digits = await fetchDigits(Array.from(train.subarray(s, s + 500)))
    for (const d of digits) if (chosen[d.label].length < perClass) chosen[d.label].push(d.index)
  }
  const digits = await fetchDigits(chosen.flat())
  return digits.map((d) => Int8Array.from(binarize(d.pixels)))
}

export const rbm = new RbmModel()
