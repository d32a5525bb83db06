// The temperature sweep with replica exchange: one task per L that runs every temperature at
// once (src/engine/ising/replicaExchange.ts) and gives a row per temperature when it ends, at
// the step the per-point plan would give that (L, T), so the run reads the same either way.
// Its artifacts come named T=…/lattice etc. and are stored under the task's key L=…/, the
// same names the per-point plan gives them.

import { createRng } from '../../../engine/rng'
import { sweepTemperatures, type IsingSweepParams } from '../../../shared/kinds/isingSweep'
import type { CompositePlan } from '../composite'
import { pointRow, taskPhysics } from './sweepRow'

export function isingReplicaSweepPlan(p: IsingSweepParams, seed: number): CompositePlan {
  const temps = sweepTemperatures(p)
  const seeds = createRng(seed)
  const stepOf = (sizeIndex: number, T: number): number => sizeIndex * temps.length + temps.indexOf(T)
  const chains = p.sizes.map((L, si) => [
    {
      key: `L=${L}`,
      kind: 'ising.replicas',
      index: si,
      seed: seeds.nextU32(),
      params: {
        L,
        temperatures: temps,
        ...taskPhysics(p),
        swapEvery: p.swapEvery
      }
    }
  ])
  return {
    chains,
    rowsPlanned: temps.length * p.sizes.length,
    rows: (t, r) => {
      const si = t.index
      const points = (r.points ?? []) as Record<string, unknown>[]
      const rising = r.temperatures as number[]
      const acceptance = r.swapAcceptance as number[]
      return points.map((pt, k) => {
        const row = pointRow(p.sizes[si], pt)
        row.swapUp = k < acceptance.length ? acceptance[k] : Number.NaN
        row.roundTripTime = r.roundTripTime as number
        return { step: stepOf(si, rising[k]), row }
      })
    },
    summarize: (rows) => ({ sizes: p.sizes, temperatures: temps.length, algorithm: p.algorithm, replicaExchange: true, measured: rows.length })
  }
}
