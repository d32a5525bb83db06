// The temperature sweep as a composite job: one task per (L, T). Without carry every point
// is independent and the pool runs them in parallel; with carry each size is one chain
// that walks the temperatures in order, each point starting from the previous lattice.

import { createRng } from '../../../engine/rng'
import { runSweepPoint, type SweepPointParams, type SweepPointResult } from '../../../engine/ising/sweepPoint'
import { isingSweep, sweepTemperatures, type IsingSweepParams } from '../../../shared/kinds/isingSweep'
import { defineBinding, defineTask } from '../binding'
import type { CompositePlan, CompositeTally, SubTask } from '../composite'
import type { SpecResult } from '../../../shared/kinds/define'

/** What a carried point starts from: the previous point's final lattice. */
interface Carried {
  lattice?: Int8Array
}

/** One (L, T) point. */
const point = defineTask(isingSweep, 'point', (p: SweepPointParams, ctx, init: Carried | undefined): SweepPointResult =>
  runSweepPoint({ ...p, initial: init?.lattice }, ctx)
)

/** The observables a point's result gives its row: the kind's series but the coordinates L and T. */
const OBSERVABLES = isingSweep.series.filter((k) => k !== 'L' && k !== 'T')

/** The run's result without the tally every composite run adds. */
type Summary = Omit<SpecResult<typeof isingSweep>, keyof CompositeTally>

export function isingSweepPlan(p: IsingSweepParams, seed: number): CompositePlan<Summary, SweepPointParams, SweepPointResult, Carried> {
  const temps = sweepTemperatures(p)
  const seeds = createRng(seed)
  let index = 0
  const chains: SubTask<SweepPointParams>[][] = p.sizes.map((L) =>
    temps.map((T) => ({
      key: `L=${L}/T=${T.toFixed(4)}`,
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
    task: point,
    chains: p.carry ? chains : chains.flat().map((t) => [t]),
    ...(p.carry ? { carry: ({ artifacts }) => carried(artifacts.get('lattice')) } : {}),
    frameMeta: (t) => ({ T: t.params.T }),
    row: (t, r) => {
      const row: Record<string, number> = { L: t.params.L, T: t.params.T }
      for (const k of OBSERVABLES) {
        const v = r[k]
        if (typeof v === 'number') row[k] = v
      }
      return row
    },
    summarize: (rows) => ({ sizes: p.sizes, temperatures: temps.length, algorithm: p.algorithm, measured: rows.length })
  }
}

const carried = (lattice: unknown): Carried => (lattice instanceof Int8Array ? { lattice } : {})

export const isingSweepBinding = defineBinding(isingSweep, { plan: isingSweepPlan, tasks: [point] })
