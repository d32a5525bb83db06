// The dense network of network.ts as a model the training loop (src/engine/train) can drive:
// forward (Eqs. 40–41), loss (Eq. 39 or cross-entropy), backward (Eqs. 42–47) on a batch,
// with its parameters and gradients handed to the optimiser. Also a bare trainer (one step on
// given arrays) for small experiments and the benchmarks, and an evaluation on labelled images.

import type { Rng } from '../rng'
import type { LabeledImages } from '../data/images'
import { CLASSIFIER_METRICS, classify, labeledImageData } from '../train/classification'
import type { Batch, TrainableModel } from '../train/model'
import type { InitName } from './init'
import { lossValue, type BatchReduction, type LossName } from './loss'
import { countCorrect } from './metrics'
import {
  backward,
  createGrads,
  createNetwork,
  createWorkspace,
  exportWeights,
  forward,
  gradientList,
  importWeights,
  parameters,
  weightMask,
  type Network,
  type NetworkSpec,
  type Workspace
} from './network'
import { createOptimizer, descend, type Optimizer, type OptimizerConfig } from './optimizer'

export interface DenseModel extends TrainableModel {
  readonly net: Network
  /** Forward values of the latest training batch (for dead-unit checks and the output). */
  readonly ws: Workspace
}

/**
 * A classifier on an existing network: metrics loss and accuracy, training batches of up to
 * `batchSize` rows, evaluation passes of up to `evalRows`.
 */
export function denseModel(net: Network, loss: LossName, reduction: BatchReduction, batchSize: number, evalRows = 500): DenseModel {
  const ws = createWorkspace(net, batchSize)
  let evalWs: Workspace | null = null
  const grads = createGrads(net)
  const out = net.layers[net.layers.length - 1].nOut
  return {
    net,
    ws,
    metrics: CLASSIFIER_METRICS,
    params: parameters(net),
    grads: gradientList(grads),
    isWeight: weightMask(net),
    evalRows,
    gradient(b, sums) {
      const y = forward(net, b.x, b.n, ws)
      const l = lossValue(loss, y, b.t, b.n, out)
      backward(net, b.x, b.t, b.n, ws, grads, loss, reduction)
      sums[0] += l * b.n
      sums[1] += countCorrect(y, b.labels, b.n, out)
      return l
    },
    measure(b, sums) {
      evalWs ??= createWorkspace(net, evalRows)
      const y = forward(net, b.x, b.n, evalWs)
      sums[0] += lossValue(loss, y, b.t, b.n, out) * b.n
      sums[1] += countCorrect(y, b.labels, b.n, out)
      return y
    },
    exportWeights: () => exportWeights(net),
    importWeights: (w) => importWeights(net, w)
  }
}

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
  /** Forward values of the latest batch. */
  readonly ws: Workspace
  readonly optimizer: Optimizer
  /** One step on n rows of inputs x and targets t at learning rate lr; returns the batch loss before the step. */
  step(x: Float32Array, t: Float32Array, n: number, lr: number): number
}

export function createTrainer(o: TrainerOptions, rng: Rng): Trainer {
  const net = createNetwork(o.spec, o.init, rng)
  const model = denseModel(net, o.loss, o.reduction, o.batchSize)
  const optimizer = createOptimizer(o.optimizer, model.params)
  const sums = new Float64Array(model.metrics.length)
  const batch: Batch = { rows: o.batchSize, n: 0, x: new Float32Array(0), t: new Float32Array(0), labels: new Uint8Array(o.batchSize) }
  return {
    net,
    ws: model.ws,
    optimizer,
    step(x, t, n, lr) {
      batch.x = x
      batch.t = t
      batch.n = n
      const loss = model.gradient(batch, sums)
      descend(optimizer, model.params, model.grads, model.isWeight, lr, o.weightDecay)
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

/** Mean loss and accuracy of the network on dataset items `indices` (no augmentation). */
export function evaluate(net: Network, loss: LossName, ds: LabeledImages, indices: ArrayLike<number>, scale: number): Evaluation {
  const ev = classify(denseModel(net, loss, 'mean', 1, Math.min(500, Math.max(1, indices.length))), labeledImageData(ds, scale), indices)
  return { loss: ev.means[0], accuracy: ev.means[1], predicted: ev.predicted, truth: ev.truth }
}
