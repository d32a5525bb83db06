import { rbmTrain } from '../../../shared/kinds/rbm'
import { runRbmTraining } from '../../../engine/rbm/trainJob'
import { rbmTrainingMemory } from '../../../engine/rbm/memory'
import { defineBinding } from '../binding'
import { DATASET_ARTIFACTS } from '../../../engine/ising/datasetFormat'
import { bundledDigits, bundledDigitsShape } from '../bundledData'
import { datasetValues, decodedDataset, loadIsingDataset, type StoredIsingDataset } from '../rbmInputs'

/** The side L of a stored dataset's lattices (0 when its meta does not say: the data term still counts its spins). */
const storedSide = (d: StoredIsingDataset | undefined): number => {
  const L = Number(d?.[DATASET_ARTIFACTS.spins]?.meta?.L)
  return Number.isFinite(L) && L > 0 ? L : 0
}

export const rbmTrainBinding = defineBinding(rbmTrain, {
  prepare: async (p, store) => ({ dataset: p.data.source === 'isingDataset' ? await loadIsingDataset(store, p.data.runId, [p.data.T]) : undefined }),
  memory: (p, init) => {
    const d = p.data
    const digits = d.source === 'mnist' ? bundledDigitsShape() : null
    const nv = digits ? digits.rows * digits.cols : d.source === 'isingExact' ? d.L * d.L : storedSide(init.dataset) ** 2
    // a stored dataset's spins, twice when symmetrised (its other arrays are counted with them: high, not low)
    const dataValues = digits ? (d.source === 'mnist' && d.trainSize > 0 ? Math.min(d.trainSize, digits.count) : digits.count) * nv : d.source === 'isingExact' ? (d.symmetrize ? 2 : 1) * d.samples * nv : 2 * datasetValues(init.dataset)
    return rbmTrainingMemory({ nv, nh: p.hidden, dataValues, batchSize: p.batchSize, aisChains: p.ais?.chains ?? 0 })
  },
  run: (p, ctx, init) => runRbmTraining(p, ctx, { digits: p.data.source === 'mnist' ? bundledDigits() : undefined, isingDataset: decodedDataset(init.dataset) })
})
