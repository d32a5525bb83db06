// Error bars that know when they are wrong: per-observable binning convergence and the
// tunnelling diagnosis (src/engine/ising/tunnelling.ts, pointRecorder.ts).
import { describe, expect, it } from 'vitest'
import { basinChanges, diagnoseTunnelling } from '../../../src/engine/ising/tunnelling'
import { runSweepPoint, type SweepPointParams } from '../../../src/engine/ising/sweepPoint'
import { localContext } from '../../../src/engine/localContext'
import { isingEnumeration } from '../../oracles/isingEnumeration'
import { kaufman } from '../../oracles/kaufman'

const KEYS = ['e', 'm', 'absM', 'm2', 'm4', 'chi', 'C', 'U4', 'xi'] as const

function point(p: Partial<SweepPointParams> & { L: number; T: number }, seed: number) {
  const { ctx, record } = localContext(seed)
  const r = runSweepPoint({ J: 1, B: 0, algorithm: 'heatbath', start: 'random', equilibrationSweeps: 1000, measurementSweeps: 20000, ...p }, ctx)
  return { r: r as Record<string, number | boolean | string>, logs: record.logs }
}
const num = (r: Record<string, unknown>, k: string) => Number(r[k])

describe('basin changes and the weight of the other basin', () => {
  it('counts crossings between +h and −h only (hysteresis), not wiggles around 0', () => {
    expect(basinChanges([0.9, 0.1, -0.1, 0.1, 0.9, -0.9, -0.2, 0.2, -0.95, 0.8], 0.45)).toBe(2)
    expect(basinChanges([0.1, -0.1, 0.1, -0.1], 0.45)).toBe(0)
    expect(basinChanges([], 0.5)).toBe(0)
  })

  it('a chain stuck at m = +1 in a field: p = w/(1 + w) with w = e^{−2BN/T} (hand-computed)', () => {
    const N = 16
    const d = diagnoseTunnelling(new Float64Array(100).fill(1), N, 0.1, 1.5, 0.001)
    const w = Math.exp((-2 * 0.1 * N) / 1.5) // 0.1184
    expect(d.otherBasinWeight).toBeCloseTo(w / (1 + w), 12)
    expect(d.stuckBias).toBeCloseTo((2 * w) / (1 + w), 12)
    expect(d.changes).toBe(0)
    expect(d.flagged).toBe(true)
    // Deep in a strong field the other basin weighs nothing: no tunnelling is needed.
    expect(diagnoseTunnelling(new Float64Array(100).fill(1), N, 5, 1.5, 0.001).flagged).toBe(false)
    // At B = 0 the basins weigh the same.
    expect(diagnoseTunnelling(new Float64Array(100).fill(-1), N, 0, 1.5, 0.001).otherBasinWeight).toBe(0.5)
  })
})

describe('sweep points flag what they cannot know', () => {
  it("the issue's failing case (L = 4, B = 0.1, T = 1.5, heat-bath, seed 13, 20,000 sweeps) is flagged", () => {
    const ex = isingEnumeration(4, 1.5, 1, 0.1)
    const { r, logs } = point({ L: 4, T: 1.5, B: 0.1 }, 13)
    // the estimate is confidently wrong: many error bars from the exact value …
    expect(Math.abs(num(r, 'm') - ex.magnetization) / num(r, 'mErr')).toBeGreaterThan(10)
    // … and says so: too few tunnellings, so at B ≠ 0 every observable is unconverged
    expect(num(r, 'tunnellings')).toBeLessThan(10)
    expect(r.tunnellingFlag).toBe(1)
    for (const k of KEYS) expect(r[`${k}Converged`]).toBe(0)
    expect(logs.join('\n')).toMatch(/replica exchange/)
  })

  it.each([
    ['L = 4, B = 0.1, T = 2.5 (tunnels often)', { L: 4, T: 2.5, B: 0.1 }],
    ['L = 4, B = 0, T = 3.0', { L: 4, T: 3.0, B: 0 }],
    ['L = 4, B = 0.3, T = 2.269', { L: 4, T: 2.269, B: 0.3 }]
  ])('an easy case is not flagged and agrees with enumeration: %s', (_name, p) => {
    const ex = isingEnumeration(4, p.T, 1, p.B)
    const { r } = point(p, 5)
    expect(r.tunnellingFlag).toBe(0)
    for (const k of KEYS) expect(r[`${k}Converged`]).toBe(1)
    expect(Math.abs(num(r, 'e') - ex.energyPerSpin)).toBeLessThan(3 * num(r, 'eErr'))
    expect(Math.abs(num(r, 'm') - ex.magnetization)).toBeLessThan(3 * num(r, 'mErr'))
  })

  it('B = 0, ordered, Metropolis L = 16 from all up: only ⟨m⟩ is flagged; e and C are still right (Kaufman)', () => {
    const { r } = point({ L: 16, T: 1.8, algorithm: 'metropolis', start: 'up', measurementSweeps: 10000 }, 3)
    expect(r.tunnellingFlag).toBe(1)
    expect(r.mConverged).toBe(0)
    for (const k of ['e', 'absM', 'C', 'chi', 'U4'] as const) expect(r[`${k}Converged`]).toBe(1)
    const k = kaufman(16, 1.8)
    expect(Math.abs(num(r, 'e') - k.energyPerSpin)).toBeLessThan(3 * num(r, 'eErr'))
    expect(Math.abs(num(r, 'C') - k.specificHeat)).toBeLessThan(3 * num(r, 'CErr'))
  })

  it('a binning curve still rising marks its observables unconverged (Metropolis L = 32 at Tc, 600 sweeps)', () => {
    const { r } = point({ L: 32, T: 2.269, algorithm: 'metropolis', equilibrationSweeps: 200, measurementSweeps: 600 }, 2)
    expect(r.absMConverged).toBe(0)
    expect(r.chiConverged).toBe(0)
  })
})
