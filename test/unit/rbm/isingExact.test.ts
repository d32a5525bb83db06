// The exact L ≤ 4 Ising sampler against the independent enumeration oracle of the tests
// (test/oracles/isingEnumeration.ts, its own bonds and energies): the enumerated e, |m|, C
// agree to 1e-10; 20,000 i.i.d. draws (fixed seed) reproduce e, |m| within 4 standard errors;
// the relative entropy and spin-flip symmetrisation obey their identities.

import { describe, expect, it } from 'vitest'
import { isingEnumeration } from '../../oracles/isingEnumeration'
import { createRng } from '../../../src/engine/rng'
import { exactIsing, relativeEntropy, sampleExactIsing, spinFlipSymmetrized, thermoOfDistribution, thermoOfSamples } from '../../../src/engine/rbm/isingExact'
import { rowsToSpins, spinsToRows, withSpinFlips } from '../../../src/engine/rbm/isingData'

describe('exact Ising distribution and sampler', () => {
  for (const [L, T] of [
    [4, 2.269],
    [4, 1.5],
    [3, 3.5]
  ]) {
    it(`L = ${L}, T = ${T}: observables equal the oracle's`, () => {
      const x = exactIsing(L, T)
      const o = isingEnumeration(L, T)
      const t = thermoOfDistribution(x, x.p)
      expect(t.e).toBeCloseTo(o.energyPerSpin, 10)
      expect(t.absM).toBeCloseTo(o.absMagnetization, 10)
      expect(t.C).toBeCloseTo(o.specificHeat, 9)
      expect(t.pPlus).toBeCloseTo(t.pMinus, 12) // B = 0: the two phases weigh the same
    })
  }
  it('i.i.d. draws reproduce e and |m| within 4 standard errors (20,000 samples, L = 4, T = 2.269)', () => {
    const x = exactIsing(4, 2.269)
    const t = thermoOfDistribution(x, x.p)
    const n = 20000
    const s = thermoOfSamples(sampleExactIsing(x, n, createRng(4)), n, 4, 2.269)
    // per-sample variances: C·T²/N for e, χ·T/N for |m|
    expect(Math.abs(s.e - t.e)).toBeLessThan(4 * Math.sqrt((t.C * 2.269 ** 2) / 16 / n))
    expect(Math.abs(s.absM - t.absM)).toBeLessThan(4 * Math.sqrt((t.chi * 2.269) / 16 / n))
    expect(Math.abs(s.pPlus - 0.5 * (1 - (1 - t.pPlus - t.pMinus)))).toBeLessThan(4 * Math.sqrt(0.25 / n))
  })
  it('KL(p‖p) = 0, KL ≥ 0, a symmetric p is its own symmetrisation, and spins ↔ rows round-trip', () => {
    const x = exactIsing(3, 2)
    const logP = x.p.map(Math.log)
    expect(relativeEntropy(x.p, logP)).toBe(0)
    expect(Math.max(...Array.from(spinFlipSymmetrized(logP).map((q, s) => Math.abs(q - logP[s]))))).toBeLessThan(1e-12)
    // all weight on the M > 0 half: the symmetrised KL forgives exactly that
    const skew = x.p.map((q, s) => Math.log(x.m[s] > 0 ? 2 * q : x.m[s] < 0 ? 1e-300 : q))
    expect(relativeEntropy(x.p, skew)).toBeGreaterThan(100)
    expect(relativeEntropy(x.p, spinFlipSymmetrized(skew))).toBeLessThan(1e-12)
    // a q that underflows as a probability still gives a finite KL
    expect(Number.isFinite(relativeEntropy(x.p, logP.map((l) => l - 5000)))).toBe(true)
    const spins = sampleExactIsing(x, 5, createRng(1))
    for (const units of ['binary', 'spin'] as const) expect(rowsToSpins(spinsToRows(spins, 5, 9, units).V, 5, 9)).toEqual(spins)
    const both = withSpinFlips(spins)
    expect(both.length).toBe(90)
    for (let k = 0; k < 45; k++) expect(both[45 + k]).toBe(-spins[k])
  })
  it('refuses lattices it cannot enumerate and non-positive temperatures', () => {
    expect(() => exactIsing(5, 2)).toThrow(/up to 4×4/)
    expect(() => exactIsing(4, 0)).toThrow(/temperature must be a positive number/)
  })
})
