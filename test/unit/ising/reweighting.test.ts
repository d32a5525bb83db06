// Histogram reweighting (src/engine/stats/wham.ts, src/engine/ising/reweighting.ts).
import { describe, expect, it } from 'vitest'
import { reweightCurves, temperatureGrid, type StoredSamples } from '../../../src/engine/ising/reweighting'
import { singleHistogramCurves } from '../../../src/engine/ising/sweepAnalysis'
import { runSweepPoint } from '../../../src/engine/ising/sweepPoint'
import { localContext } from '../../../src/engine/localContext'
import { isingEnumeration } from '../../oracles/isingEnumeration'
import { kaufman } from '../../oracles/kaufman'

/** Every (Σσσ, M) of the 2^16 states of L = 4, with multiplicity: the joint density of states. */
function densityOfStatesL4(): Map<string, number> {
  const L = 4
  const g = new Map<string, number>()
  for (let c = 0; c < 1 << 16; c++) {
    const s = (x: number, y: number) => ((c >> ((y % L) * L + (x % L))) & 1 ? 1 : -1)
    let S = 0
    let M = 0
    for (let y = 0; y < L; y++)
      for (let x = 0; x < L; x++) {
        S += s(x, y) * (s(x + 1, y) + s(x, y + 1))
        M += s(x, y)
      }
    const k = `${S},${M}`
    g.set(k, (g.get(k) ?? 0) + 1)
  }
  return g
}

/** A "run" whose samples are the exact Boltzmann distribution at T, n samples in proportion (rounded). */
function exactSamples(g: Map<string, number>, T: number, n: number, B = 0): StoredSamples {
  const entries = [...g.entries()].map(([k, mult]) => {
    const [S, M] = k.split(',').map(Number)
    return { S, M, w: mult * Math.exp((S + B * M) / T) }
  })
  const z = entries.reduce((a, e) => a + e.w, 0)
  const out: number[] = []
  // Interleave the states so that every jackknife block holds the same distribution.
  const counts = entries.map((e) => Math.round((n * e.w) / z))
  const total = counts.reduce((a, b) => a + b, 0)
  for (let i = 0; i < total; i++) {
    const k = i % entries.length
    if (counts[k] > 0) {
      counts[k]--
      out.push(entries[k].S, entries[k].M)
    }
  }
  for (let k = 0; k < entries.length; k++) for (; counts[k] > 0; counts[k]--) out.push(entries[k].S, entries[k].M)
  const samples = Int32Array.from(out)
  return { L: 4, T, J: 1, B, samples, fourier: new Float32Array(samples.length / 2).fill(0.01) }
}

describe('reweighting equations on exact histograms (L = 4)', () => {
  const g = densityOfStatesL4()

  it('single histogram: exact samples at T₀ = 2.4 give the exact ⟨E⟩, C, |m|, χ, U₄ at T = 2.2 … 2.6', () => {
    const c = reweightCurves([exactSamples(g, 2.4, 1e6)], [2.2, 2.4, 2.6], { coverage: 10 })
    c.T.forEach((T, i) => {
      const ex = isingEnumeration(4, T)
      expect(c.value.e[i]).toBeCloseTo(ex.energyPerSpin, 4)
      expect(c.value.C[i]).toBeCloseTo(ex.specificHeat, 3)
      expect(c.value.absM[i]).toBeCloseTo(ex.absMagnetization, 4)
      expect(c.value.chi[i]).toBeCloseTo(ex.susceptibility, 3)
      expect(c.value.U4[i]).toBeCloseTo(ex.binder, 4)
    })
  })

  it('multiple histograms (WHAM) from runs at 1.8, 2.6, 3.4 give the exact curve between them, also at B = 0.2', () => {
    for (const B of [0, 0.2]) {
      const c = reweightCurves([1.8, 2.6, 3.4].map((T) => exactSamples(g, T, 5e5, B)), temperatureGrid(1.8, 3.4, 9), { coverage: 10 })
      expect(c.converged).toBe(true)
      c.T.forEach((T, i) => {
        const ex = isingEnumeration(4, T, 1, B)
        expect(c.value.e[i], `e at T = ${T}, B = ${B}`).toBeCloseTo(ex.energyPerSpin, 3)
        expect(c.value.C[i], `C at T = ${T}, B = ${B}`).toBeCloseTo(ex.specificHeat, 2)
        expect(c.value.chi[i]).toBeCloseTo(ex.susceptibility, 2)
      })
    }
  })

  it('the reweighted range: a point covers the temperatures whose ⟨E⟩ lies within 1.5 σ_E of its own (exact σ_E² = C N T₀²)', () => {
    const T0 = 2.4
    const ex0 = isingEnumeration(4, T0)
    const sigma = Math.sqrt(ex0.specificHeat * 16 * T0 * T0)
    const c = reweightCurves([exactSamples(g, T0, 2e5)], temperatureGrid(0.5, 12, 47))
    let inside = 0
    c.T.forEach((T, i) => {
      const distance = (Math.abs(isingEnumeration(4, T).energyPerSpin - ex0.energyPerSpin) * 16) / sigma
      if (Math.abs(distance - 1.5) < 0.05) return // on the edge: either answer is right
      expect(c.covered[i], `T = ${T.toFixed(2)}: ${distance.toFixed(2)} σ away`).toBe(distance <= 1.5 ? 1 : 0)
      if (distance <= 1.5) inside++
    })
    expect(inside).toBeGreaterThan(3)
    expect(inside).toBeLessThan(40)
  })
})

describe('reweighted Monte Carlo against Kaufman (L = 16)', () => {
  it('C and ⟨E⟩ from 5 Metropolis points agree with the exact finite lattice within 3 jackknife σ over the reweighted range', () => {
    const points: StoredSamples[] = [2.1, 2.2, 2.3, 2.4, 2.5].map((T, i) => {
      const { ctx, record } = localContext(40 + i)
      runSweepPoint({ L: 16, T, J: 1, B: 0, algorithm: 'metropolis', start: 'random', equilibrationSweeps: 1000, measurementSweeps: 20000, keepSamples: 20000 }, ctx)
      return { L: 16, T, J: 1, B: 0, samples: record.artifacts.get('samples')!.data as Int32Array, fourier: record.artifacts.get('fourier')!.data as Float32Array }
    })
    const c = reweightCurves(points, temperatureGrid(2.0, 2.6, 61))
    expect(c.converged).toBe(true)
    let covered = 0
    c.T.forEach((T, i) => {
      if (!c.covered[i]) return
      covered++
      const k = kaufman(16, T)
      expect(Math.abs(c.value.C[i] - k.specificHeat), `C at T = ${T.toFixed(3)}`).toBeLessThan(3 * c.error.C[i])
      expect(Math.abs(c.value.e[i] - k.energyPerSpin), `e at T = ${T.toFixed(3)}`).toBeLessThan(3 * c.error.e[i])
      // bands that mean something: C to a few per cent
      expect(c.error.C[i]).toBeLessThan(0.06 * k.specificHeat)
    })
    // the whole span between the first and the last point is covered
    expect(covered).toBeGreaterThanOrEqual(41)
  })
})

describe('single-histogram curves of each point', () => {
  it('are the single-histogram formula, by hand, around the point’s temperature', () => {
    const { ctx, record } = localContext(5)
    runSweepPoint({ L: 8, T: 2.4, J: 1, B: 0, algorithm: 'metropolis', start: 'random', equilibrationSweeps: 500, measurementSweeps: 4000, keepSamples: 4000 }, ctx)
    const p: StoredSamples = { L: 8, T: 2.4, J: 1, B: 0, samples: record.artifacts.get('samples')!.data as Int32Array, fourier: record.artifacts.get('fourier')!.data as Float32Array }
    const other = { ...p, T: 2.0 }
    const [c] = singleHistogramCurves([p, other], { gridPoints: 401 })
    expect(c.T0).toBe(2.4)
    // at every temperature of its curve: Σ e w / Σ w with w = e^{−(1/T − 1/T₀)E}, by hand
    for (const i of [0, c.T.length >> 1, c.T.length - 1]) {
      const db = 1 / c.T[i] - 1 / 2.4
      let sw = 0
      let se = 0
      for (let s = 0; s < p.fourier.length; s++) {
        const E = -p.samples[2 * s]
        const w = Math.exp(-db * (E + 2.0 * 64))
        sw += w
        se += w * (E / 64)
      }
      expect(c.value.e[i]).toBeCloseTo(se / sw, 9)
    }
    expect(c.T.some((t) => Math.abs(t - 2.4) < 0.002)).toBe(true)
    expect(Math.min(...c.T)).toBeGreaterThanOrEqual(1.9)
  })
})
