// The hysteresis loop of the Ising ferromagnet (Eq. 14 with a field B, the first-order
// transition of Section III): at fixed T the field is swept from −Bmax to +Bmax (the up
// branch) and back to −Bmax (the down branch), and the lattice is carried from one field
// step to the next. Below Tc a local algorithm cannot cross the free-energy barrier between
// the two ordered phases until B has tilted it far enough, so m(B) lags behind the field and
// the two branches enclose a loop; above Tc the paramagnet follows the field and the loop
// closes. Wolff is refused: a field breaks the cluster symmetry (wolff.ts).
//
// Per field step: `equilibrationSweeps` sweeps to follow the new field, then
// `measurementSweeps` sweeps measuring M and E every sweep. One metrics row per step.

import type { JobContext } from '../job'
import { tauIntWindowed } from '../stats/autocorrelation'
import { mean, variance } from '../stats/binning'
import { createIsingSim, latticeCopiesBytes, simBytes } from './simulation'
import { F64, type MemoryTerms } from '../memory'
import type { IsingAlgorithm, IsingStart } from './types'

export type HysteresisAlgorithm = 'metropolis' | 'heatbath'

export interface HysteresisParams {
  L: number
  T: number
  J: number
  /** The field runs over [−Bmax, +Bmax]. */
  Bmax: number
  /** Field values per branch, evenly spaced, both ends included (odd: B = 0 is one of them). */
  steps: number
  equilibrationSweeps: number
  measurementSweeps: number
  /** Wolff is refused: its clusters need B = 0. */
  algorithm: IsingAlgorithm
  start: IsingStart
}

/** One field step's measurement: the metrics row. */
export interface HysteresisRow {
  B: number
  m: number
  mErr: number
  e: number
  eErr: number
  /** 0 = up (B rising), 1 = down (B falling). */
  branch: number
  /** Index of the step along the whole loop, 0 … 2·steps − 1. */
  step: number
}

export interface HysteresisResult extends Record<string, unknown> {
  L: number
  T: number
  J: number
  Bmax: number
  steps: number
  algorithm: HysteresisAlgorithm
  stepsDone: number
  stopped: boolean
  /** Field where m crosses 0 on each branch (linear interpolation), null when it does not. */
  coerciveUp: number | null
  coerciveDown: number | null
  /** ½(coerciveUp − coerciveDown): the half-width of the loop. */
  coerciveField: number | null
  /** m at B = 0 on each branch (interpolated). */
  remanenceUp: number | null
  remanenceDown: number | null
  /** ∫ (m_down − m_up) dB over [−Bmax, Bmax] (trapezoids), and its error; null until both branches are done. */
  loopArea: number | null
  loopAreaErr: number | null
}

/** The field values of one branch, rising: B_k = Bmax (2k − (S−1)) / (S−1), exactly 0 in the middle for odd S. */
export function fieldLadder(Bmax: number, steps: number): Float64Array {
  const out = new Float64Array(steps)
  for (let k = 0; k < steps; k++) out[k] = (Bmax * (2 * k - (steps - 1))) / (steps - 1)
  return out
}

/**
 * The field where m first changes sign along a branch, walked in the order given: on the up
 * branch from m < 0 to m ≥ 0, on the down branch from m > 0 to m ≤ 0 (linear interpolation
 * between the two steps). Null when the branch never crosses.
 */
export function zeroCrossing(B: ArrayLike<number>, m: ArrayLike<number>, rising: boolean): number | null {
  for (let k = 0; k + 1 < m.length; k++) {
    const crosses = rising ? m[k] < 0 && m[k + 1] >= 0 : m[k] > 0 && m[k + 1] <= 0
    if (crosses) return B[k] + ((0 - m[k]) * (B[k + 1] - B[k])) / (m[k + 1] - m[k])
  }
  return null
}

/** y at x by linear interpolation over points (x_k, y_k) with x monotone (either way); null outside. */
export function interpolateAt(x: ArrayLike<number>, y: ArrayLike<number>, at: number): number | null {
  for (let k = 0; k < x.length; k++) {
    if (x[k] === at) return y[k]
    if (k + 1 < x.length && (x[k] - at) * (x[k + 1] - at) < 0) return y[k] + ((at - x[k]) * (y[k + 1] - y[k])) / (x[k + 1] - x[k])
  }
  return null
}

/**
 * Area between the branches, A = ∫ (m_down(B) − m_up(B)) dB by the trapezoid rule on the
 * common rising grid B (both branches given in rising-B order), with the error from the
 * per-point errors taken as independent: σ_A² = Σ w_k² (σ_up,k² + σ_down,k²).
 */
export function loopArea(
  B: ArrayLike<number>,
  mUp: ArrayLike<number>,
  mDown: ArrayLike<number>,
  errUp: ArrayLike<number>,
  errDown: ArrayLike<number>
): { area: number; error: number } {
  const S = B.length
  let area = 0
  let var2 = 0
  for (let k = 0; k < S; k++) {
    const left = k > 0 ? B[k] - B[k - 1] : 0
    const right = k + 1 < S ? B[k + 1] - B[k] : 0
    const w = 0.5 * (left + right)
    area += w * (mDown[k] - mUp[k])
    var2 += w * w * (errUp[k] ** 2 + errDown[k] ** 2)
  }
  return { area, error: Math.sqrt(var2) }
}

/** Mean of a correlated series and its error σ √(2τ_int / n) (τ_int from Sokal's window,
 *  taken as at least ½: an anticorrelated estimate is not trusted to shrink the error). */
export function meanWithError(x: Float64Array): { mean: number; error: number } {
  const n = x.length
  const mu = mean(x)
  if (n < 2) return { mean: mu, error: NaN }
  const tau = Math.max(0.5, tauIntWindowed(x).tauInt)
  return { mean: mu, error: Math.sqrt((2 * tau * variance(x, mu)) / n) }
}

function checkParams(p: HysteresisParams): HysteresisAlgorithm {
  if (p.algorithm === 'wolff') throw new Error('Wolff cluster updates need B = 0 and a hysteresis loop sweeps B: use metropolis or heatbath')
  if (!(p.Bmax > 0) || !Number.isFinite(p.Bmax)) throw new Error(`Bmax must be a finite number > 0 (got ${p.Bmax})`)
  if (!Number.isInteger(p.steps) || p.steps < 2) throw new Error(`steps must be an integer ≥ 2 (got ${p.steps})`)
  if (!Number.isInteger(p.equilibrationSweeps) || p.equilibrationSweeps < 0)
    throw new Error(`equilibrationSweeps must be an integer ≥ 0 (got ${p.equilibrationSweeps})`)
  if (!Number.isInteger(p.measurementSweeps) || p.measurementSweeps < 2)
    throw new Error(`measurementSweeps must be an integer ≥ 2 (got ${p.measurementSweeps})`)
  return p.algorithm
}

export function runIsingHysteresis(params: HysteresisParams, ctx: JobContext): HysteresisResult {
  const algorithm = checkParams(params)
  const { L, T, J, Bmax, steps } = params
  const ladder = fieldLadder(Bmax, steps)
  const sim = createIsingSim({ L, T, J, B: ladder[0] }, { algorithm, start: params.start, rng: ctx.rng })
  const N = sim.N
  const nEq = params.equilibrationSweeps
  const nMeas = params.measurementSweeps
  const perStep = nEq + nMeas
  const total = 2 * steps * perStep
  const progressEvery = Math.max(1, Math.floor(total / 1000))
  const mSeries = new Float64Array(nMeas)
  const eSeries = new Float64Array(nMeas)
  // rows[branch][k] in rising-B order, so both branches share the grid
  const rows: (HysteresisRow | undefined)[][] = [0, 1].map(() => Array.from({ length: steps }, () => undefined))
  let done = 0
  let stepsDone = 0
  let stopped = false

  loop: for (let step = 0; step < 2 * steps; step++) {
    const branch = step < steps ? 0 : 1
    const k = branch === 0 ? step : 2 * steps - 1 - step
    const B = ladder[k]
    sim.setField(B)
    for (let s = 0; s < perStep; s++) {
      if (ctx.checkpoint() === 'stop') {
        stopped = true
        break loop
      }
      sim.step()
      done++
      if (s >= nEq) {
        mSeries[s - nEq] = sim.magnetization() / N
        eSeries[s - nEq] = sim.energy() / N
      }
      if (ctx.frameDue()) ctx.frame(sim.spins(), { L, T, B, branch, sweep: done })
      if (done % progressEvery === 0) ctx.progress(done / total, `${branch === 0 ? 'up' : 'down'}, B = ${B.toFixed(3)}`)
    }
    const m = meanWithError(mSeries)
    const e = meanWithError(eSeries)
    const row: HysteresisRow = { B, m: m.mean, mErr: m.error, e: e.mean, eErr: e.error, branch, step }
    rows[branch][k] = row
    ctx.emit(step, { ...row })
    stepsDone++
  }
  ctx.progress(1)
  ctx.artifact('lattice', sim.spins(), { L, T, B: sim.model.B })

  return { L, T, J, Bmax, steps, algorithm, stepsDone, stopped, ...summarizeLoop(ladder, rows) }
}

/** Coercive fields, remanence and loop area from the rows measured so far. */
function summarizeLoop(ladder: Float64Array, rows: (HysteresisRow | undefined)[][]) {
  const branch = (b: 0 | 1) => {
    // in the order the branch was walked
    const walked = (b === 0 ? rows[0] : [...rows[1]].reverse()).filter((r): r is HysteresisRow => r !== undefined)
    const B = walked.map((r) => r.B)
    const m = walked.map((r) => r.m)
    return { B, m, coercive: zeroCrossing(B, m, b === 0), remanence: interpolateAt(B, m, 0) }
  }
  const up = branch(0)
  const down = branch(1)
  const complete = rows.every((r) => r.length === ladder.length && r.every((x) => x !== undefined))
  let area: { area: number; error: number } | null = null
  if (complete) {
    const [u, d] = rows as HysteresisRow[][]
    area = loopArea(ladder, u.map((r) => r.m), d.map((r) => r.m), u.map((r) => r.mErr), d.map((r) => r.mErr))
  }
  return {
    coerciveUp: up.coercive,
    coerciveDown: down.coercive,
    coerciveField: up.coercive !== null && down.coercive !== null ? 0.5 * (up.coercive - down.coercive) : null,
    remanenceUp: up.remanence,
    remanenceDown: down.remanence,
    loopArea: area ? area.area : null,
    loopAreaErr: area ? area.error : null
  }
}

/** What a loop holds: the lattice and its copies, and one field step's measurement series of m and e. */
export function isingHysteresisMemory(p: Pick<HysteresisParams, 'L' | 'algorithm' | 'measurementSweeps'>): MemoryTerms {
  return { lattice: simBytes(p.L, p.algorithm) + latticeCopiesBytes(p.L), 'measurement series': 2 * F64 * p.measurementSweeps }
}
