import { autoencoderTrain, dataFitIssues, type AutoencoderTrainParams } from '../../../shared/kinds/autoencoder'
import { LabError } from '../../../shared/errors'
import type { ArtifactData } from '../../../shared/types'
import { runAutoencoderTraining } from '../../../engine/autoencoder/trainJob'
import type { LabeledImages } from '../../../engine/data/images'
import { splitDataset } from '../../../engine/data/split'
import { decodeIsingDataset } from '../../../engine/ising/datasetFormat'
import { defineBinding } from '../binding'
import { bundledDigits } from '../bundledData'
import { loadImportedDataset, loadIsingDataset } from '../storedInputs'

interface Prepared {
  images?: LabeledImages
  /** A stored Ising dataset's artifacts, checked in shape; the worker checks every value. */
  isingArtifacts?: Map<string, ArtifactData>
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
  run: (p, ctx, init) =>
    runAutoencoderTraining(p, ctx, {
      images: init.images ?? (p.dataset.source === 'mnist' ? bundledDigits() : undefined),
      ising: init.isingArtifacts ? decodeIsingDataset(init.isingArtifacts) : undefined
    })
})
