// The hysteresis loop job: the helpers against hand-computed values, the loop against the
// physics (open below Tc, closed above), and the linear response at small B against exact
// enumeration of the 4×4 lattice.
import { describe, expect, it } from 'vitest'
import {
  fieldLadder,
  interpolateAt,
  loopArea,
  meanWithError,
  runIsingHysteresis,
  zeroCrossing,
  type HysteresisParams
} from '../../../src/engine/ising/hysteresis'
import { localContext } from '../../../src/engine/localContext'
import { createRng } from '../../../src/engine/rng'
import { variance } from '../../../src/engine/stats/binning'
import { isingEnumeration } from '../../oracles/isingEnumeration'
import { isingHysteresis, isingHysteresisParams } from '../../../src/shared/kinds/isingHysteresis'

const base: HysteresisParams = {
  L: 32,
  T: 1.5,
  J: 1,
  Bmax: 2,
  steps: 21,
  equilibrationSweeps: 100,
  measurementSweeps: 200,
  algorithm: 'metropolis',
  start: 'down'
}

function run(p: Partial<HysteresisParams>, seed = 1, controls?: ('stop' | null)[]) {
  const { ctx, record } = localContext(seed, { controls, keepFrames: true })
  const result = runIsingHysteresis({ ...base, ...p }, ctx)
  return { result, record, rows: record.rows }
}

/** The rows of one branch in rising-B order. */
function branch(rows: Record<string, number>[], b: 0 | 1) {
  return rows.filter((r) => r.branch === b).sort((x, y) => x.B - y.B)
}

describe('loop helpers (hand-computed)', () => {
  it('fieldLadder: evenly spaced from −Bmax to +Bmax, exactly 0 in the middle for odd steps', () => {
    expect(Array.from(fieldLadder(1, 5))).toEqual([-1, -0.5, 0, 0.5, 1])
    expect(Array.from(fieldLadder(0.3, 2))).toEqual([-0.3, 0.3])
    const l = fieldLadder(0.7, 21)
    expect(l[10]).toBe(0)
    expect(l[0]).toBe(-0.7)
    expect(l[20]).toBe(0.7)
  })

  it('zeroCrossing interpolates the first sign change in the walking direction', () => {
    // rising: m goes −1, −0.5, +0.5 over B = 0, 1, 2 → crosses at B = 1.5
    expect(zeroCrossing([0, 1, 2], [-1, -0.5, 0.5], true)).toBeCloseTo(1.5, 12)
    // falling branch walked from B = 2 down: +1, +0.2, −0.6 → crosses 1/4 of the way from 1 to 0
    expect(zeroCrossing([2, 1, 0], [1, 0.2, -0.6], false)).toBeCloseTo(0.75, 12)
    expect(zeroCrossing([0, 1, 2], [0.1, 0.2, 0.3], true)).toBeNull()
    expect(zeroCrossing([0, 1], [-1, 0], true)).toBe(1)
  })

  it('interpolateAt works on rising and falling x and is null outside', () => {
    expect(interpolateAt([-1, 1], [2, 4], 0)).toBe(3)
    expect(interpolateAt([1, 0, -1], [5, 6, 8], -0.5)).toBe(7)
    expect(interpolateAt([0, 1], [5, 6], 1)).toBe(6)
    expect(interpolateAt([0, 1], [5, 6], 2)).toBeNull()
  })

  it('loopArea of a square loop is 2 m_s × (width), with the trapezoid weights on the error', () => {
    // grid −1, 0, 1 (ΔB = 1): up branch −1, −1, +1; down branch +1, +1, +1
    // (m_d − m_u) = 2, 2, 0 → trapezoid ½·2 + 1·2 + ½·0 = 3
    const r = loopArea([-1, 0, 1], [-1, -1, 1], [1, 1, 1], [0.1, 0.1, 0.1], [0.1, 0.1, 0.1])
    expect(r.area).toBe(3)
    // weights ½, 1, ½: σ² = (¼ + 1 + ¼)·(0.01 + 0.01) = 0.03
    expect(r.error).toBeCloseTo(Math.sqrt(0.03), 12)
  })

  it('meanWithError: σ√(2τ/n) on an AR(1) series of known τ, and never below σ/√n', () => {
    // x_t = ρ x_{t−1} + noise has τ_int = (1 + ρ) / (2(1 − ρ)) = 4.5 for ρ = 0.8
    const rng = createRng(5)
    const n = 200000
    const x = new Float64Array(n)
    for (let t = 1; t < n; t++) x[t] = 0.8 * x[t - 1] + rng.normal()
    const sd = Math.sqrt(variance(x))
    const r = meanWithError(x)
    expect(r.error / (sd * Math.sqrt((2 * 4.5) / n))).toBeGreaterThan(0.85)
    expect(r.error / (sd * Math.sqrt((2 * 4.5) / n))).toBeLessThan(1.15)
    // alternating ±1 is anticorrelated (window τ < ½): the error is held at σ/√n
    const alt = Float64Array.from({ length: 1000 }, (_, i) => (i % 2 ? 1 : -1))
    const a = meanWithError(alt)
    expect(a.mean).toBe(0)
    expect(a.error).toBeCloseTo(Math.sqrt(variance(alt) / 1000), 12)
  })
})

describe('ising.hysteresis below Tc (T = 1.5, L = 32)', () => {
  const { result, record, rows } = run({})

  it('emits one row per field step: 2·steps rows, both branches on the same grid', () => {
    expect(rows.length).toBe(42)
    expect(record.steps).toEqual(Array.from({ length: 42 }, (_, i) => i))
    expect(rows.map((r) => r.step)).toEqual(record.steps)
    expect(rows.slice(0, 21).every((r) => r.branch === 0)).toBe(true)
    expect(rows.slice(21).every((r) => r.branch === 1)).toBe(true)
    // up rises from −Bmax, down falls back to it
    expect(rows[0].B).toBe(-2)
    expect(rows[20].B).toBe(2)
    expect(rows[21].B).toBe(2)
    expect(rows[41].B).toBe(-2)
    for (const r of rows) for (const k of ['B', 'm', 'mErr', 'e', 'eErr']) expect(Number.isFinite(r[k])).toBe(true)
  })

  it('the loop is open: at B = 0 the up branch is near −1 and the down branch near +1', () => {
    const up = branch(rows, 0)
    const down = branch(rows, 1)
    const u0 = up[10]
    const d0 = down[10]
    expect(u0.B).toBe(0)
    expect(d0.B).toBe(0)
    // Onsager–Yang spontaneous magnetization at T = 1.5 is 0.9865
    expect(u0.m).toBeLessThan(-0.95)
    expect(d0.m).toBeGreaterThan(0.95)
    expect(d0.m - u0.m).toBeGreaterThan(50 * Math.hypot(u0.mErr, d0.mErr))
    expect(result.remanenceUp).toBe(u0.m)
    expect(result.remanenceDown).toBe(d0.m)
  })

  it('reports coercive fields of opposite sign and a loop area of about 2·m_s·(B_c↑ − B_c↓)', () => {
    const up = result.coerciveUp as number
    const down = result.coerciveDown as number
    expect(up).toBeGreaterThan(0)
    expect(down).toBeLessThan(0)
    expect(result.coerciveField).toBeCloseTo(0.5 * (up - down), 12)
    // a nearly square loop of height 2·m_s ≈ 2: the area is within a grid step (ΔB = 0.2) of 2(up − down)
    const area = result.loopArea as number
    expect(Math.abs(area - 2 * (up - down))).toBeLessThan(2 * 0.2 * 2)
    expect(area).toBeGreaterThan(20 * (result.loopAreaErr as number))
  })

  it('saturates at ±Bmax, shows frames and stores the final lattice', () => {
    expect(rows[20].m).toBeGreaterThan(0.99)
    expect(rows[41].m).toBeLessThan(-0.99)
    expect(record.frames).toBeGreaterThan(0)
    const lattice = record.artifacts.get('lattice')
    expect(lattice?.data.length).toBe(32 * 32)
    expect(result.stepsDone).toBe(42)
    expect(result.stopped).toBe(false)
  })
})

describe('ising.hysteresis above Tc (T = 4, paramagnet)', () => {
  const { result, rows } = run({ T: 4, start: 'random' }, 2)
  const up = branch(rows, 0)
  const down = branch(rows, 1)

  it('the loop closes within errors: m_up(B) = m_down(B) at every B', () => {
    let chi2 = 0
    for (let k = 0; k < up.length; k++) {
      const z = (down[k].m - up[k].m) / Math.hypot(up[k].mErr, down[k].mErr)
      expect(Math.abs(z)).toBeLessThan(4.5)
      chi2 += z * z
    }
    // 21 pulls: χ² has mean 21, sd ≈ 6.5; far above means the error bars are too small
    expect(chi2).toBeLessThan(21 + 5 * 6.5)
    expect(Math.abs(result.loopArea as number)).toBeLessThan(4 * (result.loopAreaErr as number))
  })

  it('m(B) is a monotone, odd curve', () => {
    for (const br of [up, down]) {
      for (let k = 0; k + 1 < br.length; k++) expect(br[k + 1].m).toBeGreaterThan(br[k].m)
      for (let k = 0; k < br.length; k++) {
        const mirror = br[br.length - 1 - k]
        expect(Math.abs(br[k].m + mirror.m)).toBeLessThan(4.5 * Math.hypot(br[k].mErr, mirror.mErr))
      }
    }
    // coercive fields collapse to ≈ 0 (within a grid step)
    expect(Math.abs(result.coerciveUp as number)).toBeLessThan(0.2)
    expect(Math.abs(result.coerciveDown as number)).toBeLessThan(0.2)
  })
})

describe('linear response at small B above Tc against exact enumeration (L = 4, T = 3)', () => {
  // B = −0.1, 0, +0.1 on each branch; long measurements for small error bars
  const b = 0.1
  const T = 3
  const { rows } = run({ L: 4, T, Bmax: b, steps: 3, equilibrationSweeps: 200, measurementSweeps: 40000, start: 'random' }, 3)

  it('m(B) equals the exact ⟨m⟩(B) at each field on both branches', () => {
    for (const r of rows) {
      const exact = isingEnumeration(4, T, 1, r.B).magnetization
      expect(Math.abs(r.m - exact)).toBeLessThan(4 * r.mErr)
    }
  })

  it('m ≈ χB: the sign follows the field and the slope is the zero-field susceptibility N⟨m²⟩/T', () => {
    const at = (B: number) => rows.filter((r) => r.B === B)
    const plus = at(b)
    const minus = at(-b)
    for (const r of plus) expect(r.m).toBeGreaterThan(5 * r.mErr)
    for (const r of minus) expect(r.m).toBeLessThan(-5 * r.mErr)
    const mPlus = (plus[0].m + plus[1].m) / 2
    const mMinus = (minus[0].m + minus[1].m) / 2
    const slope = (mPlus - mMinus) / (2 * b)
    const slopeErr = Math.hypot(plus[0].mErr, plus[1].mErr, minus[0].mErr, minus[1].mErr) / 2 / (2 * b)
    // fluctuation–dissipation: χ = N ⟨m²⟩ / T at B = 0 (⟨m⟩ = 0); the cubic term −O(B³) is
    // below the exact finite difference's own difference from χ, which we allow for
    const chi0 = (16 * isingEnumeration(4, T).magnetizationSquared) / T
    const chord = (isingEnumeration(4, T, 1, b).magnetization - isingEnumeration(4, T, 1, -b).magnetization) / (2 * b)
    expect(Math.abs(chord - chi0) / chi0).toBeLessThan(0.05)
    expect(Math.abs(slope - chord)).toBeLessThan(4 * slopeErr)
    expect(Math.abs(slope - chi0)).toBeLessThan(4 * slopeErr + Math.abs(chord - chi0))
  })
})

describe('ising.hysteresis: algorithms, determinism, stop, refusals', () => {
  it('heat-bath also leaves the loop open at T = 1.5', () => {
    const { rows } = run({ L: 16, algorithm: 'heatbath', steps: 11, measurementSweeps: 50 }, 4)
    const up = branch(rows, 0)
    const down = branch(rows, 1)
    expect(up[5].B).toBe(0)
    expect(up[5].m).toBeLessThan(-0.9)
    expect(down[5].m).toBeGreaterThan(0.9)
  })

  it('is deterministic for a seed and differs between seeds', () => {
    const p = { L: 8, T: 2, steps: 5, equilibrationSweeps: 10, measurementSweeps: 20 }
    const a = run(p, 7).rows
    const b = run(p, 7).rows
    const c = run(p, 8).rows
    expect(a).toEqual(b)
    expect(a.map((r) => r.m)).not.toEqual(c.map((r) => r.m))
  })

  it('stops when asked, keeping the steps finished', () => {
    // 30 sweeps per step; stop at the 100th checkpoint: 3 steps done
    const controls = [...Array<null>(99).fill(null), 'stop' as const]
    const { result, rows } = run({ L: 8, steps: 5, equilibrationSweeps: 10, measurementSweeps: 20 }, 1, controls)
    expect(result.stopped).toBe(true)
    expect(result.stepsDone).toBe(3)
    expect(rows.length).toBe(3)
    expect(result.loopArea).toBeNull()
  })

  it('refuses Wolff (B ≠ 0) and bad field ranges in the engine too', () => {
    const bad = (p: Partial<HysteresisParams>) => () => run({ L: 4, steps: 3, ...p })
    expect(bad({ algorithm: 'wolff' as never })).toThrow(/Wolff.*metropolis or heatbath/)
    expect(bad({ Bmax: 0 })).toThrow(/Bmax must be .*> 0/)
    expect(bad({ steps: 1 })).toThrow(/steps must be an integer ≥ 2/)
  })
})

describe('the ising.hysteresis kind spec', () => {
  const ok = { L: 32, T: 1.5, Bmax: 2, steps: 21 }
  const issues = (p: Record<string, unknown>) => {
    const r = isingHysteresisParams.safeParse(p)
    return r.success ? '' : r.error.issues.map((i) => i.message).join('; ')
  }

  it('fills the defaults and prices the loop as 2·steps·L²·(equilibration + measurement)', () => {
    const p = isingHysteresisParams.parse(ok)
    expect(p).toMatchObject({ J: 1, equilibrationSweeps: 100, measurementSweeps: 200, algorithm: 'metropolis', start: 'down' })
    expect(isingHysteresis.cost!(p)).toBe(2 * 21 * 1024 * 300)
    expect(isingHysteresis.cost!(isingHysteresisParams.parse({ ...ok, L: 1024, steps: 2000, measurementSweeps: 1000 }))).toBeGreaterThan(isingHysteresis.budget!)
  })

  it.each([
    [{ Bmax: 0 }, /Bmax must be > 0/],
    [{ Bmax: -1 }, /Bmax must be > 0/],
    [{ steps: 1 }, /steps must be at least 2/],
    [{ steps: 2001 }, /steps must be at most 2,000/],
    [{ steps: 2.5 }, /steps must be a whole number/],
    [{ T: 0 }, /T must be > 0/],
    [{ L: 1 }, /L must be at least 2/],
    [{ measurementSweeps: 5 }, /at least 10 sweeps per field step/],
    [{ algorithm: 'wolff' }, /Wolff cluster updates need B = 0 and a hysteresis loop sweeps the field B: choose metropolis or heatbath/]
  ])('refuses %o with a reason', (bad, message) => {
    expect(issues({ ...ok, ...bad })).toMatch(message)
  })
})
