// The 'ising.dataset' job with replica exchange: all its temperatures run at once as one
// ladder (replicaExchange.ts), so below Tc a configuration is drawn from both ordered basins
// in their true proportions (which at B ≠ 0 symmetrization cannot give). Same rule as the
// plain job (dataset.ts): a pilot on the ladder measures τ_int per temperature, then each
// temperature keeps one configuration every max(1, ⌈2τ⌉) sweeps of the ladder (capped), until
// every temperature has its samples — the ladder runs as long as the slowest temperature needs.
// The artifacts are the plain job's, in the order of the asked temperatures.

import type { JobContext } from '../job'
import { encodeIsingDataset, ISING_DATASET_FORMAT } from './datasetFormat'
import { datasetTemperatures, estimateTau, MAX_PILOT_FACTOR, spacingFromTau, type DatasetParams, type IsingDatasetResult, type TauEstimate } from './dataset'
import { createReplicaLadder, roundTripCounter } from './replicaExchange'
import type { IsingStart } from './types'

export function runIsingDatasetReplicas(params: DatasetParams & { swapEvery?: number }, ctx: JobContext): IsingDatasetResult {
  const asked = datasetTemperatures(params)
  const { L, J, B, samples } = params
  if (params.algorithm === 'wolff') throw new Error('replica exchange runs Metropolis or heat-bath inside the replicas')
  if (asked.length < 2) throw new Error('replica exchange needs at least 2 temperatures')
  const N = L * L
  const R = asked.length
  const order = asked.map((_, k) => k).sort((a, b) => asked[a] - asked[b])
  const rising = order.map((k) => asked[k])
  const symmetrize = params.symmetrize ?? B === 0
  const start: IsingStart = params.start === 'auto' ? (B < 0 ? 'down' : 'up') : params.start
  const swapEvery = params.swapEvery ?? 1
  const ladder = createReplicaLadder({ L, J, B, algorithm: params.algorithm, start }, rising, ctx)
  const coin = ctx.rng.fork(R + 1)
  const trips = roundTripCounter(R)
  let sweeps = 0
  let stopped = false
  const tick = (): boolean => {
    if (ctx.checkpoint() === 'stop') return false
    ladder.sweep()
    sweeps++
    if (sweeps % swapEvery === 0) {
      ladder.offerSwaps(((sweeps / swapEvery) & 1) as 0 | 1)
      trips.after(ladder.replicaAt)
    }
    if (ctx.frameDue()) ctx.frame(ladder.sims[R >> 1].spins(), { L, T: rising[R >> 1] })
    return true
  }

  for (let s = 0; s < params.equilibrationSweeps && !stopped; s++) stopped = !tick()
  // Pilot on the ladder, doubled while some temperature's τ has not converged.
  let n = 0
  let absM = rising.map(() => new Float64Array(params.pilotSweeps))
  let e = rising.map(() => new Float64Array(params.pilotSweeps))
  let tau: { m: TauEstimate; e: TauEstimate }[] = []
  while (!stopped) {
    while (n < absM[0].length && !stopped) {
      if (!tick()) stopped = true
      else {
        for (let k = 0; k < R; k++) {
          absM[k][n] = Math.abs(ladder.sims[k].magnetization()) / N
          e[k][n] = ladder.sims[k].energy() / N
        }
        n++
      }
    }
    tau = rising.map((_, k) => ({ m: estimateTau(absM[k].subarray(0, n)), e: estimateTau(e[k].subarray(0, n)) }))
    if (stopped || params.spacing !== undefined || tau.every((t) => t.m.converged && t.e.converged) || n >= MAX_PILOT_FACTOR * params.pilotSweeps) break
    const grow = (a: Float64Array) => {
      const b = new Float64Array(2 * a.length)
      b.set(a)
      return b
    }
    absM = absM.map(grow)
    e = e.map(grow)
  }
  ctx.progress(0.2, 'sampling')

  const spacing = rising.map((_, k) => params.spacing ?? (tau[k] ? spacingFromTau(Math.max(tau[k].m.tauInt, tau[k].e.tauInt), params.maxSpacing) : 1))
  const counts = new Array<number>(R).fill(0)
  const spins = new Int8Array(R * samples * N)
  const Ts = new Float64Array(R * samples)
  const Es = new Float64Array(R * samples)
  const ms = new Float64Array(R * samples)
  const longest = Math.max(...spacing) * samples
  for (let s = 1; s <= longest && !stopped; s++) {
    if (!tick()) {
      stopped = true
      break
    }
    for (let k = 0; k < R; k++) {
      if (s % spacing[k] !== 0 || counts[k] >= samples) continue
      const slot = order[k] * samples + counts[k] // storage order: the asked temperatures
      const sign = symmetrize && coin.uniform() < 0.5 ? -1 : 1
      const config = ladder.sims[k].spins()
      for (let j = 0; j < N; j++) spins[slot * N + j] = sign * config[j]
      Ts[slot] = rising[k]
      Es[slot] = ladder.sims[k].energy() / N
      ms[slot] = (sign * ladder.sims[k].magnetization()) / N
      counts[k]++
    }
    if ((s & 63) === 0) ctx.progress(0.2 + (0.8 * s) / longest, 'sampling')
  }
  ctx.progress(1)

  // Storage order, without the slots a stop left empty.
  const keep: number[] = []
  asked.forEach((_, i) => {
    const k = order.indexOf(i)
    for (let c = 0; c < counts[k]; c++) keep.push(i * samples + c)
  })
  const pick = <A extends Float64Array | Int8Array>(a: A, width: number): A => {
    const out = new (a.constructor as new (n: number) => A)(keep.length * width)
    keep.forEach((slot, j) => out.set(a.subarray(slot * width, (slot + 1) * width), j * width))
    return out
  }
  const acceptance = Array.from(ladder.offered, (o, k) => (o > 0 ? ladder.accepted[k] / o : Number.NaN))
  asked.forEach((T, i) => {
    const k = order.indexOf(i)
    let sumAbs = 0
    let sumE = 0
    for (let c = 0; c < counts[k]; c++) {
      sumAbs += Math.abs(ms[i * samples + c])
      sumE += Es[i * samples + c]
    }
    ctx.emit(i, { T, tauAbsM: tau[k]?.m.tauInt ?? NaN, tauE: tau[k]?.e.tauInt ?? NaN, spacing: spacing[k], samples: counts[k], absM: counts[k] ? sumAbs / counts[k] : NaN, e: counts[k] ? sumE / counts[k] : NaN, pilotSweeps: n, tauSamples: NaN })
  })
  const byAsked = <X>(f: (k: number) => X): X[] => asked.map((_, i) => f(order.indexOf(i)))
  const info = { temperatures: asked, counts: byAsked((k) => counts[k]), spacing: byAsked((k) => spacing[k]), tau: byAsked((k) => tau[k]?.m.tauInt ?? NaN), tauE: byAsked((k) => tau[k]?.e.tauInt ?? NaN) }
  const roundTripTime = trips.trips > 0 ? (R * sweeps) / trips.trips : Number.NaN
  const artifacts = encodeIsingDataset({
    L,
    spins: pick(spins, N),
    T: pick(Ts, 1),
    E: pick(Es, 1),
    m: pick(ms, 1),
    meta: { J, B, ...info, algorithm: params.algorithm, symmetrized: symmetrize, samplesAsked: samples, replicaExchange: true, swapAcceptance: acceptance, roundTripTime, spacingRule: params.spacing === undefined ? 'max(1, ceil(2·max(τ_|m|, τ_E))) on the ladder, capped at maxSpacing' : 'fixed' }
  })
  for (const a of artifacts) ctx.artifact(a.name, a.data, a.meta)
  return {
    L,
    count: keep.length,
    temperatures: R,
    algorithm: params.algorithm,
    symmetrized: symmetrize,
    stopped,
    replicaExchange: true,
    swapAcceptance: acceptance,
    roundTripTime,
    minSpacing: Math.min(...spacing),
    maxSpacingUsed: Math.max(...spacing),
    format: ISING_DATASET_FORMAT
  }
}
