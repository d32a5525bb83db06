import { z } from 'zod'
import { RunId } from '../primitives'
import { defineKind, noControl } from './define'

// Parameters of the restricted Boltzmann machine jobs (Sec. IV, Eqs. 20–31): training by
// CD-k, PCD-k or exact maximum likelihood on binarized digits or Ising configurations;
// dreaming (free Gibbs chains); completion (part of an input clamped). The thermodynamics and
// movie-ratings kinds (rbmThermo.ts, rbmMovies.ts) share the learning fields defined here.

/** The bundled digits: 10,000 of 28×28 pixels, 8,000 in the fixed training part (src/engine/data/split.ts). */
const DIGIT_PIXELS = 784
export const BUNDLED_DIGITS = 10000
const DIGITS_TRAIN = 8000
/** Exact enumeration limit: a layer of at most this many units (2²⁰ states). */
export const RBM_ENUMERABLE = 20
/** Exact maximum likelihood enumerates at every update: at most this many multiply-adds
 *  (2^min(n_v, n_h) · n_v · n_h) per update — 16 × 16 Ising machines, up to 784 × 12 digits. */
export const RBM_EXACT_UPDATE_BUDGET = 5e7

export const RbmSchedule = z.discriminatedUnion('type', [
  z.object({ type: z.literal('constant') }).strict(),
  /** A straight line from lr down (or up) to finalLr over the run; finalLr 0 averages out the noise of CD at the end. */
  z.object({ type: z.literal('linear'), finalLr: z.number().min(0).max(10) }).strict()
])

/** How a machine learns: shared by rbm.train, rbm.thermo and rbm.movies. */
export const rbmLearningFields = {
  hidden: z.number().int().min(1, 'the machine needs at least 1 hidden unit').max(4096, 'at most 4,096 hidden units'),
  method: z.enum(['cd', 'pcd', 'exact']).default('cd'),
  k: z.number().int().min(1, 'Gibbs steps k must be at least 1').max(1000, 'at most 1,000 Gibbs steps per update').default(1),
  lr: z.number().positive('the learning rate must be > 0').max(10, 'the learning rate must be at most 10'),
  schedule: RbmSchedule.default({ type: 'linear', finalLr: 0 }),
  momentum: z.number().min(0).max(0.99).default(0),
  l2: z.number().min(0).max(1).default(0),
  batchSize: z.number().int().min(1, 'the batch size must be at least 1').max(10000).default(100),
  epochs: z.number().int().min(1, 'train for at least 1 epoch').max(10000),
  initStd: z.number().min(0).max(1).default(0.01),
  /** 'printed': ΔW = −⟨hv⟩clamped + ⟨hv⟩free, W ← W + ηΔW (Eqs. 28–30 as printed), which climbs the relative entropy. */
  sign: z.enum(['correct', 'printed']).default('correct'),
  /** 'printed': a unit turns on when the random number is GREATER than its probability (the text before Eq. 25). */
  gibbsRule: z.enum(['standard', 'printed']).default('standard'),
  /** What stands for h in ⟨h vᵀ⟩: ⟨h | v⟩ (usual, less noisy) or the drawn states h, h′ as Eq. 29 prints them. */
  statistics: z.enum(['probabilities', 'samples']).default('probabilities'),
  /** false: the biases stay 0; with spin units the machine is then exactly symmetric under flipping every spin (the Ising model at B = 0). */
  biases: z.boolean().default(true)
}

export const Units = z.enum(['binary', 'spin'])

export const RbmDataSource = z.discriminatedUnion('source', [
  z
    .object({
      source: z.literal('mnist'),
      /** Training digits used (the first of the fixed 8,000); 0 = all. */
      trainSize: z.number().int().min(0).max(DIGITS_TRAIN).default(0),
      binarization: z.enum(['threshold', 'sample']).default('threshold')
    })
    .strict(),
  z
    .object({
      source: z.literal('isingExact'),
      /** Lattice side; the exact sampler enumerates 2^(L²) states, so L ≤ 4. */
      L: z.number().int().min(2, 'the lattice side L must be at least 2').max(4, 'the exact sampler enumerates lattices up to 4×4'),
      T: z.number().positive('the temperature must be > 0').max(100),
      samples: z.number().int().min(10, 'at least 10 training configurations').max(200000).default(10000),
      symmetrize: z.boolean().default(false)
    })
    .strict(),
  z
    .object({
      source: z.literal('isingDataset'),
      /** An 'ising.dataset' run. */
      runId: RunId,
      /** One of the dataset's temperatures. */
      T: z.number().positive('the temperature must be > 0'),
      symmetrize: z.boolean().default(false)
    })
    .strict()
])

const visibleUnits = (d: z.output<typeof RbmDataSource>): number | null => (d.source === 'mnist' ? DIGIT_PIXELS : d.source === 'isingExact' ? d.L * d.L : null)

export const rbmTrainParams = z
  .object({
    data: RbmDataSource.default({ source: 'mnist', trainSize: 0, binarization: 'threshold' }),
    units: Units.default('binary'),
    ...rbmLearningFields,
    hidden: rbmLearningFields.hidden.default(64),
    lr: rbmLearningFields.lr.default(0.1),
    epochs: rbmLearningFields.epochs.default(10),
    /** Updates between two measurements within an epoch (one also ends every epoch); 0 = once per epoch. */
    measureEvery: z.number().int().min(0).max(1000000).default(0),
    /** log Z by annealed importance sampling at the end, for machines too big to enumerate. */
    ais: z
      .object({
        betas: z.number().int().min(10, 'AIS needs at least 10 intermediate temperatures').max(100000),
        chains: z.number().int().min(2, 'AIS needs at least 2 chains').max(10000)
      })
      .strict()
      .nullable()
      .default({ betas: 1000, chains: 100 })
  })
  .strict()
  .superRefine((p, ctx) => {
    const nv = visibleUnits(p.data)
    if (p.method === 'exact' && p.hidden > RBM_ENUMERABLE && (nv === null || nv > RBM_ENUMERABLE))
      ctx.addIssue({ code: 'custom', path: ['hidden'], message: `exact maximum likelihood sums over every state of the smaller layer: use at most ${RBM_ENUMERABLE} hidden units (got ${p.hidden})` })
    else if (p.method === 'exact' && nv !== null && 2 ** Math.min(nv, p.hidden) * nv * p.hidden > RBM_EXACT_UPDATE_BUDGET)
      ctx.addIssue({ code: 'custom', path: ['hidden'], message: `exact maximum likelihood would sum over 2^${Math.min(nv, p.hidden)} states at every update: too slow for ${nv} × ${p.hidden} (use fewer hidden units, or CD / PCD)` })
    if (p.data.source === 'mnist' && p.batchSize > (p.data.trainSize || DIGITS_TRAIN))
      ctx.addIssue({ code: 'custom', path: ['batchSize'], message: `batch size ${p.batchSize} exceeds the ${p.data.trainSize || DIGITS_TRAIN} training digits` })
  })

export const rbmTrainControl = z
  .object({
    /** A new base learning rate from the next update on (the schedule scales it). */
    lr: z.number().positive().max(10).optional()
  })
  .strict()

export type RbmTrainParams = z.output<typeof rbmTrainParams>
export type RbmTrainInput = z.input<typeof rbmTrainParams>

/** Bins of the hidden activation histogram of each measurement (hiddenHistogram0 … 19: the fraction of P(h_j on | v) in [k/20, (k+1)/20)). */
export const RBM_HISTOGRAM_BINS = 20
export const rbmHistogramSeries = (k: number): string => `hiddenHistogram${k}`

/**
 * The measurement rows of a training, on up to 1,000 validation rows: reconstruction error (Eq. 31)
 * and pseudo-likelihood, the free-energy gap to as many training rows, the mean |W|, the exact
 * log-likelihood when log Z can be enumerated at every measurement, the exact relative entropy to
 * the Ising model (raw and spin-flip symmetrised) on exact Ising data, the hidden activations.
 */
export const RBM_TRAIN_SERIES = [
  'valReconstructionError',
  'valPseudoLikelihood',
  'freeEnergyGap',
  'logLikelihood',
  'kl',
  'klSymmetrized',
  'meanAbsWeight',
  'lr',
  'epoch',
  ...Array.from({ length: RBM_HISTOGRAM_BINS }, (_, k) => rbmHistogramSeries(k))
]

/** e, |m|, C, χ per spin and the fractions of configurations with M > 0 and M < 0. */
export const RbmThermoValues = z.object({ e: z.number(), absM: z.number(), C: z.number(), chi: z.number(), pPlus: z.number(), pMinus: z.number() }).strict()

export const rbmTrainResult = z
  .object({
    updates: z.number().int(),
    epochs: z.number().int(),
    stoppedByUser: z.boolean(),
    /** The last measurement row. */
    final: z.record(z.string(), z.number()),
    /** log Z of the trained machine, exact (enumeration) or by AIS. */
    logZ: z.number().optional(),
    logZMethod: z.string().optional(),
    logZErr: z.number().optional(),
    /** AIS: log(Ẑ − 3σ̂) (null when the interval reaches 0) and log(Ẑ + 3σ̂). */
    logZInterval: z.tuple([z.number().nullable(), z.number()]).optional(),
    aisEffectiveSampleSize: z.number().optional(),
    /** Mean log P(v) of the test rows (validation rows when there is no test part). */
    logLikelihood: z.number().optional(),
    logLikelihoodErr: z.number().optional(),
    logLikelihoodOn: z.string().optional(),
    /** Exact relative entropy (Eq. 27) from the Ising model the data came from, raw and spin-flip symmetrised. */
    kl: z.number().optional(),
    klSymmetrized: z.number().optional(),
    /** The machine's own exact e, |m|, C, χ and phase fractions (exact Ising source). */
    machine: RbmThermoValues.optional(),
    /** What the curves say went wrong (the printed sign of Eqs. 28–30). */
    diagnosis: z.string().optional()
  })
  .strict()

export const rbmTrain = defineKind({
  kind: 'rbm.train',
  title: 'Boltzmann machine: training',
  summary: 'A restricted Boltzmann machine (Eq. 20) trained by contrastive divergence (Eq. 29), persistent CD or exact maximum likelihood (Eq. 28), measured by reconstruction error (Eq. 31), pseudo-likelihood and exact or annealed log-likelihood.',
  params: rbmTrainParams,
  control: rbmTrainControl,
  result: rbmTrainResult,
  artifacts: [
    { name: 'rbm', description: 'the trained machine, Float32: W (n_h × n_v, row-major), then b_v, then b_h; its meta gives n_v, n_h, the units and the image shape' },
    { name: 'hiddenHistogram', description: 'P(h_j on | v) over up to 1,000 validation rows and every hidden unit, counts in 20 bins over [0, 1] (Float64)' }
  ],
  series: RBM_TRAIN_SERIES,
  // A machine trained on a stored Ising dataset takes it along in a bundle.
  inputRuns: (p, to) => (p.data.source === 'isingDataset' ? { ...p, data: { ...p.data, runId: to(p.data.runId) } } : p)
})

const chainFields = {
  /** The rbm.train run whose machine is sampled. */
  machine: z.object({ runId: RunId }).strict(),
  chains: z.number().int().min(1, 'run at least 1 chain').max(1024, 'at most 1,024 chains'),
  sweeps: z.number().int().min(1, 'run at least 1 Gibbs sweep').max(1000000),
  /** Sweeps between two frames sent to the screen. */
  frameEvery: z.number().int().min(1).max(100000).default(1),
  gibbsRule: z.enum(['standard', 'printed']).default('standard')
}

/** KindSpec.inputRuns of dreaming and completion: the machine they sample. */
function machineInputRun<P extends { machine: { runId: number } }>(p: P, to: (runId: number) => number): P {
  return { ...p, machine: { runId: to(p.machine.runId) } }
}

export const rbmDreamParams = z
  .object({
    ...chainFields,
    chains: chainFields.chains.default(16),
    sweeps: chainFields.sweeps.default(1000),
    /** Start the chains from random noise or from validation data. */
    start: z.enum(['noise', 'data']).default('noise')
  })
  .strict()

export const rbmDreamResult = z
  .object({
    sweeps: z.number().int(),
    chains: z.number().int(),
    /** Mean fraction of visible units on over the chains' last ⟨v⟩. */
    meanOn: z.number(),
    /** Fraction of chains whose dream is near-blank (under 3 % of the units on). */
    nearBlankFraction: z.number()
  })
  .strict()

export const rbmDream = defineKind({
  kind: 'rbm.dream',
  title: 'Boltzmann machine: dreaming',
  summary: 'Free Gibbs chains of a trained machine (Eqs. 22 and 26 back and forth) from noise or from data: watch samples form.',
  params: rbmDreamParams,
  control: noControl,
  result: rbmDreamResult,
  artifacts: [
    { name: 'dreams', description: '⟨v⟩ of each chain after its last sweep, chain after chain (Float32 chains × n_v)' },
    { name: 'dreams.samples', description: 'the sampled visible states of the chains (Float32 chains × n_v)' }
  ],
  series: ['meanOn', 'freeEnergy'],
  inputRuns: machineInputRun
})

export const rbmCompleteParams = z
  .object({
    ...chainFields,
    chains: chainFields.chains.default(32),
    sweeps: chainFields.sweeps.default(200),
    /** Index of the test item to complete. */
    item: z.number().int().min(0, 'the item number must be ≥ 0').default(0),
    /** A visible vector to complete instead of a test item (a drawn digit), in the machine's units. */
    values: z
      .array(z.number())
      .min(1, 'the digit to complete is empty')
      .max(4096, 'at most 4,096 values to complete')
      .refine((v) => v.every((x) => x === 0 || x === 1 || x === -1), { message: 'the values to complete must be 0 or 1 (binary machines) or −1 or +1 (spin machines)' })
      .optional(),
    /** Which part is blanked and sampled; the rest stays clamped. */
    mask: z.enum(['top', 'bottom', 'left', 'right', 'random']).default('bottom'),
    /** For a random mask: the fraction of units blanked. */
    fraction: z.number().min(0).max(1).default(0.5)
  })
  .strict()

export const rbmCompleteResult = z
  .object({
    sweeps: z.number().int(),
    blankedUnits: z.number().int(),
    /** Blanked units whose completion (⟨v⟩ over the chains, cut at ½) differs from the item. */
    wrongUnits: z.number().int(),
    errorRate: z.number(),
    mse: z.number()
  })
  .strict()

export const rbmComplete = defineKind({
  kind: 'rbm.complete',
  title: 'Boltzmann machine: completion',
  summary: 'Part of an input clamped, the rest sampled by Gibbs chains: the RBM analogue of Hopfield recall from a corrupted pattern.',
  params: rbmCompleteParams,
  control: noControl,
  result: rbmCompleteResult,
  artifacts: [
    { name: 'completion', description: 'the item with its blanked units replaced by ⟨v⟩ over the chains (Float32 n_v)' },
    { name: 'completion.chains', description: 'each chain’s completion: the item where clamped, the chain’s ⟨v⟩ where blanked (Float32 chains × n_v)' },
    { name: 'completion.mask', description: '1 = clamped (shown to the machine), 0 = blanked (sampled), Uint8 n_v' },
    { name: 'completion.truth', description: 'the item as it was (Float32 n_v)' }
  ],
  series: ['errorRate', 'mse'],
  inputRuns: machineInputRun
})

export interface RbmPreset {
  id: string
  title: string
  description: string
  params: RbmTrainInput
}

const mnist = { source: 'mnist' as const, trainSize: 0, binarization: 'threshold' as const }
const pcdMnist: RbmTrainInput = { data: mnist, hidden: 256, method: 'pcd', k: 1, lr: 0.1, schedule: { type: 'linear', finalLr: 0 }, batchSize: 100, epochs: 50, ais: { betas: 10000, chains: 100 } }
const isingTc = { source: 'isingExact' as const, L: 4, T: 2.269, samples: 10000, symmetrize: false }
const isingRun: RbmTrainInput = { data: isingTc, hidden: 16, method: 'cd', k: 1, lr: 1, schedule: { type: 'linear', finalLr: 0 }, batchSize: 100, epochs: 200 }

export const rbmPresets: RbmPreset[] = [
  {
    id: 'quick-digits',
    title: 'Digits, quick (seconds)',
    description: '784 × 64 on the 8,000 binarized digits, persistent CD-1, lr 0.1 decayed to 0, batch 20, 5 epochs (2,000 updates, about 10 s of CPU); AIS with 1,000 β. A first machine to dream and complete with; the 256-unit presets learn far better.',
    params: { data: mnist, hidden: 64, method: 'pcd', k: 1, lr: 0.1, schedule: { type: 'linear', finalLr: 0 }, batchSize: 20, epochs: 5, ais: { betas: 1000, chains: 100 } }
  },
  { id: 'mnist-pcd', title: 'Digits, PCD-1, 256 hidden', description: '784 × 256 on the 8,000 binarized digits, persistent CD-1, lr 0.1 decayed linearly to 0, batch 100, 50 epochs; test log-likelihood by AIS (10,000 β, 100 chains).', params: pcdMnist },
  { id: 'mnist-cd1', title: 'Digits, CD-1, 256 hidden', description: 'The same with plain CD-1: better reconstructions, worse likelihood.', params: { ...pcdMnist, method: 'cd' } },
  { id: 'mnist-small-exact', title: 'Digits, 16 hidden (exact log Z)', description: '784 × 16: small enough to sum the 2¹⁶ hidden states, so the log-likelihood is exact at every measure.', params: { ...pcdMnist, hidden: 16, method: 'cd', epochs: 10 } },
  { id: 'ising-tc', title: 'Ising 4×4 at Tc', description: '16 × 16 on 10,000 exact samples of the 4×4 Ising model at T = 2.269; exact relative entropy to the lattice at every measure.', params: isingRun },
  {
    id: 'paper-reference',
    title: 'Paper’s Eq. 29, signs corrected',
    description: 'Ising 4×4 at Tc with sampled h, h′ in ⟨hv⟩ and a sampled v′ in the reconstruction error, as the paper writes them, but the correct sign and Gibbs rule: the run to compare the printed ones with.',
    params: { ...isingRun, statistics: 'samples' }
  },
  {
    id: 'paper-printed-sign',
    title: 'Paper as printed: sign of Eqs. 28–30',
    description: 'ΔW = −hv + h′v′ with W ← W + ηΔW (Eqs. 29–30 with sampled h, h′): the update climbs the relative entropy. The likelihood falls and the weights grow.',
    params: { ...isingRun, sign: 'printed', statistics: 'samples' }
  },
  {
    id: 'paper-printed-both',
    title: 'Paper as printed: sign and Gibbs rule',
    description: 'Both printed errors together: they partly cancel, and the reconstruction error falls like a correct run — only the likelihood shows the failure.',
    params: { ...isingRun, sign: 'printed', gibbsRule: 'printed', statistics: 'samples' }
  },
  { id: 'paper-printed-sign-mnist', title: 'Paper as printed on digits', description: 'The printed sign on 784 × 256 digits, CD-1.', params: { ...pcdMnist, method: 'cd', sign: 'printed', statistics: 'samples', epochs: 10 } },
  { id: 'paper-printed-both-mnist', title: 'Both printed errors on digits', description: 'Printed sign and printed Gibbs rule on 784 × 256 digits, CD-1: the reconstruction error falls, the likelihood collapses.', params: { ...pcdMnist, method: 'cd', sign: 'printed', gibbsRule: 'printed', statistics: 'samples', epochs: 10 } }
]
