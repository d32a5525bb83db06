// The worked example of Eqs. 22–26, checked against the paper's printed numbers: Eq. 22 on the
// example machine reproduces Eq. 23 to its 4 printed decimals; with Eq. 24's random numbers the
// printed rule gives Eq. 25 = (1,0,0,0,1) and the standard rule (0,1,1,1,0); measured over
// 20,000 draws (fixed seed), a unit with P = 0.8 comes on 20 % of the time under the printed
// rule and 80 % under the standard one (tolerance 0.015 ≈ 5 σ).

import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { measuredOnFrequency, PAPER_H, PAPER_PH, workedGibbsStep } from '../../../src/engine/rbm/workedExample'

describe('worked example, Eqs. 22–26', () => {
  const printed = workedGibbsStep('printed')
  const standard = workedGibbsStep('standard')
  it('Eq. 22 on the example machine gives Eq. 23', () => {
    printed.ph.forEach((p, j) => expect(p.toFixed(4)).toBe(PAPER_PH[j].toFixed(4)))
  })
  it('the printed rule (R > P ⇒ on) gives Eq. 25 = (1,0,0,0,1); the standard rule (R < P) gives (0,1,1,1,0)', () => {
    expect(printed.h).toEqual([...PAPER_H])
    expect(printed.h).toEqual([1, 0, 0, 0, 1])
    expect(standard.h).toEqual([0, 1, 1, 1, 0])
  })
  it('Eq. 26 on the way back: P′v = σ(Wᵀh) computed by hand for the standard h', () => {
    // hidden units 2, 3, 4 are on: P′v_i = σ(W_2i + W_3i + W_4i)
    const logit = (p: number): number => Math.log(p / (1 - p))
    const sig = (x: number): number => 1 / (1 + Math.exp(-x))
    const half = [1, 2, 3].map((j) => logit(PAPER_PH[j]) / 2)
    const expected = [sig(half[0] + half[1] + half[2]), sig(-0.7 + 0.3 - 0.2), sig(half[0] + half[1] + half[2]), sig(0.4 + 0.6 - 0.8)]
    standard.pv.forEach((p, i) => expect(p).toBeCloseTo(expected[i], 6))
  })
  it('measured frequencies: P = 0.8 comes on 20 % of the time as printed, 80 % with the standard rule', () => {
    const P = [0.8, ...PAPER_PH]
    const fp = measuredOnFrequency(P, 'printed', 20000, createRng(1))
    const fs = measuredOnFrequency(P, 'standard', 20000, createRng(2))
    P.forEach((p, k) => {
      expect(Math.abs(fp[k] - (1 - p))).toBeLessThan(0.015)
      expect(Math.abs(fs[k] - p)).toBeLessThan(0.015)
    })
  })
})
