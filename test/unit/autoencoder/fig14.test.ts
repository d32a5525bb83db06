// Fig. 14 in miniature: a one-neuron autoencoder trained on real Ising configurations (L = 10,
// 1.5–3.5) finds the magnetization — |r(z, m)| and the per-T correlation of ⟨|z − z₀|⟩ with
// ⟨|m|⟩ above 0.95 over three seeds, and its reconstruction MSE within 3 % of mean(1 − m²), the
// error of "every spin = m" (the bottleneck carries m and little else). The analysis itself
// is checked on constructed inputs with known answers.

import { describe, expect, it } from 'vitest'
import { fig14Analysis, halfCrossing } from '../../../src/engine/autoencoder/fig14'
import { runAutoencoderTraining } from '../../../src/engine/autoencoder/trainJob'
import type { AutoencoderTrainParams } from '../../../src/engine/autoencoder/types'
import { localContext } from '../../../src/engine/localContext'
import { createRng } from '../../../src/engine/rng'
import { criticalTemperature } from '../../../src/engine/ising/exact'
import { autoencoderTrainParams } from '../../../src/shared/kinds/autoencoder'
import { smallIsingDataset } from './isingFixture'

describe('the Fig. 14 analysis on constructed latents', () => {
  it('halfCrossing interpolates where the curve, read from high T down, first reaches ½', () => {
    expect(halfCrossing([1, 2, 3, 4], [1, 0.8, 0.2, 0])).toBeCloseTo(2.5, 12)
    expect(halfCrossing([1, 2, 3], [1, 0.9, 0.6])).toBeNaN()
  })

  it('a latent z = ±c·m with a random sign per configuration: |r| = 1, the curves coincide, both Tc estimates agree', () => {
    const rng = createRng(2)
    const T: number[] = []
    const m: number[] = []
    const z: number[] = []
    const temps = [1.5, 2, 2.25, 2.5, 3, 3.5]
    const absM = [0.98, 0.9, 0.6, 0.3, 0, 0]
    temps.forEach((t, k) => {
      for (let i = 0; i < 50; i++) {
        const s = rng.uniform() < 0.5 ? -1 : 1
        const mi = s * absM[k]
        T.push(t)
        m.push(mi)
        z.push(-3 * mi + 7) // a flipped, scaled and shifted copy of m, as a trained neuron may give
      }
    })
    const f = fig14Analysis({ z, T, m, loss: m.map((v) => 1 - v * v), J: 1 }, createRng(1), 50)
    expect(f.temperatures).toEqual(temps)
    expect(f.rZM).toBeCloseTo(-1, 12)
    expect(f.z0).toBe(7) // the median latent of the top temperatures, where m = 0
    expect(f.perTCorrelation).toBeCloseTo(1, 12)
    expect(f.absZ[0]).toBe(1)
    expect(f.absZ[5]).toBe(0)
    expect(f.Tc).toBeCloseTo(f.TcFromM as number, 12)
    expect(f.TcError).toBeCloseTo(0, 12) // every bootstrap sample is the same here (|m| is constant within a T)
    expect(f.TcExact).toBeCloseTo(2.269185, 6)
    expect(f.everySpinIsM).toBeCloseTo(f.meanLoss, 12)
  })
})

const fig14Params: AutoencoderTrainParams = autoencoderTrainParams.parse({
    dataset: { source: 'ising', runId: 1 },
    encoder: [64, 16],
    latent: 1,
    hiddenActivation: 'tanh',
    latentActivation: 'linear',
    lr: 1e-3,
    batchSize: 32,
    epochs: 10,
    trainSize: 0,
  init: 'xavier'
})

describe('Fig. 14: one latent neuron trained on Ising configurations across Tc', () => {
  const data = smallIsingDataset()
  for (const seed of [1, 2, 3])
    it(`seed ${seed}: the latent follows m, ⟨|z − z₀|⟩ follows ⟨|m|⟩, and the error is that of "every spin = m"`, () => {
      const { ctx, record } = localContext(seed)
      const r = runAutoencoderTraining(fig14Params, ctx, { ising: data })
      const f = r.fig14
      if (!f) throw new Error('no Fig. 14 analysis')
      expect(r.fig14Axis).toBe('latent')
      expect(Math.abs(f.rZM as number)).toBeGreaterThan(0.95)
      expect(f.perTCorrelation).toBeGreaterThan(0.95)
      expect(Math.abs(f.meanLoss / f.everySpinIsM - 1)).toBeLessThan(0.03)
      // the crossing lies on the finite-size side of Onsager's Tc, near that of ⟨|m|⟩ itself
      expect(f.Tc as number).toBeGreaterThan(criticalTemperature() - 0.15)
      expect(Math.abs((f.Tc as number) - (f.TcFromM as number))).toBeLessThan(0.3)
      // what the run keeps: every configuration's latent, T and m beside it (never shown to the network)
      expect(record.artifacts.get('ae.latents')?.data.length).toBe(data.count)
      expect(Array.from(record.artifacts.get('ae.m')?.data ?? [])).toEqual(Array.from(data.m))
      expect(record.rows.map((row) => Object.keys(row))[0]).toEqual(['trainLoss', 'valLoss', 'lr', 'epoch'])
    })
})
