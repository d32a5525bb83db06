// The temperature sweep as a composite job: one task per (L, T). Without carry every point
// is independent and the pool runs them in parallel; with carry each size is one chain
// that walks the temperatures in order, each point starting from the previous lattice.

import { createRng } from '../../../engine/rng'
import { isingSweep, sweepTemperatures, type IsingSweepParams } from '../../../shared/kinds/isingSweep'
import type { CompositePlan, SubTask } from '../composite'

/** The observables a point's result gives its row: the kind's series but the coordinates L and T. */
const SERIES = isingSweep.series.filter((k) => k !== 'L' && k !== 'T')

export function isingSweepPlan(p: IsingSweepParams, seed: number): CompositePlan {
  const temps = sweepTemperatures(p)
  const seeds = createRng(seed)
  let index = 0
  const chains: SubTask[][] = p.sizes.map((L) =>
    temps.map((T) => ({
      key: `L=${L}/T=${T.toFixed(4)}`,
      kind: 'ising.point',
      index: index++,
      seed: seeds.nextU32(),
      params: {
        L,
        T,
        J: p.J,
        B: p.B,
        algorithm: p.algorithm,
        start: p.start,
        equilibrationSweeps: p.equilibrationSweeps,
        measurementSweeps: p.measurementSweeps,
        measureEvery: p.measureEvery
      }
    }))
  )
  return {
    chains: p.carry ? chains : chains.flat().map((t) => [t]),
    carry: p.carry ? ({ artifacts }) => ({ lattice: artifacts.get('lattice') }) : undefined,
    frameMeta: (t) => ({ T: (t.params as { T: number }).T }),
    row: (t, r) => {
      const { L, T } = t.params as { L: number; T: number }
      const row: Record<string, number> = { L, T }
      for (const k of SERIES) if (typeof r[k] === 'number') row[k] = r[k] as number
      return row
    },
    summarize: (rows) => ({ sizes: p.sizes, temperatures: temps.length, algorithm: p.algorithm, measured: rows.length })
  }
}
