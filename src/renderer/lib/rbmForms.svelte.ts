// The forms of the Boltzmann-machine panel's job tabs as module-level state (what the user typed
// stays when they switch tabs or panels), each read into the params of its kind with the issues
// beside their fields, exactly as the service will check them. The training form starts from a
// preset that runs in seconds; the big figures are presets too.

import { rbmCompleteParams, rbmDreamParams, rbmPresets, rbmTrainParams, type RbmPreset, type RbmTrainParams } from '../../shared/kinds/rbm'
import { rbmThermoParams, type RbmThermoParams } from '../../shared/kinds/rbmThermo'
import { rbmMoviesParams, type RbmMoviesParams } from '../../shared/kinds/rbmMovies'
import type { KindParams } from '../../shared/kinds'
import { FormReader, type FieldIssues, type FieldLabels } from './formIssues'
import { parseList } from './sweepData'

/** The fields of the Boltzmann forms as they are labelled (paths of the kinds' params). */
const RBM_LABELS: FieldLabels = {
  hidden: 'Hidden units',
  k: 'Gibbs steps k',
  lr: 'Learning rate',
  'schedule.finalLr': 'Final learning rate',
  epochs: 'Epochs',
  batchSize: 'Batch size',
  momentum: 'Momentum',
  l2: 'L2 weight decay',
  initStd: 'Initial weight spread',
  'data.trainSize': 'Training digits',
  'data.L': 'Lattice side L',
  'data.T': 'Temperature T',
  'data.samples': 'Samples',
  measureEvery: 'Measure every',
  'ais.betas': 'AIS temperatures',
  'ais.chains': 'AIS chains',
  chains: 'Chains',
  sweeps: 'Gibbs sweeps',
  frameEvery: 'Sweeps between frames',
  item: 'Test digit',
  fraction: 'Blanked fraction',
  perClass: 'Stored digits per class',
  L: 'Lattice side L',
  samples: 'Samples per temperature',
  seeds: 'Machines per temperature',
  sampleChains: 'Sampling chains',
  sampleSweeps: 'Sampling sweeps',
  'spec.users': 'Users',
  'spec.movies': 'Movies',
  'spec.genres': 'Genres',
  'spec.seen': 'Seen fraction',
  'spec.heldOut': 'Held-out fraction',
  'spec.taste': 'Taste strength β',
  'spec.qualitySpread': 'Quality spread σ_q',
  seed: 'Seed'
}


export interface FormResult<P> {
  params: P | null
  issues: FieldIssues
  seed?: number
}

const text = (x: number): string => String(x)

/** How every machine of the panel learns: the fields rbm.train, rbm.thermo and rbm.movies share. */
class LearningFields {
  hidden = $state('64')
  method = $state<'cd' | 'pcd' | 'exact'>('cd')
  k = $state('1')
  lr = $state('0.1')
  schedule = $state<'linear' | 'constant'>('linear')
  finalLr = $state('0')
  epochs = $state('10')
  batchSize = $state('100')
  momentum = $state('0')
  l2 = $state('0')
  initStd = $state('0.01')
  sign = $state<'correct' | 'printed'>('correct')
  gibbsRule = $state<'standard' | 'printed'>('standard')
  statistics = $state<'probabilities' | 'samples'>('probabilities')
  biases = $state(true)
  seed = $state('')
  name = $state('')

  /** The learning params read from the fields (numbers checked; the schema checks the rest). */
  protected learning(r: FormReader): Record<string, unknown> {
    return {
      hidden: r.number('hidden', this.hidden),
      method: this.method,
      k: r.number('k', this.k),
      lr: r.number('lr', this.lr),
      schedule: this.schedule === 'constant' ? { type: 'constant' } : { type: 'linear', finalLr: r.number('schedule.finalLr', this.finalLr) },
      epochs: r.number('epochs', this.epochs),
      batchSize: r.number('batchSize', this.batchSize),
      momentum: r.number('momentum', this.momentum),
      l2: r.number('l2', this.l2),
      initStd: r.number('initStd', this.initStd),
      sign: this.sign,
      gibbsRule: this.gibbsRule,
      statistics: this.statistics,
      biases: this.biases
    }
  }

  /** The fields from validated learning params. */
  protected setLearning(p: Pick<RbmTrainParams, 'hidden' | 'method' | 'k' | 'lr' | 'schedule' | 'epochs' | 'batchSize' | 'momentum' | 'l2' | 'initStd' | 'sign' | 'gibbsRule' | 'statistics' | 'biases'>): void {
    this.hidden = text(p.hidden)
    this.method = p.method
    this.k = text(p.k)
    this.lr = text(p.lr)
    this.schedule = p.schedule.type
    this.finalLr = p.schedule.type === 'linear' ? text(p.schedule.finalLr) : '0'
    this.epochs = text(p.epochs)
    this.batchSize = text(p.batchSize)
    this.momentum = text(p.momentum)
    this.l2 = text(p.l2)
    this.initStd = text(p.initStd)
    this.sign = p.sign
    this.gibbsRule = p.gibbsRule
    this.statistics = p.statistics
    this.biases = p.biases
  }
}

export type DataSource = 'mnist' | 'isingExact' | 'isingDataset'

export class TrainForm extends LearningFields {
  presetId = $state('quick-digits')
  source = $state<DataSource>('mnist')
  trainSize = $state('0')
  binarization = $state<'threshold' | 'sample'>('threshold')
  L = $state('4')
  T = $state('2.269')
  samples = $state('10000')
  symmetrize = $state(false)
  /** The stored ising.dataset run and one of its temperatures. */
  datasetRun = $state<number | null>(null)
  datasetT = $state('')
  units = $state<'binary' | 'spin'>('binary')
  measureEvery = $state('0')
  ais = $state(true)
  aisBetas = $state('1000')
  aisChains = $state('100')

  constructor() {
    super()
    this.choosePreset(this.presetId)
  }

  get preset(): RbmPreset | undefined {
    return rbmPresets.find((p) => p.id === this.presetId)
  }

  choosePreset(id: string): void {
    const p = rbmPresets.find((x) => x.id === id)
    if (!p) return
    this.presetId = id
    this.fill(rbmTrainParams.parse(p.params))
  }

  /** The fields from a run's params (a preset, or a stored run's to train again). */
  fill(p: RbmTrainParams): void {
    this.setLearning(p)
    this.source = p.data.source
    if (p.data.source === 'mnist') {
      this.trainSize = text(p.data.trainSize)
      this.binarization = p.data.binarization
    } else if (p.data.source === 'isingExact') {
      this.L = text(p.data.L)
      this.T = text(p.data.T)
      this.samples = text(p.data.samples)
      this.symmetrize = p.data.symmetrize
    } else {
      this.datasetRun = p.data.runId
      this.datasetT = text(p.data.T)
      this.symmetrize = p.data.symmetrize
    }
    this.units = p.units
    this.measureEvery = text(p.measureEvery)
    this.ais = p.ais !== null
    if (p.ais) {
      this.aisBetas = text(p.ais.betas)
      this.aisChains = text(p.ais.chains)
    }
  }

  read(): FormResult<KindParams<'rbm.train'>> {
    const r = new FormReader(RBM_LABELS)
    let data: Record<string, unknown>
    if (this.source === 'mnist') data = { source: 'mnist', trainSize: r.number('data.trainSize', this.trainSize), binarization: this.binarization }
    else if (this.source === 'isingExact')
      data = {
        source: 'isingExact',
        L: r.number('data.L', this.L),
        T: r.number('data.T', this.T),
        samples: r.number('data.samples', this.samples),
        symmetrize: this.symmetrize
      }
    else {
      if (this.datasetRun === null) r.add('data.runId', 'choose a stored Ising dataset (make one in Ising › Datasets)')
      data = { source: 'isingDataset', runId: this.datasetRun ?? undefined, T: r.number('data.T', this.datasetT), symmetrize: this.symmetrize }
    }
    const p: Record<string, unknown> = {
      data,
      units: this.units,
      ...this.learning(r),
      measureEvery: r.number('measureEvery', this.measureEvery),
      ais: this.ais ? { betas: r.number('ais.betas', this.aisBetas), chains: r.number('ais.chains', this.aisChains) } : null
    }
    const seed = r.seed(this.seed)
    return { params: r.check(rbmTrainParams, p), issues: r.issues, seed }
  }
}

/** Sampling a trained machine: dreaming and completion share these. */
class ChainForm {
  machine = $state<number | null>(null)
  chains = $state('16')
  sweeps = $state('1000')
  frameEvery = $state('1')
  gibbsRule = $state<'standard' | 'printed'>('standard')
  seed = $state('')

  protected chainFields(r: FormReader): Record<string, unknown> {
    if (this.machine === null) r.add('machine', 'choose a trained machine (train one in the Train tab)')
    return {
      machine: { runId: this.machine ?? 0 },
      chains: r.number('chains', this.chains),
      sweeps: r.number('sweeps', this.sweeps),
      frameEvery: r.number('frameEvery', this.frameEvery),
      gibbsRule: this.gibbsRule
    }
  }

  protected setChain(p: KindParams<'rbm.dream'> | KindParams<'rbm.complete'>): void {
    this.machine = p.machine.runId
    this.chains = text(p.chains)
    this.sweeps = text(p.sweeps)
    this.frameEvery = text(p.frameEvery)
    this.gibbsRule = p.gibbsRule
  }
}

export class DreamForm extends ChainForm {
  start = $state<'noise' | 'data'>('noise')

  /** The fields from a run's params (the seed stays the user's). */
  fill(p: KindParams<'rbm.dream'>): void {
    this.setChain(p)
    this.start = p.start
  }

  read(): FormResult<KindParams<'rbm.dream'>> {
    const r = new FormReader(RBM_LABELS)
    const p = { ...this.chainFields(r), start: this.start }
    const seed = r.seed(this.seed)
    return { params: r.check(rbmDreamParams, p), issues: r.issues, seed }
  }
}

export class CompleteForm extends ChainForm {
  /** A test digit, or one drawn on the pad. */
  source = $state<'test' | 'drawn'>('test')
  /** The drawing as the pad made it: 28×28 in [0, 1], MNIST-like. */
  drawn = $state.raw<Float32Array | null>(null)
  item = $state('0')
  mask = $state<'top' | 'bottom' | 'left' | 'right' | 'random'>('bottom')
  fraction = $state('0.5')
  /** The Hopfield network beside it: its learning rule and the training digits it stores per class. */
  hopfieldRule = $state<'hebbian' | 'storkey' | 'pseudoinverse'>('pseudoinverse')
  perClass = $state('3')

  constructor() {
    super()
    this.chains = '32'
    this.sweeps = '200'
  }

  /** The fields from a run's params (the seed stays the user's): its drawn digit back on the pad. */
  fill(p: KindParams<'rbm.complete'>): void {
    this.setChain(p)
    if (p.values) {
      this.source = 'drawn'
      this.drawn = Float32Array.from(p.values, (x) => (x > 0 ? 1 : 0))
    } else {
      this.source = 'test'
      this.item = text(p.item)
    }
    this.mask = p.mask
    this.fraction = text(p.fraction)
  }

  read(): FormResult<KindParams<'rbm.complete'>> & { perClass: number | null } {
    const r = new FormReader(RBM_LABELS)
    if (this.source === 'drawn' && !this.drawn) r.add('values', 'draw a digit on the pad first')
    const p = {
      ...this.chainFields(r),
      ...(this.source === 'drawn' ? { values: this.drawn ? Array.from(this.drawn, (x) => (x >= 0.5 ? 1 : 0)) : undefined } : { item: r.number('item', this.item) }),
      mask: this.mask,
      fraction: r.number('fraction', this.fraction)
    }
    const perClass = r.number('perClass', this.perClass)
    if (perClass !== undefined && (perClass < 1 || perClass > 20)) r.add('perClass', 'store from 1 to 20 digits of each class')
    const seed = r.seed(this.seed)
    return { params: r.check(rbmCompleteParams, p), issues: r.issues, seed, perClass: perClass ?? null }
  }
}

export interface ThermoPreset {
  id: string
  title: string
  description: string
  params: Record<string, unknown>
}

export const THERMO_PRESETS: ThermoPreset[] = [
  {
    id: 'quick',
    title: 'Quick: L = 4, three temperatures, 20 epochs',
    description: 'One machine of 16 hidden units per temperature and seed, CD-1 on 10,000 exact samples, lr 1 decayed to 0: a first look in under a minute.',
    params: { temperatures: [1.5, 2.269, 3.5], epochs: 20, seeds: 2 }
  },
  {
    id: 'torlai-melko',
    title: 'Torlai & Melko at L = 4 (200 epochs, 3 seeds)',
    description: 'The acceptance figure: CD-1, lr 1 → 0, batch 100, 200 epochs on 10,000 exact samples at T = 1.5, 2.269, 3.5, three machines each. Below Tc the raw relative entropy shows how each machine split its weight between +M and −M.',
    params: { temperatures: [1.5, 2.269, 3.5], epochs: 200, seeds: 3 }
  },
  {
    id: 'z2',
    title: 'Below Tc, Z₂-symmetrised, spin units without biases',
    description: 'Every configuration with its spin flip, ±1 units and no biases: the machine is exactly symmetric under flipping every spin, like the Ising model at B = 0, and learns both phases.',
    params: { temperatures: [1.5, 2.0], epochs: 100, seeds: 2, units: 'spin', biases: false, symmetrize: true }
  }
]

export class ThermoForm extends LearningFields {
  source = $state<'exact' | 'dataset'>('exact')
  datasetRun = $state<number | null>(null)
  L = $state('4')
  temperatures = $state('1.5, 2.269, 3.5')
  samples = $state('10000')
  symmetrize = $state(false)
  units = $state<'binary' | 'spin'>('binary')
  seeds = $state('2')
  sampleChains = $state('2000')
  sampleSweeps = $state('1000')

  presetId = $state(THERMO_PRESETS[0].id)

  constructor() {
    super()
    this.choosePreset(this.presetId)
  }

  choosePreset(id: string): void {
    const p = THERMO_PRESETS.find((x) => x.id === id)
    if (!p) return
    this.presetId = id
    this.fill(rbmThermoParams.parse(p.params))
  }

  fill(p: RbmThermoParams): void {
    this.setLearning(p)
    this.source = p.source === 'exact' ? 'exact' : 'dataset'
    if (p.source !== 'exact') this.datasetRun = p.source.runId
    this.L = text(p.L)
    this.temperatures = p.temperatures.join(', ')
    this.samples = text(p.samples)
    this.symmetrize = p.symmetrize
    this.units = p.units
    this.seeds = text(p.seeds)
    this.sampleChains = text(p.sampleChains)
    this.sampleSweeps = text(p.sampleSweeps)
  }

  read(): FormResult<KindParams<'rbm.thermo'>> {
    const r = new FormReader(RBM_LABELS)
    const temps = parseList(this.temperatures)
    if (temps.bad.length) r.add('temperatures', `not a number: ${temps.bad.join(', ')}`)
    if (this.source === 'dataset' && this.datasetRun === null) r.add('source', 'choose a stored Ising dataset (make one in Ising › Datasets)')
    const p = {
      ...this.learning(r),
      source: this.source === 'exact' ? 'exact' : { runId: this.datasetRun ?? 0 },
      L: r.number('L', this.L),
      temperatures: temps.values,
      samples: r.number('samples', this.samples),
      symmetrize: this.symmetrize,
      units: this.units,
      seeds: r.number('seeds', this.seeds),
      sampleChains: r.number('sampleChains', this.sampleChains),
      sampleSweeps: r.number('sampleSweeps', this.sampleSweeps)
    }
    const seed = r.seed(this.seed)
    return { params: r.check(rbmThermoParams, p), issues: r.issues, seed }
  }
}

export class MoviesForm extends LearningFields {
  users = $state('1000')
  movies = $state('100')
  genres = $state('5')
  seen = $state('0.25')
  heldOut = $state('0.2')
  taste = $state('2.5')
  qualitySpread = $state('2')
  encoding = $state<'spin' | 'naive' | 'both'>('both')

  constructor() {
    super()
    this.fill(rbmMoviesParams.parse({}))
  }

  /** The fields from a run's params (the seed stays the user's). */
  fill(p: RbmMoviesParams): void {
    this.setLearning({ ...p, method: 'cd' })
    this.users = text(p.spec.users)
    this.movies = text(p.spec.movies)
    this.genres = text(p.spec.genres)
    this.seen = text(p.spec.seen)
    this.heldOut = text(p.spec.heldOut)
    this.taste = text(p.spec.taste)
    this.qualitySpread = text(p.spec.qualitySpread)
    this.encoding = p.encoding
  }

  read(): FormResult<KindParams<'rbm.movies'>> {
    const r = new FormReader(RBM_LABELS)
    const { method: _method, ...learning } = this.learning(r)
    const p = {
      ...learning,
      spec: {
        users: r.number('spec.users', this.users),
        movies: r.number('spec.movies', this.movies),
        genres: r.number('spec.genres', this.genres),
        seen: r.number('spec.seen', this.seen),
        heldOut: r.number('spec.heldOut', this.heldOut),
        taste: r.number('spec.taste', this.taste),
        qualitySpread: r.number('spec.qualitySpread', this.qualitySpread)
      },
      encoding: this.encoding
    }
    const seed = r.seed(this.seed)
    return { params: r.check(rbmMoviesParams, p), issues: r.issues, seed }
  }
}

export const trainForm = new TrainForm()
export const dreamForm = new DreamForm()
export const completeForm = new CompleteForm()
export const thermoForm = new ThermoForm()
export const moviesForm = new MoviesForm()
