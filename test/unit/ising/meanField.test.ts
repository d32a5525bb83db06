import { describe, expect, it } from 'vitest'
import {
  meanFieldCriticalTemperature,
  meanFieldCurve,
  meanFieldFreeEnergy,
  meanFieldGraph,
  meanFieldMagnetization,
  meanFieldSolutions,
  selfConsistency
} from '../../../src/engine/ising/meanField'

describe('mean-field Ising (Eq. 18, m = tanh(β(Jqm + B)))', () => {
  it('T_c^MF = Jq = 4 on the square lattice', () => {
    expect(meanFieldCriticalTemperature()).toBe(4)
    expect(meanFieldCriticalTemperature(0.5, 6)).toBe(3)
  })

  it.each([
    [1.0, 0],
    [2.5, 0],
    [3.9, 0],
    [2.0, 0.3],
    [2.0, -0.3],
    [3.0, 0.05],
    [5.0, 1.0],
    [0.5, -2]
  ])('every solution satisfies the equation to 1e-14 (T = %f, B = %f)', (T, B) => {
    const sols = meanFieldSolutions(T, B)
    expect(sols.length).toBeGreaterThanOrEqual(1)
    expect(sols.length).toBeLessThanOrEqual(3)
    for (const s of sols) expect(Math.abs(s.m - selfConsistency(s.m, T, B))).toBeLessThan(1e-14)
    expect(sols.filter((s) => s.stability === 'stable').length).toBeGreaterThanOrEqual(1)
  })

  it('finds every root: count matches a dense sign-change scan of m − tanh(β(Jqm + B))', () => {
    for (const [T, B] of [
      [2, 0],
      [2, 0.4],
      [3, 0.1],
      [3, 0.3],
      [3.95, 0.001],
      [4.5, 0]
    ]) {
      let changes = 0
      const n = 200000 // no grid point lands exactly on m = 0
      let prev = -1 - selfConsistency(-1, T, B)
      for (let i = 1; i < n; i++) {
        const m = -1 + (2 * i) / (n - 1)
        const g = m - selfConsistency(m, T, B)
        if (g === 0 || (g > 0 && prev < 0) || (g < 0 && prev > 0)) changes++
        if (g !== 0) prev = g
      }
      expect(meanFieldSolutions(T, B).length).toBe(changes)
    }
  })

  it('B = 0: m = 0 is the only solution at T ≥ 4; three solutions below, ±m stable and 0 unstable', () => {
    for (const T of [4, 4.01, 5, 10]) {
      const s = meanFieldSolutions(T, 0)
      expect(s.length).toBe(1)
      expect(Math.abs(s[0].m)).toBeLessThan(1e-12)
      expect(s[0].stability).toBe('stable')
      expect(meanFieldMagnetization(T, 0)).toBeCloseTo(0, 12)
    }
    const s = meanFieldSolutions(2, 0)
    expect(s.map((x) => x.stability)).toEqual(['stable', 'unstable', 'stable'])
    expect(s[0].m).toBeCloseTo(-s[2].m, 14)
    expect(s[1].m).toBeCloseTo(0, 14)
  })

  it('known limits: m ≈ √(3(1 − T/Tc)) near Tc, 1 − m ≈ 2e^{−2βJq} at low T', () => {
    const t = 1e-4
    const m = meanFieldMagnetization(4 * (1 - t), 0)
    expect(m / Math.sqrt(3 * t)).toBeCloseTo(1, 3)
    const T = 0.5
    expect((1 - meanFieldMagnetization(T, 0)) / (2 * Math.exp(-8 / T))).toBeCloseTo(1, 4)
    // Above Tc in a small field: Curie–Weiss m ≈ B/(T − Tc)
    expect(meanFieldMagnetization(6, 1e-6) / (1e-6 / 2)).toBeCloseTo(1, 5)
  })

  it('positive B favours +1 (Eq. 14 sign): the stable m has the sign of B, the other minimum is metastable', () => {
    const s = meanFieldSolutions(2, 0.2)
    expect(s.length).toBe(3)
    expect(s[2].stability).toBe('stable')
    expect(s[2].m).toBeGreaterThan(0)
    expect(s[0].stability).toBe('metastable')
    expect(s[1].stability).toBe('unstable')
    expect(meanFieldMagnetization(2, -0.2)).toBeLessThan(0)
    // beyond the spinodal only one solution is left
    expect(meanFieldSolutions(2, 2).length).toBe(1)
  })

  it('stability follows the free energy: stationary points of φ, minima have φ″ > 0', () => {
    const T = 3
    const B = 0.1
    for (const s of meanFieldSolutions(T, B)) {
      const h = 1e-6
      const d1 = (meanFieldFreeEnergy(s.m + h, T, B) - meanFieldFreeEnergy(s.m - h, T, B)) / (2 * h)
      expect(Math.abs(d1)).toBeLessThan(1e-7)
      const d2 = (meanFieldFreeEnergy(s.m + 1e-4, T, B) - 2 * s.freeEnergy + meanFieldFreeEnergy(s.m - 1e-4, T, B)) / 1e-8
      expect(d2).toBeCloseTo(s.curvature, 4)
      expect(s.stability === 'unstable').toBe(s.curvature < 0)
    }
  })

  it('meanFieldCurve: positive branch, monotone, zero above T = 4, energy −2m² at B = 0', () => {
    const Ts = Array.from({ length: 60 }, (_, i) => 0.1 + i * 0.1)
    const c = meanFieldCurve(Ts, 0)
    for (let i = 1; i < Ts.length; i++) expect(c.m[i]).toBeLessThanOrEqual(c.m[i - 1] + 1e-15)
    for (let i = 0; i < Ts.length; i++) {
      if (Ts[i] >= 4) expect(c.m[i]).toBeLessThan(1e-12)
      else expect(c.m[i]).toBeGreaterThan(0)
      expect(c.energy[i]).toBeCloseTo(-2 * c.m[i] ** 2, 14)
    }
  })

  it('Fig. 3 data: intersections lie on both tanh(x + βB) and x/(βJq); one above Tc, three below', () => {
    const hot = meanFieldGraph(6, 0)
    expect(hot.intersections.length).toBe(1)
    const cold = meanFieldGraph(2, 0)
    expect(cold.intersections.length).toBe(3)
    expect(cold.slope).toBeCloseTo(0.25 * 2, 14)
    const withB = meanFieldGraph(3, 0.2)
    for (const g of [hot, cold, withB]) {
      expect(g.x.length).toBe(201)
      expect(g.x[0]).toBeLessThanOrEqual(-Math.max(...g.intersections.map((p) => Math.abs(p.x))))
      for (const p of g.intersections) {
        expect(Math.abs(p.y - p.x * g.slope)).toBeLessThan(1e-14)
      }
    }
    for (const p of withB.intersections) expect(Math.abs(p.y - Math.tanh(p.x + 0.2 / 3))).toBeLessThan(1e-14)
    for (let i = 0; i < 201; i++) {
      expect(cold.tanh[i]).toBeCloseTo(Math.tanh(cold.x[i]), 15)
      expect(cold.line[i]).toBeCloseTo(cold.x[i] / 2, 15)
    }
  })
})
