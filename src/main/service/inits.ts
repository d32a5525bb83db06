// What a job needs besides its params, fetched from the store before it starts: an imported
// dataset, the weights of the run it continues. Loaded by the store thread, handed to the
// worker as the engine function's `init`.

import { LabError } from '../../shared/errors'
import type { StoreClient } from '../store/storeClient'

interface DatasetRef {
  importedId: number
}
interface TrainParams {
  dataset?: 'mnist' | DatasetRef
  resumeFrom?: { runId: number }
}

export const IMPORTED_DATASET_KIND = 'dataset.idx'

async function importedDataset(store: StoreClient, ref: DatasetRef): Promise<unknown> {
  const run = await store.getRun(ref.importedId)
  if (run.kind !== IMPORTED_DATASET_KIND || run.status !== 'done')
    throw new LabError('invalid', `run ${ref.importedId} is not an imported dataset (it is a ${run.kind} run, ${run.status})`)
  const meta = run.result as { count: number; rows: number; cols: number; classes: number } | null
  if (!meta) throw new LabError('internal', `dataset run ${ref.importedId} has no description`)
  const [pixels, labels] = await Promise.all([store.getArtifact(ref.importedId, 'images'), store.getArtifact(ref.importedId, 'labels')])
  return { count: meta.count, rows: meta.rows, cols: meta.cols, classes: meta.classes, pixels: pixels.data, labels: labels.data }
}

/** The training kinds: what their runs are called, and their weight artifacts (l = layer number). */
const TRAINED: Record<string, { what: string; weights: RegExp }> = {
  'network.train': { what: 'feedforward network', weights: /^weights\.(\d+)$/ },
  'cnn.train': { what: 'convolutional network', weights: /^cnn\.weights\.(\d+)$/ }
}

async function storedWeights(store: StoreClient, kind: string, runId: number): Promise<Float32Array[]> {
  const run = await store.getRun(runId)
  const { what, weights: pattern } = TRAINED[kind]
  if (run.kind !== kind) throw new LabError('invalid', `run ${runId} is not a ${what} run: only the weights of a ${what} can be trained further here`)
  const names = run.artifacts
    .map((a) => ({ name: a.name, layer: Number(pattern.exec(a.name)?.[1]) }))
    .filter((a) => a.layer > 0)
    .sort((a, b) => a.layer - b.layer)
    .map((a) => a.name)
  if (names.length === 0) throw new LabError('invalid', `run ${runId} has no stored weights to continue from`)
  const arrays = await Promise.all(names.map((n) => store.getArtifact(runId, n)))
  return arrays.map((a) => (a.data instanceof Float32Array ? a.data : Float32Array.from(a.data)))
}

export async function prepareInit(store: StoreClient, kind: string, params: unknown): Promise<unknown> {
  if (!Object.prototype.hasOwnProperty.call(TRAINED, kind)) return undefined
  const p = params as TrainParams
  const init: Record<string, unknown> = {}
  if (p.dataset && p.dataset !== 'mnist') init.dataset = await importedDataset(store, p.dataset)
  if (p.resumeFrom) init.weights = await storedWeights(store, kind, p.resumeFrom.runId)
  return init
}
