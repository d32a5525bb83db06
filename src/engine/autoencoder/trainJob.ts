// The 'autoencoder.train' job (Sec. VII): an autoencoder — plain, tied, denoising, variational
// or β-VAE — trained on the lab's training loop to give back its input, then read item by item
// for what Sec. VII asks of it: the latent codes of the analysis items (with their labels, T and
// m, or physical parameters), their reconstruction losses, Fig. 14 for Ising configurations,
// anomaly scores with ROC/AUC against the pixel-mean-distance baseline, the correlation of
// latents with the oscillator's parameters, the denoising gain, samples of a VAE's prior.
//
// The host passes the data (the engine reads no files): decoded digits or an imported IDX set,
// or a decoded, checked Ising dataset; oscillator trajectories are generated here from their
// own data seed. Split: the lab's fixed 80/10/10 split of the items (data/split.ts). The
// analysis items are the test split (and every held-out anomaly) — for Ising data every
// configuration, as Fig. 14 plots every simulation across T.
//
// Random streams (forks of the job's Rng): 1 weights, 2 shuffling, 3 the denoising noise
// (the loop's), 4 a VAE's training noise ε, 5 its evaluation noise, 6 the denoising test,
// 7 the bootstrap of Fig. 14, 8 the prior samples.

import type { JobContext } from '../job'
import type { LabeledImages } from '../data/images'
import { splitDataset } from '../data/split'
import type { IsingDataset } from '../ising/datasetFormat'
import type { ActivationName } from '../nn/activations'
import { evaluateSet } from '../train/evaluate'
import { INIT_STREAM, runTrainingLoop, trainingMemory, type LoopOutcome, type TrainingControl } from '../train/loop'
import { gemmHeapBytes } from '../tensor/gemmWasm'
import { F32, sumTerms, type MemoryTerms } from '../memory'
import { metricColumn, type Batch } from '../train/model'
import { pearson } from '../stats/correlation'
import { pca, project } from '../stats/pca'
import { roc } from '../stats/roc'
import { meanDistanceScores, normalItems } from './anomaly'
import { checkArchitecture, parameterCount, type AutoencoderArchitecture } from './architecture'
import { codesOf, denoisingErrors, type DenoisingErrors } from './codes'
import { imageData, spinData, trajectoryData, type AutoencoderData, type DataKind } from './data'
import { fig14Analysis, finite, type Fig14 } from './fig14'
import { autoencoderModel, createAutoencoder, exportAutoencoderWeights, reconstruct, createPass, samplePrior } from './model'
import { corrupt, type InputNoise } from './noise'
import { OSCILLATOR_PHYSICS, oscillatorSet, type OscillatorSet } from './oscillator'
import type { AnomalyRule, AutoencoderTrainParams } from './types'

const STREAM = { trainNoise: 4, evalNoise: 5, denoiseTest: 6, bootstrap: 7, prior: 8 } as const

/** Prior samples a VAE run keeps. */
export const PRIOR_SAMPLES = 64
/** Validation items shown live as reconstructions. */
const LIVE_ITEMS = 8

export interface AutoencoderInit {
  /** The bundled digits or an imported IDX set ('mnist' / 'idx' sources). */
  images?: LabeledImages
  /** A stored 'ising.dataset', decoded and checked ('ising' source). */
  ising?: IsingDataset
}

/** Artifact names (ae.weights.<l> counts layers from 1, encoder first). */
export const AE_ARTIFACTS = {
  weights: (l: number) => `ae.weights.${l}`,
  latents: 'ae.latents',
  losses: 'ae.losses',
  items: 'ae.items',
  split: 'ae.split',
  labels: 'ae.labels',
  T: 'ae.T',
  m: 'ae.m',
  physics: 'ae.physics',
  baseline: 'ae.baseline',
  samples: 'ae.samples'
} as const

/** Where an analysis item was: trained on, validated on, tested on, or held out as an anomaly. */
export const SPLIT_CODE = { train: 0, val: 1, test: 2, anomaly: 3 } as const

export interface AutoencoderTrainResult extends Omit<LoopOutcome, 'lastVal'> {
  architecture: AutoencoderArchitecture
  parameterCount: number
  data: { kind: DataKind; count: number; rows: number; cols: number; train: number; val: number; test: number; analysis: number }
  /** Means over the test split: testLoss (and testReconstruction, testKl for a VAE). */
  test: Record<string, number | null>
  /** A VAE's evidence lower bound per test sample, −(reconstruction + KL), one draw of z per item. */
  testElbo: number | null
  fig14: Fig14 | null
  /** Which latent axis Fig. 14 used: the neuron itself, or the first principal component of several. */
  fig14Axis: 'latent' | 'first principal component' | null
  anomaly: { rule: AnomalyRule; normal: number; anomalous: number; auc: number | null; baselineAuc: number | null } | null
  /** Pearson r of each latent (rows; μ for a VAE) with each physical parameter (columns). */
  disentanglement: { physics: string[]; correlation: (number | null)[][] } | null
  denoising: (DenoisingErrors & { noise: InputNoise }) | null
}

const DEFAULT_OUTPUT: Record<DataKind, ActivationName> = { images: 'sigmoid', ising: 'tanh', oscillator: 'linear' }

function dataFor(p: AutoencoderTrainParams, init: AutoencoderInit): { data: AutoencoderData; oscillators: OscillatorSet | null } {
  const src = p.dataset
  if (src.source === 'oscillator') {
    const oscillators = oscillatorSet(src)
    return { data: trajectoryData(oscillators), oscillators }
  }
  if (src.source === 'ising') {
    if (!init.ising) throw new Error('autoencoder.train needs its Ising dataset: the host passes the decoded dataset run as init.ising')
    return { data: spinData(init.ising), oscillators: null }
  }
  if (!init.images) throw new Error('autoencoder.train needs its images: the host passes the decoded digits or an imported IDX set as init.images')
  return { data: imageData(init.images), oscillators: null }
}

export function autoencoderArchitecture(p: AutoencoderTrainParams, data: Pick<AutoencoderData, 'kind' | 'inputSize'>): AutoencoderArchitecture {
  const arch: AutoencoderArchitecture = {
    inputSize: data.inputSize,
    encoder: p.encoder,
    latent: p.latent,
    decoder: p.decoder ?? [...p.encoder].reverse(),
    hiddenActivation: p.hiddenActivation,
    latentActivation: p.latentActivation,
    outputActivation: p.outputActivation === 'auto' ? DEFAULT_OUTPUT[data.kind] : p.outputActivation,
    leakySlope: p.leakySlope,
    variational: p.variational,
    tied: p.tied,
    loss: p.loss,
    beta: p.beta
  }
  checkArchitecture(arch)
  return arch
}

export function runAutoencoderTraining(p: AutoencoderTrainParams, ctx: JobContext<TrainingControl>, init: AutoencoderInit = {}): AutoencoderTrainResult {
  const { data, oscillators } = dataFor(p, init)
  const arch = autoencoderArchitecture(p, data)
  const T = init.ising && p.dataset.source === 'ising' ? init.ising.T : null

  // the fixed split; with an anomaly rule, only normal items are trained, validated and tested on
  const base = splitDataset(data.count)
  const isNormal = p.anomaly ? normalItems(p.anomaly, data, T) : () => true
  const keep = (idx: Int32Array): Int32Array => idx.filter((i) => isNormal(i))
  const allTrain = keep(base.train)
  const train = p.trainSize > 0 ? allTrain.slice(0, p.trainSize) : allTrain
  const val = keep(base.val)
  const test = keep(base.test)
  if (train.length === 0) throw new Error('no training items are left: the anomaly rule leaves no normal items')
  if (p.batchSize > train.length) throw new Error(`batch size ${p.batchSize} exceeds the ${train.length} training items`)

  const ae = createAutoencoder(arch, p.init, ctx.rng.fork(INIT_STREAM))
  const evalRows = evaluationRows(val.length, test.length)
  const model = autoencoderModel(ae, { batchSize: p.batchSize, evalRows, trainNoise: ctx.rng.fork(STREAM.trainNoise), evalNoise: ctx.rng.fork(STREAM.evalNoise) })
  const [lo, hi] = data.range
  const noise = p.noise && p.noise.level > 0 ? p.noise : undefined
  const live = liveReconstructions(data, val.length > 0 ? val : train, ae)

  const outcome = runTrainingLoop(
    model,
    data,
    {
      ...p,
      optimizer: { name: p.optimizer, momentum: p.momentum, betas: p.betas },
      train,
      val,
      augment: noise ? (b: Batch, rng) => corrupt(b.x, b.n * data.inputSize, noise, lo, hi, rng) : undefined,
      divergenceCauses: (lr) => divergenceCauses(p, lr),
      frame: () => ctx.frame(live(), { kind: 'reconstructions', data: data.kind, rows: data.rows, cols: data.cols, count: LIVE_ITEMS, lo, hi })
    },
    ctx
  )
  ctx.progress(0.99, 'reading the codes')

  // analysis items: the test split and every anomaly; for Ising data every configuration
  const isTrain = new Set(train)
  const isVal = new Set(val)
  const analysis = Int32Array.from(
    data.kind === 'ising' ? Array.from({ length: data.count }, (_, i) => i) : [...test, ...Array.from({ length: data.count }, (_, i) => i).filter((i) => !isNormal(i))]
  )
  const split = Uint8Array.from(analysis, (i) => (!isNormal(i) ? SPLIT_CODE.anomaly : isTrain.has(i) ? SPLIT_CODE.train : isVal.has(i) ? SPLIT_CODE.val : SPLIT_CODE.test))
  const codes = codesOf(ae, data, analysis, evalRows)
  const k = arch.latent

  exportAutoencoderWeights(ae).forEach((w, i) => {
    const layers = [...ae.encoder.layers, ...ae.decoder.layers]
    const l = layers[i]
    const encoderLayers = ae.encoder.layers.length
    ctx.artifact(AE_ARTIFACTS.weights(i + 1), w, {
      layer: i + 1,
      part: i < encoderLayers ? 'encoder' : 'decoder',
      nIn: l.nIn,
      nOut: l.nOut,
      shapeW: [l.nOut, l.nIn],
      shapeB: [l.nOut],
      layout: 'W row-major (nOut×nIn), then b',
      activation: l.activation,
      architecture: arch
    })
  })
  ctx.artifact(AE_ARTIFACTS.latents, codes.latents, { rows: analysis.length, cols: k, of: 'analysis items', what: arch.variational ? 'μ of q(z|x)' : 'latent neurons' })
  ctx.artifact(AE_ARTIFACTS.losses, codes.losses, { of: 'analysis items', what: 'reconstruction loss per sample (z = μ for a VAE)' })
  ctx.artifact(AE_ARTIFACTS.items, analysis, { what: 'dataset index of each analysis item' })
  ctx.artifact(AE_ARTIFACTS.split, split, { codes: SPLIT_CODE })
  if (data.labels) ctx.artifact(AE_ARTIFACTS.labels, Uint8Array.from(analysis, (i) => (data.labels as Uint8Array)[i]), { of: 'analysis items' })

  let fig14: Fig14 | null = null
  let fig14Axis: AutoencoderTrainResult['fig14Axis'] = null
  if (init.ising && data.kind === 'ising') {
    const ds = init.ising
    const Ta = Float64Array.from(analysis, (i) => ds.T[i])
    const ma = Float64Array.from(analysis, (i) => ds.m[i])
    ctx.artifact(AE_ARTIFACTS.T, Ta, { of: 'analysis items' })
    ctx.artifact(AE_ARTIFACTS.m, ma, { of: 'analysis items', what: 'magnetization per spin (never shown to the network)' })
    fig14Axis = k === 1 ? 'latent' : 'first principal component'
    const z = k === 1 ? codes.latents : project(pca(codes.latents, analysis.length, k, 1), codes.latents, analysis.length)
    if (new Set(Ta).size >= 3) fig14 = fig14Analysis({ z, T: Ta, m: ma, loss: codes.losses, J: ds.meta.J }, ctx.rng.fork(STREAM.bootstrap))
    else ctx.log('Fig. 14 needs configurations at 3 or more temperatures: this dataset has fewer, so only the codes are kept.')
  }

  let disentanglement: AutoencoderTrainResult['disentanglement'] = null
  if (oscillators) {
    const w = OSCILLATOR_PHYSICS.length
    const phys = Float64Array.from({ length: analysis.length * w }, (_, j) => oscillators.physics[analysis[Math.floor(j / w)] * w + (j % w)])
    ctx.artifact(AE_ARTIFACTS.physics, phys, { rows: analysis.length, cols: w, columns: OSCILLATOR_PHYSICS })
    const column = (a: ArrayLike<number>, c: number, cols: number): Float64Array => Float64Array.from({ length: analysis.length }, (_, r) => a[r * cols + c])
    disentanglement = {
      physics: [...OSCILLATOR_PHYSICS],
      correlation: Array.from({ length: k }, (_, j) => OSCILLATOR_PHYSICS.map((_, c) => finite(pearson(column(codes.latents, j, k), column(phys, c, w)))))
    }
  }

  let anomaly: AutoencoderTrainResult['anomaly'] = null
  if (p.anomaly) {
    // scored: items never trained or validated on (the normal test items and the anomalies)
    const scored = Array.from(analysis.keys()).filter((r) => split[r] >= SPLIT_CODE.test)
    const flags = scored.map((r): number => (split[r] === SPLIT_CODE.anomaly ? 1 : 0))
    const baseline = meanDistanceScores(data, allTrain, analysis)
    ctx.artifact(AE_ARTIFACTS.baseline, baseline, { of: 'analysis items', what: 'mean squared distance from the mean normal training item' })
    const anomalous = flags.reduce((s, f) => s + f, 0)
    anomaly = {
      rule: p.anomaly,
      normal: scored.length - anomalous,
      anomalous,
      auc: finite(roc(scored.map((r) => codes.losses[r]), flags).auc),
      baselineAuc: finite(roc(scored.map((r) => baseline[r]), flags).auc)
    }
    if (anomalous === 0) ctx.log('The anomaly rule leaves no anomalous items in this dataset: no ROC curve.')
  }

  const denoising = noise && test.length > 0 ? { noise, ...denoisingErrors(ae, data, test, noise, ctx.rng.fork(STREAM.denoiseTest), evalRows) } : null
  if (arch.variational) ctx.artifact(AE_ARTIFACTS.samples, samplePrior(ae, PRIOR_SAMPLES, ctx.rng.fork(STREAM.prior)), { rows: data.rows, cols: data.cols, count: PRIOR_SAMPLES, what: 'z ~ N(0, 1) through the decoder' })

  const means = test.length > 0 ? evaluateSet(model, data, test) : null
  const testMetrics: Record<string, number | null> = {}
  model.metrics.forEach((m, i) => {
    if (means) testMetrics[metricColumn('test', m)] = finite(means[i])
  })
  const { epochsRun, steps, stoppedByUser, stoppedEarly, bestEpoch } = outcome
  ctx.progress(1)
  return {
    epochsRun,
    steps,
    stoppedByUser,
    stoppedEarly,
    bestEpoch,
    architecture: arch,
    parameterCount: parameterCount(arch),
    data: { kind: data.kind, count: data.count, rows: data.rows, cols: data.cols, train: train.length, val: val.length, test: test.length, analysis: analysis.length },
    test: testMetrics,
    testElbo: arch.variational && means ? finite(-(means[1] + means[2])) : null,
    fig14,
    fig14Axis,
    anomaly,
    disentanglement,
    denoising
  }
}

/** Live frames: LIVE_ITEMS items then their reconstructions, each rows × cols. */
function liveReconstructions(data: AutoencoderData, pool: Int32Array, ae: ReturnType<typeof createAutoencoder>): () => Float32Array {
  const items = pool.slice(0, LIVE_ITEMS)
  const n = items.length
  const w = data.inputSize
  const x = new Float32Array(n * w)
  for (let r = 0; r < n; r++) data.item(items[r], x, r * w)
  const pass = createPass(ae, Math.max(1, n))
  const out = new Float32Array(2 * LIVE_ITEMS * w)
  out.set(x)
  return () => {
    out.set(reconstruct(ae, x, n, pass, null).subarray(0, n * w), LIVE_ITEMS * w)
    return out
  }
}

function divergenceCauses(p: AutoencoderTrainParams, lr: number): string[] {
  const causes = [`the learning rate lr=${lr} is too large for ${p.optimizer} (each step overshoots and the weights blow up)`]
  if (p.variational) causes.push('a VAE’s log σ² can run away (exp overflows): lower the learning rate, or β')
  if (p.init === 'randn') causes.push('randn init (std 1) makes z = Wx huge in wide layers (use He or Xavier)')
  return causes
}

/** Rows of one evaluation pass: up to 500, fewer for small validation and test sets. */
const evaluationRows = (val: number, test: number): number => Math.min(500, Math.max(1, val, test))

/** The data of a run as far as memory goes: items, values per item, bytes the worker holds them in. */
export interface AutoencoderDataShape {
  count: number
  inputSize: number
  bytes: number
}

/**
 * What a run holds: the encoder's and decoder's weights and gradients; per layer output z, y,
 * ∂L/∂y and δ, with the latents and ε, for a training batch, an evaluation pass and the
 * analysis passes (the codes', then with noise the denoising's: the first need not be
 * collected when the second is made); the module memory of the largest matrix product; the
 * dataset; what the loop keeps; and the analysis, a few numbers per item (latent code, loss,
 * label, T, m, physics, baseline score).
 */
export function autoencoderTrainingMemory(p: AutoencoderTrainParams, data: AutoencoderDataShape): MemoryTerms {
  const k = p.latent
  const enc = [data.inputSize, ...p.encoder, p.variational ? 2 * k : k]
  const dec = [k, ...(p.decoder ?? [...p.encoder].reverse()), data.inputSize]
  const B = p.batchSize
  const E = evaluationRows(Math.round(0.1 * data.count), Math.round(0.1 * data.count))
  const n = Math.max(B, E)
  const analysisPasses = p.noise && p.noise.level > 0 ? 2 : 1
  let parameters = 0
  let units = 0
  let products = 0
  for (const s of [enc, dec])
    for (let l = 1; l < s.length; l++) {
      parameters += s[l] * (s[l - 1] + 1)
      units += s[l]
      products = Math.max(products, gemmHeapBytes('nt', n, s[l - 1], s[l]), gemmHeapBytes('tn', s[l], B, s[l - 1]), gemmHeapBytes('nn', n, s[l], s[l - 1]))
    }
  return sumTerms(
    trainingMemory({
      parameters,
      layerBuffers: F32 * ((B + (1 + analysisPasses) * E) * (4 * units + 2 * k) + B * k),
      products,
      shown: 2 * 8 * F32 * data.inputSize,
      optimizer: p.optimizer,
      earlyStoppingPatience: p.earlyStoppingPatience,
      batchSize: B,
      evalRows: E,
      images: { count: data.count, rows: 1, cols: data.inputSize, classes: data.inputSize },
      datasetBytes: data.bytes,
      resumed: false
    }),
    { analysis: data.count * (F32 * (k + 3) + 1 + 2 * 8 + 5 * 8) }
  )
}
