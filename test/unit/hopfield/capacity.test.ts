import { describe, expect, it } from 'vitest'
import { localContext } from '../../../src/engine/localContext'
import { alphaList, patternsAtLoad, runHopfieldCapacity, stability } from '../../../src/engine/hopfield/capacityJob'
import { CRITICAL_ALPHA, erfc, oneStepErrorRate } from '../../../src/engine/hopfield/theory'
import { hebbianWeights } from '../../../src/engine/hopfield/weights'
import { signOfField } from '../../../src/engine/hopfield/energy'
import type { HopfieldCapacityParams } from '../../../src/engine/hopfield/types'
import { naiveHebbian, randomSet } from './helpers'

const base: HopfieldCapacityParams = { N: 400, alphas: [0.05, 0.1, 0.15, 0.2, 0.25], trials: 3, corruption: 0.1, rules: ['hebbian'], probes: 5, maxSweeps: 50, density: 0.5 }

describe('closed forms', () => {
  it('erfc against tabulated values (Abramowitz & Stegun)', () => {
    const table: [number, number][] = [[0, 1], [0.5, 0.4795001222], [1, 0.1572992071], [2, 0.004677734981], [3, 2.209049700e-5], [-1, 1.8427007929]]
    for (const [x, v] of table) expect(Math.abs(erfc(x) - v) / v).toBeLessThan(2e-7)
  })
  it('one-step error rate ½erfc(√(N/2p)); α_c = 0.138', () => {
    expect(oneStepErrorRate(400, 40)).toBeCloseTo(0.5 * 0.001565402258, 9) // erfc(√5)
    expect(CRITICAL_ALPHA).toBe(0.138)
  })
  it('load lists and pattern counts', () => {
    expect(alphaList({ from: 0.02, to: 0.3, points: 15 })).toHaveLength(15)
    expect(alphaList({ from: 0.02, to: 0.3, points: 15 })[14]).toBeCloseTo(0.3, 15)
    expect(alphaList({ from: 0.1, to: 0.3, points: 1 })).toEqual([0.1])
    // On the grid 0.02 + 0.02k exactly as written (issue 13: exports printed 0.039999999999999994).
    expect(alphaList({ from: 0.02, to: 0.3, points: 15 })).toEqual([0.02, 0.04, 0.06, 0.08, 0.1, 0.12, 0.14, 0.16, 0.18, 0.2, 0.22, 0.24, 0.26, 0.28, 0.3])
    for (const a of alphaList({ from: 0.02, to: 0.3, points: 15 })) expect(String(a).length).toBeLessThanOrEqual(4)
    expect(patternsAtLoad(0.138, 400)).toBe(55)
    expect(patternsAtLoad(0.0001, 400)).toBe(1)
  })
})

describe('stability count', () => {
  it('agrees with a direct check of Eq. 2 on every stored bit', () => {
    const P = randomSet(14, 40, 12)
    const W = naiveHebbian(P)
    let fixed = 0
    let bitErrors = 0
    for (let mu = 0; mu < 14; mu++) {
      let errs = 0
      for (let i = 0; i < 40; i++) {
        let h = 0
        for (let j = 0; j < 40; j++) h += W[i * 40 + j] * P.data[mu * 40 + j]
        if (signOfField(h) !== P.data[mu * 40 + i]) errs++
      }
      bitErrors += errs
      if (errs === 0) fixed++
    }
    expect(stability({ N: 40, W: hebbianWeights(P), b: new Float64Array(40) }, P)).toEqual({ fixed, bitErrors })
    expect(bitErrors).toBeGreaterThan(0) // α = 0.35: the check is not vacuous
  })
})

describe('capacity experiment (N = 400)', () => {
  it('Hebbian: the fixed-point fraction falls between α = 0.1 and 0.2; bit errors follow ½erfc(√(N/2p))', () => {
    const { ctx, record } = localContext(1)
    const r = runHopfieldCapacity(base, ctx)
    const f = r.fixedFraction.hebbian!
    // Independent estimate: a pattern survives with probability ≈ (1 − P_err)^N: 0.99, 0.73, 0.14, 0.006, 1e-4.
    expect(f[0]).toBeGreaterThanOrEqual(0.95)
    expect(f[1]).toBeGreaterThanOrEqual(0.5)
    expect(f[3]).toBeLessThanOrEqual(0.1)
    expect(f[4]).toBeLessThanOrEqual(0.05)
    for (let k = 1; k < f.length; k++) expect(f[k]).toBeLessThanOrEqual(f[k - 1])
    // Measured one-step bit error rate vs the closed form, at loads with ≥ 500 expected errors.
    const e = r.bitErrorRate.hebbian!
    for (const k of [2, 3, 4]) expect(Math.abs(e[k] - r.bitErrorTheory[k]) / r.bitErrorTheory[k]).toBeLessThan(0.15)
    // Recall from 10% flipped pixels: near-perfect well below α_c, degraded above.
    const m = r.meanOverlap.hebbian!
    expect(m[0]).toBeGreaterThanOrEqual(0.99)
    expect(m[4]).toBeLessThan(0.8)
    expect(record.steps).toEqual([0, 1, 2, 3, 4])
    expect(record.rows[1]).toMatchObject({ alpha: 0.1, p: 40, fixedFraction_hebbian: f[1], bitErrorRate_hebbian: e[1], meanOverlap_hebbian: m[1] })
    expect(record.progress).toBeCloseTo(1, 12)
  })
  it('Storkey and pseudo-inverse hold p = 0.25·N patterns that Hebbian loses; same patterns for every rule', () => {
    const { ctx } = localContext(2)
    const r = runHopfieldCapacity({ ...base, N: 200, alphas: [0.25], trials: 2, probes: 3, rules: ['hebbian', 'storkey', 'pseudoinverse'] }, ctx)
    expect(r.fixedFraction.pseudoinverse).toEqual([1])
    expect(r.bitErrorRate.pseudoinverse).toEqual([0])
    expect(r.fixedFraction.storkey![0]).toBeGreaterThanOrEqual(0.9)
    expect(r.fixedFraction.hebbian![0]).toBeLessThanOrEqual(0.1)
    // Hebbian alone with the same seed gives the same Hebbian numbers: patterns do not depend on the rule list.
    const alone = runHopfieldCapacity({ ...base, N: 200, alphas: [0.25], trials: 2, probes: 3, rules: ['hebbian'] }, localContext(2).ctx)
    expect(alone.fixedFraction.hebbian).toEqual(r.fixedFraction.hebbian)
    expect(alone.meanOverlap.hebbian).toEqual(r.meanOverlap.hebbian)
  })
  it('a stop request returns the points done so far', () => {
    const { ctx, record } = localContext(3, { controls: [null, null, null, 'stop'] })
    const r = runHopfieldCapacity({ ...base, N: 100, trials: 2 }, ctx)
    expect(r.stopped).toBe(true)
    expect(r.trialsDone).toEqual([2, 2])
    expect(r.alphas).toEqual([0.05, 0.1])
    expect(record.rows).toHaveLength(2)
  })
  it('bad input: a clear message and nothing emitted', () => {
    for (const [params, msg] of [
      [{ ...base, alphas: [0.1, 1.5] }, 'each load α = p/N must be in (0, 1] (got 1.5)'],
      [{ ...base, rules: [] }, 'choose at least one learning rule'],
      [{ ...base, N: 8 }, 'N must be a whole number ≥ 16 (got 8)']
    ] as [HopfieldCapacityParams, string][]) {
      const { ctx, record } = localContext(1)
      expect(() => runHopfieldCapacity(params, ctx)).toThrow(msg)
      expect(record.rows).toEqual([])
    }
  })
})
