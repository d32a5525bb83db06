// The training loop on its own, with models that are not image classifiers: a linear
// autoencoder on ±1 spin configurations (reconstruction, denoising), a logistic model, and a
// one-weight model whose losses are known in closed form (early stopping, divergence, resume).

import { describe, expect, it } from 'vitest'
import { localContext } from '../../../src/engine/localContext'
import { createRng, type Rng } from '../../../src/engine/rng'
import { TrainingDiverged } from '../../../src/engine/train/divergence'
import { runTrainingLoop, type LoopOptions, type TrainingControl } from '../../../src/engine/train/loop'
import type { Batch, TrainableModel, TrainingData } from '../../../src/engine/train/model'
import { indexData, linearAutoencoder, logistic, spinSet, twoClouds, walker } from './toyModels'

const range = (a: number, b: number): Int32Array => Int32Array.from({ length: b - a }, (_, i) => a + i)

function options(over: Partial<LoopOptions> & Pick<LoopOptions, 'train' | 'val' | 'batchSize' | 'epochs'>): LoopOptions {
  return {
    optimizer: { name: 'sgd' },
    lr: 1,
    schedule: { type: 'constant' },
    weightDecay: 0,
    earlyStoppingPatience: 0,
    evalEvery: 0,
    divergenceCauses: (lr) => [`the learning rate lr=${lr} is too large`],
    ...over
  }
}

function train(model: TrainableModel, data: TrainingData, o: LoopOptions, seed = 1, controls: (TrainingControl | 'stop' | null)[] = []) {
  const { ctx, record } = localContext<TrainingControl>(seed, { controls })
  const outcome = runTrainingLoop(model, data, o, ctx)
  return { outcome, record }
}

/** Pearson correlation. */
function corr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length
  let ma = 0
  let mb = 0
  for (let i = 0; i < n; i++) {
    ma += a[i] / n
    mb += b[i] / n
  }
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb)
    saa += (a[i] - ma) ** 2
    sbb += (b[i] - mb) ** 2
  }
  return sab / Math.sqrt(saa * sbb)
}

describe('a linear autoencoder on ±1 spin configurations (reconstruction: the target is the input)', () => {
  const N = 16
  const data = spinSet(600, N, 1)
  const trainIdx = range(0, 400)
  const valIdx = range(400, 600)

  it('the metric rows are the model’s own (loss and a second term as its own series), and one latent neuron learns the magnetization', () => {
    const model = linearAutoencoder(N, 1, 50, createRng(2))
    const { outcome, record } = train(model, data, options({ train: trainIdx, val: valIdx, batchSize: 50, epochs: 40, evalEvery: 4, optimizer: { name: 'adam' }, lr: 0.02 }))
    // 8 batches per epoch: a row after batch 4 and at each epoch's end
    expect(record.steps).toEqual(Array.from({ length: 80 }, (_, i) => 4 * (i + 1)))
    for (const row of record.rows) expect(Object.keys(row)).toEqual(['trainLoss', 'trainLatentEnergy', 'valLoss', 'valLatentEnergy', 'lr', 'epoch'])
    expect(outcome.lastVal[0]).toBe(record.rows[record.rows.length - 1].valLoss)
    // The best rank-1 reconstruction of a configuration is (close to) "every spin = m", whose
    // error per spin is 1 − m² (the bottleneck carries m and little else).
    let everySpinIsM = 0
    for (const i of valIdx) everySpinIsM += (1 - data.m[i] ** 2) / valIdx.length
    const final = outcome.lastVal[0]
    expect(final).toBeLessThan(0.5 * record.rows[0].valLoss)
    expect(Math.abs(final / everySpinIsM - 1)).toBeLessThan(0.05)
    // The latent z = E·x follows the signed magnetization (Fig. 14 in miniature).
    const z = Array.from(valIdx, (i) => {
      let s = 0
      for (let j = 0; j < N; j++) s += model.E[j] * data.spins[i * N + j]
      return s
    })
    expect(Math.abs(corr(z, Array.from(valIdx, (i) => data.m[i])))).toBeGreaterThan(0.99)
    // The model saw spins only (T and m stay beside the data), with the target equal to the input.
    for (const b of model.seen) {
      expect(b.x.every((v) => v === 1 || v === -1)).toBe(true)
      expect(b.t).toEqual(b.x)
    }
  })

  it('denoising: augmentation corrupts the inputs only, the targets stay clean; the noise is fixed by the seed and leaves the batch order alone', () => {
    const flip = (p: number) => (b: Batch, rng: Rng): void => {
      for (let i = 0; i < b.n * N; i++) if (rng.uniform() < p) b.x[i] = -b.x[i]
    }
    const run = (seed: number, p: number | null) => {
      const model = linearAutoencoder(N, 2, 50, createRng(2))
      train(model, data, options({ train: trainIdx, val: valIdx, batchSize: 50, epochs: 2, lr: 0.01, augment: p === null ? undefined : flip(p) }), seed)
      return model.seen
    }
    const a = run(7, 0.1)
    const clean = run(7, null)
    expect(a.length).toBe(16)
    let flipped = 0
    a.forEach((b, k) => {
      expect(b.t).toEqual(clean[k].t) // same items in the same order, clean targets
      expect(clean[k].x).toEqual(clean[k].t)
      for (let i = 0; i < b.x.length; i++) if (b.x[i] !== b.t[i]) flipped++
    })
    const total = a.length * 50 * N
    expect(Math.abs(flipped / total - 0.1)).toBeLessThan(0.01) // 12,800 spins: sd of the fraction 0.003
    expect(run(7, 0.1)).toEqual(a)
    expect(run(8, 0.1)[0].x).not.toEqual(a[0].x)
  })
})

describe('a two-class logistic model', () => {
  it('learns two Gaussian clouds to near the Bayes accuracy Φ(1.62) = 0.947', () => {
    const data = twoClouds(1200, 5, 3)
    const model = logistic(5, 100)
    const { record, outcome } = train(model, data, options({ train: range(0, 1000), val: range(1000, 1200), batchSize: 20, epochs: 5, lr: 0.5 }))
    expect(Object.keys(record.rows[0])).toEqual(['trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy', 'lr', 'epoch'])
    expect(outcome.lastVal[1]).toBeGreaterThan(0.9)
    expect(outcome.lastVal[1]).toBeLessThan(0.99)
  })
})

describe('epochs, shuffling, control', () => {
  /** Records the items of every training batch. */
  const recorder = (): TrainableModel & { items: number[][] } => {
    const items: number[][] = []
    const m = walker(0)
    return { ...m, items, gradient: (b, s) => (items.push(Array.from(b.x.subarray(0, b.n))), m.gradient(b, s)) }
  }
  it('each epoch visits every training item once, in an order fixed by the seed', () => {
    const data = indexData(23)
    const order = (seed: number) => {
      const m = recorder()
      train(m, data, options({ train: range(0, 20), val: [], batchSize: 6, epochs: 3, lr: 0 }), seed)
      return m.items
    }
    const a = order(4)
    expect(a.map((b) => b.length)).toEqual([6, 6, 6, 2, 6, 6, 6, 2, 6, 6, 6, 2])
    for (let e = 0; e < 3; e++) expect(a.slice(4 * e, 4 * e + 4).flat().sort((x, y) => x - y)).toEqual(Array.from(range(0, 20)))
    expect(a.slice(0, 4).flat()).not.toEqual(a.slice(4, 8).flat())
    expect(order(4)).toEqual(a)
    expect(order(5)).not.toEqual(a)
  })
  it("'stop' ends the run with a row at the fraction of an epoch reached; a control sets the learning rate; progress reaches 1", () => {
    const m = walker(100)
    const { outcome, record } = train(m, indexData(10), options({ train: range(0, 10), val: range(0, 10), batchSize: 2, epochs: 4, lr: 1 }), 1, [null, { lr: 0.5 }, null, null, null, null, null, 'stop'])
    expect(outcome).toMatchObject({ stoppedByUser: true, steps: 7, epochsRun: 1 })
    expect(record.steps).toEqual([5, 7])
    expect(record.rows[1].epoch).toBeCloseTo(7 / 5, 12)
    expect(record.rows[1].lr).toBe(0.5)
    expect(m.w[0]).toBe(1 + 6 * 0.5) // one step at lr 1, six at 0.5
    const done = train(walker(0), indexData(10), options({ train: range(0, 10), val: [], batchSize: 5, epochs: 2 }))
    expect(done.record.progress).toBe(1)
  })
})

describe('early stopping keeps the best weights', () => {
  // One item, batch 1: w = e after epoch e, validation loss (e − 3)².
  const one = (over: Partial<LoopOptions> = {}) => options({ train: [0], val: [0], batchSize: 1, epochs: 20, ...over })
  it('patience 2: the losses 4, 1, 0, 1, 4 stop it after epoch 5 and restore w = 3', () => {
    const m = walker(3)
    const { outcome, record } = train(m, indexData(1), one({ earlyStoppingPatience: 2 }))
    expect(record.rows.map((r) => r.valLoss)).toEqual([4, 1, 0, 1, 4])
    expect(outcome).toMatchObject({ stoppedEarly: true, epochsRun: 5, bestEpoch: 3 })
    expect(m.w[0]).toBe(3)
    expect(record.logs).toEqual(['Early stopping after epoch 5: validation loss has not improved for 2 epochs (best 0.000 at epoch 3); keeping those weights.'])
  })
  it('patience 0 trains every epoch and keeps the last weights (the best epoch is still reported)', () => {
    const m = walker(3)
    const { outcome } = train(m, indexData(1), one())
    expect(outcome).toMatchObject({ stoppedEarly: false, epochsRun: 20, bestEpoch: 3 })
    expect(m.w[0]).toBe(20)
  })
})

describe('divergence', () => {
  const one = options({ train: [0], val: [], batchSize: 1, epochs: 10 })
  it('a NaN loss stops training with a message naming the epoch, the batch and the likely cause', () => {
    expect(() => train(walker(0, { 5: NaN }), indexData(1), one)).toThrow(
      'the loss became NaN at epoch 6, batch 1: training diverged. Likely cause: the learning rate lr=1 is too large.'
    )
    expect(() => train(walker(0, { 2: Infinity }), indexData(1), one)).toThrow(TrainingDiverged)
  })
  it('so does a loss a millionfold above its first value, and not one just below that', () => {
    expect(() => train(walker(0, { 0: 2, 3: 2.1e6 }), indexData(1), one)).toThrow(/the loss grew to 2\.10e\+6, a millionfold its start, at epoch 4, batch 1/)
    expect(() => train(walker(0, { 0: 2, 3: 1.9e6 }), indexData(1), one)).not.toThrow()
  })
})

describe('a model measured on validation rows only (batchMetrics: false, a Boltzmann machine)', () => {
  // w = e after epoch e; the validation loss (e − 3)² is the only measure
  const quiet = (lossAt: Record<number, number> = {}): TrainableModel & { w: Float32Array } => ({ ...walker(3, lossAt), batchMetrics: false })
  it('rows carry the validation columns only, the first before any step when asked', () => {
    const { record } = train(quiet(), indexData(1), options({ train: [0], val: [0], batchSize: 1, epochs: 4, evalAtStart: true }))
    expect(record.steps).toEqual([0, 1, 2, 3, 4])
    expect(record.rows.map((r) => r.valLoss)).toEqual([9, 4, 1, 0, 1])
    expect(Object.keys(record.rows[0]).sort()).toEqual(['epoch', 'lr', 'valLoss'])
  })
  it('what gradient() returns is not a loss (a NaN there passes); a NaN validation loss is divergence', () => {
    expect(() => train(quiet({ 0: NaN, 1: NaN }), indexData(1), options({ train: [0], val: [0], batchSize: 1, epochs: 3 }))).not.toThrow()
    const nan: TrainableModel = { ...quiet(), measure: (_b, sums) => ((sums[0] += NaN), new Float32Array(0)) }
    expect(() => train(nan, indexData(1), options({ train: [0], val: [0], batchSize: 1, epochs: 3 }))).toThrow(/the loss became NaN at epoch 1, batch 1/)
  })
})

describe('resume from stored weights', () => {
  it('starts from the stored weights: stopped before its first batch it ends with exactly them, else it goes on from them', () => {
    const m = walker(0)
    train(m, indexData(1), options({ train: [0], val: [], batchSize: 1, epochs: 5, initialWeights: [Float32Array.of(7)] }), 1, ['stop'])
    expect(m.w[0]).toBe(7)
    train(m, indexData(1), options({ train: [0], val: [], batchSize: 1, epochs: 2, initialWeights: [Float32Array.of(7)] }))
    expect(m.w[0]).toBe(9)
  })
  it('full-batch gradient descent is a fixed map of the weights: 2 epochs, then 2 more from the stored weights, equal 4 uninterrupted (to float rounding)', () => {
    const data = twoClouds(500, 5, 9)
    const o = (epochs: number, initialWeights?: Float32Array[]) => options({ train: range(0, 400), val: range(400, 500), batchSize: 400, epochs, lr: 0.8, initialWeights })
    const whole = logistic(5, 400)
    const a = train(whole, data, o(4), 1)
    const first = logistic(5, 400)
    train(first, data, o(2), 2)
    const second = logistic(5, 400)
    const b = train(second, data, o(2, first.exportWeights()), 3) // another seed: another shuffle, the same full batch
    for (let j = 0; j < 5; j++) expect(second.w[j]).toBeCloseTo(whole.w[j], 5)
    expect(second.b[0]).toBeCloseTo(whole.b[0], 5)
    expect(b.record.rows.map((r) => r.valLoss)[1]).toBeCloseTo(a.record.rows[3].valLoss, 6)
  })
  it('refuses stored weights that hold NaN, and weights of another shape with the model’s own message', () => {
    const m = walker(0)
    expect(() => train(m, indexData(1), options({ train: [0], val: [], batchSize: 1, epochs: 1, initialWeights: [Float32Array.of(NaN)] }))).toThrow(
      'the stored weights to continue from hold NaN or infinite values: that run diverged; start from fresh weights instead'
    )
    const ae = linearAutoencoder(4, 1, 8, createRng(1))
    expect(() => train(ae, spinSet(20, 4, 1), options({ train: range(0, 10), val: [], batchSize: 5, epochs: 1, initialWeights: [new Float32Array(4)] }))).toThrow(
      'stored weights do not fit this autoencoder'
    )
  })
  it('refuses a batch larger than the training set', () => {
    expect(() => train(walker(0), indexData(3), options({ train: range(0, 3), val: [], batchSize: 4, epochs: 1 }))).toThrow('batch size 4 exceeds the 3 training items')
  })
})
