// A Boltzmann machine as the lab's training loop sees it (train/model.ts): its parameters
// W, b_v, b_h (only W when it has no biases), the gradient of Eq. 28 estimated by CD-k, PCD-k
// or exact enumeration (gradient.ts; PCD's persistent chains are the model's state between
// updates), and its measures — the reconstruction error of Eq. 31 (the loss it reports) and
// the pseudo-likelihood — taken on validation rows only: the machine's objective, the
// log-likelihood, has no value on a batch that the update would give for free.
//
// The loop descends. Eq. 28 is the ascent direction of the log-likelihood, so the model hands
// the loop its negative, the gradient of the relative entropy S of Eq. 27; the optimiser's
// W − η ∂S/∂W is then Eq. 30 with the sign corrected (and the printed sign, which gradient.ts
// applies as asked, climbs S through the same step).

import type { Rng } from '../rng'
import type { TrainableModel, TrainingData } from '../train/model'
import { createGradient, createGradientWorkspace, gradient, type GradientOptions } from './gradient'
import { pseudoLikelihood, reconstruct } from './measures'
import type { Rbm } from './model'
import type { RbmRows } from './validate'

export const RBM_METRICS = ['reconstructionError', 'pseudoLikelihood'] as const

export interface MachineModelOptions extends GradientOptions {
  /** Largest training batch. */
  maxBatch: number
  /** Rows measured per evaluation (one pass). */
  evalRows: number
  /** false: the biases stay 0 (with spin units the machine is then exactly spin-flip symmetric). */
  biases: boolean
  /** A fresh generator for each evaluation: every measurement draws the same random numbers. */
  measureRng: () => Rng
}

/** The machine m, trained in place. `rng` drives the Gibbs chains of the gradient. */
export function machineModel(m: Rbm, o: MachineModelOptions, rng: Rng): TrainableModel {
  const ws = createGradientWorkspace(m, o.maxBatch)
  const g = createGradient(m)
  const params = o.biases ? [m.W, m.bv, m.bh] : [m.W]
  const grads = o.biases ? [g.W, g.bv, g.bh] : [g.W]
  const reconstruction = new Float32Array(o.evalRows * m.nv)
  return {
    metrics: RBM_METRICS,
    params,
    grads,
    isWeight: params.map((p) => p === m.W),
    evalRows: o.evalRows,
    batchMetrics: false,
    gradient(batch) {
      gradient(m, batch.x, batch.n, o, ws, rng, g)
      // ∂S/∂θ = −(Eq. 28)
      for (const a of grads) for (let k = 0; k < a.length; k++) a[k] = -a[k]
      return NaN
    },
    measure(batch, sums) {
      const r = o.measureRng()
      const n = batch.n
      const out = reconstruct(m, batch.x, n, r, o.rule, o.statistics === 'samples', reconstruction)
      let se = 0
      for (let k = 0; k < n * m.nv; k++) se += (batch.x[k] - out[k]) ** 2
      sums[0] += se / m.nv
      sums[1] += pseudoLikelihood(m, batch.x, n, r) * n
      return out
    },
    exportWeights: () => params.map((p) => p.slice()),
    importWeights(weights) {
      if (weights.length !== params.length || weights.some((w, i) => w.length !== params[i].length))
        throw new Error(`the stored weights do not fit a machine of ${m.nv} visible × ${m.nh} hidden units${o.biases ? '' : ' without biases'}`)
      weights.forEach((w, i) => params[i].set(w))
    }
  }
}

/**
 * The training rows followed by the measured validation rows, as the loop's data: item i < n
 * is training row i, item n + j validation row j.
 */
export function machineData(train: RbmRows, val: RbmRows | null): TrainingData {
  const nv = train.nv
  return {
    inputSize: nv,
    targetSize: 0,
    fill(indices, start, n, batch) {
      for (let r = 0; r < n; r++) {
        const i = indices[start + r]
        const [V, row] = i < train.n ? [train.V, i] : [val!.V, i - train.n]
        batch.x.set(V.subarray(row * nv, (row + 1) * nv), r * nv)
      }
      batch.n = n
    }
  }
}
