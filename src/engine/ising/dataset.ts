// The 'ising.dataset' job: decorrelated equilibrium configurations of Eq. 14 at a set of
// temperatures, the training data of the Boltzmann machine (Section IV) and of the
// autoencoder that finds the transition (Section VII, Fig. 14).
//
// Per temperature: equilibrate, then a pilot run measures the integrated autocorrelation
// times τ_|m| and τ_E (in sweeps), then one configuration is kept every
//     spacing = max(1, ⌈2·max(τ_|m|, τ_E)⌉) sweeps   (capped at maxSpacing),
// or every `spacing` sweeps when the user fixes it. Two samples 2τ_int apart are close to
// independent (an effective sample costs 2τ_int sweeps: the error of a mean over n
// measurements is √(2τ_int/n) σ). τ is largest near Tc (critical slowing down), so is the
// spacing. A pilot much shorter than the slowest relaxation underestimates τ (the series'
// own mean absorbs the slow part; measured at Tc, L = 64 Metropolis: Sokal's window says
// τ ≈ 65 from 4,000 sweeps, 170 from 256,000), and the window's self-consistency check
// n ≥ 50 τ passes on the underestimate. So τ is the larger of the window and the binning
// estimates (binning.ts), and the pilot is doubled, up to 16× pilotSweeps, until both have
// converged — the binning curve reaches its plateau only once the series spans many τ.
//
// Symmetrization: at B = 0, Eq. 14 is unchanged by σ → −σ, so −σ is a Boltzmann sample
// whenever σ is. Below Tc a local algorithm stays in the phase it started in; flipping each
// stored configuration as a whole with probability ½ gives both phases equal weight, as the
// true distribution does. Never done at B ≠ 0, where it would change the energy.
//
// Temperatures are independent: temperature k draws from the streams 2k and 2k+1 of the run's
// seed whatever else runs, so a subset of them (one shard of a cluster array job, the
// `temperatureIndices` argument) gives exactly the samples the whole run gives at those k.
//
// Time unit for Wolff: the sweep-equivalent of sweepPoint.ts (N/⟨cluster size⟩ clusters,
// fixed from the equilibration, spread by a fixed schedule) — never "flip clusters until N
// spins have flipped, then sample", which picks sampling times by cluster size and biases
// the samples (the inspection paradox described in sweepPoint.ts).

import { sweepClock } from './sweepClock'
import type { JobContext } from '../job'
import { tauIntWindowed } from '../stats/autocorrelation'
import { binningAnalysis } from '../stats/binning'
import { createIsingSim, latticeCopiesBytes, simBytes } from './simulation'
import { F64, type MemoryTerms } from '../memory'
import { encodeIsingDataset, ISING_DATASET_FORMAT } from './datasetFormat'
import { runIsingDatasetReplicas } from './datasetReplicas'
import type { IsingAlgorithm, IsingStart } from './types'

export interface DatasetParams {
  L: number
  /** A list of temperatures (kept in the order given) or an evenly spaced range (rising). */
  temperatures?: number[]
  range?: { Tmin: number; Tmax: number; points: number }
  J: number
  B: number
  algorithm: IsingAlgorithm
  /** 'auto': ordered along the field (up at B = 0). */
  start: IsingStart | 'auto'
  /** Configurations kept per temperature. */
  samples: number
  equilibrationSweeps: number
  pilotSweeps: number
  /** Fixed sweeps between two samples; absent: from τ (see the header). */
  spacing?: number
  maxSpacing: number
  /** Flip each stored configuration as a whole with probability ½ (default: when B = 0). */
  symmetrize?: boolean
  /** All temperatures at once as a replica-exchange ladder (datasetReplicas.ts). */
  replicaExchange?: boolean
  swapEvery?: number
}

/** The pilot is extended up to this many times its asked length while τ has not converged. */
export const MAX_PILOT_FACTOR = 16

/** The sampling rule: one configuration every max(1, ⌈2τ⌉) sweeps, at most maxSpacing. */
export function spacingFromTau(tau: number, maxSpacing: number): number {
  return Math.min(maxSpacing, Math.max(1, Math.ceil(2 * tau)))
}

export function datasetTemperatures(p: Pick<DatasetParams, 'temperatures' | 'range'>): number[] {
  if (p.temperatures) return [...p.temperatures]
  if (!p.range) throw new Error('give a temperature range or a list of temperatures')
  const { Tmin, Tmax, points } = p.range
  return points === 1 ? [Tmin] : Array.from({ length: points }, (_, i) => Tmin + ((Tmax - Tmin) * i) / (points - 1))
}

export interface TauEstimate {
  tauInt: number
  converged: boolean
}

/** τ_int of a series: the larger of Sokal's window and the binning estimate, converged when both are. */
export function estimateTau(x: Float64Array): TauEstimate {
  const w = tauIntWindowed(x)
  const b = binningAnalysis(x)
  return { tauInt: Math.max(w.tauInt, b.tauInt), converged: w.converged && b.converged }
}

function checkParams(p: DatasetParams, temps: number[]): void {
  const int = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min} (got ${v})`)
  }
  int('L', p.L, 2)
  int('samples', p.samples, 1)
  int('equilibrationSweeps', p.equilibrationSweeps, 0)
  int('pilotSweeps', p.pilotSweeps, 2)
  int('maxSpacing', p.maxSpacing, 1)
  if (p.spacing !== undefined) int('spacing', p.spacing, 1)
  if (temps.length === 0) throw new Error('no temperatures')
  if (p.symmetrize && p.B !== 0) throw new Error('symmetrize needs B = 0: σ → −σ changes the field energy −BΣσ')
}

export interface IsingDatasetResult {
  L: number
  /** Configurations stored (fewer than asked when stopped). */
  count: number
  temperatures: number
  algorithm: IsingAlgorithm
  symmetrized: boolean
  stopped: boolean
  /** Sweeps between two samples, smallest and largest over the temperatures done. */
  minSpacing: number | null
  maxSpacingUsed: number | null
  format: typeof ISING_DATASET_FORMAT
  /** With replica exchange: the swap acceptance of each neighbouring pair, and the round-trip time (sweeps). */
  replicaExchange?: true
  swapAcceptance?: number[]
  roundTripTime?: number
}

/**
 * `temperatureIndices`: run only these temperatures of the list (increasing indices; all by
 * default). The artifacts then hold those temperatures' samples, in that order.
 */
export function runIsingDataset(params: DatasetParams, ctx: JobContext, temperatureIndices?: readonly number[]): IsingDatasetResult {
  const temps = datasetTemperatures(params)
  checkParams(params, temps)
  const indices = temperatureIndices ?? temps.map((_, k) => k)
  if (indices.some((k, i) => !Number.isInteger(k) || k < 0 || k >= temps.length || (i > 0 && k <= indices[i - 1])))
    throw new Error(`temperature indices must increase within 0…${temps.length - 1}`)
  if (params.replicaExchange) {
    if (indices.length !== temps.length) throw new Error('replica exchange runs every temperature as one ladder: it cannot run a part of them')
    return runIsingDatasetReplicas(params, ctx)
  }
  const { L, J, B, algorithm, samples } = params
  const N = L * L
  const symmetrize = params.symmetrize ?? B === 0
  const start: IsingStart = params.start === 'auto' ? (B < 0 ? 'down' : 'up') : params.start
  const nT = indices.length
  const spins = new Int8Array(nT * samples * N)
  const Ts = new Float64Array(nT * samples)
  const Es = new Float64Array(nT * samples)
  const ms = new Float64Array(nT * samples)
  const info = { temperatures: [] as number[], counts: [] as number[], spacing: [] as number[], tau: [] as number[], tauE: [] as number[] }
  let count = 0
  let stopped = false
  let reported = 0

  temperatures: for (let at = 0; at < nT; at++) {
    const ti = indices[at]
    const T = temps[ti]
    const sim = createIsingSim({ L, T, J, B }, { algorithm, start, rng: ctx.rng.fork(2 * ti) })
    const coin = ctx.rng.fork(2 * ti + 1)
    const clock = sweepClock(sim)
    let done = 0
    let planned = params.equilibrationSweeps + params.pilotSweeps + samples * (params.spacing ?? 1)
    // One sweep with its bookkeeping; false when the user asked to stop.
    const tick = (advance: () => void, phase: string): boolean => {
      if (ctx.checkpoint() === 'stop') return false
      advance()
      done++
      if (ctx.frameDue()) ctx.frame(sim.spins(), { L, T, phase })
      if ((done & 63) === 0) {
        // monotone: the plan grows once the spacing is known
        reported = Math.max(reported, (at + Math.min(1, done / planned)) / nT)
        ctx.progress(reported, `T = ${T.toFixed(4)}: ${phase}`)
      }
      return true
    }

    const nEq = params.equilibrationSweeps
    for (let s = 0; s < nEq; s++) {
      if (!tick(() => clock.equilibrate(s >= Math.floor(nEq / 2)), 'equilibrating')) {
        stopped = true
        break temperatures
      }
    }

    // Pilot: |m| and e every sweep, extended while τ has not converged.
    let absM = new Float64Array(params.pilotSweeps)
    let e = new Float64Array(params.pilotSweeps)
    let n = 0
    let tauM: TauEstimate
    let tauE: TauEstimate
    for (;;) {
      while (n < absM.length) {
        if (!tick(() => clock.sweep(), 'pilot')) {
          stopped = true
          break temperatures
        }
        absM[n] = Math.abs(sim.magnetization()) / N
        e[n] = sim.energy() / N
        n++
      }
      tauM = estimateTau(absM)
      tauE = estimateTau(e)
      const converged = tauM.converged && tauE.converged
      if (converged || params.spacing !== undefined || n >= MAX_PILOT_FACTOR * params.pilotSweeps) break
      const grow = (a: Float64Array) => {
        const b = new Float64Array(2 * a.length)
        b.set(a)
        return b
      }
      absM = grow(absM)
      e = grow(e)
      planned += n
    }
    const tau = Math.max(tauM.tauInt, tauE.tauInt)
    const spacing = params.spacing ?? spacingFromTau(tau, params.maxSpacing)
    if (!(tauM.converged && tauE.converged))
      ctx.log(`T = ${T}: the pilot (${n} sweeps) is short for τ_int ≈ ${tau.toFixed(1)} sweeps; τ and the spacing may be underestimated`)
    if (params.spacing === undefined && spacing < Math.ceil(2 * tau))
      ctx.log(`T = ${T}: spacing capped at maxSpacing = ${params.maxSpacing} sweeps, below 2τ_int ≈ ${(2 * tau).toFixed(0)}: samples are correlated`)
    if (params.spacing !== undefined && params.spacing < 2 * tau)
      ctx.log(`T = ${T}: the fixed spacing ${params.spacing} is below 2τ_int ≈ ${(2 * tau).toFixed(1)} sweeps: samples are correlated`)
    planned = nEq + n + samples * spacing

    info.temperatures.push(T)
    info.spacing.push(spacing)
    info.tau.push(tauM.tauInt)
    info.tauE.push(tauE.tauInt)
    info.counts.push(0)
    let kept = 0
    let sumAbsM = 0
    let sumE = 0
    sampling: for (let k = 0; k < samples; k++) {
      for (let s = 0; s < spacing; s++) {
        if (!tick(() => clock.sweep(), 'sampling')) {
          stopped = true
          break sampling
        }
      }
      const sign = symmetrize && coin.uniform() < 0.5 ? -1 : 1
      const config = sim.spins()
      const o = count * N
      for (let j = 0; j < N; j++) spins[o + j] = sign * config[j]
      Ts[count] = T
      // σ → −σ at B = 0 keeps E and reverses M
      Es[count] = sim.energy() / N
      ms[count] = (sign * sim.magnetization()) / N
      sumAbsM += Math.abs(ms[count])
      sumE += Es[count]
      count++
      kept++
      info.counts[info.counts.length - 1] = kept
    }
    // Check on the rule: τ_int of |m| along the kept samples, in samples (½ when independent;
    // ≈ 0.65 for an exponential decay sampled every 2τ).
    const keptAbsM = ms.subarray(count - kept, count).map(Math.abs)
    const tauSamples = kept > 1 ? tauIntWindowed(keptAbsM).tauInt : 0.5
    if (kept >= 100 && tauSamples > 1.5)
      ctx.log(`T = ${T}: the kept samples are still correlated (τ_int ≈ ${tauSamples.toFixed(1)} samples); a longer pilot or a fixed spacing would help`)
    ctx.emit(ti, { T, tauAbsM: tauM.tauInt, tauE: tauE.tauInt, spacing, samples: kept, absM: kept ? sumAbsM / kept : NaN, e: kept ? sumE / kept : NaN, pilotSweeps: n, tauSamples })
    if (stopped) break
  }
  ctx.progress(1)

  const artifacts = encodeIsingDataset({
    L,
    spins: spins.subarray(0, count * N),
    T: Ts.subarray(0, count),
    E: Es.subarray(0, count),
    m: ms.subarray(0, count),
    meta: { J, B, ...info, algorithm, symmetrized: symmetrize, samplesAsked: samples, spacingRule: params.spacing === undefined ? 'max(1, ceil(2·max(τ_|m|, τ_E))), capped at maxSpacing' : 'fixed' }
  })
  for (const a of artifacts) ctx.artifact(a.name, a.data, a.meta)
  return {
    L,
    count,
    temperatures: info.temperatures.length,
    algorithm,
    symmetrized: symmetrize,
    stopped,
    minSpacing: info.spacing.length ? Math.min(...info.spacing) : null,
    maxSpacingUsed: info.spacing.length ? Math.max(...info.spacing) : null,
    format: ISING_DATASET_FORMAT
  }
}

/**
 * What a dataset run holds: the configurations with their T, E, m (and the copies made of
 * them for the artifacts: picked in storage order, then the host's), the pilot's two series
 * (doubled up to 16× pilotSweeps while τ has not converged: the last doubling holds 8× and
 * 16× at once), per replica with replica exchange, and the lattices.
 */
export function isingDatasetMemory(p: DatasetParams): MemoryTerms {
  const nT = datasetTemperatures(p).length
  const N = p.L * p.L
  const replicas = p.replicaExchange ? nT : 1
  const pilotLength = p.spacing === undefined ? 1.5 * MAX_PILOT_FACTOR * p.pilotSweeps : p.pilotSweeps
  return {
    configurations: 3 * nT * p.samples * (N + 3 * F64),
    'pilot series': replicas * 2 * F64 * pilotLength,
    // one sim per temperature in turn (the last one not yet collected), or the whole ladder
    lattices: (p.replicaExchange ? nT : 2) * simBytes(p.L, p.algorithm) + latticeCopiesBytes(p.L)
  }
}
