import { rbmTrain } from '../../../shared/kinds/rbm'
import { runRbmTraining } from '../../../engine/rbm/trainJob'
import { defineBinding } from '../binding'
import { bundledDigits } from '../bundledData'
import { decodedDataset, loadIsingDataset } from '../rbmInputs'

export const rbmTrainBinding = defineBinding(rbmTrain, {
  prepare: async (p, store) => ({ dataset: p.data.source === 'isingDataset' ? await loadIsingDataset(store, p.data.runId, [p.data.T]) : undefined }),
  run: (p, ctx, init) => runRbmTraining(p, ctx, { digits: p.data.source === 'mnist' ? bundledDigits() : undefined, isingDataset: decodedDataset(init.dataset) })
})
