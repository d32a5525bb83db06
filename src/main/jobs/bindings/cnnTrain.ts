import { cnnTrain } from '../../../shared/kinds/cnn'
import { runCnnTraining } from '../../../engine/cnn/cnnTrainJob'
import { defineBinding } from '../binding'
import { withBundledDigits } from '../bundledData'
import { namedDataset } from '../storedInputs'

export const cnnTrainBinding = defineBinding(cnnTrain, {
  prepare: (p, store) => namedDataset(store, p.dataset),
  run: (p, ctx, init) => runCnnTraining(p, ctx, withBundledDigits(init))
})
