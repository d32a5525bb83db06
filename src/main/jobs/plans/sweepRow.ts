import { isingSweep, type IsingSweepParams } from '../../../shared/kinds/isingSweep'

/** What every task of a sweep runs with, whatever its plan: the model, the algorithm, the sweeps. */
export function taskPhysics(p: IsingSweepParams) {
  return {
    J: p.J,
    B: p.B,
    algorithm: p.algorithm,
    start: p.start,
    equilibrationSweeps: p.equilibrationSweeps,
    measurementSweeps: p.measurementSweeps,
    measureEvery: p.measureEvery,
    keepSamples: p.keepSamples
  }
}

/** The observables a point's result gives its row: the kind's series but the coordinates L and T. */
const SERIES = isingSweep.series.filter((k) => k !== 'L' && k !== 'T')

/** A sweep row from a point's result (a plain point, or one temperature of a replica-exchange run). */
export function pointRow(L: number, r: Record<string, unknown>): Record<string, number> {
  const row: Record<string, number> = { L, T: r.T as number }
  for (const k of SERIES) if (typeof r[k] === 'number') row[k] = r[k] as number
  return row
}
