// The forms of the Ising panel's job tabs as module-level state (what the user typed stays
// when they switch tabs), each read into the params of its job kind with inline issues.
// Defaults run out of the box in seconds on two cores.

import { isingSweepParams, sweepTemperatures, type IsingSweepParams } from '../../shared/kinds/isingSweep'
import { isingHysteresisParams, type IsingHysteresisParams } from '../../shared/kinds/isingHysteresis'
import { isingDatasetParams, type IsingDatasetParams } from '../../shared/kinds/isingDataset'
import { FormReader, type FieldIssues, type FieldLabels } from './formIssues'
import { parseList } from './sweepData'
import { parseSeed, SEED_PROBLEM } from './seed'

export type Algorithm = 'metropolis' | 'heatbath' | 'wolff'

/** One line on each update algorithm, shown beside its choice. */
export const ALGORITHMS: { value: Algorithm; label: string; explain: string }[] = [
  {
    value: 'metropolis',
    label: 'Metropolis (checkerboard)',
    explain: 'Flip σᵢ with probability min(1, e^(−ΔE/T)); the two checkerboard sublattices update in turn.'
  },
  {
    value: 'heatbath',
    label: 'Heat-bath (Glauber)',
    explain: 'Draw σᵢ = +1 with probability 1/(1 + e^(−2hᵢ/T)) from its neighbours’ field hᵢ: the same Gibbs update a Boltzmann machine uses.'
  },
  {
    value: 'wolff',
    label: 'Wolff clusters',
    explain: 'Grow a cluster of aligned spins (bond probability 1 − e^(−2J/T)) and flip it whole: beats critical slowing down near Tc. B = 0 only.'
  }
]

// The labels of each form's fields as its tab shows them (messages name fields by these).
const TEMPERATURE_LABELS: FieldLabels = { range: 'Temperature range', 'range.Tmin': 'Tmin', 'range.Tmax': 'Tmax', 'range.points': 'Points', temperatures: 'Temperatures', seed: 'Seed' }
export const SWEEP_LABELS: FieldLabels = {
  ...TEMPERATURE_LABELS,
  sizes: 'Sizes L',
  J: 'Coupling J',
  B: 'Field B',
  equilibrationSweeps: 'Equilibration sweeps',
  measurementSweeps: 'Measurement sweeps',
  measureEvery: 'Measure every',
  swapEvery: 'Swap every',
  keepSamples: 'Kept samples'
}
export const HYSTERESIS_LABELS: FieldLabels = {
  L: 'Size L',
  T: 'Temperature T',
  J: 'Coupling J',
  Bmax: 'Bmax',
  steps: 'Field steps per branch',
  equilibrationSweeps: 'Equilibration sweeps',
  measurementSweeps: 'Measurement sweeps',
  seed: 'Seed'
}
export const DATASET_LABELS: FieldLabels = {
  ...TEMPERATURE_LABELS,
  L: 'Size L',
  samples: 'Samples per T',
  J: 'Coupling J',
  B: 'Field B',
  spacing: 'Spacing (sweeps)',
  maxSpacing: 'Largest spacing',
  equilibrationSweeps: 'Equilibration sweeps',
  pilotSweeps: 'Pilot sweeps'
}

/** A list field's words that are not numbers, said with the field's label. */
const notNumbers = (label: string, bad: string[]): string => `${label}: ${bad.map((b) => `“${b}”`).join(', ')} ${bad.length > 1 ? 'are not numbers' : 'is not a number'}`

export interface FormResult<P> {
  params: P | null
  issues: FieldIssues
}

const seedOf = (r: FormReader, text: string): number | undefined => {
  try {
    return parseSeed(text)
  } catch {
    r.add('seed', SEED_PROBLEM)
    return undefined
  }
}

const seedText = (seed: number | null): string => (seed === null ? '' : String(seed))

/** A run's temperatures back into a form's fields (the inverse of readTemperatures). */
function fillTemperatures(
  f: { tMode: 'range' | 'list'; Tmin: string; Tmax: string; points: string; list: string },
  p: { range?: { Tmin: number; Tmax: number; points: number }; temperatures?: number[] }
): void {
  if (p.range) {
    f.tMode = 'range'
    f.Tmin = String(p.range.Tmin)
    f.Tmax = String(p.range.Tmax)
    f.points = String(p.range.points)
  } else if (p.temperatures) {
    f.tMode = 'list'
    f.list = p.temperatures.join(', ')
  }
}

/** The temperatures of a form, as a range (into `p.range`) or as a list (into `p.temperatures`). */
function readTemperatures(
  r: FormReader,
  f: { tMode: 'range' | 'list'; Tmin: string; Tmax: string; points: string; list: string },
  p: Record<string, unknown>
): void {
  if (f.tMode === 'range')
    p.range = {
      Tmin: r.number('range.Tmin', f.Tmin),
      Tmax: r.number('range.Tmax', f.Tmax),
      points: r.number('range.points', f.points)
    }
  else {
    const l = parseList(f.list)
    if (l.bad.length) r.add('temperatures', notNumbers('Temperatures', l.bad))
    p.temperatures = l.values
  }
}

class SweepForm {
  sizes = $state('8, 16, 32')
  tMode = $state<'range' | 'list'>('range')
  Tmin = $state('1.5')
  Tmax = $state('3.5')
  // ΔT = 0.05: the Binder crossing is interpolated between neighbouring points, and at 0.1
  // that interpolation alone moved it ~1 % low (L = 8, 16, 32).
  points = $state('41')
  list = $state('2.0, 2.2, 2.25, 2.27, 2.3, 2.4, 2.6')
  direction = $state<'cooling' | 'heating'>('cooling')
  carry = $state(false)
  algorithm = $state<Algorithm>('metropolis')
  replicaExchange = $state(false)
  swapEvery = $state('1')
  keepSamples = $state('5000')
  J = $state('1')
  B = $state('0')
  equilibration = $state('1000')
  measurement = $state('10000')
  measureEvery = $state('1')
  start = $state<'random' | 'up' | 'down'>('random')
  seed = $state('')
  name = $state('')

  read(): FormResult<IsingSweepParams> & { seed?: number; temperatures: number[] } {
    const r = new FormReader(SWEEP_LABELS)
    const sizes = parseList(this.sizes)
    if (sizes.bad.length) r.add('sizes', notNumbers('Sizes L', sizes.bad))
    else if (sizes.values.length === 0) r.add('sizes', 'Sizes L is empty: give at least one lattice size, e.g. 8, 16, 32')
    const p: Record<string, unknown> = {
      sizes: sizes.values,
      direction: this.direction,
      carry: this.carry,
      algorithm: this.algorithm,
      J: r.number('J', this.J),
      B: r.number('B', this.B),
      equilibrationSweeps: r.number('equilibrationSweeps', this.equilibration),
      measurementSweeps: r.number('measurementSweeps', this.measurement),
      measureEvery: r.number('measureEvery', this.measureEvery),
      start: this.start,
      replicaExchange: this.replicaExchange,
      swapEvery: r.number('swapEvery', this.swapEvery),
      keepSamples: r.number('keepSamples', this.keepSamples)
    }
    readTemperatures(r, this, p)
    const seed = seedOf(r, this.seed)
    const params = r.check(isingSweepParams, p)
    return { params, issues: r.issues, seed, temperatures: params ? sweepTemperatures(params) : [] }
  }

  /** A stored run's params and seed (null: a new seed) into the form, to run it again. */
  fill(p: IsingSweepParams, seed: number | null): void {
    this.sizes = p.sizes.join(', ')
    fillTemperatures(this, p)
    this.direction = p.direction
    this.carry = p.carry
    this.algorithm = p.algorithm
    this.replicaExchange = p.replicaExchange
    this.swapEvery = String(p.swapEvery)
    this.keepSamples = String(p.keepSamples)
    this.J = String(p.J)
    this.B = String(p.B)
    this.equilibration = String(p.equilibrationSweeps)
    this.measurement = String(p.measurementSweeps)
    this.measureEvery = String(p.measureEvery)
    this.start = p.start
    this.seed = seedText(seed)
  }
}

class HysteresisForm {
  L = $state('64')
  T = $state('1.5')
  J = $state('1')
  Bmax = $state('1')
  steps = $state('41')
  equilibration = $state('200')
  measurement = $state('800')
  algorithm = $state<Algorithm>('metropolis')
  seed = $state('')
  name = $state('')

  read(): FormResult<IsingHysteresisParams> & { seed?: number } {
    const r = new FormReader(HYSTERESIS_LABELS)
    const p = {
      L: r.number('L', this.L),
      T: r.number('T', this.T),
      J: r.number('J', this.J),
      Bmax: r.number('Bmax', this.Bmax),
      steps: r.number('steps', this.steps),
      equilibrationSweeps: r.number('equilibrationSweeps', this.equilibration),
      measurementSweeps: r.number('measurementSweeps', this.measurement),
      algorithm: this.algorithm,
      start: 'down'
    }
    const seed = seedOf(r, this.seed)
    return { params: r.check(isingHysteresisParams, p), issues: r.issues, seed }
  }

  fill(p: IsingHysteresisParams, seed: number | null): void {
    this.L = String(p.L)
    this.T = String(p.T)
    this.J = String(p.J)
    this.Bmax = String(p.Bmax)
    this.steps = String(p.steps)
    this.equilibration = String(p.equilibrationSweeps)
    this.measurement = String(p.measurementSweeps)
    this.algorithm = p.algorithm
    this.seed = seedText(seed)
  }
}

class DatasetForm {
  L = $state('16')
  tMode = $state<'range' | 'list'>('range')
  Tmin = $state('1.0')
  Tmax = $state('3.5')
  points = $state('11')
  list = $state('1.5, 2.0, 2.269, 2.5, 3.0')
  samples = $state('200')
  algorithm = $state<Algorithm>('metropolis')
  J = $state('1')
  B = $state('0')
  spacingRule = $state<'auto' | 'fixed'>('auto')
  spacing = $state('10')
  maxSpacing = $state('1000')
  equilibration = $state('1000')
  pilot = $state('4000')
  symmetrize = $state<'default' | 'on' | 'off'>('default')
  replicaExchange = $state(false)
  seed = $state('')
  name = $state('')

  read(): FormResult<IsingDatasetParams> & { seed?: number } {
    const r = new FormReader(DATASET_LABELS)
    const p: Record<string, unknown> = {
      L: r.number('L', this.L),
      samples: r.number('samples', this.samples),
      algorithm: this.algorithm,
      J: r.number('J', this.J),
      B: r.number('B', this.B),
      equilibrationSweeps: r.number('equilibrationSweeps', this.equilibration),
      pilotSweeps: r.number('pilotSweeps', this.pilot),
      replicaExchange: this.replicaExchange
    }
    readTemperatures(r, this, p)
    if (this.spacingRule === 'fixed') p.spacing = r.number('spacing', this.spacing)
    else p.maxSpacing = r.number('maxSpacing', this.maxSpacing)
    if (this.symmetrize !== 'default') p.symmetrize = this.symmetrize === 'on'
    const seed = seedOf(r, this.seed)
    return { params: r.check(isingDatasetParams, p), issues: r.issues, seed }
  }

  fill(p: IsingDatasetParams, seed: number | null): void {
    this.L = String(p.L)
    fillTemperatures(this, p)
    this.samples = String(p.samples)
    this.algorithm = p.algorithm
    this.J = String(p.J)
    this.B = String(p.B)
    this.spacingRule = p.spacing === undefined ? 'auto' : 'fixed'
    if (p.spacing !== undefined) this.spacing = String(p.spacing)
    this.maxSpacing = String(p.maxSpacing)
    this.equilibration = String(p.equilibrationSweeps)
    this.pilot = String(p.pilotSweeps)
    this.symmetrize = p.symmetrize === undefined ? 'default' : p.symmetrize ? 'on' : 'off'
    this.replicaExchange = p.replicaExchange
    this.seed = seedText(seed)
  }
}

export const sweepForm = new SweepForm()
export const hysteresisForm = new HysteresisForm()
export const datasetForm = new DatasetForm()
