// Small end-to-end learning checks: XOR (not linearly separable, so it needs the hidden
// layer and the non-linearity of Eq. 35), the optimisers' defining updates, the schedules'
// closed forms, early stopping.

import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { earlyStopping } from '../../../src/engine/train/earlyStopping'
import { confusionMatrix, deadUnits } from '../../../src/engine/nn/metrics'
import { addWeightDecay, adam, createOptimizer, momentum, sgd } from '../../../src/engine/nn/optimizer'
import { learningRate } from '../../../src/engine/train/schedule'
import { createTrainer } from '../../../src/engine/nn/trainer'
import { forward } from '../../../src/engine/nn/network'
import { initStd } from '../../../src/engine/nn/init'
import { createNetwork } from '../../../src/engine/nn/network'

const XOR_X = Float32Array.from([0, 0, 0, 1, 1, 0, 1, 1])
const XOR_T = Float32Array.from([1, 0, 0, 1, 0, 1, 1, 0]) // one-hot of 0, 1, 1, 0

describe('a tiny network learns XOR', () => {
  for (const opt of ['sgd', 'momentum', 'adam'] as const) {
    it(`2-8-2 tanh/softmax, full-batch ${opt}`, () => {
      const tr = createTrainer(
        {
          spec: { sizes: [2, 8, 2], hiddenActivation: 'tanh', outputActivation: 'softmax', bias: true },
          init: 'xavier',
          loss: 'crossEntropy',
          reduction: 'mean',
          optimizer: { name: opt, momentum: 0.9 },
          weightDecay: 0,
          batchSize: 4
        },
        createRng(3)
      )
      const lr = opt === 'adam' ? 0.05 : opt === 'momentum' ? 0.1 : 0.5
      const first = tr.step(XOR_X, XOR_T, 4, lr)
      let loss = first
      for (let i = 0; i < 1500; i++) loss = tr.step(XOR_X, XOR_T, 4, lr)
      expect(first).toBeGreaterThan(0.5) // started near ln 2
      expect(loss).toBeLessThan(0.05)
      const y = forward(tr.net, XOR_X, 4, tr.ws)
      for (let r = 0; r < 4; r++) expect(y[2 * r + (XOR_T[2 * r] ? 0 : 1)]).toBeGreaterThan(0.9)
    })
  }

  it('without a hidden layer (a linear model, Eq. 34) XOR is not learnable', () => {
    const tr = createTrainer(
      {
        spec: { sizes: [2, 2], hiddenActivation: 'tanh', outputActivation: 'softmax', bias: true },
        init: 'xavier',
        loss: 'crossEntropy',
        reduction: 'mean',
        optimizer: { name: 'adam' },
        weightDecay: 0,
        batchSize: 4
      },
      createRng(3)
    )
    let loss = 0
    for (let i = 0; i < 1500; i++) loss = tr.step(XOR_X, XOR_T, 4, 0.05)
    expect(loss).toBeGreaterThan(0.6) // stays at ln 2 ≈ 0.693
  })
})

describe('optimisers (Eq. 48 and refinements)', () => {
  it('SGD: W ← W − η g', () => {
    const w = Float32Array.from([1, -2])
    sgd().step([w], [Float32Array.from([0.5, -1])], 0.1)
    expect(Array.from(w)).toEqual([Math.fround(0.95), Math.fround(-1.9)])
  })
  it('momentum with a constant gradient: the velocity is the geometric sum g(1 + μ + … + μ^{k−1})', () => {
    const w = new Float32Array(1)
    const g = Float32Array.from([1])
    const opt = momentum([w], 0.5)
    for (let k = 0; k < 3; k++) opt.step([w], [g], 1)
    // steps 1, 1.5, 1.75 → W = −4.25
    expect(w[0]).toBeCloseTo(-4.25, 6)
  })
  it('Adam: the bias-corrected first step is η·sign(g), whatever the gradient scale', () => {
    for (const g of [1e-4, 3, -250]) {
      const w = new Float32Array(1)
      adam([w], 0.9, 0.999, 1e-8).step([w], [Float32Array.from([g])], 0.01)
      expect(w[0]).toBeCloseTo(-0.01 * Math.sign(g), 5)
    }
  })
  it('createOptimizer returns the named one; weight decay adds λW to weight gradients only', () => {
    expect(createOptimizer({ name: 'adam' }, []).name).toBe('adam')
    expect(createOptimizer({ name: 'momentum' }, []).name).toBe('momentum')
    const W = Float32Array.from([2, -4])
    const b = Float32Array.from([3])
    const gW = new Float32Array(2)
    const gb = new Float32Array(1)
    addWeightDecay([W, b], [gW, gb], [true, false], 0.5)
    expect(Array.from(gW)).toEqual([1, -2])
    expect(gb[0]).toBe(0)
  })
})

describe('learning-rate schedules', () => {
  it('closed forms', () => {
    expect(learningRate({ type: 'constant' }, 0.1, 7, 0.5)).toBe(0.1)
    expect(learningRate({ type: 'step', every: 3, gamma: 0.5 }, 0.1, 2, 0)).toBeCloseTo(0.1, 12)
    expect(learningRate({ type: 'step', every: 3, gamma: 0.5 }, 0.1, 6, 0)).toBeCloseTo(0.025, 12)
    expect(learningRate({ type: 'exponential', gamma: 0.9 }, 0.1, 2, 0)).toBeCloseTo(0.081, 12)
    expect(learningRate({ type: 'cosine', minLr: 0.01 }, 0.1, 0, 0)).toBeCloseTo(0.1, 12)
    expect(learningRate({ type: 'cosine', minLr: 0.01 }, 0.1, 0, 0.5)).toBeCloseTo(0.055, 12)
    expect(learningRate({ type: 'cosine', minLr: 0.01 }, 0.1, 0, 1)).toBeCloseTo(0.01, 12)
  })
})

describe('early stopping', () => {
  it('stops after `patience` epochs without improvement and keeps the best snapshot', () => {
    const es = earlyStopping(2)
    const losses = [1.0, 0.8, 0.85, 0.7, 0.75, 0.72]
    const stops = losses.map((l, i) => es.update(l, i + 1, () => [Float32Array.of(i + 1)]))
    expect(stops).toEqual([false, false, false, false, false, true])
    expect(es.bestEpoch).toBe(4)
    expect(es.bestLoss).toBe(0.7)
    expect(es.bestWeights![0][0]).toBe(4)
  })
  it('patience 0 never stops', () => {
    const es = earlyStopping(0)
    expect([1, 2, 3, 4].map((l, i) => es.update(l, i + 1, () => []))).toEqual([false, false, false, false])
  })
})

describe('read-outs', () => {
  it('dead units: columns that are zero on every row', () => {
    const y = Float32Array.from([0, 1, 0, 0, 0, 2, 0, 0, 3, 0, 0, 0]) // 3 rows × 4 units: units 0 and 3 dead
    expect(deadUnits(y, 3, 4)).toBe(2)
    expect(deadUnits(y, 1, 4)).toBe(3)
  })
  it('confusion matrix: row = true, column = predicted', () => {
    const m = confusionMatrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3)
    expect(Array.from(m)).toEqual([1, 1, 0, 0, 1, 0, 1, 0, 1])
  })
  it('initialisers: sample std follows randn 1, Xavier √(2/(in+out)), He √(2/in)', () => {
    for (const init of ['randn', 'xavier', 'he'] as const) {
      const net = createNetwork({ sizes: [400, 300], hiddenActivation: 'relu', outputActivation: 'relu', bias: true }, init, createRng(5))
      const W = net.layers[0].W
      let s = 0
      let s2 = 0
      for (const v of W) {
        s += v
        s2 += v * v
      }
      const mean = s / W.length
      const sd = Math.sqrt(s2 / W.length - mean * mean)
      const want = initStd(init, 400, 300)
      expect(Math.abs(sd / want - 1)).toBeLessThan(0.01) // 120,000 draws: relative sd error ~0.2 %
      expect(Math.abs(mean)).toBeLessThan(0.01 * want)
      expect(Array.from(net.layers[0].b!).every((v) => v === 0)).toBe(true)
    }
    expect(initStd('xavier', 400, 300)).toBeCloseTo(Math.sqrt(2 / 700), 12)
    expect(initStd('he', 400, 300)).toBeCloseTo(Math.sqrt(2 / 400), 12)
  })
})
