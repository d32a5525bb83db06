// Replica exchange (parallel tempering; Swendsen & Wang 1986, Hukushima & Nemoto 1996): one
// lattice per temperature of a rising list T₀ < T₁ < … (one L), each updated by Metropolis or
// heat-bath; every `swapEvery` sweeps, neighbouring temperatures offer to exchange their
// configurations. The joint distribution Π_k e^{−β_k E(σ_k)}/Z_k is stationary under the swap
// of σ_i and σ_j when it is accepted with probability
//   A = min(1, e^{(β_i − β_j)(E_i − E_j)})                                        (swap rule)
// (detailed balance: the ratio of the joint weights after and before is exactly that
// exponential). A replica stuck in one basin at low T wanders up to where the barrier is
// gone and comes back down in the other basin, which a single chain at low T never does.
// Pairs are offered alternately (even pairs, then odd pairs) so that every swap move is
// reversible. Two numbers judge the temperature set: the swap acceptance of each pair (near
// zero: the neighbouring energy histograms do not overlap, add a temperature between them)
// and the round-trip time, the mean number of sweeps a replica takes from the coldest to the
// hottest temperature and back (the time in which the cold end forgets its basin).

import type { JobContext } from '../job'
import { createPointRecorder, pointRecorderBytes } from './pointRecorder'
import { createIsingSim, latticeCopiesBytes, simBytes } from './simulation'
import type { MemoryTerms } from '../memory'
import type { IsingSim, IsingStart } from './types'

export interface ReplicaExchangeParams {
  L: number
  /** Temperatures, any order (run rising); at least 2. */
  temperatures: number[]
  J: number
  B: number
  algorithm: 'metropolis' | 'heatbath'
  start: IsingStart
  equilibrationSweeps: number
  measurementSweeps: number
  measureEvery?: number
  /** Sweeps between two rounds of swap offers (default 1). */
  swapEvery?: number
  keepSamples?: number
}

/** The swap rule: acceptance of exchanging configurations between inverse temperatures βi, βj with energies Ei, Ej. */
export function swapAcceptance(betaI: number, betaJ: number, Ei: number, Ej: number): number {
  const x = (betaI - betaJ) * (Ei - Ej)
  return x >= 0 ? 1 : Math.exp(x)
}

/** The ensemble: replicas[k] is the lattice at temperature k; swaps exchange them. */
export interface ReplicaLadder {
  readonly temperatures: Float64Array
  /** replicaAt[k] is the label of the replica at temperature k. */
  readonly replicaAt: Int32Array
  readonly sims: IsingSim[]
  sweep(): void
  /** One round of swap offers on pairs (k, k+1) with k ≡ parity (mod 2). */
  offerSwaps(parity: 0 | 1): void
  readonly offered: Float64Array
  readonly accepted: Float64Array
}

export function createReplicaLadder(
  p: Pick<ReplicaExchangeParams, 'L' | 'J' | 'B' | 'algorithm' | 'start'>,
  temperatures: ArrayLike<number>,
  ctx: Pick<JobContext, 'rng'>
): ReplicaLadder {
  const R = temperatures.length
  const T = Float64Array.from(temperatures)
  const sims = Array.from({ length: R }, (_, k) => createIsingSim({ L: p.L, T: T[k], J: p.J, B: p.B }, { algorithm: p.algorithm, start: p.start, rng: ctx.rng.fork(k) }))
  const swapRng = ctx.rng.fork(R)
  const replicaAt = Int32Array.from({ length: R }, (_, k) => k)
  const offered = new Float64Array(Math.max(0, R - 1))
  const accepted = new Float64Array(Math.max(0, R - 1))
  return {
    temperatures: T,
    replicaAt,
    sims,
    offered,
    accepted,
    sweep() {
      for (const s of sims) s.step()
    },
    offerSwaps(parity) {
      for (let k = parity; k + 1 < R; k += 2) {
        const a = sims[k]
        const b = sims[k + 1]
        offered[k]++
        if (swapRng.uniform() < swapAcceptance(1 / T[k], 1 / T[k + 1], a.energy(), b.energy())) {
          accepted[k]++
          // Exchange the configurations by exchanging the lattices and their temperatures.
          a.setTemperature(T[k + 1])
          b.setTemperature(T[k])
          sims[k] = b
          sims[k + 1] = a
          const r = replicaAt[k]
          replicaAt[k] = replicaAt[k + 1]
          replicaAt[k + 1] = r
        }
      }
    }
  }
}

/**
 * Round trips: a replica's trip is cold → hot → cold (it must touch the hottest temperature
 * between two visits of the coldest). Call `after` after every round of swaps.
 */
export function roundTripCounter(R: number) {
  // −1: not yet at an end; 0: last end was the coldest; 1: the hottest.
  const lastEnd = new Int8Array(R).fill(-1)
  const leftCold = new Int8Array(R)
  let trips = 0
  return {
    after(replicaAt: Int32Array): void {
      const cold = replicaAt[0]
      const hot = replicaAt[R - 1]
      if (lastEnd[hot] === 0) leftCold[hot] = 1
      lastEnd[hot] = 1
      if (lastEnd[cold] === 1 && leftCold[cold]) {
        trips++
        leftCold[cold] = 0
      }
      lastEnd[cold] = 0
    },
    get trips() {
      return trips
    }
  }
}

export interface ReplicaExchangeResult extends Record<string, unknown> {
  L: number
  temperatures: number[]
  /** One record per temperature (rising), as a sweep point's result. */
  points: Record<string, number | boolean | string>[]
  /** Acceptance of the pair (T_k, T_{k+1}). */
  swapAcceptance: number[]
  roundTrips: number
  /** Replica-sweeps per round trip (NaN without one). */
  roundTripTime: number
  measurementSweeps: number
  stopped: boolean
}

export function runReplicaExchange(params: ReplicaExchangeParams, ctx: JobContext): ReplicaExchangeResult {
  const { L, J, B } = params
  const temps = [...params.temperatures].sort((a, b) => a - b)
  if (temps.length < 2) throw new Error('replica exchange needs at least 2 temperatures')
  const measureEvery = params.measureEvery ?? 1
  const swapEvery = params.swapEvery ?? 1
  for (const [name, v, min] of [
    ['equilibrationSweeps', params.equilibrationSweeps, 0],
    ['measurementSweeps', params.measurementSweeps, 0],
    ['measureEvery', measureEvery, 1],
    ['swapEvery', swapEvery, 1]
  ] as const)
    if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min} (got ${v})`)
  const R = temps.length
  const ladder = createReplicaLadder(params, temps, ctx)
  const planned = Math.floor(params.measurementSweeps / measureEvery)
  const recorders = temps.map((T) => createPointRecorder({ L, T, J, B, planned, keepSamples: params.keepSamples }))
  const trips = roundTripCounter(R)
  const total = params.equilibrationSweeps + params.measurementSweeps
  const progressEvery = Math.max(1, Math.floor(total / 1000))
  const shown = R >> 1
  let parity: 0 | 1 = 0
  let measured = 0
  let stopped = false
  for (let s = 0; s < total; s++) {
    if (ctx.checkpoint() === 'stop') {
      stopped = true
      break
    }
    ladder.sweep()
    if ((s + 1) % swapEvery === 0) {
      ladder.offerSwaps(parity)
      parity = parity === 0 ? 1 : 0
      if (s >= params.equilibrationSweeps) trips.after(ladder.replicaAt)
    }
    if (s >= params.equilibrationSweeps) {
      measured++
      if (measured % measureEvery === 0) for (let k = 0; k < R; k++) recorders[k].measure(ladder.sims[k])
    }
    if (ctx.frameDue()) ctx.frame(ladder.sims[shown].spins(), { L, T: temps[shown], sweep: s + 1 })
    if ((s + 1) % progressEvery === 0) ctx.progress((s + 1) / total, s < params.equilibrationSweeps ? 'equilibrating' : 'measuring')
  }
  ctx.progress(1)
  const key = (T: number) => `T=${T.toFixed(4)}/`
  const points = temps.map((T, k) => {
    ctx.artifact(`${key(T)}lattice`, ladder.sims[k].spins(), { L, T })
    return { ...recorders[k].finish(ctx, key(T)), L, T, J, B, algorithm: params.algorithm, measurementSweeps: measured, measureEvery }
  })
  const acceptance = Array.from(ladder.offered, (o, k) => (o > 0 ? ladder.accepted[k] / o : Number.NaN))
  for (let k = 0; k < acceptance.length; k++)
    if (acceptance[k] < 0.05) ctx.log(`L = ${L}: swaps between T = ${temps[k]} and ${temps[k + 1]} are accepted ${(100 * acceptance[k]).toFixed(1)} % of the time: put a temperature between them`)
  return {
    L,
    temperatures: temps,
    points,
    swapAcceptance: acceptance,
    roundTrips: trips.trips,
    roundTripTime: trips.trips > 0 ? (R * measured) / trips.trips : Number.NaN,
    measurementSweeps: measured,
    stopped
  }
}

/**
 * What a ladder holds: a lattice and a recorder per temperature, all at once; the recorders
 * finish one after the other, so one analysis at a time. Each final lattice is copied twice
 * on its way out.
 */
export function replicaExchangeMemory(p: Pick<ReplicaExchangeParams, 'L' | 'temperatures' | 'algorithm' | 'measurementSweeps' | 'measureEvery' | 'keepSamples'>): MemoryTerms {
  const R = p.temperatures.length
  const rec = pointRecorderBytes({ L: p.L, planned: Math.floor(p.measurementSweeps / (p.measureEvery ?? 1)), keepSamples: p.keepSamples })
  return {
    lattices: R * (simBytes(p.L, p.algorithm) + 2 * p.L * p.L) + latticeCopiesBytes(p.L),
    'measurement series': R * rec.held + rec.analysis
  }
}
