// Finite-size scaling machinery (src/engine/ising/finiteSize.ts, stats/linearFit.ts, stats/simplex.ts)
// on curves whose answers are known by construction.
import { describe, expect, it } from 'vitest'
import { collapseResidual, exactCollapse, fitCollapse, peakOf, peakScaling, ratioCrossings, scaledCurves, valueScaling } from '../../../src/engine/ising/finiteSize'
import { REWEIGHTED, type Reweighted, type ReweightedCurve } from '../../../src/engine/ising/reweighting'
import { criticalTemperature } from '../../../src/engine/ising/exact'
import { fitLine } from '../../../src/engine/stats/linearFit'
import { nelderMead } from '../../../src/engine/stats/simplex'

const TC = criticalTemperature(1)

/** A curve of size L with every quantity from `f(T, L)`, relative errors σ, and jackknife replicas
 *  shifted by ±σ/√B (the sign alternating with b, and opposite for neighbouring sizes). */
function curve(L: number, T: Float64Array, f: (q: Reweighted, T: number, L: number) => number, sigma = 1e-3, blocks = 8): ReweightedCurve {
  const value = {} as Record<Reweighted, Float64Array>
  const error = {} as Record<Reweighted, Float64Array>
  const replicas = {} as Record<Reweighted, Float64Array[]>
  for (const q of REWEIGHTED) {
    value[q] = T.map((t) => f(q, t, L))
    error[q] = T.map((t) => sigma * Math.max(1, Math.abs(f(q, t, L))))
    // Replicas: the value with a small deterministic offset that averages to zero.
    const sign = (b: number) => ((b + Math.log2(L)) % 2 ? 1 : -1)
    replicas[q] = Array.from({ length: blocks }, (_, b) => value[q].map((v, i) => v + (sign(b) * error[q][i]) / Math.sqrt(blocks)))
  }
  return { L, T, covered: new Uint8Array(T.length).fill(1), value, error, replicas, blocks, converged: true }
}

const grid = Float64Array.from({ length: 401 }, (_, i) => 1.9 + (0.8 * i) / 400)

/** Exact FSS forms: χ = L^{7/4} g(x), |m| = L^{−1/8} h(x), U₄ = u(x), x = (T − Tc) L. */
const scaling = (q: Reweighted, T: number, L: number): number => {
  const x = (T - TC) * L
  switch (q) {
    case 'chi':
      return L ** 1.75 * Math.exp(-((x - 0.5) ** 2) / 2)
    case 'absM':
      return L ** -0.125 * (1 / (1 + Math.exp(x)))
    case 'U4':
    case 'xiOverL':
      return 0.6 / (1 + Math.exp(x))
    default:
      return 1 + 0 * x
  }
}

describe('fits', () => {
  it('a weighted straight line: exact parameters, and the hand-computed errors for two points', () => {
    const f = fitLine([0, 1, 2, 3], [2, 5, 8, 11], [0.1, 0.1, 0.2, 0.2])
    expect(f.intercept).toBeCloseTo(2, 12)
    expect(f.slope).toBeCloseTo(3, 12)
    expect(f.chi2).toBeCloseTo(0, 12)
    // two points x = 0, 1 with σ = 1: σ_a = 1, σ_b = √2
    const g = fitLine([0, 1], [1, 3], [1, 1])
    expect(g.interceptError).toBeCloseTo(1, 12)
    expect(g.slopeError).toBeCloseTo(Math.SQRT2, 12)
  })

  it('Nelder–Mead finds the minimum of a tilted valley', () => {
    const r = nelderMead((x) => (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2 + (x[0] - 1) * (x[1] + 2) + 3, [0, 0], [0.5, 0.5], { maxEvaluations: 2000, tol: 1e-14 })
    expect(r.x[0]).toBeCloseTo(1, 5)
    expect(r.x[1]).toBeCloseTo(-2, 5)
    expect(r.value).toBeCloseTo(3, 10)
  })
})

describe('peaks, crossings and power laws', () => {
  it('peakOf: the vertex of a parabola sampled on a grid', () => {
    const T = Float64Array.from({ length: 21 }, (_, i) => 2 + 0.05 * i)
    const y = T.map((t) => 5 - 3 * (t - 2.318) ** 2)
    const p = peakOf(T, y, new Uint8Array(21).fill(1))
    expect(p.T).toBeCloseTo(2.318, 10)
    expect(p.height).toBeCloseTo(5, 10)
    // a maximum at the edge of the covered range is no peak
    expect(peakOf(T, T.map((t) => t), new Uint8Array(21).fill(1)).T).toBeNaN()
  })

  it('ratio curves of the FSS form cross exactly at Tc, every pair; errors from the replicas', () => {
    const curves = [8, 16, 32, 64].map((L) => curve(L, grid, scaling))
    const b = ratioCrossings(curves, 'U4')
    expect(b.pairs).toHaveLength(6)
    for (const p of b.pairs) expect(p.T).toBeCloseTo(TC, 4)
    expect(b.Tc).toBeCloseTo(TC, 4)
    expect(b.error).toBeGreaterThan(0)
    expect(b.error).toBeLessThan(0.01)
  })

  it('χ peaks: heights ∝ L^{7/4}, positions Tc + 0.5/L — the fits give γ/ν = 7/4 and Tc', () => {
    const curves = [8, 16, 32, 64].map((L) => curve(L, grid, scaling))
    const s = peakScaling(curves, 'chi')
    for (const p of s.peaks) expect(p.T.value).toBeCloseTo(TC + 0.5 / p.L, 3)
    expect(s.exponent.value).toBeCloseTo(1.75, 3)
    expect(s.Tc.value).toBeCloseTo(TC, 3)
  })

  it('|m|(Tc) ∝ L^{−1/8}: the slope is −β/ν', () => {
    const curves = [8, 16, 32, 64].map((L) => curve(L, grid, scaling))
    const v = valueScaling(curves, 'absM', TC)
    expect(v.slope.value).toBeCloseTo(-0.125, 4)
  })
})

describe('data collapse', () => {
  const curves = [8, 16, 32, 64].map((L) => curve(L, grid, scaling, 1e-3))

  it('the residual is ~0 at the exact exponents and large away from them', () => {
    const fine = Float64Array.from({ length: 1601 }, (_, i) => 1.9 + (0.8 * i) / 1600)
    const dense = [8, 16, 32, 64].map((L) => curve(L, fine, scaling, 1e-3))
    const exact = collapseResidual(scaledCurves(dense, 'chi', exactCollapse('chi'), 3))
    const off = collapseResidual(scaledCurves(dense, 'chi', { ...exactCollapse('chi'), kappa: 1.6 }, 3))
    // ≈ 1 means the sizes agree within their errors (here the rest is linear interpolation between grid points)
    expect(exact).toBeLessThan(0.5)
    expect(off).toBeGreaterThan(100)
  })

  it('the fit, started away from them, returns Tc, 1/ν = 1, γ/ν = 7/4 and β/ν = 1/8', () => {
    const chi = fitCollapse(curves, 'chi', { Tc: TC + 0.01, nuInverse: 0.9, kappa: 1.65 }, 3)
    expect(chi.params.Tc).toBeCloseTo(TC, 3)
    expect(chi.params.nuInverse).toBeCloseTo(1, 2)
    expect(chi.params.kappa).toBeCloseTo(1.75, 2)
    const m = fitCollapse(curves, 'absM', { Tc: TC - 0.01, nuInverse: 1.1, kappa: -0.1 }, 3)
    expect(m.params.kappa).toBeCloseTo(-0.125, 2)
    expect(Number.isFinite(m.errors.kappa)).toBe(true)
  })
})
