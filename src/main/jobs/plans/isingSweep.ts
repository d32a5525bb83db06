// The temperature sweep as a composite job: one task per (L, T). Without carry every point
// is independent and the pool runs them in parallel; with carry each size is one chain
// that walks the temperatures in order, each point starting from the previous lattice. With
// replica exchange the plan is another one (isingReplicaSweep.ts).

import { createRng } from '../../../engine/rng'
import { sweepTemperatures, type IsingSweepParams } from '../../../shared/kinds/isingSweep'
import type { CompositePlan, SubTask } from '../composite'
import { isingReplicaSweepPlan } from './isingReplicaSweep'
import { pointRow, taskPhysics } from './sweepRow'

export function isingSweepPlan(p: IsingSweepParams, seed: number): CompositePlan {
  if (p.replicaExchange) return isingReplicaSweepPlan(p, seed)
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
        ...taskPhysics(p)
      }
    }))
  )
  return {
    chains: p.carry ? chains : chains.flat().map((t) => [t]),
    carry: p.carry ? ({ artifacts }) => ({ lattice: artifacts.get('lattice') }) : undefined,
    frameMeta: (t) => ({ T: (t.params as { T: number }).T }),
    rows: (t, r) => [{ step: t.index, row: pointRow((t.params as { L: number }).L, r) }],
    summarize: (rows) => ({ sizes: p.sizes, temperatures: temps.length, algorithm: p.algorithm, measured: rows.length })
  }
}
