// The 'cnn.train' job: train a convolutional network (a list of layer specs, Sec. VI) on a
// labelled image set with softmax cross-entropy, reporting losses and accuracies as it goes,
// showing the first layer's filters as they learn, and leaving the weights and the test
// confusion matrix as artifacts.
//
// The host passes the data (the engine reads no files): the bundled digits decoded with
// decodeDigits(), or an imported IDX set; the fixed 8,000 / 1,000 / 1,000 split of
// data/split.ts unless given.

import type { JobContext } from '../job'
import { fillBatch } from '../data/batch'
import type { LabeledImages } from '../data/images'
import { splitDataset, type Split } from '../data/split'
import { shuffle } from '../rng'
import type { InitName } from '../nn/init'
import { argmaxRow, confusionMatrix } from '../nn/metrics'
import { createOptimizer, type OptimizerName } from '../nn/optimizer'
import {
  buildCnn, classifierHead, cnnForward, cnnParameters, describeShape, exportCnnWeights, softmaxCrossEntropy, trainBatch,
  type ClassifierHead, type CnnNetwork, type LayerSpec
} from './cnnLayers'

/** The params as the engine reads them: the output of the zod schema in src/shared/kinds/cnn.ts. */
export interface CnnTrainParams {
  architecture: LayerSpec[]
  optimizer: OptimizerName
  momentum: number
  betas: [number, number]
  lr: number
  batchSize: number
  epochs: number
  init: InitName
  weightDecay: number
  /** Training items used per epoch (the first of the fixed split); 0 = all. */
  trainSize: number
  /** Batches between two validation measurements; 0 = once per epoch. */
  evalEvery: number
  dataset: 'mnist' | { importedId: number }
}

export interface CnnTrainControl {
  lr?: number
}

export interface CnnInit {
  dataset?: LabeledImages
  split?: Split
}

export const cnnWeightArtifactName = (layer: number): string => `cnn.weights.${layer}`

const EVAL_ROWS = 250

/** Mean loss, accuracy and predictions of the network on dataset items `indices`. */
export function evaluateCnn(net: CnnNetwork, ds: LabeledImages, indices: ArrayLike<number>, head: ClassifierHead): { loss: number; accuracy: number; predicted: Uint8Array; truth: Uint8Array } {
  const rows = Math.min(net.maxBatch, EVAL_ROWS)
  const px = ds.rows * ds.cols
  const X = new Float32Array(rows * px)
  const T = new Float32Array(rows * ds.classes)
  const labels = new Uint8Array(rows)
  const predicted = new Uint8Array(indices.length)
  const truth = new Uint8Array(indices.length)
  let lossSum = 0
  let correct = 0
  for (let s = 0; s < indices.length; s += rows) {
    const n = Math.min(rows, indices.length - s)
    fillBatch(ds, indices, s, n, 1 / 255, X, T, labels)
    const logits = cnnForward(net, X, n, false)
    const r = softmaxCrossEntropy(logits, labels, n, net.outputs, head)
    lossSum += r.loss * n
    correct += r.correct
    for (let k = 0; k < n; k++) {
      predicted[s + k] = argmaxRow(logits, k, net.outputs)
      truth[s + k] = labels[k]
    }
  }
  const count = Math.max(1, indices.length)
  return { loss: lossSum / count, accuracy: correct / count, predicted, truth }
}

export interface CnnTrainResult {
  epochsRun: number
  steps: number
  stoppedByUser: boolean
  /** Each layer's output shape (describeShape). */
  shapes: string[]
  parameterCount: number
  valLoss: number
  valAccuracy: number
  /** On the test split, when the dataset has one. */
  testAccuracy?: number
  testLoss?: number
}

export function runCnnTraining(params: CnnTrainParams, ctx: JobContext<CnnTrainControl>, init: CnnInit = {}): CnnTrainResult {
  const ds = init.dataset
  if (!ds) throw new Error('cnn.train needs its dataset: the host passes the decoded digits (decodeDigits) or an imported IDX set as init.dataset')
  const split = init.split ?? splitDataset(ds.count)
  const train = params.trainSize > 0 ? split.train.slice(0, params.trainSize) : Int32Array.from(split.train)
  const B = params.batchSize
  if (B > train.length) throw new Error(`batch size ${B} exceeds the ${train.length} training items`)

  // Throws GeometryError naming the first layer whose windows do not tile its input.
  const net = buildCnn(params.architecture, { c: 1, h: ds.rows, w: ds.cols, flat: false }, { maxBatch: B, rng: ctx.rng.fork(1), init: params.init })
  if (net.outputs !== ds.classes) throw new Error(`the network ends with ${net.outputs} outputs, the dataset has ${ds.classes} classes: make the last dense layer ${ds.classes} units`)
  const p = cnnParameters(net)
  const optimizer = createOptimizer({ name: params.optimizer, momentum: params.momentum, betas: params.betas }, p.params)
  const head = classifierHead(net)
  const evalHead = classifierHead(net)
  const shuffleRng = ctx.rng.fork(2)
  const firstConv = net.layers.find((l) => l.spec.type === 'conv')

  const px = ds.rows * ds.cols
  const X = new Float32Array(B * px)
  const T = new Float32Array(B * ds.classes)
  const labels = new Uint8Array(B)
  const batchesPerEpoch = Math.ceil(train.length / B)
  const totalBatches = batchesPerEpoch * params.epochs
  ctx.log(`CNN ${net.shapes.map(describeShape).join(' → ')}, ${p.params.reduce((s, a) => s + a.length, 0)} parameters`)

  let lr = params.lr
  let step = 0
  let win = { loss: 0, correct: 0, n: 0 }
  let lastVal = { loss: NaN, accuracy: NaN }
  let lastEmit = -1
  let epochsRun = 0
  let stoppedByUser = false

  const emitRow = (epochPos: number): void => {
    lastVal = split.val.length > 0 ? evaluateCnn(net, ds, split.val, evalHead) : { loss: NaN, accuracy: NaN }
    ctx.emit(step, {
      trainLoss: win.n > 0 ? win.loss / win.n : NaN,
      trainAccuracy: win.n > 0 ? win.correct / win.n : NaN,
      valLoss: lastVal.loss,
      valAccuracy: lastVal.accuracy,
      lr,
      epoch: epochPos
    })
    lastEmit = step
    win = { loss: 0, correct: 0, n: 0 }
    if (firstConv && ctx.frameDue()) {
      const s = firstConv.spec as { kernel: number | readonly [number, number] }
      const [kh, kw] = typeof s.kernel === 'number' ? [s.kernel, s.kernel] : s.kernel
      ctx.frame(firstConv.params[0], { kind: 'filters', count: firstConv.outShape.c, channels: firstConv.inShape.c, rows: kh, cols: kw })
    }
  }

  outer: for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffle(train, shuffleRng)
    for (let bi = 0; bi < batchesPerEpoch; bi++) {
      const c = ctx.checkpoint()
      if (c === 'stop') {
        stoppedByUser = true
        break outer
      }
      if (c && c.lr !== undefined) lr = c.lr
      const n = Math.min(B, train.length - bi * B)
      fillBatch(ds, train, bi * B, n, 1 / 255, X, T, labels)
      const r = trainBatch(net, head, optimizer, p, X, labels, n, lr, params.weightDecay)
      if (!Number.isFinite(r.loss)) throw new Error(`loss became ${r.loss} at epoch ${epoch + 1}, batch ${bi + 1}: training diverged — lower the learning rate (lr=${lr})`)
      win.loss += r.loss * n
      win.correct += r.correct
      win.n += n
      step++
      if (params.evalEvery > 0 && step % params.evalEvery === 0 && bi < batchesPerEpoch - 1) emitRow(epoch + (bi + 1) / batchesPerEpoch)
      ctx.progress(step / totalBatches, `epoch ${epoch + 1}/${params.epochs}`)
    }
    epochsRun = epoch + 1
    emitRow(epoch + 1)
  }
  if (step > lastEmit && step > 0) emitRow(epochsRun)

  const weights = exportCnnWeights(net)
  for (const w of weights) {
    ctx.artifact(cnnWeightArtifactName(w.layer), w.data, { layer: w.layer, spec: w.spec, shapes: w.shapes, layout: 'weights row-major (conv: cOut×cIn×kH×kW, dense: nOut×nIn), then bias' })
  }
  const result: CnnTrainResult = {
    epochsRun,
    steps: step,
    stoppedByUser,
    shapes: net.shapes.map(describeShape),
    parameterCount: p.params.reduce((s, a) => s + a.length, 0),
    valLoss: lastVal.loss,
    valAccuracy: lastVal.accuracy
  }
  if (split.test.length > 0) {
    const ev = evaluateCnn(net, ds, split.test, evalHead)
    const K = ds.classes
    const confusion = confusionMatrix(ev.truth, ev.predicted, K)
    ctx.artifact('confusion', confusion, { rows: K, cols: K, axes: 'row = true class, column = predicted class' })
    result.testAccuracy = ev.accuracy
    result.testLoss = ev.loss
  }
  ctx.progress(1)
  return result
}
