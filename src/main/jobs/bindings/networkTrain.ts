import { networkTrain } from '../../../shared/kinds/network'
import { networkTrainingMemory, runNetworkTraining } from '../../../engine/nn/trainJob'
import { defineBinding } from '../binding'
import { bundledDigitsShape, withBundledDigits } from '../bundledData'
import { loadStoredWeights, namedDataset } from '../storedInputs'

const TRAINED = { kind: networkTrain.kind, what: 'feedforward network', weights: /^weights\.(\d+)$/ }

export const networkTrainBinding = defineBinding(networkTrain, {
  prepare: async (p, store) => ({
    ...(await namedDataset(store, p.dataset)),
    ...(p.resumeFrom ? { weights: await loadStoredWeights(store, p.resumeFrom.runId, TRAINED) } : {})
  }),
  memory: (p, init) => networkTrainingMemory(p, init.dataset ?? bundledDigitsShape(), init.weights !== undefined),
  run: (p, ctx, init) => runNetworkTraining(p, ctx, withBundledDigits(init))
})
