import { describe, expect, it } from 'vitest'
import { createObservableAccumulator, deriveObservables, flattenObservables } from '../../../src/engine/ising/observables'
import { createRng } from '../../../src/engine/rng'

describe('observable accumulator and derived quantities', () => {
  it('stores e = E/N, m, |m|, m², m⁴ per measurement and grows past its capacity', () => {
    const acc = createObservableAccumulator(16)
    for (let i = 0; i < 40; i++) acc.push(-2 * 64 + i, i % 2 ? -32 : 16, 64)
    expect(acc.count).toBe(40)
    const s = acc.series()
    expect(s.e[3]).toBe((-128 + 3) / 64)
    expect(s.m[0]).toBe(0.25)
    expect(s.m[1]).toBe(-0.5)
    expect(s.absM[1]).toBe(0.5)
    expect(s.m2[1]).toBe(0.25)
    expect(s.m4[1]).toBe(0.0625)
    acc.clear()
    expect(acc.count).toBe(0)
  })

  it('χ, C, U4 equal their defining formulas evaluated on the sample means', () => {
    const rng = createRng(3)
    const N = 100
    const T = 2.5
    const acc = createObservableAccumulator()
    const n = 3200 // a multiple of the 32 jackknife bins: the same samples enter both
    for (let i = 0; i < n; i++) acc.push(N * (-1.2 + 0.1 * rng.normal()), N * (0.6 + 0.2 * rng.normal()), N)
    const s = acc.series()
    const mean = (x: ArrayLike<number>) => Array.from(x).reduce((a, b) => a + b, 0) / x.length
    const e = mean(s.e)
    const e2 = mean(Array.from(s.e, (x) => x * x))
    const o = deriveObservables(acc, T, N, { nBins: 32 })
    expect(o.n).toBe(n)
    expect(o.nBins).toBe(32)
    expect(o.e.value).toBeCloseTo(e, 14)
    expect(o.C.value).toBeCloseTo((N * (e2 - e * e)) / (T * T), 12)
    expect(o.chi.value).toBeCloseTo((N * (mean(s.m2) - mean(s.absM) ** 2)) / T, 12)
    expect(o.U4.value).toBeCloseTo(1 - mean(s.m4) / (3 * mean(s.m2) ** 2), 12)
    // iid data: C = N Var(e)/T² = 100·0.01/6.25 = 0.16 with relative error √(2/n) ≈ 2.5%
    expect(Math.abs(o.C.value - 0.16)).toBeLessThan(4 * o.C.error)
    expect(o.C.error / 0.16).toBeGreaterThan(0.015)
    expect(o.C.error / 0.16).toBeLessThan(0.04)
    expect(o.tauIntE).toBeLessThan(0.7)
    expect(o.e.error).toBeCloseTo(0.1 / Math.sqrt(n), 3)
  })

  it('limits of U4: 2/3 for a perfectly ordered lattice that flips sign, ≈ 0 for Gaussian m', () => {
    const ordered = createObservableAccumulator()
    for (let i = 0; i < 1000; i++) ordered.push(-200, i % 3 ? 100 : -100, 100)
    const o = deriveObservables(ordered, 1, 100)
    expect(o.U4.value).toBeCloseTo(2 / 3, 14)
    expect(o.chi.value).toBeCloseTo(0, 12)
    expect(o.absM.value).toBe(1)
    const rng = createRng(8)
    const gauss = createObservableAccumulator()
    for (let i = 0; i < 1 << 16; i++) gauss.push(0, 100 * 0.05 * rng.normal(), 100)
    const g = deriveObservables(gauss, 3, 100)
    expect(Math.abs(g.U4.value)).toBeLessThan(3 * g.U4.error)
    expect(g.U4.error).toBeLessThan(0.02)
  })

  it('flattens to e, eErr, …, tauIntE, tauIntAbsM, nBins, converged', () => {
    const acc = createObservableAccumulator()
    const rng = createRng(1)
    for (let i = 0; i < 2000; i++) acc.push(-100 + rng.normal(), 10 * rng.normal(), 64)
    const f = flattenObservables(deriveObservables(acc, 2, 64))
    for (const k of ['e', 'm', 'absM', 'm2', 'm4', 'chi', 'C', 'U4']) {
      expect(typeof f[k]).toBe('number')
      expect(typeof f[k + 'Err']).toBe('number')
    }
    expect(Object.keys(f)).toEqual(expect.arrayContaining(['n', 'tauIntE', 'tauIntAbsM', 'nBins', 'converged']))
  })
})
