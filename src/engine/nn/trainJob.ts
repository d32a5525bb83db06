// The 'network.train' job: train a feedforward network on a labelled image set, reporting
// losses and accuracies as it goes, diagnosing dead ReLUs and divergence, and leaving the
// weights, the confusion matrix and the misclassified test items as artifacts.
//
// The host passes the data (it reads files; the engine does not): the bundled digits decoded
// with decodeDigits(), or an imported IDX set, and, to train further, the stored weights.

import type { JobContext } from '../job'
import { augmentImage, augmentationActive } from '../data/augment'
import { fillBatch, pixelScale } from '../data/batch'
import type { LabeledImages } from '../data/images'
import { splitDataset, type Split } from '../data/split'
import { shuffle } from '../rng'
import { earlyStopping } from './earlyStopping'
import { confusionMatrix, countCorrect, countDead, markAlive } from './metrics'
import { createWorkspace, exportWeights, importWeights, type Network } from './network'
import { learningRate } from './schedule'
import { createTrainer, evaluate } from './trainer'
import type { NetworkTrainControl, NetworkTrainParams } from './types'

export interface NetworkInit {
  /** The images to learn (required): decodeDigits(bundled file) or idxDataset(...). */
  dataset?: LabeledImages
  /** Train / validation / test indices; default splitDataset(count) with the lab's fixed seed. */
  split?: Split
  /** Starting weights, one array per layer in the exportWeights() layout (resumeFrom). */
  weights?: Float32Array[]
}

/** Fewest samples a ReLU must stay at zero on to count as dead. */
const DEAD_WINDOW = 64

/** Name of the artifact holding layer l's weights (1-based). */
export const weightArtifactName = (l: number): string => `weights.${l}`

/** Weights in layer order from a run's artifacts (for resumeFrom). */
export function weightsFromArtifacts(artifacts: Iterable<{ name: string; data: ArrayLike<number> }>): Float32Array[] {
  const found: { l: number; data: Float32Array }[] = []
  for (const a of artifacts) {
    const m = /^weights\.(\d+)$/.exec(a.name)
    if (m) found.push({ l: Number(m[1]), data: Float32Array.from(a.data) })
  }
  found.sort((a, b) => a.l - b.l)
  found.forEach((f, i) => {
    if (f.l !== i + 1) throw new Error(`stored weights skip layer ${i + 1}`)
  })
  return found.map((f) => f.data)
}

/** What the run's result says of the network (enough to rebuild it from the stored weights). */
export type NetworkArchitecture = Pick<NetworkTrainParams, 'layers' | 'hiddenActivation' | 'outputActivation' | 'leakySlope' | 'bias' | 'inputScaling' | 'loss'>

/** Why a net learned nothing, when the dead-ReLU check can tell (Eq. 45). */
export type NetworkDiagnosis = 'dead-output' | 'dead-hidden-layer'

export interface NetworkTrainResult {
  epochsRun: number
  steps: number
  stoppedByUser: boolean
  stoppedEarly: boolean
  bestEpoch: number
  diagnosis: NetworkDiagnosis | null
  /** Per weight layer, the fraction of its ReLUs dead at the last check. */
  deadFraction: number[]
  architecture: NetworkArchitecture
  /** On the test split, when the dataset has one. */
  testAccuracy?: number
  testLoss?: number
  confusion?: number[][]
  misclassifiedCount?: number
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

/**
 * Diverged: the loss is NaN or infinite, or has grown a millionfold above its first value
 * (and above 1): the steps overshoot further each time (a float64 sum of float32 outputs
 * could otherwise climb to 1e40 before turning into Infinity).
 */
const diverged = (loss: number, first: number): boolean => !(Math.abs(loss) <= 1e6 * Math.max(1, Math.abs(first)))

function divergenceError(p: NetworkTrainParams, epoch: number, batch: number, loss: number): Error {
  const causes = [`the learning rate lr=${p.lr} is too large for ${p.optimizer} with ${p.loss} (each step overshoots and the weights blow up)`]
  if (p.inputScaling === 'raw') causes.push('the inputs are unscaled 0–255 pixels (set inputScaling to "unit")')
  if (p.batchGradient === 'sum') causes.push(`the gradient is summed over ${p.batchSize} samples, which multiplies the step by the batch size`)
  if (p.init === 'randn') causes.push('randn init (std 1) makes z = Wx huge in wide layers (use He or Xavier)')
  const what = Number.isFinite(loss) ? `grew to ${loss.toPrecision(3)}, a millionfold its start,` : `became ${loss}`
  return new Error(`the loss ${what} at epoch ${epoch + 1}, batch ${batch + 1}: training diverged. Likely cause: ${causes.join('; ')}.`)
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
  const nTrain = split.train.length
  const B = params.batchSize
  if (B > nTrain) throw new Error(`batch size ${B} exceeds the ${nTrain} training items`)

  const trainer = createTrainer(
    {
      spec: { sizes, hiddenActivation: params.hiddenActivation, outputActivation: params.outputActivation, bias: params.bias, leak: params.leakySlope },
      init: params.init,
      loss: params.loss,
      reduction: params.batchGradient,
      optimizer: { name: params.optimizer, momentum: params.momentum, betas: params.betas },
      weightDecay: params.weightDecay,
      batchSize: B
    },
    ctx.rng.fork(1),
    init.weights
  )
  const net = trainer.net
  const L = net.layers.length
  const K = ds.classes
  const scale = pixelScale(params.inputScaling)
  const shuffleRng = ctx.rng.fork(2)
  const augRng = ctx.rng.fork(3)
  const aug = augmentationActive(params.augmentation) ? params.augmentation : undefined
  const evalWs = createWorkspace(net, Math.min(500, Math.max(1, split.val.length, split.test.length)))

  const X = new Float32Array(B * px)
  const T = new Float32Array(B * K)
  const labels = new Uint8Array(B)
  const tmp = new Float32Array(px)
  const order = Int32Array.from(split.train)
  const batchesPerEpoch = Math.ceil(nTrain / B)
  const totalBatches = batchesPerEpoch * params.epochs
  const reluLayers = net.layers.map((l, i) => (l.activation === 'relu' ? i : -1)).filter((i) => i >= 0)
  // Dead units are judged on at least DEAD_WINDOW samples (one batch of 64, or several small
  // batches): with batch 1 half of the ReLUs are zero on that one sample without being dead.
  const deadWindow = Math.min(DEAD_WINDOW, nTrain)
  const alive = net.layers.map((l) => new Uint8Array(l.nOut))
  let aliveSamples = 0
  const deadFraction = new Float64Array(L)
  const loggedDead = new Uint8Array(L) // 1: logged ≥ half dead, 2: logged all dead
  const stopper = earlyStopping(params.earlyStoppingPatience)

  let baseLr = params.lr
  let lr = baseLr
  let step = 0
  let winLoss = 0
  let winCorrect = 0
  let winN = 0
  let lastEmitStep = -1
  let stoppedByUser = false
  let stoppedEarly = false
  let epochsRun = 0
  let diagnosis: NetworkDiagnosis | null = null
  let lastVal = { loss: NaN, accuracy: NaN }
  let firstLoss = Infinity

  const emitRow = (epochPos: number): void => {
    const v = split.val.length > 0 ? evaluate(net, params.loss, ds, split.val, scale, evalWs) : { loss: NaN, accuracy: NaN }
    lastVal = v
    const row: Record<string, number> = {
      trainLoss: winN > 0 ? winLoss / winN : NaN,
      trainAccuracy: winN > 0 ? winCorrect / winN : NaN,
      valLoss: v.loss,
      valAccuracy: v.accuracy,
      lr,
      epoch: epochPos
    }
    for (const l of reluLayers) row[`deadFraction${l + 1}`] = deadFraction[l]
    ctx.emit(step, row)
    lastEmitStep = step
    winLoss = winCorrect = winN = 0
    if (ctx.frameDue()) ctx.frame(net.layers[0].W, { kind: 'weights', layer: 1, rows: net.layers[0].nOut, cols: net.layers[0].nIn })
  }

  const checkDeadUnits = (epoch: number, n: number): void => {
    for (const l of reluLayers) markAlive(trainer.ws.y[l], n, net.layers[l].nOut, alive[l])
    aliveSamples += n
    if (aliveSamples < deadWindow) return
    const seen = aliveSamples
    aliveSamples = 0
    const onWhat = seen === n ? 'every sample of the batch' : `every one of the last ${seen} samples`
    for (const l of reluLayers) {
      const width = net.layers[l].nOut
      deadFraction[l] = countDead(alive[l], width) / width
      alive[l].fill(0)
      const isOutput = l === L - 1
      const where = isOutput ? `output layer (layer ${l + 1})` : `hidden layer ${l + 1}`
      if (deadFraction[l] === 1 && loggedDead[l] < 2) {
        loggedDead[l] = 2
        const msg = isOutput
          ? `Dying ReLU at the output (epoch ${epoch + 1}, step ${step}): every output ReLU is zero on ${onWhat}, z < 0 everywhere, so by Eq. 45 ∂σ/∂z = 0 and no gradient reaches any weight — the loss is stuck (plateau) and the network predicts nothing. ${deadCause(params)}`
          : `Dying ReLU in ${where} (epoch ${epoch + 1}, step ${step}): all ${width} units are zero on ${onWhat}, so no gradient flows below this layer (Eq. 45). ${deadCause(params)}`
        ctx.log(msg)
        if (isOutput || diagnosis === null) diagnosis = isOutput ? 'dead-output' : 'dead-hidden-layer'
      } else if (deadFraction[l] >= 0.5 && loggedDead[l] < 1) {
        loggedDead[l] = 1
        ctx.log(
          `Dead ReLUs in ${where} (epoch ${epoch + 1}, step ${step}): ${Math.round(deadFraction[l] * width)} of ${width} units are zero on ${onWhat} and no longer learn (Eq. 45). ${deadCause(params)}`
        )
      }
    }
  }
  outer: for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffle(order, shuffleRng)
    for (let bi = 0; bi < batchesPerEpoch; bi++) {
      const c = ctx.checkpoint()
      if (c === 'stop') {
        stoppedByUser = true
        break outer
      }
      if (c && c.lr !== undefined) baseLr = c.lr
      const n = Math.min(B, nTrain - bi * B)
      fillBatch(ds, order, bi * B, n, scale, X, T, labels)
      if (aug) {
        for (let r = 0; r < n; r++) {
          tmp.set(X.subarray(r * px, (r + 1) * px))
          augmentImage(tmp, 0, X, r * px, ds.rows, ds.cols, aug, augRng, 255 * scale)
        }
      }
      lr = learningRate(params.schedule, baseLr, epoch, step / totalBatches)
      const loss = trainer.step(X, T, n, lr)
      if (step === 0) firstLoss = loss
      if (diverged(loss, firstLoss)) throw divergenceError(params, epoch, bi, loss)
      // the forward values of this batch are still in the workspace
      winLoss += loss * n
      winCorrect += countCorrect(trainer.ws.y[L - 1], labels, n, K)
      winN += n
      step++
      checkDeadUnits(epoch, n)
      if (params.evalEvery > 0 && step % params.evalEvery === 0 && bi < batchesPerEpoch - 1) emitRow(epoch + (bi + 1) / batchesPerEpoch)
      ctx.progress(step / totalBatches, `epoch ${epoch + 1}/${params.epochs}`)
    }
    epochsRun = epoch + 1
    emitRow(epoch + 1)
    if (diverged(lastVal.loss, firstLoss) && split.val.length > 0) throw divergenceError(params, epoch, batchesPerEpoch - 1, lastVal.loss)
    if (stopper.update(lastVal.loss, epoch + 1, () => exportWeights(net))) {
      stoppedEarly = true
      ctx.log(`Early stopping after epoch ${epoch + 1}: validation loss has not improved for ${params.earlyStoppingPatience} epochs (best ${stopper.bestLoss.toPrecision(4)} at epoch ${stopper.bestEpoch}); keeping those weights.`)
      break
    }
  }
  if (step > lastEmitStep && step > 0) emitRow(step / batchesPerEpoch)
  if (params.earlyStoppingPatience > 0 && stopper.bestWeights && stopper.bestEpoch < epochsRun) importWeights(net, stopper.bestWeights)
  if (diagnosis === null && reluLayers.length > 0 && lastVal.accuracy <= 1.5 / K)
    ctx.log(`Training ended at chance-level validation accuracy (${(100 * lastVal.accuracy).toFixed(1)} %): the loss plateaued. ${deadCause(params)}`)

  return finish(params, ctx, net, ds, split, scale, {
    epochsRun,
    steps: step,
    stoppedByUser,
    stoppedEarly,
    bestEpoch: stopper.bestEpoch,
    diagnosis,
    deadFraction: Array.from(deadFraction)
  })
}

function deadCause(p: NetworkTrainParams): string {
  const parts: string[] = []
  if (p.inputScaling === 'raw') parts.push('unscaled 0–255 inputs make z = Wx of order 10³–10⁴')
  if (p.init === 'randn') parts.push('randn init (std 1) instead of He (std √(2/n_in))')
  if (p.batchGradient === 'sum') parts.push(`the gradient summed over ${p.batchSize} samples`)
  if (p.lr >= 0.1 && p.optimizer !== 'adam') parts.push(`a large learning rate (${p.lr})`)
  const cause = parts.length ? `Likely cause: ${parts.join(', ')} — the first updates overshoot and push z below zero for every input.` : 'Likely cause: a too large step pushed the pre-activations below zero.'
  return `${cause} Remedies: scale inputs to [0, 1], He init, a smaller learning rate, leaky ReLU or sigmoid.`
}

function finish(
  params: NetworkTrainParams,
  ctx: JobContext<NetworkTrainControl>,
  net: Network,
  ds: LabeledImages,
  split: Split,
  scale: number,
  info: Omit<NetworkTrainResult, 'architecture'>
): NetworkTrainResult {
  const arch = architecture(params)
  const weights = exportWeights(net)
  weights.forEach((w, i) => {
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
  const K = ds.classes
  const result: NetworkTrainResult = { ...info, architecture: arch }
  if (split.test.length > 0) {
    const ev = evaluate(net, params.loss, ds, split.test, scale)
    const confusion = confusionMatrix(ev.truth, ev.predicted, K)
    ctx.artifact('confusion', confusion, { rows: K, cols: K, axes: 'row = true class, column = predicted class' })
    const wrong: number[] = []
    for (let i = 0; i < ev.truth.length; i++) if (ev.truth[i] !== ev.predicted[i]) wrong.push(split.test[i], ev.truth[i], ev.predicted[i])
    ctx.artifact('misclassified', Int32Array.from(wrong), {
      columns: ['datasetIndex', 'trueClass', 'predictedClass'],
      count: wrong.length / 3,
      of: split.test.length
    })
    const rows: number[][] = []
    for (let r = 0; r < K; r++) rows.push(Array.from(confusion.subarray(r * K, (r + 1) * K)))
    result.testAccuracy = ev.accuracy
    result.testLoss = ev.loss
    result.confusion = rows
    result.misclassifiedCount = wrong.length / 3
  }
  ctx.progress(1)
  return result
}
