// The 'network.train' job: train a feedforward network on a labelled image set, reporting
// losses and accuracies as it goes, diagnosing dead ReLUs and divergence, and leaving the
// weights, the confusion matrix and the misclassified test items as artifacts.
//
// The host passes the data (it reads files; the engine does not): the bundled digits decoded
// with decodeDigits(), or an imported IDX set, and, to train further, the stored weights.

import type { JobContext } from '../job'
import { augmentationActive, imageAugmenter } from '../data/augment'
import { pixelScale } from '../data/batch'
import type { ImageSetShape, LabeledImages } from '../data/images'
import { splitDataset, splitSizes, type Split } from '../data/split'
import { labeledImageData, reportTest, type TestReport } from '../train/classification'
import { INIT_STREAM, runTrainingLoop, trainingMemory, type LoopOutcome } from '../train/loop'
import { gemmHeapBytes } from '../tensor/gemmWasm'
import { F32, type MemoryTerms } from '../memory'
import { deadCause, deadUnitMonitor, type DeadDiagnosis } from './deadUnits'
import { createNetwork, exportWeights } from './network'
import { denseModel } from './trainer'
import type { NetworkTrainControl, NetworkTrainParams } from './types'

export interface NetworkInit {
  /** The images to learn (required): decodeDigits(bundled file) or idxDataset(...). */
  dataset?: LabeledImages
  /** Train / validation / test indices; default splitDataset(count) with the lab's fixed seed. */
  split?: Split
  /** Starting weights, one array per layer in the exportWeights() layout (resumeFrom). */
  weights?: Float32Array[]
}

/** Name of the artifact holding layer l's weights (1-based). */
export const weightArtifactName = (l: number): string => `weights.${l}`

/** What the run's result says of the network (enough to rebuild it from the stored weights). */
export type NetworkArchitecture = Pick<NetworkTrainParams, 'layers' | 'hiddenActivation' | 'outputActivation' | 'leakySlope' | 'bias' | 'inputScaling' | 'loss'>

export interface NetworkTrainResult extends Omit<LoopOutcome, 'lastVal'>, TestReport {
  /** Why a net learned nothing, when the dead-ReLU check can tell (Eq. 45). */
  diagnosis: DeadDiagnosis | null
  /** Per weight layer, the fraction of its ReLUs dead at the last check. */
  deadFraction: number[]
  architecture: NetworkArchitecture
}

function architecture(p: NetworkTrainParams): NetworkArchitecture {
  return {
    layers: p.layers,
    hiddenActivation: p.hiddenActivation,
    outputActivation: p.outputActivation,
    leakySlope: p.leakySlope,
    bias: p.bias,
    inputScaling: p.inputScaling,
    loss: p.loss
  }
}

export function runNetworkTraining(
  params: NetworkTrainParams,
  ctx: JobContext<NetworkTrainControl>,
  init: NetworkInit = {}
): NetworkTrainResult {
  const ds = init.dataset
  if (!ds) throw new Error('network.train needs its dataset: the host passes the decoded digits (decodeDigits) or an imported IDX set as init.dataset')
  const px = ds.rows * ds.cols
  const sizes = params.layers
  if (sizes[0] !== px) throw new Error(`the first layer has ${sizes[0]} inputs, the images have ${ds.rows}×${ds.cols} = ${px} pixels`)
  if (sizes[sizes.length - 1] !== ds.classes)
    throw new Error(`the last layer has ${sizes[sizes.length - 1]} outputs, the dataset has ${ds.classes} classes`)
  const split = init.split ?? splitDataset(ds.count)
  const B = params.batchSize
  if (B > split.train.length) throw new Error(`batch size ${B} exceeds the ${split.train.length} training items`)

  const spec = { sizes, hiddenActivation: params.hiddenActivation, outputActivation: params.outputActivation, bias: params.bias, leak: params.leakySlope }
  const net = createNetwork(spec, params.init, ctx.rng.fork(INIT_STREAM))
  const evalRows = evaluationRows(split.val.length, split.test.length)
  const model = denseModel(net, params.loss, params.batchGradient, B, evalRows)
  const scale = pixelScale(params.inputScaling)
  const data = labeledImageData(ds, scale)
  const monitor = deadUnitMonitor(net, model.ws, params, ctx, split.train.length)

  const outcome = runTrainingLoop(model, data, {
    ...params,
    optimizer: { name: params.optimizer, momentum: params.momentum, betas: params.betas },
    train: split.train,
    val: split.val,
    initialWeights: init.weights,
    augment: augmentationActive(params.augmentation) ? imageAugmenter(params.augmentation, ds.rows, ds.cols, 255 * scale) : undefined,
    divergenceCauses: (lr) => divergenceCauses(params, lr),
    afterStep: (b, epoch, step) => monitor.observe(b.n, epoch, step),
    rowExtras: monitor.columns,
    frame: () => ctx.frame(net.layers[0].W, { kind: 'weights', layer: 1, rows: net.layers[0].nOut, cols: net.layers[0].nIn })
  }, ctx)

  const diagnosis = monitor.diagnosis()
  const lastAccuracy = outcome.lastVal[1]
  if (diagnosis === null && monitor.watching && lastAccuracy <= 1.5 / ds.classes)
    ctx.log(`Training ended at chance-level validation accuracy (${(100 * lastAccuracy).toFixed(1)} %): the loss plateaued. ${deadCause(params)}`)

  const arch = architecture(params)
  exportWeights(net).forEach((w, i) => {
    const l = net.layers[i]
    ctx.artifact(weightArtifactName(i + 1), w, {
      layer: i + 1,
      nIn: l.nIn,
      nOut: l.nOut,
      bias: l.b !== null,
      shapeW: [l.nOut, l.nIn],
      shapeB: l.b ? [l.nOut] : null,
      layout: 'W row-major (nOut×nIn), then b',
      activation: l.activation,
      architecture: arch
    })
  })
  const { lastVal, ...summary } = outcome
  const result: NetworkTrainResult = {
    ...summary,
    diagnosis,
    deadFraction: monitor.fractions(),
    architecture: arch,
    ...reportTest(model, data, split.test, ctx, true)
  }
  ctx.progress(1)
  return result
}

/** Rows of one evaluation pass: up to 500, fewer for small validation and test sets. */
const evaluationRows = (val: number, test: number): number => Math.min(500, Math.max(1, val, test))

/**
 * What a training run holds: weights and gradients; per layer z, y, ∂L/∂y and δ for a
 * training batch and for an evaluation pass (Eqs. 40–47); the module memory of the largest
 * matrix product (the forward product of the widest layer at the larger of the two batch
 * sizes); a copy of the first layer's weights on its way to the screen; the dataset; and
 * what the loop keeps (optimiser state, weight snapshots, batches).
 */
export function networkTrainingMemory(p: NetworkTrainParams, images: ImageSetShape, resumed: boolean): MemoryTerms {
  const B = p.batchSize
  const parts = splitSizes(images.count)
  const E = evaluationRows(parts.val, parts.test)
  const n = Math.max(B, E)
  let parameters = 0
  let units = 0
  let products = 0
  for (let l = 0; l + 1 < p.layers.length; l++) {
    const [nIn, nOut] = [p.layers[l], p.layers[l + 1]]
    parameters += nOut * (nIn + (p.bias ? 1 : 0))
    units += nOut
    products = Math.max(products, gemmHeapBytes('nt', n, nIn, nOut), gemmHeapBytes('tn', nOut, B, nIn), gemmHeapBytes('nn', n, nOut, nIn))
  }
  return trainingMemory({
    parameters,
    layerBuffers: 4 * F32 * (B + E) * units,
    products,
    shown: F32 * p.layers[0] * p.layers[1],
    optimizer: p.optimizer,
    earlyStoppingPatience: p.earlyStoppingPatience,
    batchSize: B,
    evalRows: E,
    images,
    resumed
  })
}

function divergenceCauses(p: NetworkTrainParams, lr: number): string[] {
  const causes = [`the learning rate lr=${lr} is too large for ${p.optimizer} with ${p.loss} (each step overshoots and the weights blow up)`]
  if (p.inputScaling === 'raw') causes.push('the inputs are unscaled 0–255 pixels (set inputScaling to "unit")')
  if (p.batchGradient === 'sum') causes.push(`the gradient is summed over ${p.batchSize} samples, which multiplies the step by the batch size`)
  if (p.init === 'randn') causes.push('randn init (std 1) makes z = Wx huge in wide layers (use He or Xavier)')
  return causes
}
