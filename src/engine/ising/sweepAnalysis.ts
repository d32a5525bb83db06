// Everything a sweep's stored samples give beyond its points, in one pass (the renderer runs
// it in a web worker, the bench script directly): per lattice size the multiple-histogram
// curves (reweighting.ts) on one common temperature grid; the Binder and ξ/L crossings; the
// peaks of C and χ with the finite-size fits of χ_max and T_max; ⟨|m|⟩ at Onsager's Tc and its
// power law (finiteSize.ts). Pure: stored samples in, numbers out.

import { criticalTemperature } from './exact'
import { peakScaling, ratioCrossings, valueScaling, type CrossingEstimate, type PeakScaling } from './finiteSize'
import { REWEIGHTED, reweightCurves, temperatureGrid, type Reweighted, type ReweightedCurve, type StoredSamples } from './reweighting'

export interface SweepAnalysis {
  curves: ReweightedCurve[]
  binder: CrossingEstimate | null
  xiOverL: CrossingEstimate | null
  chi: PeakScaling | null
  C: PeakScaling | null
  /** ⟨|m|⟩ at Onsager's Tc per size and −β/ν from its power law. */
  magnetizationAtTc: ReturnType<typeof valueScaling> | null
  /** Onsager's Tc for the sweep's J (where ⟨|m|⟩ is read). */
  exactTc: number
}

export interface AnalysisOptions {
  gridPoints?: number
  blocks?: number
  coverage?: number
}

/** Points grouped by L; sizes with fewer than 1 point are skipped. J and B must be the same for all. */
export function analyzeSweep(points: StoredSamples[], opts: AnalysisOptions = {}): SweepAnalysis {
  const J = points[0]?.J ?? 1
  const B = points[0]?.B ?? 0
  const exactTc = criticalTemperature(J)
  if (points.length === 0) return { curves: [], binder: null, xiOverL: null, chi: null, C: null, magnetizationAtTc: null, exactTc }
  const lo = Math.min(...points.map((p) => p.T))
  const hi = Math.max(...points.map((p) => p.T))
  const grid = temperatureGrid(lo, hi, opts.gridPoints ?? 401)
  const bySize = new Map<number, StoredSamples[]>()
  for (const p of points) bySize.set(p.L, [...(bySize.get(p.L) ?? []), p])
  const curves = [...bySize.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([, ps]) => reweightCurves(ps, grid, { blocks: opts.blocks, coverage: opts.coverage }))
  const several = curves.length >= 2
  return {
    curves,
    binder: several ? ratioCrossings(curves, 'U4') : null,
    xiOverL: several ? ratioCrossings(curves, 'xiOverL') : null,
    chi: peakScaling(curves, 'chi'),
    C: peakScaling(curves, 'C'),
    magnetizationAtTc: B === 0 && J > 0 ? valueScaling(curves, 'absM', exactTc) : null,
    exactTc
  }
}

/** One point's single-histogram curve, only where its own histogram reaches. */
export interface PointCurve {
  L: number
  /** The measured temperature. */
  T0: number
  T: Float64Array
  value: Record<Reweighted, Float64Array>
  error: Record<Reweighted, Float64Array>
}

/** Ferrenberg–Swendsen single-histogram curves of every point on its own (reweighting.ts with one run). */
export function singleHistogramCurves(points: StoredSamples[], opts: AnalysisOptions = {}): PointCurve[] {
  if (points.length === 0) return []
  const lo = Math.min(...points.map((p) => p.T))
  const hi = Math.max(...points.map((p) => p.T))
  const spread = Math.max(0.05, 0.25 * (hi - lo))
  const grid = temperatureGrid(Math.max(1e-3, lo - spread), hi + spread, opts.gridPoints ?? 401)
  return points.map((p) => {
    const c = reweightCurves([p], grid, { blocks: opts.blocks, coverage: opts.coverage })
    const keep = [...c.T.keys()].filter((i) => c.covered[i])
    const pick = (a: Float64Array) => Float64Array.from(keep, (i) => a[i])
    return {
      L: p.L,
      T0: p.T,
      T: pick(c.T),
      value: Object.fromEntries(REWEIGHTED.map((q) => [q, pick(c.value[q])])) as Record<Reweighted, Float64Array>,
      error: Object.fromEntries(REWEIGHTED.map((q) => [q, pick(c.error[q])])) as Record<Reweighted, Float64Array>
    }
  })
}
