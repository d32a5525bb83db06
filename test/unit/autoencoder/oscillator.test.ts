// The damped-oscillator data: the closed-form x(t) solves m ẍ + b ẋ + k x = 0 with x(0) = 1,
// ẋ(0) = 0 in each damping regime (checked by finite differences of the ODE), and depends on
// k/m and b/m only.

import { describe, expect, it } from 'vitest'
import { dampedOscillator, oscillatorSet, OSCILLATOR_PHYSICS } from '../../../src/engine/autoencoder/oscillator'

describe('dampedOscillator', () => {
  const regimes: [string, number, number][] = [
    ['underdamped (γ < 2ω₀)', 2, 0.5],
    ['critically damped (γ = 2ω₀)', 1.5, 3],
    ['overdamped (γ > 2ω₀)', 0.7, 4],
    ['undamped', 1.3, 0]
  ]
  for (const [what, omega0, gamma] of regimes)
    it(`${what}: starts at rest at 1 and its residual ẍ + γẋ + ω₀²x vanishes`, () => {
      const x = (t: number) => dampedOscillator(omega0, gamma, t)
      const h = 1e-4
      expect(x(0)).toBeCloseTo(1, 12)
      expect((x(h) - x(-h)) / (2 * h)).toBeCloseTo(0, 6)
      for (const t of [0.3, 1, 2.7, 6]) {
        const v = (x(t + h) - x(t - h)) / (2 * h)
        const a = (x(t + h) - 2 * x(t) + x(t - h)) / (h * h)
        expect(Math.abs(a + gamma * v + omega0 * omega0 * x(t))).toBeLessThan(1e-5)
      }
    })
  it('is continuous across critical damping (the three formulas agree at the boundary)', () => {
    for (const t of [0.5, 2, 5]) {
      expect(dampedOscillator(1, 2 - 1e-6, t)).toBeCloseTo(dampedOscillator(1, 2, t), 5)
      expect(dampedOscillator(1, 2 + 1e-6, t)).toBeCloseTo(dampedOscillator(1, 2, t), 5)
    }
  })
})

describe('oscillatorSet', () => {
  const p = { count: 300, samples: 32, tMax: 10, mass: [0.5, 2] as [number, number], stiffness: [0.5, 4] as [number, number], damping: [0.05, 1] as [number, number], dataSeed: 3 }
  it('draws m, k, b in their ranges, keeps k/m and b/m beside them, and |x| ≤ 1 (the energy only decays)', () => {
    const s = oscillatorSet(p)
    const w = OSCILLATOR_PHYSICS.length
    expect(s.x.length).toBe(300 * 32)
    for (let i = 0; i < s.count; i++) {
      const [km, bm, m, k, b] = s.physics.subarray(i * w, (i + 1) * w)
      expect(m).toBeGreaterThanOrEqual(0.5)
      expect(m).toBeLessThanOrEqual(2)
      expect(k).toBeGreaterThanOrEqual(0.5)
      expect(b).toBeLessThanOrEqual(1)
      expect(km).toBeCloseTo(k / m, 12)
      expect(bm).toBeCloseTo(b / m, 12)
      expect(s.x[i * 32]).toBe(1)
    }
    expect(s.x.every((v) => Math.abs(v) <= 1)).toBe(true)
    expect(Array.from(oscillatorSet(p).x)).toEqual(Array.from(s.x)) // fixed by the data seed
  })
  it('only k/m and b/m are observable: scaling m, k and b together leaves x(t) unchanged', () => {
    const a = oscillatorSet({ ...p, count: 1, mass: [1, 1], stiffness: [2, 2], damping: [0.4, 0.4] })
    const b = oscillatorSet({ ...p, count: 1, mass: [3, 3], stiffness: [6, 6], damping: [1.2, 1.2] })
    for (let j = 0; j < 32; j++) expect(b.x[j]).toBeCloseTo(a.x[j], 6)
  })
})
