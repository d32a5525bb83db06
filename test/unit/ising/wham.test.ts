// The WHAM equations (src/engine/stats/wham.ts): the solution is their fixed point, found in
// few steps (Newton), and a single run reduces to the single-histogram formula.
import { describe, expect, it } from 'vitest'
import { foldRuns, histogramSet, logDenominator, reweightedMeans, solveWham, type HistogramRun } from '../../../src/engine/stats/wham'
import { createRng } from '../../../src/engine/rng'

/** Runs of Gaussian-ish integer energies: a toy density of states Ω(E) = e^{−E²/200} on E = −60…60
 *  sampled exactly (by inverse transform) at several β, so the histograms overlap a lot. */
function runs(betas: number[], n: number): HistogramRun[] {
  const rng = createRng(3)
  const Es = Array.from({ length: 121 }, (_, i) => i - 60)
  return betas.map((beta) => {
    const w = Es.map((E) => Math.exp(-(E * E) / 200 - beta * E))
    const z = w.reduce((a, b) => a + b, 0)
    const cdf: number[] = []
    w.reduce((acc, x, i) => ((cdf[i] = acc + x / z), acc + x / z), 0)
    const energy = Float64Array.from({ length: n }, () => {
      const u = rng.uniform()
      return Es[Math.min(Es.length - 1, cdf.findIndex((c) => c >= u))]
    })
    return { beta, energy, columns: [energy], inefficiency: 1 }
  })
}

describe('WHAM', () => {
  it('solves Eqs. 8–9: one more plain step moves no f, in a few dozen steps for 30 overlapping runs', () => {
    const betas = Array.from({ length: 30 }, (_, k) => -0.3 + 0.02 * k)
    const t = foldRuns(runs(betas, 4000), 8)
    const h = histogramSet(t)
    const s = solveWham(t.energies, t.betas, h)
    expect(s.converged).toBe(true)
    expect(s.iterations).toBeLessThan(60)
    // e^{f_k} = Σ_E H(E) e^{−β_k E}/D(E), with f₀ = 0
    const logD = logDenominator(t.energies, t.betas, h.logN, s.f)
    const f = Array.from(t.betas, (b) => {
      let m = -Infinity
      const x = Array.from(t.energies, (E, u) => h.logH[u] - b * E - logD[u])
      for (const v of x) m = Math.max(m, v)
      return m + Math.log(x.reduce((a, v) => a + Math.exp(v - m), 0))
    })
    f.forEach((fk, k) => expect(fk - f[0]).toBeCloseTo(s.f[k], 7))
  })

  it('recovers the exact mean energy of the toy density of states between the runs', () => {
    const t = foldRuns(runs([-0.2, 0, 0.2], 20000), 8)
    const h = histogramSet(t)
    const s = solveWham(t.energies, t.betas, h)
    for (const beta of [-0.1, 0.1]) {
      const Es = Array.from({ length: 121 }, (_, i) => i - 60)
      const w = Es.map((E) => Math.exp(-(E * E) / 200 - beta * E))
      const exact = Es.reduce((a, E, i) => a + E * w[i], 0) / w.reduce((a, b) => a + b, 0) // = −100β
      expect(reweightedMeans(t.energies, h, s.logD, beta, 1)[0]).toBeCloseTo(exact, 0)
    }
  })
})
