// A run of more measurements than MAX_RAW_MEASUREMENTS keeps its series as block means, in
// bounded memory. Checked against the same measurements kept one by one: block means are
// exact means, the binning levels from the block length up are the same numbers, the
// jackknife over the same bins gives the same χ, C, U4 and errors; τ_int from the binning
// ratio against the exact τ of an AR(1) chain; a whole sweep point of 2²¹ measurements
// against exact enumeration of L = 4.
import { describe, expect, it } from 'vitest'
import { createObservableAccumulator, deriveObservables, MAX_RAW_MEASUREMENTS } from '../../../src/engine/ising/observables'
import { runSweepPoint } from '../../../src/engine/ising/sweepPoint'
import { diagnoseTunnelling } from '../../../src/engine/ising/tunnelling'
import { localContext } from '../../../src/engine/localContext'
import { createRng } from '../../../src/engine/rng'
import { binningAnalysis, binningCurve, mean } from '../../../src/engine/stats/binning'
import { isingEnumeration } from '../../oracles/isingEnumeration'

const N = 64

/** The same measurements into an accumulator that keeps every one and one that must block them. */
function both(n: number, maxRaw: number, draw: (i: number) => [number, number]) {
  const raw = createObservableAccumulator(n + 1, n + 1)
  const blocked = createObservableAccumulator(16, maxRaw)
  for (let i = 0; i < n; i++) {
    const [E, M] = draw(i)
    raw.push(E, M, N)
    blocked.push(E, M, N)
  }
  return { raw, blocked }
}

describe('an accumulator past its raw capacity keeps block means', () => {
  const rng = createRng(11)
  const n = 4096
  const { raw, blocked } = both(n, 256, () => [N * (-1.5 + 0.2 * rng.normal()), N * (0.7 * Math.sign(rng.normal()) + 0.1 * rng.normal())])

  it('holds at most maxRaw/2 blocks whose means are the means of every measurement', () => {
    const b = blocked.series()
    const r = raw.series()
    expect(blocked.count).toBe(n)
    expect(b.blockSize).toBe(64) // 4096 measurements in 64 blocks: the 128 blocks of 32 were merged when full
    expect(b.e.length).toBe(64)
    expect(blocked.mSample().length).toBe(64)
    for (const k of ['e', 'm', 'absM', 'm2', 'm4', 'e2'] as const) expect(mean(b[k])).toBeCloseTo(mean(r[k]), 13)
    // the first measurement of each block, for the tunnelling diagnosis
    expect(blocked.mSample()[3]).toBe(r.m[3 * 64])
  })

  it('its binning levels are the levels of the full series from the block length up', () => {
    const full = binningCurve(raw.series().e)
    const fromBlocks = binningCurve(blocked.series().e)
    expect(fromBlocks.length).toBe(2) // bins of 64 and 128 measurements (≥ 32 bins each)
    fromBlocks.forEach((level, j) => {
      expect(level.binSize * 64).toBe(full[j + 6].binSize)
      expect(level.nBins).toBe(full[j + 6].nBins)
      expect(level.error).toBeCloseTo(full[j + 6].error, 14)
    })
  })

  it('χ, C, U4 and their jackknife errors are those of the full series over the same bins', () => {
    const a = deriveObservables(raw, 2.5, N, { nBins: 32 })
    const b = deriveObservables(blocked, 2.5, N, { nBins: 32 })
    expect(b.n).toBe(n)
    for (const k of ['chi', 'C', 'U4'] as const) {
      expect(b[k].value).toBeCloseTo(a[k].value, 11)
      expect(b[k].error).toBeCloseTo(a[k].error, 11)
    }
    for (const k of ['e', 'absM', 'm2'] as const) expect(b[k].value).toBeCloseTo(a[k].value, 13)
  })
})

describe('τ_int of a blocked series', () => {
  // The binning ratio is a noisier estimator than Sokal's window (its plateau rests on the
  // levels with the fewest bins): on 2¹⁸ measurements its scatter around the truth was 6–24 %
  // over these three seeds, hence the 30 % tolerance; the identity with the full series' own
  // binning ratio is the sharp check.
  it.each([5, 6, 7])('an AR(1) chain with ρ = 0.9 (exact τ_int = (1+ρ)/(2(1−ρ)) = 9.5), seed %i: the binning ratio of the full series', (seed) => {
    const rho = 0.9
    const rng = createRng(seed)
    let x = 0
    let y = 0
    const { raw, blocked } = both(1 << 18, 1 << 12, () => {
      x = rho * x + Math.sqrt(1 - rho * rho) * rng.normal()
      y = rho * y + Math.sqrt(1 - rho * rho) * rng.normal()
      return [N * (-1 + 0.1 * x), N * (0.5 + 0.1 * y)]
    })
    expect(blocked.series().blockSize).toBe(256)
    const exact = (1 + rho) / (2 * (1 - rho))
    const b = deriveObservables(blocked, 2, N)
    const a = deriveObservables(raw, 2, N)
    expect(Math.abs(b.tauIntE / binningAnalysis(raw.series().e).tauInt - 1)).toBeLessThan(0.02)
    expect(Math.abs(b.tauIntE / exact - 1)).toBeLessThan(0.3)
    expect(Math.abs(b.tauIntAbsM / exact - 1)).toBeLessThan(0.3)
    expect(b.converged).toBe(true)
    // the error of ⟨e⟩ is the full series' binned error (the same plateau, up to its start)
    expect(Math.abs(b.e.error / a.e.error - 1)).toBeLessThan(0.02)
  })
})

describe('tunnelling seen through the block sample', () => {
  it('m switching basin every 5000 measurements: 26 changes in 2¹⁷ measurements, as in the full series', () => {
    const rng = createRng(2)
    const { raw, blocked } = both(1 << 17, 1 << 12, (i) => [-N, N * ((Math.floor(i / 5000) % 2 ? -0.8 : 0.8) + 0.05 * rng.normal())])
    expect(blocked.series().blockSize).toBe(128)
    const full = diagnoseTunnelling(raw.mSample(), N, 0, 2, 0.01)
    const sampled = diagnoseTunnelling(blocked.mSample(), N, 0, 2, 0.01)
    expect(full.changes).toBe(26)
    expect(sampled.changes).toBe(26)
    expect(sampled.flagged).toBe(false)
  })
})

describe('a sweep point of more measurements than are kept one by one', () => {
  it('L = 4 at T = 2.269, 2²¹ measurement sweeps: e, |m|, χ, C, U4 within 3σ of exact enumeration', () => {
    const T = 2.269
    const measurementSweeps = 2 * MAX_RAW_MEASUREMENTS
    const { ctx } = localContext(17)
    const r = runSweepPoint({ L: 4, T, J: 1, B: 0, algorithm: 'metropolis', start: 'random', equilibrationSweeps: 1000, measurementSweeps, keepSamples: 0 }, ctx) as Record<
      string,
      number | boolean | string
    >
    const ex = isingEnumeration(4, T)
    const exact = { e: ex.energyPerSpin, absM: ex.absMagnetization, chi: ex.susceptibility, C: ex.specificHeat, U4: ex.binder }
    expect(r.n).toBe(measurementSweeps)
    for (const [key, value] of Object.entries(exact)) {
      const pull = (Number(r[key]) - value) / Number(r[key + 'Err'])
      expect(Math.abs(pull), key).toBeLessThan(3)
      expect(Number(r[key + 'Err']), key).toBeGreaterThan(0)
    }
    expect(Number(r.tauIntE)).toBeGreaterThan(0.5)
    expect(Number(r.tauIntE)).toBeLessThan(20)
    expect(r.converged).toBe(true)
  })
})
