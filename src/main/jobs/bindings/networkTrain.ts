import { networkTrain } from '../../../shared/kinds/network'
import { runNetworkTraining } from '../../../engine/nn/trainJob'
import { defineBinding } from '../binding'
import { withBundledDigits } from '../bundledData'
import { loadStoredWeights, namedDataset } from '../storedInputs'

export const networkTrainBinding = defineBinding(networkTrain, {
  prepare: async (p, store) => ({
    ...(await namedDataset(store, p.dataset)),
    ...(p.resumeFrom ? { weights: await loadStoredWeights(store, p.resumeFrom.runId) } : {})
  }),
  run: (p, ctx, init) => runNetworkTraining(p, ctx, withBundledDigits(init))
})
