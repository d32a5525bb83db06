// Mean-field theory of the Ising model (Eqs. 15–18): each spin feels its q neighbours only
// through their average m, so a single spin in the effective field Jqm + B gives
//   m = tanh(β(Jqm + B))                                             (Eq. 18)
// Sign of B: the paper writes ⟨B_i⟩ = Jqm − B (Eqs. 15–16) and m = tanh(βJqm − βB) (Eq. 18),
// i.e. its B there enters with the opposite sign to Eq. 14, where −BΣσ makes positive B
// favour +1 (Eq. 17 as printed also carries a sign slip: it evaluates to −tanh β⟨B_i⟩). The lab
// uses Eq. 14 throughout, so the physically consistent form above is the one solved here;
// the paper's Eq. 18 is this one with B → −B.
// Which solution is realised: the Bragg–Williams free energy per spin
//   φ(m) = −½Jq m² − B m − T s(m),  s(m) = −[(1+m)/2 ln((1+m)/2) + (1−m)/2 ln((1−m)/2)],
// is stationary exactly at the solutions of Eq. 18 (φ'(m) = −Jqm − B + T artanh m); its
// global minimum is the equilibrium state, other minima are metastable (hysteresis),
// maxima unstable. T_c^MF = Jq (= 4J on the square lattice, vs Onsager's 2.269J).

export type MeanFieldStability = 'stable' | 'metastable' | 'unstable'

export interface MeanFieldSolution {
  m: number
  /** φ(m), the mean-field free energy per spin. */
  freeEnergy: number
  /** φ''(m) = −Jq + T/(1 − m²): positive at a minimum. */
  curvature: number
  stability: MeanFieldStability
}

/** T_c^MF = Jq: where the slope of the line y = x/(βJq) equals tanh's slope at 0. */
export function meanFieldCriticalTemperature(J = 1, q = 4): number {
  return J * q
}

/** Right-hand side of Eq. 18 (with the lab's sign of B). */
export function selfConsistency(m: number, T: number, B: number, J = 1, q = 4): number {
  return Math.tanh((J * q * m + B) / T)
}

/** Bragg–Williams free energy per spin φ(m) (see the header). */
export function meanFieldFreeEnergy(m: number, T: number, B: number, J = 1, q = 4): number {
  const xlogx = (p: number) => (p > 0 ? p * Math.log(p) : 0)
  const entropy = -(xlogx((1 + m) / 2) + xlogx((1 - m) / 2))
  return -0.5 * J * q * m * m - B * m - T * entropy
}

function bisect(g: (m: number) => number, a: number, b: number, ga: number): number {
  // g monotone on [a, b] with a sign change: bisection to the last representable bit.
  for (let i = 0; i < 200; i++) {
    const mid = 0.5 * (a + b)
    if (mid <= a || mid >= b) break
    const gm = g(mid)
    if (gm === 0) return mid
    if (gm < 0 === ga < 0) {
      a = mid
      ga = gm
    } else b = mid
  }
  return 0.5 * (a + b)
}

/**
 * All solutions m ∈ [−1, 1] of Eq. 18 at temperature T > 0 and field B, sorted by m.
 * g(m) = m − tanh(β(Jqm + B)) has g(−1) ≤ 0 ≤ g(1) and at most two turning points, where
 * cosh²(β(Jqm + B)) = βJq (only when βJq > 1); on each of the ≤ 3 monotone pieces between
 * them a sign change brackets exactly one root, found by bisection. This cannot miss a root
 * or converge to the wrong one, unlike Newton or fixed-point iteration near Tc.
 */
export function meanFieldSolutions(T: number, B: number, J = 1, q = 4): MeanFieldSolution[] {
  if (!(T > 0)) throw new Error(`T must be > 0 (got ${T})`)
  const Jq = J * q
  const beta = 1 / T
  const g = (m: number) => m - Math.tanh(beta * (Jq * m + B))
  const cuts = [-1]
  if (beta * Jq > 1) {
    const x = Math.acosh(Math.sqrt(beta * Jq))
    for (const xs of [-x, x]) {
      const m = (xs / beta - B) / Jq
      if (m > -1 && m < 1) cuts.push(m)
    }
  }
  cuts.push(1)
  const roots: number[] = []
  const add = (m: number) => {
    if (!roots.some((r) => Math.abs(r - m) < 1e-12)) roots.push(m)
  }
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]
    const b = cuts[i + 1]
    const ga = g(a)
    const gb = g(b)
    if (ga === 0) add(a)
    if (gb === 0) add(b)
    if (ga !== 0 && gb !== 0 && ga < 0 !== gb < 0) add(bisect(g, a, b, ga))
  }
  // A tangent root (at the spinodal) touches zero without a sign change at a turning point.
  for (const c of cuts.slice(1, -1)) if (Math.abs(g(c)) < 1e-14) add(c)
  roots.sort((a, b) => a - b)
  const sols = roots.map((m) => ({
    m,
    freeEnergy: meanFieldFreeEnergy(m, T, B, J, q),
    curvature: -Jq + T / ((1 - m) * (1 + m)),
    stability: 'unstable' as MeanFieldStability
  }))
  // φ → its boundary values with infinite slope pointing inward, so the global minimum over
  // [−1, 1] is always one of the stationary points: the lowest φ is the equilibrium.
  const fmin = Math.min(...sols.map((s) => s.freeEnergy))
  for (const s of sols) {
    if (s.freeEnergy <= fmin + 1e-12 * Math.max(1, Math.abs(fmin))) s.stability = 'stable'
    else if (s.curvature > 0) s.stability = 'metastable'
  }
  return sols
}

/** The equilibrium m (global minimum of φ); at B = 0 below T_c^MF, the positive branch. */
export function meanFieldMagnetization(T: number, B: number, J = 1, q = 4): number {
  const stable = meanFieldSolutions(T, B, J, q).filter((s) => s.stability === 'stable')
  return Math.max(...stable.map((s) => s.m))
}

/** m(T) and the mean-field energy per spin u = −½Jq m² − B m along a list of temperatures. */
export function meanFieldCurve(Ts: ArrayLike<number>, B: number, J = 1, q = 4): { T: Float64Array; m: Float64Array; energy: Float64Array } {
  const T = Float64Array.from(Ts)
  const m = T.map((t) => meanFieldMagnetization(t, B, J, q))
  const energy = m.map((mm) => -0.5 * J * q * mm * mm - B * mm)
  return { T, m, energy }
}

export interface MeanFieldGraph {
  /** x = βJqm, the horizontal axis of Fig. 3. */
  x: Float64Array
  /** y = tanh(x + βB): the single-spin response to the effective field. */
  tanh: Float64Array
  /** y = x/(βJq) = m: the self-consistency line. */
  line: Float64Array
  slope: number
  /** Where the two meet: the solutions of Eq. 18 (y = m). */
  intersections: { x: number; y: number; stability: MeanFieldStability }[]
}

/** The data of the graphical construction of Fig. 3 at (T, B). Needs J ≠ 0. */
export function meanFieldGraph(T: number, B: number, J = 1, q = 4, opts: { xMax?: number; points?: number } = {}): MeanFieldGraph {
  const bJq = (J * q) / T
  if (bJq === 0) throw new Error('meanFieldGraph: J must be ≠ 0 (the line x/(βJq) is vertical)')
  const xMax = opts.xMax ?? Math.max(3, 1.25 * Math.abs(bJq))
  const n = Math.max(2, opts.points ?? 201)
  const x = new Float64Array(n)
  for (let i = 0; i < n; i++) x[i] = -xMax + (2 * xMax * i) / (n - 1)
  const shift = B / T
  return {
    x,
    tanh: x.map((v) => Math.tanh(v + shift)),
    line: x.map((v) => v / bJq),
    slope: 1 / bJq,
    intersections: meanFieldSolutions(T, B, J, q).map((s) => ({ x: bJq * s.m, y: s.m, stability: s.stability }))
  }
}
