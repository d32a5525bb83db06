import { describe, expect, it } from 'vitest'
import { createRng } from '../../../src/engine/rng'
import { binningAnalysis, binningCurve, blockMeans, plateauError } from '../../../src/engine/stats/binning'
import { autocorrelation, tauIntWindowed } from '../../../src/engine/stats/autocorrelation'
import { jackknife } from '../../../src/engine/stats/jackknife'

/** Stationary AR(1): x_t = ρ x_{t−1} + √(1−ρ²) ε_t, unit variance, ρ(t) = ρ^t, so
 *  τ_int = ½ + Σ_{t≥1} ρ^t = (1 + ρ)/(2(1 − ρ)). */
function ar1(n: number, rho: number, seed: number, mu = 0): Float64Array {
  const rng = createRng(seed)
  const x = new Float64Array(n)
  let v = rng.normal()
  const s = Math.sqrt(1 - rho * rho)
  for (let i = 0; i < n; i++) {
    x[i] = mu + v
    v = rho * v + s * rng.normal()
  }
  return x
}
const tauAR1 = (rho: number) => (1 + rho) / (2 * (1 - rho))

/** Exact variance of the mean of n samples of the unit-variance AR(1). */
function varMeanAR1(n: number, rho: number): number {
  return (1 / n) * ((1 + rho) / (1 - rho) - (2 * rho * (1 - rho ** n)) / (n * (1 - rho) ** 2))
}

describe('binning analysis', () => {
  it('uncorrelated data: τ_int ≈ ½ and binned error ≈ naive error ≈ σ/√n', () => {
    const n = 1 << 16
    const x = ar1(n, 0, 1)
    const b = binningAnalysis(x)
    expect(b.n).toBe(n)
    expect(Math.abs(b.naiveError * Math.sqrt(n) - 1)).toBeLessThan(0.02)
    expect(Math.abs(b.tauInt - 0.5)).toBeLessThan(0.1)
    expect(b.converged).toBe(true)
  })

  it.each([0.5, 0.9, 0.97])('AR(1) with ρ = %f: τ_int = (1+ρ)/(2(1−ρ)) (mean of 8 series within 10%%, each within 35%%)', (rho) => {
    const n = 1 << 17
    const tau = tauAR1(rho)
    let sum = 0
    for (let s = 0; s < 8; s++) {
      const x = ar1(n, rho, 7 + s)
      const b = binningAnalysis(x)
      sum += b.tauInt / tau
      expect(Math.abs(b.tauInt / tau - 1)).toBeLessThan(0.35)
      expect(Math.abs(b.binnedError / Math.sqrt(varMeanAR1(n, rho)) - 1)).toBeLessThan(0.2)
      expect(b.converged).toBe(true)
      // The naive error is too small by √(2τ).
      expect(b.naiveError).toBeLessThan(b.binnedError / Math.sqrt(tau))
    }
    expect(Math.abs(sum / 8 - 1)).toBeLessThan(0.1)
  })

  it('error bars are honest: the true mean lies within ±1σ for ~68% of 300 independent chains', () => {
    let inside = 0
    const runs = 300
    for (let r = 0; r < runs; r++) {
      const b = binningAnalysis(ar1(1 << 13, 0.8, 100 + r, 3))
      if (Math.abs(b.mean - 3) < b.binnedError) inside++
    }
    // binomial sd at p = 0.683 is 2.7%; the band is ±~3.5 sd plus the estimate's own noise
    expect(inside / runs).toBeGreaterThan(0.58)
    expect(inside / runs).toBeLessThan(0.78)
  })

  it('too short a series for its τ_int is flagged as not converged', () => {
    const b = binningAnalysis(ar1(1024, 0.995, 3))
    expect(b.converged).toBe(false)
    expect(b.tauInt).toBeLessThan(tauAR1(0.995))
  })

  it('plateau rule on a hand-made curve: starts where no later level is significantly higher', () => {
    const lv = (error: number, nBins: number) => ({ binSize: 1, nBins, error, relUncertainty: 1 / Math.sqrt(2 * (nBins - 1)) })
    // rising 1 → 2 → 2.9, then flat around 3 within noise (δ = 3.1%, 4.4%, 6.3%, 9% at 512…64 bins):
    // 2.9 is below 3.05·(1 − δ) = 2.955, so the plateau starts at 3.05
    const levels = [lv(1, 4096), lv(2, 2048), lv(2.9, 1024), lv(3.05, 512), lv(2.95, 256), lv(3.1, 128), lv(2.8, 64)]
    const p = plateauError(levels)
    expect(p.level).toBe(3)
    expect(p.converged).toBe(true)
    expect(p.error).toBeCloseTo((3.05 + 2.95 + 3.1 + 2.8) / 4, 12)
    // still rising at the end
    const q = plateauError([lv(1, 4096), lv(2, 2048), lv(4, 1024)])
    expect(q.level).toBe(2)
    expect(q.converged).toBe(false)
  })

  it('binning curve: bin sizes double, at least minBins bins, level 0 is the naive error', () => {
    const x = ar1(1000, 0.3, 5)
    const c = binningCurve(x, 32)
    expect(c.map((l) => l.binSize)).toEqual([1, 2, 4, 8, 16])
    expect(c.map((l) => l.nBins)).toEqual([1000, 500, 250, 125, 62])
    expect(c[0].error).toBeCloseTo(binningAnalysis(x).naiveError, 14)
    const bm = blockMeans([1, 2, 3, 4, 5, 6, 7], 3)
    expect(Array.from(bm)).toEqual([3, 6]) // the leading remainder (1) is dropped
  })
})

describe('autocorrelation and windowed τ_int (Sokal, c = 5)', () => {
  it('ρ(t) of AR(1) ≈ ρ^t', () => {
    const x = ar1(1 << 17, 0.8, 11)
    const r = autocorrelation(x, 10)
    expect(r[0]).toBe(1)
    for (let t = 1; t <= 10; t++) expect(Math.abs(r[t] - 0.8 ** t)).toBeLessThan(0.02)
  })

  it.each([0, 0.5, 0.9])('τ_int of AR(1) ρ = %f within 3 of its own error bars and 10%%', (rho) => {
    const n = 1 << 17
    const r = tauIntWindowed(ar1(n, rho, 21))
    const tau = tauAR1(rho)
    expect(r.converged).toBe(true)
    expect(r.window).toBeGreaterThanOrEqual(5 * r.tauInt)
    expect(Math.abs(r.tauInt - tau)).toBeLessThan(3 * r.error + 0.02)
    expect(Math.abs(r.tauInt / tau - 1)).toBeLessThan(0.1)
  })

  it('agrees with the binning estimate on the same series (within the binning noise)', () => {
    const x = ar1(1 << 18, 0.9, 31)
    const w = tauIntWindowed(x)
    const b = binningAnalysis(x)
    expect(Math.abs(w.tauInt / b.tauInt - 1)).toBeLessThan(0.35)
  })

  it('flags a window that cannot close (series shorter than ~10 τ)', () => {
    const r = tauIntWindowed(ar1(200, 0.995, 9))
    expect(r.converged).toBe(false)
  })
})

describe('jackknife over bins', () => {
  it('for a linear f (the mean) it reproduces the error of the bin means exactly', () => {
    const x = ar1(4096, 0.5, 41)
    const jk = jackknife([x], (m) => m[0], 32)
    const bm = blockMeans(x, 128)
    let mu = 0
    for (const v of bm) mu += v / 32
    let ss = 0
    for (const v of bm) ss += (v - mu) ** 2
    expect(jk.value).toBeCloseTo(mu, 14)
    expect(jk.error).toBeCloseTo(Math.sqrt(ss / (32 * 31)), 14)
    expect(jk.biasCorrected).toBeCloseTo(mu, 12) // a linear f has no bias
  })

  it('error of the variance ⟨x²⟩ − ⟨x⟩² of iid normals ≈ √(2/n)σ²', () => {
    const n = 1 << 16
    const x = ar1(n, 0, 51)
    const x2 = x.map((v) => v * v)
    const jk = jackknife([x, x2], (m) => m[1] - m[0] * m[0], 64)
    expect(Math.abs(jk.value - 1)).toBeLessThan(4 * Math.sqrt(2 / n))
    expect(Math.abs(jk.error / Math.sqrt(2 / n) - 1)).toBeLessThan(0.25)
  })

  it('honest for a nonlinear f of correlated data: the true variance (1) lies within ±1σ for ~68% of chains', () => {
    let inside = 0
    const runs = 200
    for (let r = 0; r < runs; r++) {
      const x = ar1(1 << 13, 0.8, 500 + r)
      const jk = jackknife([x, x.map((v) => v * v)], (m) => m[1] - m[0] * m[0], 32)
      if (Math.abs(jk.biasCorrected - 1) < jk.error) inside++
    }
    expect(inside / runs).toBeGreaterThan(0.56)
    expect(inside / runs).toBeLessThan(0.8)
  })

  it('rejects series of different lengths', () => {
    expect(() => jackknife([new Float64Array(10), new Float64Array(11)], (m) => m[0])).toThrow()
  })
})
