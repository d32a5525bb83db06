import { describe, expect, it } from 'vitest'
import { binderCrossings, type BinderCurve } from '../../../src/engine/ising/binder'
import { createRng } from '../../../src/engine/rng'

const TC = 2.269185314213022
/** A finite-size-scaling form: U4 = (1/3)(1 − tanh((T − Tc)L/2))·…, every L through the same
 *  point (Tc, 1/3), steeper for larger L, → 2/3 below and → 0 above. */
const U = (T: number, L: number) => (1 / 3) * (1 - Math.tanh(((T - TC) * L) / 2))

function curves(Ls: number[], Ts: number[], sigma: number, seed: number): (BinderCurve & { U4: number[]; U4Err: number[] })[] {
  const rng = createRng(seed)
  return Ls.map((L) => ({
    L,
    T: Ts,
    U4: Ts.map((T) => U(T, L) + sigma * rng.normal()),
    U4Err: Ts.map(() => sigma)
  }))
}

const grid = (a: number, b: number, n: number) => Array.from({ length: n }, (_, i) => a + ((b - a) * i) / (n - 1))

describe('Binder cumulant crossings', () => {
  it('noise-free curves: every pair crosses at Tc (linear to O(h²)), bracket reported', () => {
    const Ts = grid(2.0, 2.6, 7) // 0.1 apart, Tc between grid points
    const cs = curves([8, 16, 32], Ts, 0, 1).map((c) => ({ ...c, U4Err: c.U4Err.map(() => 1e-3) }))
    const lin = binderCrossings(cs, { resamples: 0 })
    expect(lin.pairs.map((p) => [p.L1, p.L2])).toEqual([
      [8, 16],
      [8, 32],
      [16, 32]
    ])
    for (let p = 0; p < 3; p++) {
      expect(lin.pairs[p].bracket).toEqual([Ts[2], Ts[3]])
      expect(Math.abs(lin.pairs[p].T - TC)).toBeLessThan(0.05)
    }
    // On a fine grid, linear interpolation is accurate to O(h²)
    const fine = binderCrossings(curves([8, 16], grid(2.2, 2.34, 15), 0, 1).map((c) => ({ ...c, U4Err: c.U4Err.map(() => 1e-3) })), {
      resamples: 0
    })
    expect(Math.abs(fine.pairs[0].T - TC)).toBeLessThan(2e-3)
  })

  it('quadratic interpolation is exact when the difference is quadratic in T; linear is not', () => {
    const Ts = grid(2.0, 2.6, 7)
    // U_L = 1/3 − a_L (T − Tc) + b_L (T − Tc)²: D is an exact quadratic with its root at Tc
    const mk = (L: number, a: number, b: number): BinderCurve => ({
      L,
      T: Ts,
      U4: Ts.map((T) => 1 / 3 - a * (T - TC) + b * (T - TC) ** 2),
      U4Err: Ts.map(() => 0.01)
    })
    const cs = [mk(8, 1, 0.5), mk(16, 2, 3)]
    const quad = binderCrossings(cs, { method: 'quadratic', resamples: 0 })
    const lin = binderCrossings(cs, { method: 'linear', resamples: 0 })
    expect(Math.abs(quad.pairs[0].T - TC)).toBeLessThan(1e-12)
    expect(Math.abs(lin.pairs[0].T - TC)).toBeGreaterThan(1e-3)
  })

  it('ignores spurious sign changes far above Tc, where both curves are ≈ 0 and noisy', () => {
    const Ts = grid(2.0, 3.5, 16)
    const cs = curves([16, 32], Ts, 0.004, 3)
    // force a spurious + → − change at high T
    const i = 13
    cs[1].U4[i] = cs[0].U4[i] + 0.006
    cs[1].U4[i + 1] = cs[0].U4[i + 1] - 0.006
    const r = binderCrossings(cs, { resamples: 100, seed: 4 })
    expect(Math.abs(r.pairs[0].T - TC)).toBeLessThan(0.03)
  })

  it('bootstrap errors are honest: Tc within ±1σ for ~68% of 60 noisy data sets (pairs and combined)', () => {
    const Ts = grid(2.15, 2.39, 7)
    let insidePair = 0
    let insideComb = 0
    const runs = 60
    for (let r = 0; r < runs; r++) {
      const est = binderCrossings(curves([8, 16, 32], Ts, 0.01, 100 + r), { method: 'quadratic', resamples: 200, seed: r })
      if (Math.abs(est.pairs[2].T - TC) < est.pairs[2].error) insidePair++
      if (Math.abs(est.Tc - TC) < est.error) insideComb++
      expect(est.error).toBeGreaterThan(0)
    }
    // binomial sd at 60 runs is 6%
    for (const inside of [insidePair, insideComb]) {
      expect(inside / runs).toBeGreaterThan(0.5)
      expect(inside / runs).toBeLessThan(0.85)
    }
  })

  it('error scales with the noise; combined error not larger than the best pair', () => {
    const Ts = grid(2.15, 2.39, 7)
    const a = binderCrossings(curves([8, 16, 32], Ts, 0.004, 7), { resamples: 300, seed: 1 })
    const b = binderCrossings(curves([8, 16, 32], Ts, 0.016, 7), { resamples: 300, seed: 1 })
    expect(b.pairs[2].error / a.pairs[2].error).toBeGreaterThan(2.5)
    expect(b.pairs[2].error / a.pairs[2].error).toBeLessThan(6)
    expect(a.error).toBeLessThanOrEqual(Math.min(...a.pairs.map((p) => p.error)) * 1.05)
  })

  it('no crossing in range: NaN for that pair', () => {
    const Ts = grid(2.5, 3.0, 6)
    const cs: BinderCurve[] = [
      { L: 8, T: Ts, U4: Ts.map(() => 0.3), U4Err: Ts.map(() => 0.01) },
      { L: 16, T: Ts, U4: Ts.map(() => 0.2), U4Err: Ts.map(() => 0.01) }
    ]
    const r = binderCrossings(cs, { resamples: 20 })
    expect(Number.isNaN(r.pairs[0].T)).toBe(true)
    expect(Number.isNaN(r.Tc)).toBe(true)
  })
})
