// One training step of the machine (Eq. 30, with the corrections practice needs): the update
// is the learning rate times the gradient of gradient.ts, minus L2 weight decay on W, with
// momentum (Hinton, "A practical guide to training RBMs", 2010):
//   u ← μ u + η (∇ − λ W),   W ← W + u        (biases: no decay)
// and a learning-rate schedule over the whole run: constant, or a linear decay to a final
// rate (to 0 it mattered in our reference runs: the last epochs average out the noise of CD).

import { learningRate, type Schedule } from '../nn/schedule'
import type { Rng } from '../rng'
import { createGradient, createGradientWorkspace, gradient, type GradientOptions, type GradientWorkspace, type RbmGradient } from './gradient'
import type { Rbm } from './model'
import { momentumWasm } from './rbmWasm'

/** The schedules an RBM run offers (nn/schedule.ts computes them). */
export type RbmSchedule = Extract<Schedule, { type: 'constant' } | { type: 'linear' }>

/** The rate at a fraction `progress` ∈ [0, 1] of the run (updates done / total updates). */
export const scheduledRate = (s: RbmSchedule, lr0: number, progress: number): number => learningRate(s, lr0, 0, progress)

export interface TrainerOptions extends GradientOptions {
  /** Largest batch the trainer will see. */
  batchSize: number
  momentum: number
  /** L2 weight decay λ on W. */
  l2: number
  /** false: the biases stay 0. With spin units the machine is then exactly symmetric under
   *  v, h → −v, −h, like the Ising model at B = 0 (E(−v, −h) = E(v, h) in Eq. 20). */
  biases?: boolean
}

export interface RbmTrainer {
  readonly m: Rbm
  readonly grad: RbmGradient
  readonly velocity: RbmGradient
  readonly ws: GradientWorkspace
  /** One update from the n rows of V at learning rate lr. */
  step(V: Float32Array, n: number, lr: number): void
}

export function createTrainer(m: Rbm, o: TrainerOptions, rng: Rng): RbmTrainer {
  const grad = createGradient(m)
  const velocity = createGradient(m)
  const ws = createGradientWorkspace(m, o.batchSize)
  const step = (V: Float32Array, n: number, lr: number): void => {
    gradient(m, V, n, o, ws, rng, grad)
    momentumStep(m.W, velocity.W, grad.W, o.momentum, lr, o.l2)
    if (o.biases === false) return
    momentumStep(m.bv, velocity.bv, grad.bv, o.momentum, lr, 0)
    momentumStep(m.bh, velocity.bh, grad.bh, o.momentum, lr, 0)
  }
  return { m, grad, velocity, ws, step }
}

/** u ← μ u + η (g − λ x), x ← x + u, element by element (the same bits in rbm.wat). */
function momentumStep(x: Float32Array, u: Float32Array, g: Float32Array, mu: number, lr: number, l2: number): void {
  if (momentumWasm(x, u, g, mu, lr, l2)) return
  for (let k = 0; k < x.length; k++) {
    const uk = mu * u[k] + lr * (g[k] - l2 * x[k])
    u[k] = uk
    x[k] += uk
  }
}

/** Copy rows order[start..start+n) of a row-major dataset (width `width`) into `out`. */
export function gatherRows(data: Float32Array, width: number, order: ArrayLike<number>, start: number, n: number, out: Float32Array): void {
  for (let r = 0; r < n; r++) {
    const src = order[start + r] * width
    out.set(data.subarray(src, src + width), r * width)
  }
}
