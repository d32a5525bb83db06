// Finite-size scaling from reweighted curves (reweighting.ts) of several lattice sizes.
// Near Tc a quantity Q with exponent κ (χ: γ/ν; ⟨|m|⟩: −β/ν) scales as
//   Q(T, L) = L^{κ} 𝒬((T − Tc) L^{1/ν})                                          (FSS form)
// so that
//   χ_max(L) ∝ L^{γ/ν}                     log χ_max against log L: slope γ/ν (exact 7/4)
//   T_max(L) = Tc + a L^{−1/ν}              with ν = 1 (exact): a line in 1/L, intercept Tc
//   ⟨|m|⟩(Tc, L) ∝ L^{−β/ν}                 at Onsager's Tc: slope −β/ν (exact 1/8)
// and dimensionless ratios (U₄, ξ/L) of different L cross at Tc. The data collapse plots
// Q L^{−κ} against (T − Tc) L^{1/ν}; the residual of the collapse (the mean squared distance of
// each size's points from the other sizes' curves, in units of their errors; Houdayer &
// Hartmann, PRB 70, 014418 (2004)) is minimized over (Tc, 1/ν, κ).
// Errors: every estimate is recomputed on jackknife replica b of every size at once (block b
// of each run left out — the runs are independent, so this is a delete-one-group jackknife);
// that carries the correlations between estimates that share a curve.

import { fitLine, type LineFit } from '../stats/linearFit'
import { nelderMead } from '../stats/simplex'
import { criticalTemperature } from './exact'
import type { Reweighted, ReweightedCurve } from './reweighting'

/** Onsager's exponents of the 2D Ising class (exact). */
export const EXACT_EXPONENTS = { nu: 1, gammaOverNu: 7 / 4, betaOverNu: 1 / 8, eta: 1 / 4 } as const

export interface Estimate {
  value: number
  error: number
}

type Getter = (c: ReweightedCurve, q: Reweighted) => Float64Array

const central: Getter = (c, q) => c.value[q]
const replica =
  (b: number): Getter =>
  (c, q) =>
    c.replicas[q][b]

/** f evaluated centrally and on every replica; jackknife errors per component. */
export function jackknifed(curves: ReweightedCurve[], f: (get: Getter) => number[]): { value: number[]; error: number[] } {
  const value = f(central)
  const B = Math.min(...curves.map((c) => c.blocks))
  const reps = Array.from({ length: B }, (_, b) => f(replica(b)))
  const error = value.map((_, j) => {
    const xs = reps.map((r) => r[j]).filter(Number.isFinite)
    if (xs.length < 2) return Number.NaN
    const m = xs.reduce((s, x) => s + x, 0) / xs.length
    return Math.sqrt(((xs.length - 1) / xs.length) * xs.reduce((s, x) => s + (x - m) ** 2, 0))
  })
  return { value, error }
}

/** The grid interval [lo, lo + 1] holding t on a rising grid x (−1 outside it). */
function bracket(x: ArrayLike<number>, t: number): number {
  if (x.length < 2 || !(t >= x[0] && t <= x[x.length - 1])) return -1
  let lo = 0
  let hi = x.length - 1
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1
    if (x[mid] <= t) lo = mid
    else hi = mid
  }
  return lo
}

/** Linear interpolation of y(x) at t (NaN outside the grid). */
function interpolate(x: ArrayLike<number>, y: ArrayLike<number>, t: number, lo = bracket(x, t)): number {
  if (lo < 0) return Number.NaN
  const w = x[lo + 1] > x[lo] ? (t - x[lo]) / (x[lo + 1] - x[lo]) : 0
  return y[lo] + w * (y[lo + 1] - y[lo])
}

/** Linear interpolation of y at t on the covered part of a curve's grid (NaN outside it). */
export function valueAt(c: ReweightedCurve, y: Float64Array, t: number): number {
  const lo = bracket(c.T, t)
  return lo >= 0 && c.covered[lo] && c.covered[lo + 1] ? interpolate(c.T, y, t, lo) : Number.NaN
}

/** The + → − sign change of D = y(L₂) − y(L₁) (nearest to `near`, else the steepest one), linearly interpolated. */
function signChange(T: Float64Array, D: Float64Array, ok: Uint8Array, near?: number): number {
  let best = Number.NaN
  let score = -Infinity
  for (let i = 0; i + 1 < T.length; i++) {
    if (!ok[i] || !ok[i + 1] || !(D[i] > 0 && D[i + 1] <= 0)) continue
    const t = T[i] + (D[i] * (T[i + 1] - T[i])) / (D[i] - D[i + 1])
    const s = near === undefined ? D[i] - D[i + 1] : -Math.abs(t - near)
    if (s > score) {
      score = s
      best = t
    }
  }
  return best
}

export interface PairCrossing {
  L1: number
  L2: number
  T: number
  error: number
}

export interface CrossingEstimate {
  pairs: PairCrossing[]
  /** Inverse-variance weighted mean of the pair crossings, with its jackknife error. */
  Tc: number
  error: number
}

/** Crossings of a dimensionless ratio (U₄ or ξ/L) for every pair of sizes: below Tc the larger L is larger. */
export function ratioCrossings(curves: ReweightedCurve[], q: Reweighted): CrossingEstimate {
  const cs = [...curves].sort((a, b) => a.L - b.L)
  const pairs: [ReweightedCurve, ReweightedCurve][] = []
  for (let a = 0; a < cs.length; a++) for (let b = a + 1; b < cs.length; b++) pairs.push([cs[a], cs[b]])
  const crossAll = (get: Getter, near?: number[]): number[] =>
    pairs.map(([c1, c2], p) => {
      const y1 = get(c1, q)
      const y2 = get(c2, q)
      const D = Float64Array.from(c1.T, (_, i) => y2[i] - y1[i])
      const ok = Uint8Array.from(c1.covered, (v, i) => v & c2.covered[i])
      return signChange(c1.T, D, ok, near?.[p])
    })
  const centralT = crossAll(central)
  const perPair = jackknifed(cs, (get) => crossAll(get, centralT))
  const w = perPair.error.map((e, p) => (Number.isFinite(centralT[p]) && e > 0 ? 1 / (e * e) : 0))
  const combine = (Ts: number[]): number => {
    let s = 0
    let ws = 0
    Ts.forEach((t, p) => {
      if (w[p] > 0 && Number.isFinite(t)) {
        s += w[p] * t
        ws += w[p]
      }
    })
    return ws > 0 ? s / ws : Number.NaN
  }
  const combined = jackknifed(cs, (get) => [combine(crossAll(get, centralT))])
  return {
    pairs: pairs.map(([c1, c2], p) => ({ L1: c1.L, L2: c2.L, T: centralT[p], error: perPair.error[p] })),
    Tc: combined.value[0],
    error: combined.error[0]
  }
}

/** Maximum of y on the covered grid, refined by a parabola through its neighbours (NaN at an edge of the covered range). */
export function peakOf(T: Float64Array, y: Float64Array, covered: Uint8Array): { T: number; height: number } {
  let k = -1
  for (let i = 0; i < T.length; i++) if (covered[i] && Number.isFinite(y[i]) && (k < 0 || y[i] > y[k])) k = i
  if (k <= 0 || k >= T.length - 1 || !covered[k - 1] || !covered[k + 1]) return { T: Number.NaN, height: Number.NaN }
  const [y0, y1, y2] = [y[k - 1], y[k], y[k + 1]]
  const den = y0 - 2 * y1 + y2
  const h = T[k + 1] - T[k]
  const d = den < 0 ? (0.5 * (y0 - y2)) / den : 0
  return { T: T[k] + d * h, height: y1 - 0.25 * (y0 - y2) * d }
}

export interface PeakScaling {
  peaks: { L: number; T: Estimate; height: Estimate }[]
  /** log χ_max = a + (γ/ν) log L. */
  exponent: Estimate & { fit: LineFit | null }
  /** T_max(L) = Tc + a/L (ν = 1). */
  Tc: Estimate & { fit: LineFit | null }
}

/** Peaks of q per size, the power law of their heights and the shift of their positions. */
export function peakScaling(curves: ReweightedCurve[], q: Reweighted): PeakScaling {
  const cs = [...curves].sort((a, b) => a.L - b.L)
  const r = jackknifed(cs, (get) => cs.flatMap((c) => {
    const p = peakOf(c.T, get(c, q), c.covered)
    return [p.T, p.height]
  }))
  const peaks = cs.map((c, i) => ({ L: c.L, T: { value: r.value[2 * i], error: r.error[2 * i] }, height: { value: r.value[2 * i + 1], error: r.error[2 * i + 1] } }))
  const good = peaks.filter((p) => Number.isFinite(p.T.value) && p.T.error > 0 && p.height.error > 0)
  const slope = good.length >= 2 ? fitLine(good.map((p) => Math.log(p.L)), good.map((p) => Math.log(p.height.value)), good.map((p) => p.height.error / p.height.value)) : null
  const shift = good.length >= 2 ? fitLine(good.map((p) => 1 / p.L), good.map((p) => p.T.value), good.map((p) => p.T.error)) : null
  return {
    peaks,
    exponent: { value: slope?.slope ?? Number.NaN, error: slope?.slopeError ?? Number.NaN, fit: slope },
    Tc: { value: shift?.intercept ?? Number.NaN, error: shift?.interceptError ?? Number.NaN, fit: shift }
  }
}

/** q(Tc, L) per size and the slope of log q against log L (for ⟨|m|⟩: −β/ν). */
export function valueScaling(curves: ReweightedCurve[], q: Reweighted, Tc: number): { values: { L: number; value: Estimate }[]; slope: Estimate & { fit: LineFit | null } } {
  const cs = [...curves].sort((a, b) => a.L - b.L)
  const r = jackknifed(cs, (get) => cs.map((c) => valueAt(c, get(c, q), Tc)))
  const values = cs.map((c, i) => ({ L: c.L, value: { value: r.value[i], error: r.error[i] } }))
  const good = values.filter((v) => Number.isFinite(v.value.value) && v.value.error > 0)
  const fit = good.length >= 2 ? fitLine(good.map((v) => Math.log(v.L)), good.map((v) => Math.log(v.value.value)), good.map((v) => v.value.error / v.value.value)) : null
  return { values, slope: { value: fit?.slope ?? Number.NaN, error: fit?.slopeError ?? Number.NaN, fit } }
}

// ── data collapse ─────────────────────────────────────────────────────────────────────

export interface CollapseParams {
  Tc: number
  /** 1/ν */
  nuInverse: number
  /** κ in Q L^{−κ}: γ/ν for χ, −β/ν for ⟨|m|⟩. */
  kappa: number
}

export interface ScaledCurve {
  L: number
  x: Float64Array
  y: Float64Array
  yErr: Float64Array
}

/** x = (T − Tc) L^{1/ν}, y = Q L^{−κ} on the covered grid points with |x| ≤ window. */
export function scaledCurves(curves: ReweightedCurve[], q: Reweighted, p: CollapseParams, window = Infinity, get: Getter = central): ScaledCurve[] {
  return curves.map((c) => {
    const y = get(c, q)
    const sx = c.L ** p.nuInverse
    const sy = c.L ** -p.kappa
    const idx = [...c.T.keys()].filter((i) => c.covered[i] && Number.isFinite(y[i]) && Math.abs((c.T[i] - p.Tc) * sx) <= window)
    return {
      L: c.L,
      x: Float64Array.from(idx, (i) => (c.T[i] - p.Tc) * sx),
      y: Float64Array.from(idx, (i) => y[i] * sy),
      yErr: Float64Array.from(idx, (i) => c.error[q][i] * sy)
    }
  })
}

/** The collapse residual: mean of (y_i(x) − y_j(x))² / (σ_i² + σ_j²) over every point of every
 *  size i inside the x-range of every other size j (≈ 1 for a collapse within the errors). */
export function collapseResidual(scaled: ScaledCurve[]): number {
  let s = 0
  let n = 0
  for (const a of scaled) {
    for (const b of scaled) {
      if (a === b) continue
      for (let k = 0; k < a.x.length; k++) {
        const yb = interpolate(b.x, b.y, a.x[k])
        if (!Number.isFinite(yb)) continue
        const eb = interpolate(b.x, b.yErr, a.x[k])
        s += (a.y[k] - yb) ** 2 / (a.yErr[k] ** 2 + eb ** 2)
        n++
      }
    }
  }
  return n > 0 ? s / n : Number.NaN
}

export interface CollapseFit {
  params: CollapseParams
  errors: CollapseParams
  residual: number
}

/** Minimize the residual over (Tc, 1/ν, κ) from `start`, with jackknife errors. */
export function fitCollapse(curves: ReweightedCurve[], q: Reweighted, start: CollapseParams, window = 2): CollapseFit {
  const fitWith = (get: Getter, from: CollapseParams): number[] => {
    const r = nelderMead(
      (v) => collapseResidual(scaledCurves(curves, q, { Tc: v[0], nuInverse: v[1], kappa: v[2] }, window, get)),
      [from.Tc, from.nuInverse, from.kappa],
      [0.01, 0.05, 0.05],
      { maxEvaluations: 600, tol: 1e-8 }
    )
    return [...r.x, r.value]
  }
  const best = fitWith(central, start)
  const from = { Tc: best[0], nuInverse: best[1], kappa: best[2] }
  const j = jackknifed(curves, (get) => (get === central ? best : fitWith(get, from)))
  return {
    params: from,
    errors: { Tc: j.error[0], nuInverse: j.error[1], kappa: j.error[2] },
    residual: best[3]
  }
}

/** Where the exact values start the sliders and the fit. */
export function exactCollapse(q: 'chi' | 'absM', J = 1): CollapseParams {
  return { Tc: criticalTemperature(J), nuInverse: 1 / EXACT_EXPONENTS.nu, kappa: q === 'chi' ? EXACT_EXPONENTS.gammaOverNu : -EXACT_EXPONENTS.betaOverNu }
}
