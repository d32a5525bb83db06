// Continuous curves of a sweep's observables between its measured temperatures, from the
// (Σσσ, M, f) samples each point stored (pointRecorder.ts) and the reweighting of
// ../stats/wham.ts: ⟨e⟩, C, ⟨|m|⟩, χ, U₄ and ξ/L on a fine temperature grid, per lattice
// size, with jackknife errors, and only where a measured energy histogram covers the
// reweighted ⟨E⟩ (within `coverage` of its standard deviation σ_E): outside, the samples say
// nothing and the curve is left out. The observables are the same functions of the
// reweighted moments as at a point (observables.ts).

import { binningAnalysis } from '../stats/binning'
import { foldRuns, histogramSet, reweightedMeans, solveWham, type HistogramRun } from '../stats/wham'
import { binderCumulant, secondMomentLength, specificHeat, susceptibility } from './observables'

/** What a sweep point stored for reweighting. */
export interface StoredSamples {
  L: number
  T: number
  J: number
  B: number
  /** [S₀, M₀, S₁, M₁, …]: bond sum and magnetization of each kept sample. */
  samples: Int32Array
  /** f = S(k_min)/N of each kept sample. */
  fourier: Float32Array
}

export const REWEIGHTED = ['e', 'C', 'absM', 'chi', 'U4', 'xiOverL'] as const
export type Reweighted = (typeof REWEIGHTED)[number]

export interface ReweightedCurve {
  L: number
  T: Float64Array
  /** 1 where a measured histogram covers the reweighted ⟨E⟩ (the curve is shown there only). */
  covered: Uint8Array
  value: Record<Reweighted, Float64Array>
  error: Record<Reweighted, Float64Array>
  /** Jackknife replicas: replicas[q][b][i] with block b left out. */
  replicas: Record<Reweighted, Float64Array[]>
  blocks: number
  /** The WHAM equations reached self-consistency (full set and every replica). */
  converged: boolean
}

export interface ReweightOptions {
  blocks?: number
  /** Covered within this many σ_E of some measured point's mean energy (default 1.5). */
  coverage?: number
}

/** Throws a readable message unless `p` is what a sweep point stores (the data come from the database). */
export function checkStoredSamples(p: StoredSamples): void {
  const where = `the stored samples of L = ${p.L}, T = ${p.T}`
  if (!Number.isInteger(p.L) || p.L < 2 || !(p.T > 0) || !Number.isFinite(p.J) || !Number.isFinite(p.B)) throw new Error(`${where} have no valid L, T, J, B`)
  if (!(p.samples instanceof Int32Array) || !(p.fourier instanceof Float32Array)) throw new Error(`${where} are not in the stored format`)
  if (p.samples.length % 2 !== 0 || p.fourier.length * 2 !== p.samples.length) throw new Error(`${where} are damaged: ${p.samples.length} numbers for ${p.fourier.length} samples`)
  if (p.fourier.length < 32) throw new Error(`${where} are too few (${p.fourier.length}) to reweight`)
  const N = p.L * p.L
  for (let s = 0; s < p.fourier.length; s++) {
    const S = p.samples[2 * s]
    const M = p.samples[2 * s + 1]
    if (Math.abs(S) > 2 * N || Math.abs(M) > N || (M + N) % 2 !== 0 || !(p.fourier[s] >= 0)) throw new Error(`${where} are damaged: sample ${s} is impossible on an ${p.L}×${p.L} lattice`)
  }
}

/** One histogram run per stored point; columns e, e², |m|, m², m⁴, f (per spin). */
function runOf(p: StoredSamples): HistogramRun {
  const N = p.L * p.L
  const n = p.samples.length >> 1
  const E = new Float64Array(n)
  const cols = Array.from({ length: 6 }, () => new Float64Array(n))
  for (let s = 0; s < n; s++) {
    const S = p.samples[2 * s]
    const M = p.samples[2 * s + 1]
    E[s] = -p.J * S - p.B * M
    const e = E[s] / N
    const m = M / N
    cols[0][s] = e
    cols[1][s] = e * e
    cols[2][s] = Math.abs(m)
    cols[3][s] = m * m
    cols[4][s] = m ** 4
    cols[5][s] = p.fourier[s]
  }
  // τ from binning: O(n) however long the series (Sokal's window is O(n·τ)).
  return { beta: 1 / p.T, energy: E, columns: cols, inefficiency: Math.max(1, 2 * binningAnalysis(E).tauInt) }
}

/** The observables from the reweighted moments [e, e², |m|, m², m⁴, f] at T. */
function observablesOf(mu: Float64Array, T: number, L: number): Record<Reweighted, number> {
  const N = L * L
  return {
    e: mu[0],
    C: specificHeat(mu[0], mu[1], T, N),
    absM: mu[2],
    chi: susceptibility(mu[2], mu[3], T, N),
    U4: binderCumulant(mu[3], mu[4]),
    xiOverL: secondMomentLength(mu[3], mu[5], L) / L
  }
}

const emptyRecord = (n: number): Record<Reweighted, Float64Array> =>
  Object.fromEntries(REWEIGHTED.map((q) => [q, new Float64Array(n)])) as Record<Reweighted, Float64Array>

/** Neighbouring points (in T) whose energy histograms are further apart than this many
 *  (σ₁ + σ₂) share no samples: WHAM cannot link their free energies, so they are solved apart. */
const OVERLAP = 1.5

/** Runs in rising T cut where neighbouring histograms stop overlapping. */
function overlapGroups(runs: HistogramRun[]): HistogramRun[][] {
  const stats = runs.map((r) => {
    let s1 = 0
    let s2 = 0
    for (let i = 0; i < r.energy.length; i++) {
      s1 += r.energy[i]
      s2 += r.energy[i] ** 2
    }
    const m = s1 / r.energy.length
    return { m, sd: Math.sqrt(Math.max(0, s2 / r.energy.length - m * m)) }
  })
  const order = runs.map((_, k) => k).sort((a, b) => runs[b].beta - runs[a].beta)
  const groups: HistogramRun[][] = []
  order.forEach((k, j) => {
    const prev = j > 0 ? order[j - 1] : -1
    if (prev >= 0 && Math.abs(stats[k].m - stats[prev].m) <= OVERLAP * (stats[k].sd + stats[prev].sd)) groups[groups.length - 1].push(runs[k])
    else groups.push([runs[k]])
  })
  return groups
}

interface GroupCurves {
  value: Record<Reweighted, Float64Array>
  replicas: Record<Reweighted, Float64Array[]>
  /** Distance of the reweighted ⟨E⟩ from the nearest run's mean, in that run's σ_E. */
  distance: Float64Array
  converged: boolean
}

/** WHAM on one overlapping group of runs, evaluated on every grid temperature. */
function reweightGroup(runs: HistogramRun[], T: Float64Array, L: number, blocks: number): GroupCurves {
  const table = foldRuns(runs, blocks)
  const G = T.length
  const full = histogramSet(table)
  const sol = solveWham(table.energies, table.betas, full)
  let converged = sol.converged
  const value = emptyRecord(G)
  const distance = new Float64Array(G)
  const N = L * L
  for (let i = 0; i < G; i++) {
    const mu = reweightedMeans(table.energies, full, sol.logD, 1 / T[i], 6)
    const o = observablesOf(mu, T[i], L)
    for (const q of REWEIGHTED) value[q][i] = o[q]
    let d = Infinity
    for (let k = 0; k < table.betas.length; k++) d = Math.min(d, Math.abs(mu[0] * N - table.meanE[k]) / Math.max(table.sdE[k], 1e-12))
    distance[i] = Number.isFinite(mu[0]) ? d : Infinity
  }
  const replicas = Object.fromEntries(REWEIGHTED.map((q) => [q, [] as Float64Array[]])) as Record<Reweighted, Float64Array[]>
  for (let b = 0; b < blocks; b++) {
    const h = histogramSet(table, b)
    const s = solveWham(table.energies, table.betas, h, { start: sol.f })
    converged &&= s.converged
    const rec = emptyRecord(G)
    for (let i = 0; i < G; i++) {
      const o = observablesOf(reweightedMeans(table.energies, h, s.logD, 1 / T[i], 6), T[i], L)
      for (const q of REWEIGHTED) rec[q][i] = o[q]
    }
    for (const q of REWEIGHTED) replicas[q].push(rec[q])
  }
  return { value, replicas, distance, converged }
}

/**
 * Multiple-histogram curves of one lattice size from its points (all at the same L, J, B),
 * on the temperatures `grid`. With a single point it is the single-histogram reweighting.
 * Points whose histograms do not overlap are reweighted in separate groups; each grid
 * temperature takes the group whose histograms reach it best.
 */
export function reweightCurves(points: StoredSamples[], grid: ArrayLike<number>, opts: ReweightOptions = {}): ReweightedCurve {
  if (points.length === 0) throw new Error('no points to reweight')
  const { L, J, B } = points[0]
  for (const p of points) checkStoredSamples(p)
  for (const p of points) if (p.L !== L || p.J !== J || p.B !== B) throw new Error('reweighting combines points of one L, J and B only')
  const blocks = opts.blocks ?? 16
  const coverage = opts.coverage ?? 1.5
  const T = Float64Array.from(grid)
  const G = T.length
  const parts = overlapGroups(points.map(runOf)).map((g) => reweightGroup(g, T, L, blocks))
  const value = emptyRecord(G)
  const covered = new Uint8Array(G)
  const replicas = Object.fromEntries(REWEIGHTED.map((q) => [q, Array.from({ length: blocks }, () => new Float64Array(G))])) as Record<Reweighted, Float64Array[]>
  for (let i = 0; i < G; i++) {
    let best = 0
    for (let g = 1; g < parts.length; g++) if (parts[g].distance[i] < parts[best].distance[i]) best = g
    const part = parts[best]
    covered[i] = part.distance[i] <= coverage ? 1 : 0
    for (const q of REWEIGHTED) {
      value[q][i] = part.value[q][i]
      for (let b = 0; b < blocks; b++) replicas[q][b][i] = part.replicas[q][b][i]
    }
  }
  const error = emptyRecord(G)
  for (const q of REWEIGHTED) error[q] = jackknifeSpread(replicas[q])
  return { L, T, covered, value, error, replicas, blocks, converged: parts.every((p) => p.converged) }
}

/** σ = √((B−1)/B Σ_b (x_b − x̄)²) per grid point. */
export function jackknifeSpread(reps: Float64Array[]): Float64Array {
  const B = reps.length
  const n = reps[0]?.length ?? 0
  const out = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let m = 0
    for (const r of reps) m += r[i]
    m /= B
    let ss = 0
    for (const r of reps) ss += (r[i] - m) ** 2
    out[i] = Math.sqrt(((B - 1) / B) * ss)
  }
  return out
}

/** A grid over [lo, hi] with `n` points. */
export function temperatureGrid(lo: number, hi: number, n = 241): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => (n === 1 ? lo : lo + ((hi - lo) * i) / (n - 1)))
}
