// Tc from the crossing of Binder cumulants. U4 = 1 − ⟨m⁴⟩/(3⟨m²⟩²) is dimensionless, so by
// finite-size scaling U4(T, L) = f((T − Tc) L^{1/ν}) + corrections: curves for different L all
// pass (nearly) through one point at Tc, with the larger L steeper. Below Tc the larger
// lattice has the larger U4 (→ 2/3), above the smaller: the difference D = U4(L₂) − U4(L₁),
// L₂ > L₁, changes sign from + to − as T rises, and that sign change is the crossing.
// Errors: a parametric bootstrap — every U4 point is redrawn from N(U4, σ²) (the points are
// independent runs), all crossings recomputed; the spread of the replicas is the error. The
// combined Tc is the inverse-variance weighted mean of the pair crossings, and its error
// comes from the same replicas, so the correlation between pairs that share a curve counts.

import { createRng } from '../rng'

export interface BinderCurve {
  L: number
  T: ArrayLike<number>
  U4: ArrayLike<number>
  U4Err: ArrayLike<number>
}

export interface BinderCrossing {
  L1: number
  L2: number
  /** Crossing temperature (NaN when D never goes from + to −). */
  T: number
  error: number
  /** The grid interval [T_i, T_{i+1}] holding the crossing. */
  bracket: [number, number]
  /** Fraction of bootstrap replicas in which this pair had no crossing. */
  failedFraction: number
}

export interface BinderEstimate {
  pairs: BinderCrossing[]
  /** Weighted mean of the pair crossings. */
  Tc: number
  error: number
  /** χ² of the pair crossings about Tc, with their own errors (large: finite-size corrections show). */
  chi2: number
}

export interface BinderOptions {
  /** Interpolation of D(T) inside the bracket (default 'linear'). */
  method?: 'linear' | 'quadratic'
  /** Bootstrap replicas (default 400). */
  resamples?: number
  seed?: number
}

interface Diff {
  T: number[]
  D: number[]
  s: number[]
}

/** D = U4(L₂) − U4(L₁) on the temperatures both curves share (matched to 1e-9 relative). */
function difference(T1: ArrayLike<number>, U1: ArrayLike<number>, E1: ArrayLike<number>, T2: ArrayLike<number>, U2: ArrayLike<number>, E2: ArrayLike<number>): Diff {
  const out: Diff = { T: [], D: [], s: [] }
  const rows: [number, number, number][] = []
  for (let i = 0; i < T1.length; i++) {
    for (let j = 0; j < T2.length; j++) {
      if (Math.abs(T1[i] - T2[j]) <= 1e-9 * Math.max(1, Math.abs(T1[i]))) {
        rows.push([T1[i], U2[j] - U1[i], Math.hypot(E1[i], E2[j])])
        break
      }
    }
  }
  rows.sort((a, b) => a[0] - b[0])
  for (const [t, d, s] of rows) {
    out.T.push(t)
    out.D.push(d)
    out.s.push(s)
  }
  return out
}

/** Brackets [i, i+1] where D goes from > 0 to ≤ 0. */
function brackets(D: number[]): number[] {
  const b: number[] = []
  for (let i = 0; i + 1 < D.length; i++) if (D[i] > 0 && D[i + 1] <= 0) b.push(i)
  return b
}

function linearRoot(d: Diff, i: number): number {
  const { T, D } = d
  return T[i] + (D[i] * (T[i + 1] - T[i])) / (D[i] - D[i + 1])
}

/** Weighted least-squares quadratic through the points i−1 … i+2 (those that exist); its
 *  root inside [T_i, T_{i+1}], or the linear root when it has none there. */
function quadraticRoot(d: Diff, i: number): number {
  const lo = Math.max(0, i - 1)
  const hi = Math.min(d.T.length - 1, i + 2)
  if (hi - lo + 1 < 3) return linearRoot(d, i)
  const t0 = d.T[i]
  // Normal equations for D ≈ a + b x + c x², x = T − t0, weights 1/σ².
  const M = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0]
  ]
  const r = [0, 0, 0]
  for (let k = lo; k <= hi; k++) {
    const x = d.T[k] - t0
    const w = d.s[k] > 0 ? 1 / (d.s[k] * d.s[k]) : 1
    const p = [1, x, x * x]
    for (let a = 0; a < 3; a++) {
      r[a] += w * p[a] * d.D[k]
      for (let b = 0; b < 3; b++) M[a][b] += w * p[a] * p[b]
    }
  }
  const sol = solve3(M, r)
  if (!sol) return linearRoot(d, i)
  const [a, b, c] = sol
  const h = d.T[i + 1] - t0
  const roots: number[] = []
  if (Math.abs(c) < 1e-14 * (Math.abs(b) + Math.abs(a) / h)) roots.push(-a / b)
  else {
    const disc = b * b - 4 * a * c
    if (disc >= 0) {
      const q = -0.5 * (b + Math.sign(b || 1) * Math.sqrt(disc))
      roots.push(q / c, a / q)
    }
  }
  const inside = roots.filter((x) => x >= 0 && x <= h)
  return inside.length ? t0 + inside[0] : linearRoot(d, i)
}

function solve3(M: number[][], r: number[]): number[] | null {
  const A = M.map((row, i) => [...row, r[i]])
  for (let c = 0; c < 3; c++) {
    let p = c
    for (let k = c + 1; k < 3; k++) if (Math.abs(A[k][c]) > Math.abs(A[p][c])) p = k
    if (Math.abs(A[p][c]) < 1e-300) return null
    ;[A[c], A[p]] = [A[p], A[c]]
    for (let k = 0; k < 3; k++) {
      if (k === c) continue
      const f = A[k][c] / A[c][c]
      for (let j = c; j < 4; j++) A[k][j] -= f * A[c][j]
    }
  }
  return [A[0][3] / A[0][0], A[1][3] / A[1][1], A[2][3] / A[2][2]]
}

/** The crossing of one pair: the + → − sign change with the most significant drop
 *  (D_i − D_{i+1})/√(σ_i² + σ_{i+1}²) — far above Tc both U4 are ≈ 0 and noise makes spurious
 *  sign changes, but they are not significant. With `near`, the bracket nearest to it. */
function crossing(d: Diff, method: 'linear' | 'quadratic', near?: number): { T: number; i: number } {
  const bs = brackets(d.D)
  if (bs.length === 0) return { T: NaN, i: -1 }
  let best = bs[0]
  if (near === undefined) {
    let score = -Infinity
    for (const i of bs) {
      const sc = (d.D[i] - d.D[i + 1]) / Math.hypot(d.s[i], d.s[i + 1]) || 0
      if (sc > score) {
        score = sc
        best = i
      }
    }
  } else {
    let dist = Infinity
    for (const i of bs) {
      const t = Math.max(d.T[i], Math.min(d.T[i + 1], near))
      const dd = Math.abs(t - near)
      if (dd < dist) {
        dist = dd
        best = i
      }
    }
  }
  return { T: method === 'quadratic' ? quadraticRoot(d, best) : linearRoot(d, best), i: best }
}

/** Pair crossings for every pair of sizes, and their combination, with bootstrap errors. */
export function binderCrossings(curves: BinderCurve[], opts: BinderOptions = {}): BinderEstimate {
  const method = opts.method ?? 'linear'
  const R = opts.resamples ?? 400
  const rng = createRng(opts.seed ?? 1)
  const cs = [...curves].sort((a, b) => a.L - b.L)
  const pairs: [number, number][] = []
  for (let a = 0; a < cs.length; a++) for (let b = a + 1; b < cs.length; b++) if (cs[a].L !== cs[b].L) pairs.push([a, b])

  const diffOf = (U: ArrayLike<number>[], a: number, b: number) => difference(cs[a].T, U[a], cs[a].U4Err, cs[b].T, U[b], cs[b].U4Err)
  const U0 = cs.map((c) => c.U4)
  const central = pairs.map(([a, b]) => {
    const d = diffOf(U0, a, b)
    const c = crossing(d, method)
    return { T: c.T, bracket: (c.i >= 0 ? [d.T[c.i], d.T[c.i + 1]] : [NaN, NaN]) as [number, number] }
  })

  // Bootstrap replicas.
  const reps = pairs.map(() => [] as number[])
  const failed = pairs.map(() => 0)
  const replicaT: number[][] = []
  for (let r = 0; r < R; r++) {
    const U = cs.map((c) => Float64Array.from(c.U4, (u, i) => u + c.U4Err[i] * rng.normal()))
    const row = pairs.map(([a, b], p) => {
      if (!Number.isFinite(central[p].T)) return NaN
      const t = crossing(diffOf(U, a, b), method, central[p].T).T
      if (Number.isFinite(t)) reps[p].push(t)
      else failed[p]++
      return t
    })
    replicaT.push(row)
  }
  const sd = (x: number[]) => {
    if (x.length < 2) return NaN
    const m = x.reduce((s, v) => s + v, 0) / x.length
    return Math.sqrt(x.reduce((s, v) => s + (v - m) ** 2, 0) / (x.length - 1))
  }
  const result: BinderCrossing[] = pairs.map(([a, b], p) => ({
    L1: cs[a].L,
    L2: cs[b].L,
    T: central[p].T,
    error: sd(reps[p]),
    bracket: central[p].bracket,
    failedFraction: R > 0 ? failed[p] / R : 0
  }))

  const use = result.map((c) => Number.isFinite(c.T) && c.error > 0)
  const w = result.map((c, p) => (use[p] ? 1 / (c.error * c.error) : 0))
  const W = w.reduce((s, v) => s + v, 0)
  const combine = (Ts: number[]) => {
    let s = 0
    let ws = 0
    for (let p = 0; p < Ts.length; p++) {
      if (w[p] > 0 && Number.isFinite(Ts[p])) {
        s += w[p] * Ts[p]
        ws += w[p]
      }
    }
    return ws > 0 ? s / ws : NaN
  }
  const Tc = W > 0 ? combine(result.map((c) => c.T)) : NaN
  const combos = replicaT.map(combine).filter(Number.isFinite)
  let chi2 = 0
  for (let p = 0; p < result.length; p++) if (w[p] > 0) chi2 += w[p] * (result[p].T - Tc) ** 2
  return { pairs: result, Tc, error: sd(combos), chi2 }
}
