// One temperature point of a temperature sweep: equilibrate an L×L lattice at (T, J, B),
// then measure e, m, |m|, m², m⁴, ξ and G(r) and derive ⟨e⟩, ⟨|m|⟩, χ, C, U4 with error bars,
// τ_int and the trust diagnoses (pointRecorder.ts). The sweep job runs many of these in
// parallel, one per worker.
//
// Time unit: the sweep. Metropolis and heat-bath: one sim.step() = N attempted updates.
// Wolff: one sweep-equivalent = k = N/⟨cluster size⟩ cluster steps (a real number, spread
// over sweeps by a fixed schedule: sweep j takes ⌊(j+1)k⌋ − ⌊jk⌋ ≥ 1 clusters), so that on
// average N spins are flipped per sweep; this puts the algorithms on the same work axis
// and makes τ_int comparable between them (in sweeps). k is fixed for the whole measurement
// phase from the cluster sizes of the second half of the equilibration (a pilot
// sweep-equivalent is run when equilibrationSweeps = 0). It must not be decided on the fly
// ("flip clusters until N spins have flipped, then measure"): that stopping rule picks the
// measurement times by the size of the last cluster, which favours states that grow large
// clusters — the inspection paradox — and biases ⟨e⟩ low (seen: 28σ at L = 32, Tc).
// During equilibration that rule is harmless and is what is used.

import type { JobContext } from '../job'
import { createIsingSim, latticeCopiesBytes, simBytes } from './simulation'
import type { MemoryTerms } from '../memory'
import { sweepClock } from './sweepClock'
import { createPointRecorder, pointRecorderBytes } from './pointRecorder'
import type { IsingAlgorithm, IsingStart } from './types'

export interface SweepPointParams {
  L: number
  T: number
  J: number
  B: number
  algorithm: IsingAlgorithm
  start: IsingStart
  equilibrationSweeps: number
  measurementSweeps: number
  /** Sweeps between two measurements (default 1). */
  measureEvery?: number
  /** Start from this lattice (e.g. the previous temperature's final state). */
  initial?: Int8Array
  /** At most this many rows are emitted to the run's series (default 2000; decimated). */
  maxRows?: number
  /** (E, M) samples kept for histogram reweighting (default pointRecorder's; 0: none). */
  keepSamples?: number
}

export type SweepPointResult = {
  L: number
  T: number
  J: number
  B: number
  algorithm: IsingAlgorithm
  equilibrationSweeps: number
  /** Measurement-phase sweeps actually done (fewer than asked when stopped early). */
  measurementSweeps: number
  measureEvery: number
  /** Wolff only: cluster steps per sweep-equivalent in the measurement phase, and the mean
   *  cluster size there (0 for the other algorithms). */
  clustersPerSweep: number
  meanClusterSize: number
  stopped: boolean
} & Record<string, number | boolean | string>

export function runSweepPoint(params: SweepPointParams, ctx: JobContext): SweepPointResult {
  const { L, T, J, B, algorithm, start } = params
  const measureEvery = params.measureEvery ?? 1
  const nEq = params.equilibrationSweeps
  const nMeas = params.measurementSweeps
  for (const [name, v] of [
    ['equilibrationSweeps', nEq],
    ['measurementSweeps', nMeas]
  ] as const)
    if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be an integer ≥ 0 (got ${v})`)
  if (!Number.isInteger(measureEvery) || measureEvery < 1) throw new Error(`measureEvery must be an integer ≥ 1 (got ${measureEvery})`)

  const sim = createIsingSim({ L, T, J, B }, { algorithm, start, rng: ctx.rng, initial: params.initial })
  const N = sim.N
  const clock = sweepClock(sim)

  const total = nEq + nMeas
  const emitEvery = Math.max(1, Math.ceil(total / Math.max(1, params.maxRows ?? 2000)))
  const progressEvery = Math.max(1, Math.floor(total / 1000))
  const rec = createPointRecorder({ L, T, J, B, planned: Math.floor(nMeas / measureEvery), keepSamples: params.keepSamples })
  let done = 0
  let measured = 0
  let stopped = false

  for (let s = 0; s < total; s++) {
    // A sweep point runs at fixed (T, J, B): control updates are not applied, only 'stop'.
    if (ctx.checkpoint() === 'stop') {
      stopped = true
      break
    }
    const measuring = s >= nEq
    if (measuring) clock.sweep()
    else clock.equilibrate(s >= Math.floor(nEq / 2))
    done++
    if (measuring && (s - nEq + 1) % measureEvery === 0) {
      rec.measure(sim)
    }
    if (measuring) measured++
    if (done % emitEvery === 0) {
      const E = sim.energy()
      const M = sim.magnetization()
      ctx.emit(done, { e: E / N, m: M / N, absM: Math.abs(M) / N, equilibrating: measuring ? 0 : 1 })
    }
    if (ctx.frameDue()) ctx.frame(sim.spins(), { L, T, sweep: done })
    if (done % progressEvery === 0) ctx.progress(done / total, measuring ? 'measuring' : 'equilibrating')
  }
  ctx.progress(1)
  ctx.artifact('lattice', sim.spins(), { L, T })

  const observables = rec.finish(ctx)
  return {
    ...observables,
    L,
    T,
    J,
    B,
    algorithm,
    equilibrationSweeps: Math.min(done, nEq),
    measurementSweeps: measured,
    measureEvery,
    clustersPerSweep: clock.clustersPerSweep,
    meanClusterSize: clock.meanClusterSize,
    stopped
  }
}

/** What one point holds: its lattice (and the carried one it started from), its copies, and its recorder. */
export function sweepPointMemory(p: Pick<SweepPointParams, 'L' | 'algorithm' | 'measurementSweeps' | 'measureEvery' | 'keepSamples'>): MemoryTerms {
  const rec = pointRecorderBytes({ L: p.L, planned: Math.floor(p.measurementSweeps / (p.measureEvery ?? 1)), keepSamples: p.keepSamples })
  return { lattice: simBytes(p.L, p.algorithm) + p.L * p.L + latticeCopiesBytes(p.L), 'measurement series': rec.held + rec.analysis }
}
