// The 'hopfield.recall' job: learn W from the library, corrupt an input, run Eq. 2 until it
// settles and say where it ended. Everything needed to replay the run is stored: patterns,
// input, the per-update trajectory and the states at a stride.

import type { JobContext } from '../job'
import type { Rng } from '../rng'
import { energy } from './energy'
import { corrupt } from './corrupt'
import { relax, type RelaxObserver } from './dynamics'
import { nearestPattern } from './overlap'
import { classifyRecall, type RecallOutcome } from './outcome'
import { HopfieldState } from './state'
import type { HopfieldNet, HopfieldRecallControl, HopfieldRecallParams, PatternSet } from './types'
import { assertNoProblem, recallProblem } from './validate'
import { learningBytes, learnWeights } from './weights'
import { F32, F64, type MemoryTerms } from '../memory'

/** Per-update trajectory rows kept at most (4 float64 columns: 3.2 MB). */
export const TRAJECTORY_CAP = 100_000
/** Bytes of stored states kept at most. */
export const STATES_BYTES_CAP = 8_000_000
/** Largest N whose weights are stored with the run (Float32, 4 MB); larger nets are rebuilt from the patterns. */
export const WEIGHTS_ARTIFACT_MAX_N = 1024

export type HopfieldRecallResult = {
  outcome: RecallOutcome
  recalledIndex: number
  inverted: boolean
  /** Pattern with the largest |m| at the end, and that m. */
  nearest: number
  nearestOverlap: number
  components: number[]
  overlaps: number[]
  /** Single-neuron updates done (a synchronous step counts N). */
  steps: number
  sweeps: number
  finalEnergy: number
  converged: boolean
  cycle: boolean
  stopped: boolean
  N: number
  p: number
}

export function patternSet(patterns: readonly ArrayLike<number>[], N: number): PatternSet {
  const data = new Int8Array(patterns.length * N)
  patterns.forEach((P, mu) => data.set(P, mu * N))
  return { p: patterns.length, N, data }
}

/** The recall input before the dynamics: start state, then the corruption steps (0 = unknown). */
export function recallInput(params: HopfieldRecallParams, P: PatternSet, rng: Rng): Int8Array {
  const N = P.N
  const inp = params.input
  let s: Int8Array
  if (inp.from === 'pattern') s = P.data.slice(inp.index * N, (inp.index + 1) * N)
  else if (inp.from === 'state') s = Int8Array.from(inp.state)
  else s = Int8Array.from({ length: N }, () => (rng.uniform() < inp.density ? 1 : -1))
  return corrupt(s, params.corruption, params.width, rng)
}

export function runHopfieldRecall(params: HopfieldRecallParams, ctx: JobContext<HopfieldRecallControl>): HopfieldRecallResult {
  assertNoProblem(recallProblem(params))
  const { width, height } = params
  const N = width * height
  const P = patternSet(params.patterns, N)
  const b = Array.isArray(params.thresholds) ? Float64Array.from(params.thresholds) : new Float64Array(N).fill(params.thresholds)
  const net: HopfieldNet = { N, W: learnWeights(params.rule, P, (m) => ctx.log(m)), b }
  const input = recallInput(params, P, ctx.rng.fork(1))

  const grid = { width, height }
  ctx.artifact('patterns', P.data, { ...grid, p: P.p, N })
  ctx.artifact('input', input, grid)
  if (N <= WEIGHTS_ARTIFACT_MAX_N) ctx.artifact('weights', Float32Array.from(net.W), { N, rule: params.rule })
  else ctx.log(`weights (${N}×${N}) not stored: they follow from the stored patterns and the rule`)

  const state = new HopfieldState(net, input, P)
  const sync = params.dynamics === 'sync'
  // Unit of work between checkpoints: one update for a small net (to watch it), else 1/16 pass.
  const chunk = N <= 256 ? 1 : Math.ceil(N / 16)
  const updatesPerUnit = sync ? N : chunk
  const setRate = (perSecond: number) => ctx.throttle(perSecond > 0 ? perSecond / updatesPerUnit : 0)
  setRate(params.maxUpdatesPerSecond)

  // Trajectory: one row per update (site, field before, spin after, energy after); sync rows have site −1.
  const maxRows = Math.min(TRAJECTORY_CAP, sync ? params.maxSweeps : params.maxSweeps * N)
  const traj = new Float64Array(4 * maxRows)
  let rows = 0
  let trajTruncated = false
  const addRow = (site: number, field: number, spin: number) => {
    if (rows < maxRows) {
      const o = 4 * rows++
      traj[o] = site
      traj[o + 1] = field
      traj[o + 2] = spin
      traj[o + 3] = state.E
    } else trajTruncated = true
  }

  // States at a stride (in updates), the input first and the final state last.
  const stride = params.stateStride > 0 ? params.stateStride : N
  const maxStates = Math.max(2, Math.floor(STATES_BYTES_CAP / N))
  const states: Int8Array[] = [state.s.slice()]
  const statesAt: number[] = [0]
  let nextStateAt = stride
  let statesTruncated = false
  const maybeKeepState = (updates: number) => {
    if (updates < nextStateAt) return
    while (nextStateAt <= updates) nextStateAt += stride
    if (states.length < maxStates - 1) {
      states.push(state.s.slice())
      statesAt.push(updates)
    } else statesTruncated = true
  }

  const row = (flips: number) => {
    const near = nearestPattern(state.overlaps())
    return { energy: state.E, flips, overlap: near.overlap, nearest: near.index }
  }
  ctx.emit(0, row(0))
  ctx.frame(state.s, { step: 0, energy: state.E })

  const live = { dynamics: params.dynamics, T: params.T, maxSweeps: params.maxSweeps, rng: ctx.rng.fork(2) }
  let updates = 0
  let flipsSinceEmit = 0
  let lastEmit = 0
  const observer: RelaxObserver = {
    chunk,
    update(site, field, spin, changed) {
      updates++
      if (changed) flipsSinceEmit++
      addRow(site, field, spin)
      maybeKeepState(updates)
    },
    syncStep(changed) {
      updates += N
      flipsSinceEmit += changed
      addRow(-1, NaN, NaN)
      maybeKeepState(updates)
    },
    tick(at) {
      ctx.emit(at, row(flipsSinceEmit))
      flipsSinceEmit = 0
      lastEmit = at
      if (ctx.frameDue()) ctx.frame(state.s, { step: at, energy: state.E })
      const c = ctx.checkpoint()
      if (c === 'stop') return 'stop'
      if (c?.T !== undefined) live.T = c.T
      if (c?.maxUpdatesPerSecond !== undefined) setRate(c.maxUpdatesPerSecond)
    }
  }
  const res = relax(state, live, observer)

  if (res.updates !== lastEmit) ctx.emit(res.updates, row(flipsSinceEmit))
  ctx.frame(state.s, { step: res.updates, energy: state.E })
  if (statesAt[statesAt.length - 1] !== res.updates) {
    states.push(state.s.slice())
    statesAt.push(res.updates)
  }
  if (trajTruncated) ctx.log(`trajectory kept for the first ${rows} of ${res.updates} updates`)
  if (statesTruncated) ctx.log(`states kept: ${states.length} (byte cap reached; the final state is the last)`)
  ctx.artifact('trajectory', traj.slice(0, 4 * rows), { columns: ['site', 'field', 'spin', 'energy'], rows, updates: res.updates, dynamics: params.dynamics })
  const packed = new Int8Array(states.length * N)
  states.forEach((s, k) => packed.set(s, k * N))
  ctx.artifact('states', packed, { ...grid, count: states.length, stride, at: statesAt })

  const overlaps = state.overlaps()
  const cls = classifyRecall(overlaps, params.matchOverlap, res.cycle)
  const near = nearestPattern(overlaps)
  if (res.cycle) ctx.log(`synchronous dynamics fell into a 2-cycle after ${res.sweeps} steps`)
  return {
    ...cls,
    nearest: near.index,
    nearestOverlap: near.overlap,
    overlaps,
    steps: res.updates,
    sweeps: res.sweeps,
    finalEnergy: energy(net, state.s),
    converged: res.converged,
    cycle: res.cycle,
    stopped: res.stopped,
    N,
    p: P.p
  }
}

/**
 * What a recall holds: W (Float64 N×N) while the rule learns it, and its Float32 copy kept
 * with the run (and the host's copy of that) up to WEIGHTS_ARTIFACT_MAX_N; the patterns as
 * they came (8 bytes a JSON number, 1 as bytes), as a pattern set, transposed in the running
 * state and copied into their artifact; the trajectory and the states, each with the copy
 * made for its artifact and the host's.
 */
export function hopfieldRecallMemory(p: HopfieldRecallParams): MemoryTerms {
  const N = p.width * p.height
  const P = p.patterns.length
  const sent = p.patterns.reduce((s, x) => s + (x instanceof Int8Array ? x.length : F64 * x.length), 0)
  const updates = p.maxSweeps * N
  const trajectoryRows = Math.min(TRAJECTORY_CAP, p.dynamics === 'sync' ? p.maxSweeps : updates)
  const stride = p.stateStride > 0 ? p.stateStride : N
  const states = Math.min(STATES_BYTES_CAP, N * (Math.floor(updates / stride) + 2))
  return {
    weights: F64 * N * N + learningBytes(p.rule, P, N) + (N <= WEIGHTS_ARTIFACT_MAX_N ? 2 * F32 * N * N : 0),
    patterns: sent + 3 * P * N,
    'trajectory and states': 3 * (4 * F64 * trajectoryRows + states),
    state: 12 * F64 * N
  }
}
