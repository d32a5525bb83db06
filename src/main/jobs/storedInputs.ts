// What a job reads from the run store besides its params: an imported image dataset, the
// weights of the run it continues. Read in main before the job starts (a binding's prepare,
// also the dataset service's galleries); the worker gets them as the engine function's `init`.
// Everything read here comes from a database file and is checked before it is used.

import { LabError } from '../../shared/errors'
import { importedDataset } from '../../shared/kinds/importedDataset'
import type { LabeledImages } from '../../engine/data/images'
import { weightsFromArtifacts } from '../../engine/nn/trainJob'
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

/** The final weights of a network.train run, layer by layer. */
export async function loadStoredWeights(store: StoreReader, runId: number): Promise<Float32Array[]> {
  const run = await store.getRun(runId)
  const names = run.artifacts.map((a) => a.name).filter((n) => /^weights\.\d+$/.test(n))
  if (names.length === 0) throw new LabError('invalid', `run ${runId} has no stored weights to continue from`)
  const artifacts = await Promise.all(names.map(async (name) => ({ name, data: (await store.getArtifact(runId, name)).data })))
  try {
    return weightsFromArtifacts(artifacts)
  } catch (e) {
    throw new LabError('invalid', `run ${runId} cannot be continued: ${e instanceof Error ? e.message : String(e)}`)
  }
}
