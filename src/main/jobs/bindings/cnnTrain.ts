import { cnnTrain } from '../../../shared/kinds/cnn'
import { runCnnTraining } from '../../../engine/cnn/cnnTrainJob'
import { defineBinding } from '../binding'
import { withBundledDigits } from '../bundledData'
import { loadStoredWeights, namedDataset } from '../storedInputs'

const TRAINED = { kind: cnnTrain.kind, what: 'convolutional network', weights: /^cnn\.weights\.(\d+)$/ }

export const cnnTrainBinding = defineBinding(cnnTrain, {
  prepare: async (p, store) => ({
    ...(await namedDataset(store, p.dataset)),
    ...(p.resumeFrom ? { weights: await loadStoredWeights(store, p.resumeFrom.runId, TRAINED) } : {})
  }),
  run: (p, ctx, init) => runCnnTraining(p, ctx, withBundledDigits(init))
})
