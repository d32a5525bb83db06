// The params of the RBM jobs as the engine reads them: the outputs of the zod schemas in
// src/shared/kinds/rbm*.ts (defaults applied), restated so the engine depends on no
// validation library. A type-level test checks the two stay assignable.

import type { Binarization } from './digitsData'
import type { GibbsRule } from './gibbs'
import type { Thermo } from './isingExact'
import type { GradientMethod, UpdateSign } from './gradient'
import type { MovieSpec } from './movies'
import type { Schedule } from '../train/schedule'
import type { UnitKind } from './units'

/** The schedules an RBM run offers (train/schedule.ts computes them). */
export type RbmSchedule = Extract<Schedule, { type: 'constant' } | { type: 'linear' }>

/** How the machine learns: shared by the training, thermodynamics and movie jobs. */
export interface RbmLearning {
  hidden: number
  method: GradientMethod
  /** Gibbs sweeps per update (CD-k / PCD-k). */
  k: number
  lr: number
  schedule: RbmSchedule
  momentum: number
  l2: number
  batchSize: number
  epochs: number
  /** Standard deviation of the initial weights. */
  initStd: number
  /** 'printed': ΔW = −⟨hv⟩clamped + ⟨hv⟩free with W ← W + ηΔW, as Eqs. 28–30 print it. */
  sign: UpdateSign
  /** 'printed': a unit turns on when R > P, as the text before Eq. 25 prints it. */
  gibbsRule: GibbsRule
  /** h in ⟨h vᵀ⟩: ⟨h | v⟩ ('probabilities', usual) or the drawn states as Eq. 29 prints them ('samples'). */
  statistics: 'probabilities' | 'samples'
  /** false: no biases (with spin units the machine is exactly spin-flip symmetric). */
  biases: boolean
}

export type RbmDataSource =
  | { source: 'mnist'; trainSize: number; binarization: Binarization }
  | { source: 'isingExact'; L: number; T: number; samples: number; symmetrize: boolean }
  | { source: 'isingDataset'; runId: number; T: number; symmetrize: boolean }

export interface RbmTrainParams extends RbmLearning {
  data: RbmDataSource
  units: UnitKind
  /** Updates between two measurements within an epoch (one also ends every epoch); 0 = once per epoch. */
  measureEvery: number
  /** AIS of log Z at the end for machines too big to enumerate; null = none. */
  ais: { betas: number; chains: number } | null
}

export interface RbmTrainControl {
  lr?: number
}

export interface RbmDreamParams {
  /** The training run whose machine dreams (the host loads its 'rbm' artifact). */
  machine: { runId: number }
  chains: number
  sweeps: number
  start: 'noise' | 'data'
  /** Sweeps between two streamed frames. */
  frameEvery: number
  gibbsRule: GibbsRule
}

export type CompletionMask = 'top' | 'bottom' | 'left' | 'right' | 'random'

export interface RbmCompleteParams {
  machine: { runId: number }
  /** Which test item (digits: index into the fixed test split). */
  item: number
  /** A visible vector to complete instead of a test item (a drawn digit). */
  values?: number[]
  mask: CompletionMask
  /** For 'random': the fraction of units hidden. */
  fraction: number
  chains: number
  sweeps: number
  frameEvery: number
  gibbsRule: GibbsRule
}

export interface RbmThermoParams extends RbmLearning {
  L: number
  temperatures: number[]
  /** Training configurations per temperature (exact i.i.d. samples, or from the dataset). */
  samples: number
  units: UnitKind
  /** Add the spin flip of every training configuration (Z₂-symmetrised data). */
  symmetrize: boolean
  /** Machines trained per temperature, each from its own random streams. */
  seeds: number
  /** Chains and sweeps used to sample each trained machine. */
  sampleChains: number
  sampleSweeps: number
  /** Where the training configurations come from: the exact sampler (L ≤ 4) or a stored dataset. */
  source: 'exact' | { runId: number }
}

export interface RbmMoviesParams extends Omit<RbmLearning, 'method'> {
  spec: MovieSpec
  encoding: 'spin' | 'naive' | 'both'
}

/** What an 'rbm.train' run returns (src/shared/kinds/rbm.ts states it as a schema). */
export interface RbmTrainResult {
  updates: number
  epochs: number
  stoppedByUser: boolean
  /** The last measurement row. */
  final: Record<string, number>
  /** log Z of the trained machine: exact by enumeration, or by AIS. */
  logZ?: number
  logZMethod?: string
  logZErr?: number
  /** AIS: log(Ẑ − 3σ̂) (null when that reaches 0) and log(Ẑ + 3σ̂). */
  logZInterval?: [number | null, number]
  aisEffectiveSampleSize?: number
  /** Mean log P(v) of the scored rows (test, else validation) and its error from log Z. */
  logLikelihood?: number
  logLikelihoodErr?: number
  logLikelihoodOn?: string
  /** Exact relative entropy to the Ising model the data came from (exact Ising source). */
  kl?: number
  klSymmetrized?: number
  machine?: Thermo
  /** What the curves say went wrong (the printed sign of Eqs. 28–30). */
  diagnosis?: string
}

export interface RbmDreamResult {
  sweeps: number
  chains: number
  /** Mean fraction of visible units on (binary; spins counted up) over the chains. */
  meanOn: number
  /** Fraction of chains whose dream is near-blank. */
  nearBlankFraction: number
}

export interface RbmCompleteResult {
  sweeps: number
  blankedUnits: number
  wrongUnits: number
  errorRate: number
  mse: number
}

export interface RbmThermoResult {
  temperatures: number[]
  /** One row per trained machine: the series of the run (T, seed and the observables). */
  table: Record<string, number>[]
  stoppedByUser: boolean
}

export interface RbmMoviesResult {
  heldOutRatings: number
  popularityAccuracy: number
  bayesOptimalAccuracy: number
  bayesOptimalExpected: number
  accuracy_spin?: number
  accuracy_naive?: number
  stoppedByUser: boolean
}
