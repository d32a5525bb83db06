import { z } from 'zod'
import { RunId, Seed } from '../primitives'
import { defineKind } from './define'
import { Temperature } from './ising'
import { EarlyStoppingPatience, Schedule, TrainingControl } from './training'
import { MNIST_INPUTS, MNIST_TRAIN_SIZE } from './network'

// An autoencoder (Sec. VII, Fig. 13): an encoder of dense layers down to a latent space of 1–64
// neurons and a decoder back up, trained to give back its input — plain, with tied weights,
// denoising, variational (VAE) or β-VAE — on the bundled digits, an imported IDX set, a stored
// Ising dataset (Fig. 14) or damped-oscillator trajectories. Field ranges and the combinations
// that cannot work are refused here; what depends on a stored dataset (its size, its kind) is
// checked by the binding's prepare before the run exists.

const Width = z.number().int().min(1, 'a layer needs at least 1 neuron').max(4096, 'at most 4,096 neurons a layer')
const HiddenActivation = z.enum(['relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear'])
const OutputActivation = z.enum(['auto', 'linear', 'sigmoid', 'tanh'])

/** Lowest and highest value of a physical parameter, drawn uniformly between them. */
const ParameterRange = (what: string, min: number) =>
  z
    .tuple([z.number().min(min, `${what} must be ≥ ${min}`).max(1000), z.number().min(min, `${what} must be ≥ ${min}`).max(1000)])
    .refine(([lo, hi]) => lo <= hi, { message: `the ${what} range is reversed (its lowest value is above its highest)` })

export const OscillatorSource = z
  .object({
    source: z.literal('oscillator'),
    /** Trajectories generated. */
    count: z.number().int().min(100, 'at least 100 trajectories').max(20000, 'at most 20,000 trajectories').default(5000),
    /** Time points per trajectory (the input size). */
    samples: z.number().int().min(8, 'at least 8 time points').max(256, 'at most 256 time points').default(64),
    tMax: z.number().positive('the duration must be > 0').max(100).default(10),
    // narrow: k/m and b/m both scale as 1/m, and a wide mass range would correlate them
    mass: ParameterRange('mass m', 0.01).default([0.8, 1.25]),
    stiffness: ParameterRange('spring constant k', 0.01).default([0.5, 4]),
    damping: ParameterRange('damping b', 0).default([0.05, 1]),
    /** The trajectories' own seed: runs with different training seeds learn the same data. */
    dataSeed: Seed.default(1)
  })
  .strict()

export const AutoencoderSource = z.discriminatedUnion('source', [
  z.object({ source: z.literal('mnist') }).strict(),
  z.object({ source: z.literal('idx'), importedId: RunId }).strict(),
  z.object({ source: z.literal('ising'), runId: RunId }).strict(),
  OscillatorSource
])

export const InputNoise = z
  .object({
    type: z.enum(['flip', 'gaussian', 'mask']),
    /** Probability per value (flip, mask), or the standard deviation as a fraction of the data's range (gaussian). */
    level: z.number().min(0, 'the noise level must be ≥ 0').max(1, 'the noise level must be ≤ 1')
  })
  .strict()

export const AnomalyRule = z.union([
  z.object({ heldOutClass: z.number().int().min(0).max(255) }).strict(),
  z.object({ normalBelowT: Temperature }).strict()
])

/** Values per item where the params alone say it (the digits, generated trajectories). */
function knownInputSize(source: z.output<typeof AutoencoderSource>): number | null {
  return source.source === 'mnist' ? MNIST_INPUTS : source.source === 'oscillator' ? source.samples : null
}

/** Training items where the params alone say it (80 % of the items, the lab's fixed split). */
function knownTrainingItems(source: z.output<typeof AutoencoderSource>): number | null {
  return source.source === 'mnist' ? MNIST_TRAIN_SIZE : source.source === 'oscillator' ? source.count - 2 * Math.round(source.count * 0.1) : null
}

export interface DataFitIssue {
  path: (string | number)[]
  message: string
}

/**
 * What the params ask that data of `input` values per item and `trainingItems` training items
 * cannot give: checked by the schema where the params say the sizes, by the binding once it
 * has read a stored dataset.
 */
export function dataFitIssues(
  p: Pick<AutoencoderTrainParams, 'latent' | 'batchSize' | 'trainSize'>,
  input: number,
  trainingItems: number
): DataFitIssue[] {
  const out: DataFitIssue[] = []
  if (p.latent > input) out.push({ path: ['latent'], message: `the latent size (${p.latent}) is larger than the input (${input} values): the latent space must be a bottleneck` })
  const usable = p.trainSize > 0 ? Math.min(p.trainSize, trainingItems) : trainingItems
  if (usable === 0) out.push({ path: ['dataset'], message: 'no training items are left (the anomaly rule keeps none as normal)' })
  else if (p.batchSize > usable) out.push({ path: ['batchSize'], message: `the batch size (${p.batchSize}) is larger than the ${usable} training items` })
  return out
}

const mirrors = (a: number[], b: number[]): boolean => a.length === b.length && a.every((w, i) => w === b[b.length - 1 - i])

export const autoencoderTrainParams = z
  .object({
    dataset: AutoencoderSource.default({ source: 'mnist' }),
    /** Hidden widths from the input towards the latent space. */
    encoder: z.array(Width).max(6, 'at most 6 hidden layers in the encoder').default([256]),
    /** Neurons of the latent space. */
    latent: z.number().int('the latent size must be a whole number').min(1, 'the latent size must be at least 1').max(64, 'the latent size must be at most 64').default(2),
    /** Hidden widths from the latent space towards the output; absent: the encoder's, mirrored. */
    decoder: z.array(Width).max(6, 'at most 6 hidden layers in the decoder').optional(),
    hiddenActivation: HiddenActivation.default('relu'),
    latentActivation: HiddenActivation.default('linear'),
    /** 'auto': sigmoid for pixels, tanh for spins, linear for trajectories. */
    outputActivation: OutputActivation.default('auto'),
    leakySlope: z.number().min(0).max(1).default(0.01),
    variational: z.boolean().default(false),
    /** Weight of the KL term: 1 is the VAE's ELBO, other values a β-VAE. */
    beta: z.number().min(0, 'β must be ≥ 0 (it weighs the KL term of the loss)').max(1000, 'β must be at most 1000').default(1),
    tied: z.boolean().default(false),
    loss: z.enum(['mse', 'bce']).default('mse'),
    /** Denoising: corrupt the training inputs, keep the clean targets. */
    noise: InputNoise.optional(),
    anomaly: AnomalyRule.optional(),
    optimizer: z.enum(['sgd', 'momentum', 'adam']).default('adam'),
    momentum: z.number().min(0).max(0.9999).default(0.9),
    betas: z.tuple([z.number().min(0).max(0.9999), z.number().min(0).max(0.99999)]).default([0.9, 0.999]),
    lr: z.number().positive('the learning rate must be > 0').max(100).default(1e-3),
    schedule: Schedule.default({ type: 'constant' }),
    batchSize: z.number().int().min(1, 'the batch size must be at least 1').max(4096, 'the batch size must be at most 4,096').default(64),
    epochs: z.number().int().min(1, 'at least 1 epoch').max(1000, 'at most 1,000 epochs').default(10),
    init: z.enum(['randn', 'xavier', 'he']).default('xavier'),
    weightDecay: z.number().min(0).max(1).default(0),
    earlyStoppingPatience: EarlyStoppingPatience,
    /** Batches between two validation measurements; 0 = once per epoch only. */
    evalEvery: z.number().int().min(0).max(100000).default(0),
    /** Training items used per epoch (the first of the fixed split); 0 = all. */
    trainSize: z.number().int().min(0).max(1_000_000).default(0)
  })
  .strict()
  .superRefine((p, ctx) => {
    const issue = (path: (string | number)[], message: string): void => ctx.addIssue({ code: 'custom', path, message })
    const src = p.dataset.source
    const input = knownInputSize(p.dataset)
    const training = knownTrainingItems(p.dataset)
    // (a held-out digit leaves ≥ 7,000 of the 8,000 training digits, more than the largest batch)
    if (input !== null && training !== null) for (const i of dataFitIssues(p, input, training)) issue(i.path, i.message)
    if (p.tied && p.variational) issue(['tied'], 'tied weights need a plain autoencoder: a VAE’s encoder ends in μ and log σ², which no decoder layer mirrors')
    if (p.tied && p.decoder && !mirrors(p.encoder, p.decoder))
      issue(['decoder'], `tied weights need a decoder that mirrors the encoder: hidden widths [${[...p.encoder].reverse().join(', ')}]`)
    const out = p.outputActivation === 'auto' ? { mnist: 'sigmoid', idx: 'sigmoid', ising: 'tanh', oscillator: 'linear' }[src] : p.outputActivation
    if (p.loss === 'bce') {
      if (src === 'oscillator') issue(['loss'], 'binary cross-entropy needs two-valued data (pixels or spins): use MSE for oscillator trajectories')
      else if (out !== 'sigmoid' && out !== 'tanh') issue(['outputActivation'], 'binary cross-entropy reads the output as a probability: the output must be sigmoid (pixels) or tanh (spins)')
      else if (out === 'sigmoid' && src === 'ising') issue(['outputActivation'], 'binary cross-entropy on spins ±1 needs a tanh output')
      else if (out === 'tanh' && src !== 'ising') issue(['outputActivation'], 'binary cross-entropy on pixels in [0, 1] needs a sigmoid output')
    }
    if (out === 'sigmoid' && src !== 'mnist' && src !== 'idx')
      issue(['outputActivation'], `a sigmoid output lies in (0, 1) and cannot reproduce ${src === 'ising' ? 'spins −1' : 'negative positions'}: choose tanh or linear`)
    if (p.noise?.type === 'flip' && src === 'oscillator') issue(['noise', 'type'], 'flip noise needs two-valued data (pixels or spins): use Gaussian or masking noise for trajectories')
    if (p.anomaly) {
      if ('heldOutClass' in p.anomaly && src !== 'mnist' && src !== 'idx') issue(['anomaly'], 'holding out a class needs labelled images (the digits or an imported set)')
      if ('heldOutClass' in p.anomaly && src === 'mnist' && p.anomaly.heldOutClass > 9) issue(['anomaly', 'heldOutClass'], 'the digits have classes 0–9')
      if ('normalBelowT' in p.anomaly && src !== 'ising') issue(['anomaly'], 'a temperature threshold needs an Ising dataset')
    }
  })

export type AutoencoderTrainParams = z.output<typeof autoencoderTrainParams>
export type AutoencoderTrainInput = z.input<typeof autoencoderTrainParams>

const num = z.number()
const maybe = z.number().nullable()

export const Fig14Result = z
  .object({
    temperatures: z.array(num),
    absZ: z.array(maybe),
    absZErr: z.array(maybe),
    absM: z.array(num),
    absMErr: z.array(maybe),
    loss: z.array(num),
    lossErr: z.array(maybe),
    z0: num,
    rZM: maybe,
    perTCorrelation: maybe,
    Tc: maybe,
    TcError: maybe,
    TcFromM: maybe,
    TcFromMError: maybe,
    TcExact: num,
    everySpinIsM: num,
    meanLoss: num
  })
  .strict()

const Activation = z.enum(['relu', 'leakyRelu', 'sigmoid', 'tanh', 'linear', 'softmax'])

export const AutoencoderArchitecture = z
  .object({
    inputSize: num,
    encoder: z.array(num),
    latent: num,
    decoder: z.array(num),
    hiddenActivation: Activation,
    latentActivation: Activation,
    outputActivation: Activation,
    leakySlope: num,
    variational: z.boolean(),
    tied: z.boolean(),
    loss: z.enum(['mse', 'bce']),
    beta: num
  })
  .strict()

export const autoencoderTrainResult = z
  .object({
    epochsRun: num,
    steps: num,
    stoppedByUser: z.boolean(),
    stoppedEarly: z.boolean(),
    bestEpoch: num,
    architecture: AutoencoderArchitecture,
    parameterCount: num,
    data: z
      .object({
        kind: z.enum(['images', 'ising', 'oscillator']),
        count: num,
        rows: num,
        cols: num,
        train: num,
        val: num,
        test: num,
        analysis: num
      })
      .strict(),
    /** testLoss (and testReconstruction, testKl for a VAE): means over the test split. */
    test: z.record(z.string(), maybe),
    /** A VAE's ELBO per test sample (one draw of z per item). */
    testElbo: maybe,
    fig14: Fig14Result.nullable(),
    fig14Axis: z.enum(['latent', 'first principal component']).nullable(),
    anomaly: z
      .object({ rule: AnomalyRule, normal: num, anomalous: num, auc: maybe, baselineAuc: maybe })
      .strict()
      .nullable(),
    disentanglement: z.object({ physics: z.array(z.string()), correlation: z.array(z.array(maybe)) }).strict().nullable(),
    denoising: z.object({ noise: InputNoise, noisyMse: num, denoisedMse: num, cleanMse: num }).strict().nullable()
  })
  .strict()

export const AUTOENCODER_SERIES = ['trainLoss', 'valLoss', 'trainReconstruction', 'valReconstruction', 'trainKl', 'valKl', 'lr', 'epoch'] as const

export const autoencoderTrain = defineKind({
  kind: 'autoencoder.train',
  title: 'Autoencoder',
  summary: 'Encoder → latent space → decoder, trained to give back its input (Sec. VII): plain, tied, denoising, VAE or β-VAE; Fig. 14 on Ising data, anomaly detection, latent maps.',
  params: autoencoderTrainParams,
  control: TrainingControl,
  result: autoencoderTrainResult,
  artifacts: [
    { name: 'ae.weights.<layer>', description: 'layer l (from 1, encoder first, then decoder): W row-major nOut × nIn, then b, Float32' },
    { name: 'ae.latents', description: 'the latent code of each analysis item (μ for a VAE), Float32 items × latent' },
    { name: 'ae.losses', description: 'the reconstruction loss of each analysis item, Float32' },
    { name: 'ae.items', description: 'the dataset index of each analysis item, Int32' },
    { name: 'ae.split', description: 'where each analysis item was: 0 train, 1 validation, 2 test, 3 held-out anomaly, Uint8' },
    { name: 'ae.labels', description: 'the class of each analysis item, Uint8', when: 'images' },
    { name: 'ae.T', description: 'the temperature of each analysis item, Float64', when: 'Ising data' },
    { name: 'ae.m', description: 'the magnetization per spin of each analysis item (never shown to the network), Float64', when: 'Ising data' },
    { name: 'ae.physics', description: 'k/m, b/m, m, k, b of each analysis item, Float64 items × 5', when: 'oscillator trajectories' },
    { name: 'ae.baseline', description: 'the pixel-mean-distance score of each analysis item, Float32', when: 'anomaly detection' },
    { name: 'ae.samples', description: '64 samples of the prior z ~ N(0, 1) through the decoder, Float32 64 × inputs', when: 'a VAE' }
  ],
  series: AUTOENCODER_SERIES,
  plot: { x: 'epoch' },
  inputRuns: (p, to) => {
    const d = p.dataset
    return { ...p, dataset: d.source === 'idx' ? { ...d, importedId: to(d.importedId) } : d.source === 'ising' ? { ...d, runId: to(d.runId) } : d }
  }
})
