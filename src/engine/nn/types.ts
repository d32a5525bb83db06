// The parameters of a training run as the engine reads them: the output of the zod schema
// in src/shared/kinds/network.ts (defaults applied), restated here so the engine depends on
// no validation library. The tests check the two stay assignable.

import type { ActivationName } from './activations'
import type { BatchReduction, LossName } from './loss'
import type { TrainingParams } from '../train/params'
import type { AugmentOptions } from '../data/augment'
import type { InputScaling } from '../data/batch'

export interface NetworkTrainParams extends TrainingParams {
  layers: number[]
  hiddenActivation: ActivationName
  outputActivation: ActivationName
  leakySlope: number
  bias: boolean
  loss: LossName
  batchGradient: BatchReduction
  inputScaling: InputScaling
  augmentation?: AugmentOptions
  dataset: 'mnist' | { importedId: number }
  resumeFrom?: { runId: number }
}

export interface NetworkTrainControl {
  lr?: number
}
