// The one training loop of the lab, for every model that learns by gradient descent (dense
// networks, CNNs, autoencoders, Boltzmann machines — whose gradient comes from Gibbs chains,
// Eq. 28): epochs of seeded-shuffled minibatches, an optional input
// augmentation, the optimiser's step (Eq. 48 and its refinements) on the model's gradient,
// metric rows every `evalEvery` batches and at each epoch's end, live control (pause, stop,
// a new learning rate), a learning-rate schedule, early stopping with the best weights,
// divergence detection and progress.
//
// Random streams (forks of the job's Rng, each derived from the seed alone): 1 is the model's
// initialisation (the caller's), 2 the shuffling, 3 the augmentation.

import type { JobContext } from '../job'
import { shuffle, type Rng } from '../rng'
import { createOptimizer, descend, type OptimizerConfig, type OptimizerName } from '../nn/optimizer'
import { adamWasmBytes } from '../nn/adamWasm'
import { F32, type MemoryTerms } from '../memory'
import { imageSetBytes, type ImageSetShape } from '../data/images'
import { diverged, TrainingDiverged } from './divergence'
import { earlyStopping } from './earlyStopping'
import { evaluateSet } from './evaluate'
import { createBatch, metricColumn, type Batch, type TrainableModel, type TrainingData } from './model'
import { learningRate, type Schedule } from './schedule'

export const INIT_STREAM = 1
const SHUFFLE_STREAM = 2
const AUGMENT_STREAM = 3

export interface TrainingControl {
  lr?: number
}

export interface LoopOptions {
  optimizer: OptimizerConfig
  /** The base learning rate (the schedule scales it; a live control replaces it). */
  lr: number
  schedule: Schedule
  batchSize: number
  epochs: number
  /** L2 weight decay λ on the weights (not the biases). */
  weightDecay: number
  /** Epochs without a lower validation loss before stopping, keeping the best weights; 0 = never. */
  earlyStoppingPatience: number
  /** Batches between two metric rows within an epoch; 0 = at the end of each epoch only. */
  evalEvery: number
  /** A metric row before the first step too: the untrained model's. */
  evalAtStart?: boolean
  /** Dataset items to train on and to validate on. */
  train: ArrayLike<number>
  val: ArrayLike<number>
  /** Weights to start from (a stored run's exportWeights()), instead of the model's initialisation. */
  initialWeights?: Float32Array[]
  /**
   * Changes a training batch's inputs in place (augmentation, denoising noise). Targets are
   * left alone: a denoising autoencoder learns to give back the clean input.
   */
  augment?: (batch: Batch, rng: Rng) => void
  /** Causes to name when training diverges, most likely first. */
  divergenceCauses: (lr: number) => string[]
  /** After every step, with the batch's forward values still in the model (step counts from 1). */
  afterStep?: (batch: Batch, epoch: number, step: number) => void
  /** Extra columns of a metric row (e.g. dead-unit fractions). */
  rowExtras?: (row: Record<string, number>) => void
  /** Draws a frame (weights, filters) when the host wants one, at each metric row. */
  frame?: () => void
}

export interface LoopOutcome {
  epochsRun: number
  steps: number
  stoppedByUser: boolean
  stoppedEarly: boolean
  /** Epoch of the lowest validation loss (1-based; −1 when none was measured). */
  bestEpoch: number
  /** Validation metrics of the last row (NaN without a validation set). */
  lastVal: Float64Array
}

export function runTrainingLoop(model: TrainableModel, data: TrainingData, o: LoopOptions, ctx: JobContext<TrainingControl>): LoopOutcome {
  const nTrain = o.train.length
  const B = o.batchSize
  if (B > nTrain) throw new Error(`batch size ${B} exceeds the ${nTrain} training items`)
  if (o.initialWeights) {
    if (o.initialWeights.some((w) => !w.every(Number.isFinite))) throw new Error('the stored weights to continue from hold NaN or infinite values: that run diverged; start from fresh weights instead')
    model.importWeights(o.initialWeights)
  }
  const optimizer = createOptimizer(o.optimizer, model.params)
  const shuffleRng = ctx.rng.fork(SHUFFLE_STREAM)
  const augmentRng = ctx.rng.fork(AUGMENT_STREAM)
  const stopper = earlyStopping(o.earlyStoppingPatience)
  const K = model.metrics.length
  const batchMetrics = model.batchMetrics !== false
  const trainCols = batchMetrics ? model.metrics.map((m) => metricColumn('train', m)) : []
  const valCols = o.val.length > 0 ? model.metrics.map((m) => metricColumn('val', m)) : []

  const batch = createBatch(data, B)
  const evalBatch = o.val.length > 0 ? createBatch(data, Math.min(model.evalRows, o.val.length)) : null
  const order = Int32Array.from(o.train)
  const batchesPerEpoch = Math.ceil(nTrain / B)
  const totalBatches = batchesPerEpoch * o.epochs
  const sums = new Float64Array(K)
  const win = new Float64Array(K)
  let winN = 0
  let lastVal: Float64Array = new Float64Array(K).fill(NaN)
  let baseLr = o.lr
  let lr = baseLr
  let step = 0
  let lastEmitStep = -1
  let firstLoss = Infinity
  let epochsRun = 0
  let stoppedByUser = false
  let stoppedEarly = false

  const emitRow = (epochPos: number): void => {
    lastVal = evalBatch ? evaluateSet(model, data, o.val, undefined, evalBatch) : lastVal.fill(NaN)
    const row: Record<string, number> = {}
    for (let k = 0; k < trainCols.length; k++) row[trainCols[k]] = winN > 0 ? win[k] / winN : NaN
    for (let k = 0; k < valCols.length; k++) row[valCols[k]] = lastVal[k]
    row.lr = lr
    row.epoch = epochPos
    o.rowExtras?.(row)
    ctx.emit(step, row)
    lastEmitStep = step
    win.fill(0)
    winN = 0
    if (o.frame && ctx.frameDue()) o.frame()
  }

  if (o.evalAtStart) emitRow(0)
  outer: for (let epoch = 0; epoch < o.epochs; epoch++) {
    shuffle(order, shuffleRng)
    for (let bi = 0; bi < batchesPerEpoch; bi++) {
      const c = ctx.checkpoint()
      if (c === 'stop') {
        stoppedByUser = true
        break outer
      }
      if (c && c.lr !== undefined) baseLr = c.lr
      data.fill(order, bi * B, Math.min(B, nTrain - bi * B), batch)
      if (o.augment) o.augment(batch, augmentRng)
      lr = learningRate(o.schedule, baseLr, epoch, step / totalBatches)
      sums.fill(0)
      const loss = model.gradient(batch, sums)
      descend(optimizer, model.params, model.grads, model.isWeight, lr, o.weightDecay)
      if (batchMetrics) {
        if (step === 0) firstLoss = loss
        if (diverged(loss, firstLoss)) throw new TrainingDiverged(loss, epoch, bi, o.divergenceCauses(lr))
      }
      for (let k = 0; k < K; k++) win[k] += sums[k]
      winN += batch.n
      step++
      o.afterStep?.(batch, epoch, step)
      if (o.evalEvery > 0 && step % o.evalEvery === 0 && bi < batchesPerEpoch - 1) emitRow(epoch + (bi + 1) / batchesPerEpoch)
      ctx.progress(step / totalBatches, `epoch ${epoch + 1}/${o.epochs}`)
    }
    epochsRun = epoch + 1
    emitRow(epoch + 1)
    if (evalBatch && diverged(lastVal[0], firstLoss)) throw new TrainingDiverged(lastVal[0], epoch, batchesPerEpoch - 1, o.divergenceCauses(lr))
    if (stopper.update(lastVal[0], epoch + 1, () => model.exportWeights())) {
      stoppedEarly = true
      ctx.log(
        `Early stopping after epoch ${epoch + 1}: validation loss has not improved for ${o.earlyStoppingPatience} epochs (best ${stopper.bestLoss.toPrecision(4)} at epoch ${stopper.bestEpoch}); keeping those weights.`
      )
      break
    }
  }
  if (step > lastEmitStep && step > 0) emitRow(step / batchesPerEpoch)
  if (stopper.bestWeights && stopper.bestEpoch < epochsRun) model.importWeights(stopper.bestWeights)
  return { epochsRun, steps: step, stoppedByUser, stoppedEarly, bestEpoch: stopper.bestEpoch, lastVal }
}

/** What sizes the memory of a training run: the model's own arrays, the loop's, the data. */
export interface TrainingMemoryShape {
  /** Trainable numbers of the model (Float32 each; their gradients are as many again). */
  parameters: number
  /** Bytes of the model's per-batch buffers (activations, their gradients, workspaces). */
  layerBuffers: number
  /** Bytes of module memory of its largest matrix product (gemmHeapBytes). */
  products: number
  /** Bytes of weights copied for the screen as it trains (0 if none). */
  shown: number
  optimizer: OptimizerName
  earlyStoppingPatience: number
  batchSize: number
  evalRows: number
  images: ImageSetShape
  /** Bytes the dataset takes in the worker, when not a byte a pixel and a label (imageSetBytes). */
  datasetBytes?: number
  /** Training continues from stored weights (handed in as one more copy). */
  resumed: boolean
}

/**
 * What a training run holds: the model's weights and gradients, its buffers and products;
 * the optimiser's state (a velocity for momentum, per parameter; Adam's two moments in its
 * module memory, adamWasmBytes, or as many arrays of the TypeScript loop); the
 * weights the loop keeps (early stopping's best snapshot and the one it replaces, the final
 * export and the host's copy of it for the artifacts, the stored weights it resumed from);
 * its batches (a training batch, a validation batch and evaluateSet's own) with the split's
 * index arrays; and the dataset, a byte a pixel.
 */
export function trainingMemory(s: TrainingMemoryShape): MemoryTerms {
  const P = F32 * s.parameters
  const row = F32 * (s.images.rows * s.images.cols + s.images.classes) + 1
  return {
    'weights and gradients': 2 * P + s.shown,
    'layer buffers': s.layerBuffers,
    'matrix products': s.products,
    'optimizer state': s.optimizer === 'adam' ? adamWasmBytes(s.parameters) : s.optimizer === 'momentum' ? P : 0,
    'weights kept': (s.earlyStoppingPatience > 0 ? 2 : 0) * P + 2 * P + (s.resumed ? P : 0),
    batches: (s.batchSize + 2 * s.evalRows) * row + 3 * 4 * s.images.count,
    dataset: s.datasetBytes ?? imageSetBytes(s.images)
  }
}
