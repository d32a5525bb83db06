// Running Eq. 2 until nothing changes: the four update schedules, convergence (a full pass
// with no flip), 2-cycles of synchronous dynamics, and a pass limit.

import { shuffleInPlace } from '../data/split'
import type { Rng } from '../rng'
import type { HopfieldState } from './state'
import type { HopfieldDynamics } from './types'

export interface RelaxOptions {
  dynamics: HopfieldDynamics
  /** Glauber temperature; read at every update, so a caller may change it while running. */
  T: number
  maxSweeps: number
  /** Draws the random update order and the Glauber coin flips. */
  rng: Rng
}

export interface RelaxObserver {
  /** After a single-neuron update: the site, its field before the update, its new spin. */
  update?(site: number, field: number, spin: number, changed: boolean): void
  /** After a whole synchronous step, with the number of neurons that changed. */
  syncStep?(changed: number): void
  /** Called every `chunk` single-neuron updates and after each synchronous step; 'stop' ends the run. */
  tick?(updates: number): 'stop' | void
  chunk?: number
}

export interface RelaxResult {
  /** Single-neuron updates done (a synchronous step counts N). */
  updates: number
  /** Passes done (a synchronous step is one pass). */
  sweeps: number
  /** A full pass changed nothing: a fixed point of Eq. 2. Glauber never stops early; there it says the last pass was quiet. */
  converged: boolean
  /** Synchronous dynamics returned to the state of two steps before: a 2-cycle. */
  cycle: boolean
  /** The observer asked to stop. */
  stopped: boolean
}

/** A fresh uniformly random permutation of 0..N−1 (Fisher–Yates), in place. */
export const shuffle: (order: Int32Array, rng: Rng) => Int32Array = shuffleInPlace

export function relax(state: HopfieldState, opts: RelaxOptions, obs?: RelaxObserver): RelaxResult {
  return opts.dynamics === 'sync' ? relaxSync(state, opts, obs) : relaxAsync(state, opts, obs)
}

function relaxAsync(state: HopfieldState, opts: RelaxOptions, obs?: RelaxObserver): RelaxResult {
  const N = state.N
  const order = new Int32Array(N)
  for (let i = 0; i < N; i++) order[i] = i
  const glauber = opts.dynamics === 'glauber'
  const chunk = obs?.tick ? Math.max(1, obs.chunk ?? N) : Infinity
  const onUpdate = obs?.update
  let updates = 0
  let sweeps = 0
  let sinceTick = 0
  let quiet = false
  while (sweeps < opts.maxSweeps) {
    // A fresh random order every pass (fixed order: 0..N−1 every time).
    if (opts.dynamics !== 'async-fixed') shuffle(order, opts.rng)
    let flips = 0
    for (let k = 0; k < N; k++) {
      const i = order[k]
      const field = state.h[i]
      const d = glauber ? state.glauber(i, 1 / opts.T, opts.rng.uniform()) : state.update(i)
      if (d !== 0) flips++
      updates++
      if (onUpdate) onUpdate(i, field, state.s[i], d !== 0)
      if (++sinceTick >= chunk) {
        sinceTick = 0
        if (obs!.tick!(updates) === 'stop') return { updates, sweeps, converged: false, cycle: false, stopped: true }
      }
    }
    sweeps++
    quiet = flips === 0
    // At T > 0 a quiet pass is a fluctuation, not an end: Glauber runs its passes out (a sampler).
    if (quiet && !glauber) return { updates, sweeps, converged: true, cycle: false, stopped: false }
  }
  return { updates, sweeps, converged: quiet, cycle: false, stopped: false }
}

function relaxSync(state: HopfieldState, opts: RelaxOptions, obs?: RelaxObserver): RelaxResult {
  const N = state.N
  let twoBack: Int8Array | null = null
  let oneBack = state.s.slice()
  let sweeps = 0
  while (sweeps < opts.maxSweeps) {
    const changed = state.syncStep()
    sweeps++
    obs?.syncStep?.(changed)
    if (changed === 0) return { updates: sweeps * N, sweeps, converged: true, cycle: false, stopped: false }
    // Symmetric W: synchronous Eq. 2 ends in a fixed point or a 2-cycle (Goles–Fogelman).
    if (twoBack && sameState(twoBack, state.s)) return { updates: sweeps * N, sweeps, converged: false, cycle: true, stopped: false }
    twoBack = oneBack
    oneBack = state.s.slice()
    if (obs?.tick?.(sweeps * N) === 'stop') return { updates: sweeps * N, sweeps, converged: false, cycle: false, stopped: true }
  }
  return { updates: sweeps * N, sweeps, converged: false, cycle: false, stopped: false }
}

function sameState(a: Int8Array, b: Int8Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
