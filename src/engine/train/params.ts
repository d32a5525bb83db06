// The training params every kind that learns on the lab's training loop (loop.ts) shares: the
// optimiser and its constants, the learning rate and its schedule, batches, epochs, the
// initialisation, weight decay, early stopping and how often to validate. Each kind's params
// extend these with what it trains (layers, data).

import type { InitName } from '../nn/init'
import type { OptimizerName } from '../nn/optimizer'
import type { Schedule } from './schedule'

export interface TrainingParams {
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
  /** Batches between two validation measurements; 0 = once per epoch. */
  evalEvery: number
}
