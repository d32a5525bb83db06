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

async function storedWeights(store: StoreClient, runId: number): Promise<Float32Array[]> {
  const run = await store.getRun(runId)
  const names = run.artifacts
    .map((a) => a.name)
    .filter((n) => /^weights\.\d+$/.test(n))
    .sort((a, b) => Number(a.slice(8)) - Number(b.slice(8)))
  if (names.length === 0) throw new LabError('invalid', `run ${runId} has no stored weights to continue from`)
  const arrays = await Promise.all(names.map((n) => store.getArtifact(runId, n)))
  return arrays.map((a) => (a.data instanceof Float32Array ? a.data : Float32Array.from(a.data)))
}

export async function prepareInit(store: StoreClient, kind: string, params: unknown): Promise<unknown> {
  if (kind !== 'network.train' && kind !== 'cnn.train') return undefined
  const p = params as TrainParams
  const init: Record<string, unknown> = {}
  if (p.dataset && p.dataset !== 'mnist') init.dataset = await importedDataset(store, p.dataset)
  if (kind === 'network.train' && p.resumeFrom) init.weights = await storedWeights(store, p.resumeFrom.runId)
  return init
}
