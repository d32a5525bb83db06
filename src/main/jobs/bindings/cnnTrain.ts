import { cnnTrain } from '../../../shared/kinds/cnn'
import { cnnTrainingMemory, runCnnTraining } from '../../../engine/cnn/cnnTrainJob'
import { defineBinding } from '../binding'
import { bundledDigitsShape, withBundledDigits } from '../bundledData'
import { loadStoredWeights, namedDataset } from '../storedInputs'

const TRAINED = { kind: cnnTrain.kind, what: 'convolutional network', weights: /^cnn\.weights\.(\d+)$/ }

export const cnnTrainBinding = defineBinding(cnnTrain, {
  prepare: async (p, store) => ({
    ...(await namedDataset(store, p.dataset)),
    ...(p.resumeFrom ? { weights: await loadStoredWeights(store, p.resumeFrom.runId, TRAINED) } : {})
  }),
  memory: (p, init) => cnnTrainingMemory(p, init.dataset ?? bundledDigitsShape(), init.weights !== undefined),
  run: (p, ctx, init) => runCnnTraining(p, ctx, withBundledDigits(init))
})
