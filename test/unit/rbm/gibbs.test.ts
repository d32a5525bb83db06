// Block Gibbs sampling (Eqs. 22, 26) reproduces the exact joint distribution of Eq. 20:
// 20,000 independent chains of a 4 × 3 machine, 40 sweeps each from random states, binned
// over the 128 joint states (v, h) and compared with brute-force p(v, h) by Pearson χ²
// (cells expected < 5 pooled), at the 0.1 % level. The printed decision rule samples a
// different distribution and fails the same test by far — the test can fail.

import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { clampVisible, createChains, downPass, gibbsSweeps, randomizeVisible, turnsOn, upPass } from '../../../src/engine/rbm/gibbs'
import type { GibbsRule } from '../../../src/engine/rbm/gibbs'
import { bruteJoint, chiSquare, chiSquareCritical, dyadicRbm, indexOf } from './helpers'

function jointCounts(units: 'binary' | 'spin', rule: GibbsRule, seed: number): { chi2: number; dof: number } {
  const m = dyadicRbm(4, 3, units, 31, 1.2)
  const n = 20000
  const rng = createRng(seed)
  const ch = createChains(m, n)
  randomizeVisible(m, ch, rng)
  for (let s = 0; s < 40; s++) {
    upPass(m, ch, rng, rule)
    downPass(m, ch, rng, rule)
  }
  upPass(m, ch, rng, rule) // (v, h) from the joint: h drawn given the final v
  const counts = new Float64Array(128)
  for (let r = 0; r < n; r++) counts[indexOf(ch.V, r * 4, 4) + 16 * indexOf(ch.H, r * 3, 3)]++
  return chiSquare(counts, bruteJoint(m), n)
}

describe('block Gibbs sampling against the exact joint distribution (χ², p = 0.001)', () => {
  for (const units of ['binary', 'spin'] as const) {
    it(`${units} units, standard rule: consistent with p(v, h)`, () => {
      const { chi2, dof } = jointCounts(units, 'standard', 1)
      expect(dof).toBeGreaterThan(60)
      expect(chi2).toBeLessThan(chiSquareCritical(dof))
    })
  }
  it('the printed rule (on if R > P) does not sample the machine', () => {
    const { chi2, dof } = jointCounts('binary', 'printed', 1)
    expect(chi2).toBeGreaterThan(10 * chiSquareCritical(dof))
  })
})

describe('decision rules and clamping', () => {
  it('standard: on iff R < P; printed: on iff R > P', () => {
    expect(turnsOn(0.8, 0.3, 'standard')).toBe(true)
    expect(turnsOn(0.8, 0.3, 'printed')).toBe(false)
    expect(turnsOn(0.8, 0.9, 'printed')).toBe(true)
  })
  it('clamped visible units keep their values through Gibbs sweeps; the rest move', () => {
    const m = dyadicRbm(6, 4, 'binary', 3, 1)
    const rng = createRng(2)
    const ch = createChains(m, 50)
    randomizeVisible(m, ch, rng)
    const mask = Uint8Array.from([1, 1, 1, 0, 0, 0])
    const values = Float32Array.from([1, 0, 1, 0, 0, 0])
    let moved = 0
    for (let s = 0; s < 10; s++) {
      clampVisible(m, ch, mask, values)
      const before = ch.V.slice()
      gibbsSweeps(m, ch, 1, rng)
      clampVisible(m, ch, mask, values)
      for (let r = 0; r < 50; r++) {
        expect(Array.from(ch.V.subarray(r * 6, r * 6 + 3))).toEqual([1, 0, 1])
        for (let i = 3; i < 6; i++) if (ch.V[r * 6 + i] !== before[r * 6 + i]) moved++
      }
    }
    expect(moved).toBeGreaterThan(100)
  })
})
