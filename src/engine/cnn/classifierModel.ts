// A CNN classifier (cnnLayers.ts) as a model the training loop (src/engine/train) can drive:
// softmax cross-entropy on the logits, loss and accuracy as its metrics, and the weights of its
// trainable layers as the arrays it exports and resumes from.

import { descend, type Optimizer } from '../nn/optimizer'
import { CLASSIFIER_METRICS } from '../train/classification'
import type { TrainableModel } from '../train/model'
import {
  classifierHead, cnnBackward, cnnForward, cnnParameters, exportCnnWeights, importCnnWeights, softmaxCrossEntropy,
  type ClassifierHead, type CnnNetwork
} from './cnnLayers'

/** Forward, softmax cross-entropy against the labels, backward: the gradient of one batch. */
function cnnClassifierGradient(net: CnnNetwork, head: ClassifierHead, x: Float32Array, labels: ArrayLike<number>, n: number): { loss: number; correct: number } {
  const logits = cnnForward(net, x, n, true)
  const r = softmaxCrossEntropy(logits, labels, n, net.outputs, head)
  cnnBackward(net, head.dLogits, n)
  return r
}

/**
 * One gradient step on a batch: forward, loss, backward, optional L2 weight decay on the
 * weights (not the biases), optimiser update. Returns the batch loss before the step.
 */
export function trainBatch(
  net: CnnNetwork,
  head: ClassifierHead,
  optimizer: Optimizer,
  params: { params: Float32Array[]; grads: Float32Array[]; isWeight: boolean[] },
  x: Float32Array,
  labels: ArrayLike<number>,
  n: number,
  lr: number,
  weightDecay = 0
): { loss: number; correct: number } {
  const r = cnnClassifierGradient(net, head, x, labels, n)
  descend(optimizer, params.params, params.grads, params.isWeight, lr, weightDecay)
  return r
}

/** Evaluation passes hold at most this many rows (and never more than the network's maxBatch). */
export const EVAL_ROWS = 250

export function cnnClassifierModel(net: CnnNetwork): TrainableModel {
  const p = cnnParameters(net)
  const head = classifierHead(net)
  const evalHead = classifierHead(net)
  const trainable = net.layers.flatMap((l, i) => (l.params.length > 0 ? [i + 1] : []))
  return {
    metrics: CLASSIFIER_METRICS,
    ...p,
    evalRows: Math.min(net.maxBatch, EVAL_ROWS),
    gradient(b, sums) {
      const r = cnnClassifierGradient(net, head, b.x, b.labels, b.n)
      sums[0] += r.loss * b.n
      sums[1] += r.correct
      return r.loss
    },
    measure(b, sums) {
      const logits = cnnForward(net, b.x, b.n, false)
      const r = softmaxCrossEntropy(logits, b.labels, b.n, net.outputs, evalHead)
      sums[0] += r.loss * b.n
      sums[1] += r.correct
      return logits
    },
    exportWeights: () => exportCnnWeights(net).map((w) => w.data),
    importWeights(weights) {
      if (weights.length !== trainable.length) throw new Error(`stored weights have ${weights.length} trainable layers, the network has ${trainable.length}`)
      importCnnWeights(net, weights.map((data, k) => ({ layer: trainable[k], data })))
    }
  }
}
