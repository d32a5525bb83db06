// Training a machine with the lab's one training loop (train/loop.ts): epochs of shuffled
// minibatches, the learning-rate schedule (a linear decay to 0 mattered in our reference
// runs: the last epochs average out the noise of CD), the live learning rate, pause and stop,
// measurements every epoch (or every `measureEvery` updates within one), divergence. The
// update is the loop's optimiser on the model's gradient (trainable.ts): plain gradient steps,
// heavy-ball momentum v ← μv + ∂S/∂θ, θ ← θ − ηv when μ > 0, and L2 weight decay on W.
//
// Random streams of a training (forks of the part's generator, from its seed alone): 1 the
// initial weights (the caller's, train/loop.ts's INIT_STREAM), 2 the loop's shuffling, 5 the
// Gibbs chains of the gradient, 6 each measurement (a fresh fork every time: the curves move
// only because the machine does).

import type { JobContext } from '../job'
import { createRng, type Rng } from '../rng'
import { INIT_STREAM, runTrainingLoop, type LoopOutcome } from '../train/loop'
import { randomRbm, type Rbm } from './model'
import { machineData, machineModel } from './trainable'
import type { RbmLearning, RbmTrainControl } from './types'
import type { UnitKind } from './units'
import type { RbmRows } from './validate'

const CHAIN_STREAM = 5
const MEASURE_STREAM = 6
/** The job stream the seeds of several machines are drawn from. */
const MACHINES_STREAM = 100

/** A fresh machine of the run's size, weights from N(0, initStd²) on the initialisation stream. */
export const initialMachine = (nv: number, p: Pick<RbmLearning, 'hidden' | 'initStd'>, units: UnitKind, ctx: JobContext): Rbm =>
  randomRbm(nv, p.hidden, units, ctx.rng.fork(INIT_STREAM), p.initStd)

/**
 * Generators for `count` machines trained in one job, each from a seed of its own drawn from the
 * job's: their forks (data, initial weights, chains, shuffling) are families apart. Forks of a
 * fork come from the seed alone (rng.ts), so forking the job's generator per machine would give
 * every machine the same streams.
 */
export function machineGenerators(ctx: JobContext, count: number): Rng[] {
  const seeds = ctx.rng.fork(MACHINES_STREAM)
  return Array.from({ length: count }, () => createRng(seeds.nextU32()))
}

export interface MachineTraining {
  /** Rows measured at every measurement (validation); none: no measurements. */
  measured?: RbmRows
  /** Spin rows with 0 = not observed (the movie ratings). */
  missing?: boolean
  /** Updates between two measurements within an epoch (one also ends every epoch); 0 = once per epoch. */
  measureEvery?: number
  /** A measurement before the first update. */
  measureAtStart?: boolean
  /** Columns added to each measurement row (the free-energy gap, the exact log-likelihood…). */
  rowExtras?: (row: Record<string, number>) => void
  /** Draws a frame when the host wants one, at each measurement. */
  frame?: () => void
}

/** Train m in place on `rows` by the job's learning params; the loop's outcome. */
export function trainMachine(m: Rbm, rows: RbmRows, p: RbmLearning, ctx: JobContext<RbmTrainControl>, t: MachineTraining = {}): LoopOutcome {
  const B = Math.min(p.batchSize, rows.n)
  const nMeasured = t.measured?.n ?? 0
  const model = machineModel(
    m,
    {
      method: p.method,
      k: p.k,
      rule: p.gibbsRule,
      sign: p.sign,
      statistics: p.statistics,
      missing: t.missing,
      biases: p.biases,
      maxBatch: B,
      evalRows: Math.max(1, nMeasured),
      measureRng: () => ctx.rng.fork(MEASURE_STREAM)
    },
    ctx.rng.fork(CHAIN_STREAM)
  )
  const range = (from: number, n: number): Int32Array => Int32Array.from({ length: n }, (_, i) => from + i)
  return runTrainingLoop(
    model,
    machineData(rows, t.measured ?? null),
    {
      optimizer: p.momentum > 0 ? { name: 'momentum', momentum: p.momentum } : { name: 'sgd' },
      lr: p.lr,
      schedule: p.schedule,
      batchSize: B,
      epochs: p.epochs,
      weightDecay: p.l2,
      earlyStoppingPatience: 0,
      evalEvery: t.measureEvery ?? 0,
      evalAtStart: t.measureAtStart,
      train: range(0, rows.n),
      val: range(rows.n, nMeasured),
      divergenceCauses: (lr) => [`the learning rate ${lr} is too large for this machine (its weights blow up)`, `${p.k} Gibbs steps per update, ${p.method.toUpperCase()}`],
      rowExtras: t.rowExtras,
      frame: t.frame
    },
    ctx
  )
}
