// What the Boltzmann-machine jobs read from the run store besides their params: a stored Ising
// dataset to train on, and for dreaming and completion the trained machine with what its
// training run learned from. Read and checked in main before the run exists (a refusal stores
// nothing: the wrong kind of run, one that did not finish, a damaged machine, a temperature the
// dataset lacks, an item beyond the test set); the heavy part — decoding the dataset, rebuilding
// the training run's rows — is left to the worker (rbmRows below).

import { LabError } from '../../shared/errors'
import { isingDataset } from '../../shared/kinds/isingDataset'
import { BUNDLED_DIGITS, rbmTrain, rbmTrainParams, type RbmTrainParams } from '../../shared/kinds/rbm'
import { DATASET_ARTIFACTS, decodeIsingDataset, type DatasetArtifactInput } from '../../engine/ising/datasetFormat'
import { RBM_ARTIFACT, rbmFromArtifact } from '../../engine/rbm/artifact'
import { trainingRunRowCount, trainingRunRows } from '../../engine/rbm/jobData'
import type { RbmRows } from '../../engine/rbm/validate'
import { bundledDigits, bundledDigitsShape } from './bundledData'
import type { StoreReader } from './storedInputs'

/** The four artifacts of an 'ising.dataset' run, as stored (decoded in the worker). */
export type StoredIsingDataset = Record<string, DatasetArtifactInput>

interface DatasetBlocks {
  temperatures: number[]
  counts: number[]
}

/** The temperatures of a finished 'ising.dataset' run and the configurations at each, from its meta. */
async function datasetRun(store: StoreReader, runId: number): Promise<DatasetBlocks> {
  const run = await store.getRun(runId)
  if (run.kind !== isingDataset.kind) throw new LabError('invalid', `run #${runId} is not an Ising dataset (it is a ${run.kind} run)`)
  if (run.status !== 'done') throw new LabError('invalid', `the Ising dataset #${runId} did not finish (${run.status}): choose a finished one`)
  const meta = run.artifacts.find((a) => a.name === DATASET_ARTIFACTS.spins)?.meta
  const temperatures = meta?.temperatures
  const counts = meta?.counts
  if (!Array.isArray(temperatures) || !Array.isArray(counts) || temperatures.length !== counts.length)
    throw new LabError('invalid', `the Ising dataset #${runId} stored no configurations`)
  return { temperatures: temperatures.map(Number), counts: counts.map(Number) }
}

/** The configurations a dataset run holds at T (0 when it has none). */
const countAt = (d: DatasetBlocks, T: number): number => d.counts[d.temperatures.indexOf(T)] ?? 0

/**
 * The artifacts of the Ising dataset #runId, after checking that it has configurations at every
 * temperature asked for.
 */
export async function loadIsingDataset(store: StoreReader, runId: number, temperatures: readonly number[]): Promise<StoredIsingDataset> {
  return (await loadDatasetBlocks(store, runId, temperatures)).artifacts
}

async function loadDatasetBlocks(store: StoreReader, runId: number, temperatures: readonly number[]): Promise<DatasetBlocks & { artifacts: StoredIsingDataset }> {
  const d = await datasetRun(store, runId)
  const missing = temperatures.filter((T) => countAt(d, T) === 0)
  if (missing.length)
    throw new LabError('invalid', `the Ising dataset #${runId} has no configurations at T = ${missing.join(', ')} (it has T = ${d.temperatures.join(', ')})`)
  const parts = await Promise.all(Object.values(DATASET_ARTIFACTS).map(async (name) => [name, await store.getArtifact(runId, name)] as const))
  return { ...d, artifacts: Object.fromEntries(parts.map(([name, a]) => [name, { data: a.data, meta: a.info.meta }])) }
}

/** A trained machine as the dreaming and completion jobs get it. */
export interface TrainedMachine {
  /** The 'rbm' artifact of the training run. */
  machine: { data: unknown; meta: Record<string, unknown> }
  /** Its layers, as checked. */
  visible: { nv: number; nh: number; units: 'binary' | 'spin' }
  /** The training run's params and seed: its validation and test rows are rebuilt from them. */
  training: { params: RbmTrainParams; seed: number }
  /** The stored dataset it trained on, when it did. */
  dataset?: StoredIsingDataset
  /** How many items trainingRunRows gives it for 'test'. */
  items: number
}

/** The machine of the finished rbm.train run #runId, checked whole. */
export async function loadTrainedMachine(store: StoreReader, runId: number): Promise<TrainedMachine> {
  const run = await store.getRun(runId)
  if (run.kind !== rbmTrain.kind) throw new LabError('invalid', `run #${runId} is not a trained Boltzmann machine (it is a ${run.kind} run)`)
  if (run.status !== 'done' || !run.artifacts.some((a) => a.name === RBM_ARTIFACT))
    throw new LabError('invalid', `the Boltzmann machine #${runId} has no trained machine to sample (it ended ${run.status})`)
  const params = rbmTrainParams.safeParse(run.params)
  if (!params.success) throw new LabError('invalid', `the Boltzmann machine #${runId} was trained with settings this version cannot read again`)
  const a = await store.getArtifact(runId, RBM_ARTIFACT)
  let visible: TrainedMachine['visible']
  try {
    const { meta } = rbmFromArtifact(a.data, a.info.meta)
    visible = { nv: meta.nv, nh: meta.nh, units: meta.units }
  } catch (e) {
    throw new LabError('invalid', `the stored Boltzmann machine #${runId} is damaged: ${e instanceof Error ? e.message : String(e)}`)
  }
  const data = params.data.data
  let dataset: StoredIsingDataset | undefined
  let datasetCount = 0
  if (data.source === 'isingDataset') {
    const d = await loadDatasetBlocks(store, data.runId, [data.T])
    dataset = d.artifacts
    datasetCount = countAt(d, data.T)
  }
  return {
    machine: { data: a.data, meta: a.info.meta },
    visible,
    training: { params: params.data, seed: run.seed },
    ...(dataset ? { dataset } : {}),
    items: trainingRunRowCount(data, BUNDLED_DIGITS, datasetCount)
  }
}

/** In the worker: the decoded dataset of a stored one. */
export const decodedDataset = (d: StoredIsingDataset | undefined) => (d ? decodeIsingDataset(d) : undefined)

/** In the worker: the training run's validation or test rows, rebuilt from its params and seed. */
export function rbmRows(t: TrainedMachine, which: 'val' | 'test'): RbmRows {
  const p = t.training.params
  return trainingRunRows(p, t.training.seed, { digits: p.data.source === 'mnist' ? bundledDigits() : undefined, isingDataset: decodedDataset(t.dataset) }, which)
}

/** How many numbers a stored dataset's arrays hold (its configurations and their measurements). */
export function datasetValues(dataset: StoredIsingDataset | undefined): number {
  let n = 0
  for (const a of Object.values(dataset ?? {})) if (ArrayBuffer.isView(a.data)) n += (a.data as unknown as ArrayLike<number>).length
  return n
}

/** The machine's layers and how many data rows its training run's rows are rebuilt from: a dream's or a completion's memory. */
export function trainedMachineShape(t: TrainedMachine): { nv: number; nh: number; rows: number } {
  const d = t.training.params.data
  const rows = d.source === 'mnist' ? bundledDigitsShape().count : d.source === 'isingExact' ? (d.symmetrize ? 2 : 1) * d.samples : datasetValues(t.dataset) / t.visible.nv
  return { nv: t.visible.nv, nh: t.visible.nh, rows }
}
