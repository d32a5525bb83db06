// What is measured at one equilibrium point (L, T, J, B), whichever chain visits it: a plain
// sweep point (sweepPoint.ts) or one temperature of a replica-exchange run
// (replicaExchange.ts). Per measurement: E and M (observables.ts). Every `stride`-th
// measurement a sample (Σσσ, M, f = S(k_min)/N): the correlation length comes from these
// and they are kept for histogram reweighting (reweighting.ts). A few hundred times per
// point, G(r) (correlation.ts). f and G need the unpacked lattice, O(N) and O(N·L) a time:
// measured every sweep they would cost more than a multispin sweep, so they are thinned
// (the samples to `keepSamples`, G(r) to about (measurements)/2L times).
// At the end: the observables with their error bars and per-observable convergence, the
// tunnelling diagnosis (tunnelling.ts), and the artifacts:
//   samples      Int32Array [S₀, M₀, S₁, M₁, …], S = Σ<ij>σiσj (so E = −J S − B M exactly)
//   fourier      Float32Array [f₀, f₁, …], aligned with the samples
//   correlation  Float64Array [G(0) … G(L/2), σ_G(0) … σ_G(L/2)] (errors from 16 blocks)

import type { JobContext } from '../job'
import { addAxisCorrelation, lowestModeStructureFactor, lowestModeTable } from './correlation'
import { accumulatorBytes, createObservableAccumulator, deriveObservables, flattenObservables, OBSERVABLE_KEYS } from './observables'
import { diagnoseTunnelling } from './tunnelling'
import type { IsingSim } from './types'

/** Kept samples per point when the caller does not say (enough for reweighting, ~60 kB). */
export const DEFAULT_KEPT_SAMPLES = 5000
/** At most this many G(r) measurements per point (and at least 16, for its error bars). */
const MAX_CORRELATION_MEASUREMENTS = 1000
const CORRELATION_BLOCKS = 16

export interface PointRecorder {
  measure(sim: IsingSim): void
  readonly count: number
  /** Observables, diagnoses and artifacts (through ctx.artifact, under `prefix`). */
  finish(ctx: Pick<JobContext, 'artifact' | 'log'>, prefix?: string): Record<string, number | boolean>
}

export interface PointRecorderOptions {
  L: number
  T: number
  J: number
  B: number
  /** Measurements planned (sets the sample stride and the G(r) schedule). */
  planned: number
  /** Samples kept for reweighting (0: none kept, ξ still from DEFAULT_KEPT_SAMPLES measurements). */
  keepSamples?: number
}

/** Measurements between two kept samples, and how many are kept. */
function sampling(o: Pick<PointRecorderOptions, 'planned' | 'keepSamples'>): { planned: number; keep: number; stride: number; capacity: number } {
  const planned = Math.max(1, o.planned)
  const keep = o.keepSamples ?? DEFAULT_KEPT_SAMPLES
  const stride = Math.ceil(planned / (keep > 0 ? keep : DEFAULT_KEPT_SAMPLES))
  return { planned, keep, stride, capacity: Math.ceil(planned / stride) }
}

/**
 * Bytes a recorder holds while it measures (`held`) and adds while it finishes (`analysis`):
 * the accumulator's series; per kept sample Σσσ and M (Int32), f (Float32), m² and f
 * (Float64), 28 bytes, then their artifacts and the host's copies of them (24) and the
 * binning of m² and f (8). G(r) is a few hundred numbers.
 */
export function pointRecorderBytes(o: Pick<PointRecorderOptions, 'L' | 'planned' | 'keepSamples'>): { held: number; analysis: number } {
  const { planned, capacity } = sampling(o)
  const acc = accumulatorBytes(planned)
  const correlation = (CORRELATION_BLOCKS + 5) * (o.L + 2) * 8
  return { held: acc.held + 28 * capacity + correlation, analysis: acc.analysis + 32 * capacity }
}

export function createPointRecorder(o: PointRecorderOptions): PointRecorder {
  const { L, T, J, B } = o
  const N = L * L
  const { planned, keep, stride, capacity } = sampling(o)
  const acc = createObservableAccumulator(planned + 1)
  const table = lowestModeTable(L)
  const scratch = new Float64Array(2 * L)
  const samples = new Int32Array(2 * capacity)
  const fourier = new Float32Array(capacity)
  const m2s = new Float64Array(capacity)
  const fs = new Float64Array(capacity)
  let kept = 0
  // G(r): `gCount` measurements spread evenly, accumulated per block for the error bars.
  const rMax = L >> 1
  const gCount = Math.max(1, Math.min(planned, MAX_CORRELATION_MEASUREMENTS, Math.max(CORRELATION_BLOCKS, Math.floor(planned / (2 * L)))))
  const gEvery = Math.max(1, Math.floor(planned / gCount))
  const gBlocks = new Float64Array(CORRELATION_BLOCKS * (rMax + 1))
  const gInBlock = new Int32Array(CORRELATION_BLOCKS)
  const gOne = new Float64Array(rMax + 1)
  let gDone = 0

  return {
    measure(sim) {
      const E = sim.energy()
      const M = sim.magnetization()
      const i = acc.count
      acc.push(E, M, N)
      const sampled = i % stride === 0 && kept < capacity
      const correlated = i % gEvery === 0 && gDone < gCount
      if (!sampled && !correlated) return
      const spins = sim.spins()
      if (sampled) {
        const f = lowestModeStructureFactor(spins, L, table, scratch)
        samples[2 * kept] = J !== 0 ? Math.round(-(E + B * M) / J) : 0
        samples[2 * kept + 1] = M
        fourier[kept] = f
        m2s[kept] = (M / N) ** 2
        fs[kept] = f
        kept++
      }
      if (correlated) {
        gOne.fill(0)
        addAxisCorrelation(spins, L, gOne)
        const b = Math.min(CORRELATION_BLOCKS - 1, Math.floor((gDone * CORRELATION_BLOCKS) / gCount))
        for (let r = 0; r <= rMax; r++) gBlocks[b * (rMax + 1) + r] += gOne[r]
        gInBlock[b]++
        gDone++
      }
    },
    get count() {
      return acc.count
    },
    finish(ctx, prefix = '') {
      if (acc.count < 2) return { n: acc.count }
      const o = deriveObservables(acc, T, N, { correlation: { m2: m2s.subarray(0, kept), f: fs.subarray(0, kept) } })
      const flat = flattenObservables(o)
      const t = diagnoseTunnelling(acc.mSample(), N, B, T, o.m.error)
      // Only ⟨m⟩ depends on the basin at B = 0; at B ≠ 0 everything does (tunnelling.ts).
      if (t.flagged) for (const k of OBSERVABLE_KEYS) if (k === 'm' || B !== 0) flat[k + 'Converged'] = 0
      flat.tunnellings = t.changes
      flat.tunnellingFlag = t.flagged ? 1 : 0
      if (t.flagged)
        ctx.log(
          `T = ${T}: m changed sign ${t.changes} time(s); the other basin should hold ${(100 * t.otherBasinWeight).toFixed(1)} % of the weight, so ⟨m⟩${B !== 0 ? ' and every other observable' : ''} may be off by up to ${t.stuckBias.toFixed(3)}: use replica exchange or a longer run`
        )
      if (o.converged === false)
        ctx.log(`T = ${T}: the run is short for its autocorrelation time (τ_int ≈ ${o.tauIntAbsM.toFixed(1)} measurements); error bars may be too small`)
      if (kept > 0 && keep > 0) {
        const meta = { L, T, J, B, stride, count: kept }
        ctx.artifact(`${prefix}samples`, samples.slice(0, 2 * kept), meta)
        ctx.artifact(`${prefix}fourier`, fourier.slice(0, kept), meta)
      }
      if (gDone > 0) ctx.artifact(`${prefix}correlation`, correlationWithErrors(gBlocks, gInBlock, rMax), { L, T, rMax, measurements: gDone })
      return flat
    }
  }
}

/** Mean G(r) over the measurements and its error from the spread of the block means. */
function correlationWithErrors(blocks: Float64Array, counts: Int32Array, rMax: number): Float64Array {
  const out = new Float64Array(2 * (rMax + 1))
  const used = [...counts.keys()].filter((b) => counts[b] > 0)
  for (let r = 0; r <= rMax; r++) {
    let total = 0
    let n = 0
    for (const b of used) {
      total += blocks[b * (rMax + 1) + r]
      n += counts[b]
    }
    const mean = total / n
    let ss = 0
    for (const b of used) ss += (blocks[b * (rMax + 1) + r] / counts[b] - mean) ** 2
    out[r] = mean
    out[rMax + 1 + r] = used.length > 1 ? Math.sqrt(ss / (used.length * (used.length - 1))) : Number.NaN
  }
  return out
}
