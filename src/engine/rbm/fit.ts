// The training loop every RBM job shares: epochs of shuffled minibatches, one update each
// (train.ts), the learning rate from the schedule at the fraction of updates done, and the
// host's checkpoint between batches (a new base rate, a pause, 'stop').

import { shuffle } from '../rng'
import type { Rng } from '../rng'
import { createTrainer, gatherRows, scheduledRate, type RbmSchedule, type RbmTrainer, type TrainerOptions } from './train'
import type { Rbm } from './model'
import type { RbmLearning } from './types'
import type { RbmRows } from './validate'

export interface FitOptions extends TrainerOptions {
  epochs: number
  lr: number
  schedule: RbmSchedule
}

/** The loop's options from a job's learning params. */
export function fitOptions(p: RbmLearning, missing = false): FitOptions {
  return { method: p.method, k: p.k, rule: p.gibbsRule, sign: p.sign, statistics: p.statistics, biases: p.biases, batchSize: p.batchSize, momentum: p.momentum, l2: p.l2, epochs: p.epochs, lr: p.lr, schedule: p.schedule, missing }
}

export interface FitHooks {
  /** Between batches: a new base learning rate, 'stop' (finish now, keep the machine), or null. */
  checkpoint?: () => { lr?: number } | 'stop' | null
  /** After each update: updates done, position in epochs (e.g. 2.5), the rate used. */
  afterUpdate?: (updates: number, epochPos: number, lr: number) => void
}

export interface FitResult {
  trainer: RbmTrainer
  updates: number
  epochs: number
  stopped: boolean
  lr: number
}

export function fitRbm(m: Rbm, rows: RbmRows, o: FitOptions, rng: Rng, hooks: FitHooks = {}): FitResult {
  const B = Math.min(o.batchSize, rows.n)
  const trainer = createTrainer(m, { ...o, batchSize: B }, rng.fork(11))
  const order = Int32Array.from({ length: rows.n }, (_, i) => i)
  const X = new Float32Array(B * m.nv)
  const perEpoch = Math.ceil(rows.n / B)
  const total = perEpoch * o.epochs
  const shuffleRng = rng.fork(12)
  let base = o.lr
  let lr = base
  let updates = 0
  let epochs = 0
  for (let e = 0; e < o.epochs; e++) {
    shuffle(order, shuffleRng)
    for (let b = 0; b < perEpoch; b++) {
      const c = hooks.checkpoint?.() ?? null
      if (c === 'stop') return { trainer, updates, epochs, stopped: true, lr }
      if (c && c.lr !== undefined) base = c.lr
      const n = Math.min(B, rows.n - b * B)
      gatherRows(rows.V, m.nv, order, b * B, n, X)
      lr = scheduledRate(o.schedule, base, updates / total)
      trainer.step(X, n, lr)
      updates++
      hooks.afterUpdate?.(updates, e + (b + 1) / perEpoch, lr)
    }
    epochs = e + 1
  }
  return { trainer, updates, epochs, stopped: false, lr }
}
