import { autoencoderTrain, dataFitIssues, type AutoencoderTrainParams } from '../../../shared/kinds/autoencoder'
import { LabError } from '../../../shared/errors'
import type { ArtifactData } from '../../../shared/types'
import { autoencoderTrainingMemory, runAutoencoderTraining, type AutoencoderDataShape } from '../../../engine/autoencoder/trainJob'
import { imageSetBytes, type LabeledImages } from '../../../engine/data/images'
import { splitDataset } from '../../../engine/data/split'
import { DATASET_ARTIFACTS, decodeIsingDataset } from '../../../engine/ising/datasetFormat'
import { defineBinding } from '../binding'
import { bundledDigits, bundledDigitsShape } from '../bundledData'
import { loadImportedDataset, loadIsingDataset } from '../storedInputs'

interface Prepared {
  images?: LabeledImages
  /** A stored Ising dataset's artifacts, checked in shape; the worker checks every value. */
  isingArtifacts?: Map<string, ArtifactData>
}

/** The data a run will hold: the bundled digits, an imported set, a stored Ising dataset (spins, T, E, m), or generated trajectories (Float32, with 5 physical parameters each). */
function dataShape(p: AutoencoderTrainParams, init: Prepared): AutoencoderDataShape {
  const src = p.dataset
  if (src.source === 'oscillator') return { count: src.count, inputSize: src.samples, bytes: src.count * (4 * src.samples + 5 * 8) }
  if (init.isingArtifacts) {
    const spins = init.isingArtifacts.get(DATASET_ARTIFACTS.spins)?.data.length ?? 0
    const count = init.isingArtifacts.get(DATASET_ARTIFACTS.T)?.data.length ?? 1
    return { count, inputSize: spins / Math.max(1, count), bytes: spins + 3 * 8 * count }
  }
  const images = init.images ?? bundledDigitsShape()
  return { count: images.count, inputSize: images.rows * images.cols, bytes: imageSetBytes(images) }
}

/** Refuse params that the stored data cannot serve, in the words the schema uses. */
function refuseMisfits(p: AutoencoderTrainParams, input: number, trainingItems: number): void {
  const issues = dataFitIssues(p, input, trainingItems).map((i) => `${i.path.join('.')}: ${i.message}`)
  if (issues.length > 0) throw new LabError('invalid', `Invalid params for ${autoencoderTrain.kind}: ${issues.join('; ')}`, issues)
}

export const autoencoderTrainBinding = defineBinding(autoencoderTrain, {
  prepare: async (p, store): Promise<Prepared> => {
    const src = p.dataset
    const rule = p.anomaly
    if (src.source === 'idx') {
      const images = await loadImportedDataset(store, src.importedId)
      if (rule && 'heldOutClass' in rule && rule.heldOutClass >= images.classes)
        throw new LabError('invalid', `Invalid params for ${autoencoderTrain.kind}: anomaly.heldOutClass: the imported set has classes 0–${images.classes - 1}`)
      const train = splitDataset(images.count).train.filter((i) => !(rule && 'heldOutClass' in rule && images.labels[i] === rule.heldOutClass))
      refuseMisfits(p, images.rows * images.cols, train.length)
      return { images }
    }
    if (src.source === 'ising') {
      const { dataset, artifacts } = await loadIsingDataset(store, src.runId)
      const train = splitDataset(dataset.count).train.filter((i) => !(rule && 'normalBelowT' in rule && dataset.T[i] >= rule.normalBelowT))
      refuseMisfits(p, dataset.L * dataset.L, train.length)
      return { isingArtifacts: artifacts }
    }
    return {}
  },
  memory: (p, init) => autoencoderTrainingMemory(p, dataShape(p, init)),
  run: (p, ctx, init) =>
    runAutoencoderTraining(p, ctx, {
      images: init.images ?? (p.dataset.source === 'mnist' ? bundledDigits() : undefined),
      ising: init.isingArtifacts ? decodeIsingDataset(init.isingArtifacts) : undefined
    })
})
