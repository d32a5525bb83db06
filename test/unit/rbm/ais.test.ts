// Annealed importance sampling against the exact log Z (enumeration of 2¹⁶ hidden states) of
// a 64-visible × 16-hidden machine with strong couplings (std 1.2, so log Z is far from the
// base rate's). With 1,000 β and 100 chains (fixed seeds) the estimate must be within 0.1 nats and its 3σ interval must cover the exact value, for three seeds; with only
// 10 β its error bar is several times wider
// and its effective sample size smaller. Plus the weight summary on hand-computed numbers.

import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { annealedImportanceSampling, annealingSchedule, baseRateBiases, summarizeLogWeights } from '../../../src/engine/rbm/ais'
import { exactLogZ } from '../../../src/engine/rbm/exact'
import { randomRbm } from '../../../src/engine/rbm/model'
import { createChains, gibbsSweeps, randomizeVisible } from '../../../src/engine/rbm/gibbs'

describe('AIS of log Z', () => {
  const m = randomRbm(64, 16, 'binary', createRng(3), 1.2)
  for (let i = 0; i < 64; i++) m.bv[i] = -0.5 + (i % 5) * 0.2
  const exact = exactLogZ(m)
  // base rates from samples of the machine itself (a stand-in for its training data)
  const ch = createChains(m, 500)
  const rng = createRng(9)
  randomizeVisible(m, ch, rng)
  gibbsSweeps(m, ch, 200, rng)
  const base = baseRateBiases(m, ch.V, 500)
  it('1,000 β, 100 chains: within 0.1 nats of the exact log Z, covered by its 3σ interval (3 seeds)', () => {
    for (const seed of [1, 2, 3]) {
      const r = annealedImportanceSampling(m, { betas: 1000, chains: 100, baseBias: base }, createRng(seed))
      expect(Math.abs(r.logZ - exact), `seed ${seed}: ${r.logZ} vs ${exact}`).toBeLessThan(0.1)
      expect(r.logZLow).toBeLessThanOrEqual(exact)
      expect(r.logZHigh).toBeGreaterThanOrEqual(exact)
      expect(r.ess).toBeGreaterThan(10)
    }
  })
  it('10 β: a wider error bar and a smaller effective sample', () => {
    const good = annealedImportanceSampling(m, { betas: 1000, chains: 100, baseBias: base }, createRng(1))
    const poor = annealedImportanceSampling(m, { betas: 10, chains: 100, baseBias: base }, createRng(1))
    expect(poor.ess).toBeLessThan(0.8 * good.ess)
    expect(poor.logZErr).toBeGreaterThan(3 * good.logZErr)
  })
  it('schedule runs from 0 to 1, increasing, denser near 1', () => {
    const b = annealingSchedule(1000)
    expect(b.length).toBe(1001)
    expect(b[0]).toBe(0)
    expect(b[1000]).toBe(1)
    for (let k = 1; k <= 1000; k++) expect(b[k]).toBeGreaterThan(b[k - 1])
    expect(b[1000] - b[999]).toBeLessThan(b[1] - b[0])
  })
  it('weight summary: log-mean-exp, the error, the ESS (hand-computed)', () => {
    // weights e^w = 1, 2, 3, 4: mean 2.5, sd 1.2910, se 0.6455
    const s = summarizeLogWeights(Float64Array.from([1, 2, 3, 4], Math.log))
    expect(s.logZ).toBeCloseTo(Math.log(2.5), 12)
    expect(s.logZErr).toBeCloseTo(0.6454972 / 2.5, 6)
    expect(s.ess).toBeCloseTo(100 / 30, 12)
    expect(s.logZLow).toBeCloseTo(Math.log(2.5 - 3 * 0.6454972), 6)
    expect(s.logZHigh).toBeCloseTo(Math.log(2.5 + 3 * 0.6454972), 6)
    // one dominant chain: 1, 1, 1, 100 → mean 25.75, se 24.75, the lower end below 0
    const d = summarizeLogWeights(Float64Array.from([1, 1, 1, 100], Math.log))
    expect(d.logZLow).toBe(-Infinity)
    expect(d.ess).toBeCloseTo(103 ** 2 / 10003, 10)
  })
})
