// One gradient step and one evaluation pass, shared by the training job and the benchmarks:
// forward (Eqs. 40–41), loss (Eq. 39 or cross-entropy), backward (Eqs. 42–47), weight decay,
// the optimiser's update (Eq. 48 and its refinements).

import type { Rng } from '../rng'
import { fillBatch } from '../data/batch'
import type { LabeledImages } from '../data/images'
import type { InitName } from './init'
import { lossValue, type BatchReduction, type LossName } from './loss'
import { argmaxRow, countCorrect } from './metrics'
import {
  backward,
  createGrads,
  createNetwork,
  createWorkspace,
  forward,
  gradientList,
  importWeights,
  parameters,
  weightMask,
  type Network,
  type NetworkSpec,
  type Workspace
} from './network'
import { addWeightDecay, createOptimizer, type Optimizer, type OptimizerConfig } from './optimizer'
import type { DenseGrads } from './dense'

export interface TrainerOptions {
  spec: NetworkSpec
  init: InitName
  loss: LossName
  reduction: BatchReduction
  optimizer: OptimizerConfig
  weightDecay: number
  /** Largest batch the trainer will see. */
  batchSize: number
}

export interface Trainer {
  readonly net: Network
  /** Forward values of the latest batch (for dead-unit checks and the output). */
  readonly ws: Workspace
  readonly grads: DenseGrads[]
  readonly optimizer: Optimizer
  /** One step on n rows of inputs x and targets t at learning rate lr; returns the batch loss before the step. */
  step(x: Float32Array, t: Float32Array, n: number, lr: number): number
}

export function createTrainer(o: TrainerOptions, rng: Rng, weights?: Float32Array[]): Trainer {
  const net = createNetwork(o.spec, o.init, rng)
  if (weights) importWeights(net, weights)
  const ws = createWorkspace(net, o.batchSize)
  const grads = createGrads(net)
  const params = parameters(net)
  const gradArrays = gradientList(grads)
  const isWeight = weightMask(net)
  const optimizer = createOptimizer(o.optimizer, params)
  const out = net.layers[net.layers.length - 1].nOut
  return {
    net,
    ws,
    grads,
    optimizer,
    step(x, t, n, lr) {
      const y = forward(net, x, n, ws)
      const loss = lossValue(o.loss, y, t, n, out)
      backward(net, x, t, n, ws, grads, o.loss, o.reduction)
      addWeightDecay(params, gradArrays, isWeight, o.weightDecay)
      optimizer.step(params, gradArrays, lr)
      return loss
    }
  }
}

export interface Evaluation {
  loss: number
  accuracy: number
  /** Predicted class of each evaluated item, in the order of `indices`. */
  predicted: Uint8Array
  /** True class of each evaluated item. */
  truth: Uint8Array
}

const EVAL_ROWS = 500

/** Mean loss and accuracy of the network on dataset items `indices` (no augmentation). */
export function evaluate(net: Network, loss: LossName, ds: LabeledImages, indices: ArrayLike<number>, scale: number, ws?: Workspace): Evaluation {
  const rows = ws?.rows ?? Math.min(EVAL_ROWS, Math.max(1, indices.length))
  const w = ws ?? createWorkspace(net, rows)
  const px = ds.rows * ds.cols
  const k = ds.classes
  const X = new Float32Array(rows * px)
  const T = new Float32Array(rows * k)
  const labels = new Uint8Array(rows)
  const predicted = new Uint8Array(indices.length)
  const truth = new Uint8Array(indices.length)
  let lossSum = 0
  let correct = 0
  for (let s = 0; s < indices.length; s += rows) {
    const n = Math.min(rows, indices.length - s)
    fillBatch(ds, indices, s, n, scale, X, T, labels)
    const y = forward(net, X, n, w)
    lossSum += lossValue(loss, y, T, n, k) * n
    correct += countCorrect(y, labels, n, k)
    for (let r = 0; r < n; r++) {
      predicted[s + r] = argmaxRow(y, r, k)
      truth[s + r] = labels[r]
    }
  }
  const count = Math.max(1, indices.length)
  return { loss: lossSum / count, accuracy: correct / count, predicted, truth }
}
