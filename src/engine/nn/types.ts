// The parameters of a training run as the engine reads them: the output of the zod schema
// in src/shared/kinds/network.ts (defaults applied), restated here so the engine depends on
// no validation library. The tests check the two stay assignable.

import type { ActivationName } from './activations'
import type { InitName } from './init'
import type { BatchReduction, LossName } from './loss'
import type { OptimizerName } from './optimizer'
import type { Schedule } from '../train/schedule'
import type { AugmentOptions } from '../data/augment'
import type { InputScaling } from '../data/batch'

export interface NetworkTrainParams {
  layers: number[]
  hiddenActivation: ActivationName
  outputActivation: ActivationName
  leakySlope: number
  bias: boolean
  loss: LossName
  batchGradient: BatchReduction
  optimizer: OptimizerName
  momentum: number
  betas: [number, number]
  lr: number
  schedule: Schedule
  batchSize: number
  epochs: number
  init: InitName
  weightDecay: number
  earlyStoppingPatience: number
  inputScaling: InputScaling
  augmentation?: AugmentOptions
  dataset: 'mnist' | { importedId: number }
  evalEvery: number
  resumeFrom?: { runId: number }
}

export interface NetworkTrainControl {
  lr?: number
}
