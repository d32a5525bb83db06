// What a job reads from the run store besides its params: an imported image dataset, a stored
// Ising dataset, the weights of the run it continues. Read in main before the job starts (a binding's prepare,
// also the dataset service's galleries); the worker gets them as the engine function's `init`.
// Everything read here comes from a database file and is checked before it is used.

import { LabError } from '../../shared/errors'
import { importedDataset } from '../../shared/kinds/importedDataset'
import { isKindName, jobKinds, type KindName } from '../../shared/kinds'
import { isingDataset } from '../../shared/kinds/isingDataset'
import type { ArtifactData } from '../../shared/types'
import type { LabeledImages } from '../../engine/data/images'
import { DATASET_ARTIFACTS, decodeIsingDataset, type IsingDataset } from '../../engine/ising/datasetFormat'
import type { StoreClient } from '../store/storeClient'

/** The store reads that loading inputs needs. */
export type StoreReader = Pick<StoreClient, 'getRun' | 'getArtifact'>

/** The images a training job names, when it names an imported set (the worker reads the bundled digits itself). */
export async function namedDataset(store: StoreReader, dataset: 'mnist' | { importedId: number }): Promise<{ dataset?: LabeledImages }> {
  return dataset === 'mnist' ? {} : { dataset: await loadImportedDataset(store, dataset.importedId) }
}

/** The images and labels of a 'datasets.import' run. */
export async function loadImportedDataset(store: StoreReader, runId: number): Promise<LabeledImages> {
  const run = await store.getRun(runId)
  if (run.kind !== importedDataset.kind || run.status !== 'done')
    throw new LabError('invalid', `run ${runId} is not an imported dataset (it is a ${run.kind} run, ${run.status})`)
  const described = importedDataset.result.safeParse(run.result)
  if (!described.success) throw new LabError('internal', `dataset run ${runId} has no valid description of its images`)
  const { count, rows, cols, classes } = described.data
  const [pixels, labels] = await Promise.all([store.getArtifact(runId, 'images'), store.getArtifact(runId, 'labels')])
  if (!(pixels.data instanceof Uint8Array) || !(labels.data instanceof Uint8Array))
    throw new LabError('internal', `dataset run ${runId}: its images or labels are not stored as bytes`)
  if (pixels.data.length !== count * rows * cols || labels.data.length !== count)
    throw new LabError('internal', `dataset run ${runId}: its images or labels do not match its ${count} images of ${rows}×${cols}`)
  return { count, rows, cols, classes, pixels: pixels.data, labels: labels.data }
}

/**
 * The final weights of a run of a trained kind, layer by layer: its artifacts whose names
 * `pattern` matches, ordered by the layer number the pattern captures (the engine checks
 * that their shapes fit the network).
 */
export interface TrainedKind {
  kind: KindName
  /** What its runs are called in a message, e.g. "convolutional network". */
  what: string
  /** Its weight artifacts; the first group is the layer number. */
  weights: RegExp
}

export async function loadStoredWeights(store: StoreReader, runId: number, trained: TrainedKind): Promise<Float32Array[]> {
  const { kind, what, weights: pattern } = trained
  const run = await store.getRun(runId)
  if (run.kind !== kind) throw new LabError('invalid', `run ${runId} is not a ${what} run: only the weights of a ${what} can be trained further here`)
  const layers = run.artifacts
    .map((a) => ({ name: a.name, layer: Number(pattern.exec(a.name)?.[1]) }))
    .filter((a) => a.layer > 0)
    .sort((a, b) => a.layer - b.layer)
  if (layers.length === 0) throw new LabError('invalid', `run ${runId} has no stored weights to continue from`)
  const arrays = await Promise.all(layers.map((a) => store.getArtifact(runId, a.name)))
  return arrays.map((a) => (a.data instanceof Float32Array ? a.data : Float32Array.from(a.data)))
}

/**
 * The four artifacts of a finished 'ising.dataset' run, checked in format and lengths here (the
 * run is refused before it exists when they do not fit); the worker that trains on them
 * decodes them again with every value checked (decodeIsingDataset).
 */
export async function loadIsingDataset(store: StoreReader, runId: number): Promise<{ dataset: IsingDataset; artifacts: Map<string, ArtifactData> }> {
  const run = await store.getRun(runId)
  if (run.kind !== isingDataset.kind) {
    const what = isKindName(run.kind) ? `“${jobKinds[run.kind].title}”` : run.kind === importedDataset.kind ? `“${importedDataset.title}”` : `'${run.kind}'`
    throw new LabError('invalid', `run ${runId} is not an Ising dataset (it is a ${what} run): choose a run of “${isingDataset.title}”`)
  }
  if (run.status !== 'done') throw new LabError('invalid', `Ising dataset run ${runId} did not finish (${run.status}): it holds no complete dataset`)
  const artifacts = new Map<string, ArtifactData>()
  for (const name of Object.values(DATASET_ARTIFACTS)) {
    if (!run.artifacts.some((a) => a.name === name)) throw new LabError('invalid', `Ising dataset run ${runId} has no '${name}' artifact: it is incomplete`)
    artifacts.set(name, await store.getArtifact(runId, name))
  }
  try {
    return { dataset: decodeIsingDataset(artifacts, { values: false }), artifacts }
  } catch (e) {
    throw new LabError('invalid', `run ${runId} cannot be read as an Ising dataset: ${e instanceof Error ? e.message : String(e)}`)
  }
}
