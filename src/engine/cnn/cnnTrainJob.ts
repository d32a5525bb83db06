// The 'cnn.train' job: train a convolutional network (a list of layer specs, Sec. VI) on a
// labelled image set with softmax cross-entropy, on the lab's training loop (src/engine/train:
// augmentation, schedules, early stopping, resuming from stored weights), showing the first
// layer's filters as they learn, and leaving the weights and the test confusion matrix as
// artifacts.
//
// The host passes the data (the engine reads no files): the bundled digits decoded with
// decodeDigits(), or an imported IDX set; the fixed 8,000 / 1,000 / 1,000 split of
// data/split.ts unless given; to train further, the stored weights.

import type { JobContext } from '../job'
import { augmentationActive, imageAugmenter, type AugmentOptions } from '../data/augment'
import type { ImageSetShape, LabeledImages } from '../data/images'
import { splitDataset, type Split } from '../data/split'
import { labeledImageData, reportTest, type TestReport } from '../train/classification'
import { INIT_STREAM, runTrainingLoop, trainingMemory, type LoopOutcome } from '../train/loop'
import { F32, type MemoryTerms } from '../memory'
import type { TrainingParams } from '../train/params'
import { buildCnn, describeShape, exportCnnWeights, inferShapes, layerBytes, type LayerSpec } from './cnnLayers'
import { cnnClassifierModel, EVAL_ROWS } from './classifierModel'

/** The params as the engine reads them: the output of the zod schema in src/shared/kinds/cnn.ts. */
export interface CnnTrainParams extends TrainingParams {
  architecture: LayerSpec[]
  augmentation?: AugmentOptions
  /** Training items used per epoch (the first of the fixed split); 0 = all. */
  trainSize: number
  dataset: 'mnist' | { importedId: number }
  resumeFrom?: { runId: number }
}

export interface CnnTrainControl {
  lr?: number
}

export interface CnnInit {
  dataset?: LabeledImages
  split?: Split
  /** Starting weights, one array per trainable layer in layer order (the cnn.weights.<l> artifacts): resumeFrom. */
  weights?: Float32Array[]
}

export const cnnWeightArtifactName = (layer: number): string => `cnn.weights.${layer}`

/** Pixel bytes 0..255 → [0, 1]. */
const SCALE = 1 / 255

export interface CnnTrainResult extends Omit<LoopOutcome, 'lastVal'>, TestReport {
  /** Each layer's output shape (describeShape). */
  shapes: string[]
  parameterCount: number
  valLoss: number
  valAccuracy: number
}

export function runCnnTraining(params: CnnTrainParams, ctx: JobContext<CnnTrainControl>, init: CnnInit = {}): CnnTrainResult {
  const ds = init.dataset
  if (!ds) throw new Error('cnn.train needs its dataset: the host passes the decoded digits (decodeDigits) or an imported IDX set as init.dataset')
  const split = init.split ?? splitDataset(ds.count)
  const train = params.trainSize > 0 ? split.train.slice(0, params.trainSize) : split.train
  const B = params.batchSize
  if (B > train.length) throw new Error(`batch size ${B} exceeds the ${train.length} training items`)

  // Throws GeometryError naming the first layer whose windows do not tile its input.
  const net = buildCnn(params.architecture, { c: 1, h: ds.rows, w: ds.cols, flat: false }, { maxBatch: B, rng: ctx.rng.fork(INIT_STREAM), init: params.init })
  if (net.outputs !== ds.classes) throw new Error(`the network ends with ${net.outputs} outputs, the dataset has ${ds.classes} classes: make the last dense layer ${ds.classes} units`)
  const model = cnnClassifierModel(net)
  const parameterCount = model.params.reduce((s, a) => s + a.length, 0)
  const data = labeledImageData(ds, SCALE)
  const firstConv = net.layers.find((l) => l.spec.type === 'conv')
  ctx.log(`CNN ${net.shapes.map(describeShape).join(' → ')}, ${parameterCount} parameters`)

  const outcome = runTrainingLoop(model, data, {
    ...params,
    optimizer: { name: params.optimizer, momentum: params.momentum, betas: params.betas },
    train,
    val: split.val,
    initialWeights: init.weights,
    augment: augmentationActive(params.augmentation) ? imageAugmenter(params.augmentation, ds.rows, ds.cols, 255 * SCALE) : undefined,
    divergenceCauses: (lr) => [`the learning rate lr=${lr} is too large for ${params.optimizer} with softmax cross-entropy (each step overshoots and the weights blow up): lower it`],
    frame: firstConv
      ? () => {
          const s = firstConv.spec as { kernel: number | readonly [number, number] }
          const [kh, kw] = typeof s.kernel === 'number' ? [s.kernel, s.kernel] : s.kernel
          ctx.frame(firstConv.params[0], { kind: 'filters', count: firstConv.outShape.c, channels: firstConv.inShape.c, rows: kh, cols: kw })
        }
      : undefined
  }, ctx)

  for (const w of exportCnnWeights(net)) {
    ctx.artifact(cnnWeightArtifactName(w.layer), w.data, { layer: w.layer, spec: w.spec, shapes: w.shapes, layout: 'weights row-major (conv: cOut×cIn×kH×kW, dense: nOut×nIn), then bias' })
  }
  const { lastVal, ...summary } = outcome
  const result: CnnTrainResult = {
    ...summary,
    shapes: net.shapes.map(describeShape),
    parameterCount,
    valLoss: lastVal[0],
    valAccuracy: lastVal[1],
    ...reportTest(model, data, split.test, ctx, false)
  }
  ctx.progress(1)
  return result
}

/**
 * What a training run holds: every layer's buffers for `batchSize` samples (layerBytes), the
 * weights and their gradients, the two softmax heads (probabilities, targets, ∂L/∂logits),
 * the module memory of the largest product, the dataset and what the loop keeps. An
 * architecture whose windows do not tile its input has no estimate here: the engine refuses
 * it at its first line, naming the layer.
 */
export function cnnTrainingMemory(p: CnnTrainParams, images: ImageSetShape, resumed: boolean): MemoryTerms {
  const shapes = inferShapes(p.architecture, { c: 1, h: images.rows, w: images.cols, flat: false })
  if (!shapes.ok) return {}
  const B = p.batchSize
  let parameters = 0
  let buffers = 0
  let products = 0
  p.architecture.forEach((spec, i) => {
    const b = layerBytes(spec, shapes.shapes[i], shapes.shapes[i + 1], B)
    parameters += b.parameters
    buffers += b.buffers
    products = Math.max(products, b.products)
  })
  return trainingMemory({
    parameters,
    layerBuffers: buffers + 2 * 3 * F32 * B * images.classes,
    products,
    shown: 0,
    optimizer: p.optimizer,
    earlyStoppingPatience: p.earlyStoppingPatience,
    batchSize: B,
    evalRows: Math.min(B, EVAL_ROWS),
    images,
    resumed
  })
}
