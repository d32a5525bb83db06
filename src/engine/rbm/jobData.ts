// The data a training job learns from, prepared from its params and what the host passed:
// training, validation and (digits) test rows in the machine's units, the image shape for
// showing weights and samples, and for the exact Ising source the exact distribution.

import { splitDataset, SPLIT_SEED, shuffledIndices } from '../data/split'
import type { LabeledImages } from '../data/images'
import type { IsingDataset } from '../ising/datasetFormat'
import { createRng, type Rng } from '../rng'
import { binarizeDigits } from './digitsData'
import { datasetAtTemperature, spinsToRows, withSpinFlips } from './isingData'
import { exactIsing, sampleExactIsing, type ExactIsing } from './isingExact'
import type { RbmDataSource } from './types'
import type { UnitKind } from './units'
import { checkRows, type RbmRows } from './validate'

export interface RbmInit {
  /** The bundled digits (decodeDigits) for the 'mnist' source. */
  digits?: LabeledImages
  /** A decoded 'ising.dataset' run for the 'isingDataset' source. */
  isingDataset?: IsingDataset
}

export interface PreparedData {
  train: RbmRows
  val: RbmRows
  test: RbmRows | null
  /** Shape to draw a visible layer as an image. */
  imageRows: number
  imageCols: number
  /** The exact Boltzmann distribution the data were drawn from (exact Ising source). */
  exact: ExactIsing | null
  describe: string
}

/** Validation configurations drawn from the exact sampler. */
const EXACT_VALIDATION = 1000

/** Rows of a stored Ising dataset set apart for validation at one temperature (a fixed 90 / 10 split). */
const validationShare = (count: number): number => Math.max(1, Math.round(count / 10))

/** Binary rows → the machine's units (0 → −1 for spins). */
export function rowsInUnits(rows: RbmRows, units: UnitKind): RbmRows {
  if (units === 'binary') return rows
  return { ...rows, V: Float32Array.from(rows.V, (x) => 2 * x - 1) }
}

export function prepareData(src: RbmDataSource, units: UnitKind, init: RbmInit, rng: Rng): PreparedData {
  const spinRows = (spins: Int8Array, N: number): RbmRows => spinsToRows(spins, spins.length / N, N, units)
  let out: PreparedData
  if (src.source === 'mnist') {
    const ds = init.digits
    if (!ds) throw new Error('rbm.train on digits needs the bundled digits: the host passes decodeDigits(…) as init.digits')
    const split = splitDataset(ds.count)
    const trainIdx = src.trainSize > 0 ? split.train.slice(0, src.trainSize) : split.train
    const bin = (idx: Int32Array, stream: number): RbmRows => rowsInUnits(binarizeDigits(ds, idx, src.binarization, rng.fork(stream)), units)
    out = {
      train: bin(trainIdx, 21),
      val: bin(split.val, 22),
      test: bin(split.test, 23),
      imageRows: ds.rows,
      imageCols: ds.cols,
      exact: null,
      describe: `${trainIdx.length} binarized digits (${src.binarization})`
    }
  } else if (src.source === 'isingExact') {
    const exact = exactIsing(src.L, src.T)
    const N = src.L * src.L
    const spins = sampleExactIsing(exact, src.samples, rng.fork(21))
    out = {
      train: spinRows(src.symmetrize ? withSpinFlips(spins) : spins, N),
      val: spinRows(sampleExactIsing(exact, EXACT_VALIDATION, rng.fork(22)), N),
      test: null,
      imageRows: src.L,
      imageCols: src.L,
      exact,
      describe: `${src.samples} exact samples of the ${src.L}×${src.L} Ising model at T = ${src.T}${src.symmetrize ? ', with their spin flips' : ''}`
    }
  } else {
    const d = init.isingDataset
    if (!d) throw new Error('rbm.train on a stored Ising dataset needs it: the host decodes the run’s artifacts (decodeIsingDataset) as init.isingDataset')
    const N = d.L * d.L
    const spins = datasetAtTemperature(d, src.T)
    const count = spins.length / N
    if (count < 2) throw new Error(`the dataset has only ${count} configuration at T = ${src.T}: at least 2 are needed (training and validation)`)
    // a fixed 90 / 10 split, like the digits' fixed split
    const order = shuffledIndices(count, SPLIT_SEED)
    const nVal = validationShare(count)
    const pick = (from: number, to: number): Int8Array => {
      const s = new Int8Array((to - from) * N)
      for (let r = from; r < to; r++) s.set(spins.subarray(order[r] * N, (order[r] + 1) * N), (r - from) * N)
      return s
    }
    const train = pick(nVal, count)
    out = {
      train: spinRows(src.symmetrize ? withSpinFlips(train) : train, N),
      val: spinRows(pick(0, nVal), N),
      test: null,
      imageRows: d.L,
      imageCols: d.L,
      exact: null,
      describe: `${count - nVal} stored ${d.L}×${d.L} Ising configurations at T = ${src.T}`
    }
  }
  checkRows(out.train, units, 'training data')
  checkRows(out.val, units, 'validation data')
  return out
}

/**
 * The rows a training run validated (or tested) on, rebuilt from its params and seed: what the
 * host passes to rbm.dream (start from data) and rbm.complete (the items) as init.rows. The
 * same generator stream as runRbmTraining, so stochastic binarization and exact Ising samples
 * come out as they were.
 */
export function trainingRunRows(params: { data: RbmDataSource; units: UnitKind }, seed: number, init: RbmInit, which: 'val' | 'test'): RbmRows {
  const d = prepareData(params.data, params.units, init, createRng(seed).fork(1))
  return which === 'test' ? (d.test ?? d.val) : d.val
}

/**
 * How many rows trainingRunRows gives for 'test' without building them: a training run's items
 * to complete, known before the run exists. `digitsCount`: the bundled digits; `datasetCount`:
 * the stored dataset's configurations at the run's temperature.
 */
export function trainingRunRowCount(data: RbmDataSource, digitsCount: number, datasetCount: number): number {
  if (data.source === 'mnist') return splitDataset(digitsCount).test.length
  if (data.source === 'isingExact') return EXACT_VALIDATION
  return validationShare(datasetCount)
}
