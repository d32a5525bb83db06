// The temperature sweep as a composite job. Per point (the default): one task per (L, T);
// without carry every point is independent and the pool runs them in parallel, with carry
// each size is one chain that walks the temperatures in order, each point starting from the
// previous lattice. With replica exchange: one task per L that runs every temperature at
// once (src/engine/ising/replicaExchange.ts) and gives a row per temperature, at the step
// the per-point plan would give that (L, T), with its artifacts under the same names — so
// the run reads the same either way.

import { createRng } from '../../../engine/rng'
import { runSweepPoint, sweepPointMemory, type SweepPointParams, type SweepPointResult } from '../../../engine/ising/sweepPoint'
import { replicaExchangeMemory, runReplicaExchange, type ReplicaExchangeParams, type ReplicaExchangeResult } from '../../../engine/ising/replicaExchange'
import { isingSweep, sweepTemperatures, type IsingSweepParams } from '../../../shared/kinds/isingSweep'
import { defineBinding, defineTask } from '../binding'
import { unionArtifacts, type ShardPart } from '../shards'
import type { CompositePlan, CompositeTally, SubTask } from '../composite'
import type { SpecResult } from '../../../shared/kinds/define'

/** What a carried point starts from: the previous point's final lattice. */
interface Carried {
  lattice?: Int8Array
}

/** One (L, T) point. */
const point = defineTask(
  isingSweep,
  'point',
  (p: SweepPointParams, ctx, init: Carried | undefined): SweepPointResult => runSweepPoint({ ...p, initial: init?.lattice }, ctx),
  sweepPointMemory
)

/** Every temperature of one L, as one replica-exchange ladder. */
const replicas = defineTask(isingSweep, 'replicas', (p: ReplicaExchangeParams, ctx): ReplicaExchangeResult => runReplicaExchange(p, ctx), replicaExchangeMemory)

/** The run's result without the tally every composite run adds. */
type Summary = Omit<SpecResult<typeof isingSweep>, keyof CompositeTally>

/** What every task of a sweep runs with, whatever its plan: the model, the algorithm, the sweeps. */
function taskPhysics(p: IsingSweepParams) {
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
const OBSERVABLES = isingSweep.series.filter((k) => k !== 'L' && k !== 'T')

/** A sweep row from a point's result (a plain point, or one temperature of a replica-exchange run). */
function pointRow(L: number, T: number, r: Readonly<Record<string, unknown>>): Record<string, number> {
  const row: Record<string, number> = { L, T }
  for (const k of OBSERVABLES) {
    const v = r[k]
    if (typeof v === 'number') row[k] = v
    else if (typeof v === 'boolean') row[k] = v ? 1 : 0
  }
  return row
}

export function isingSweepPlan(p: IsingSweepParams, seed: number): CompositePlan<Summary, SweepPointParams, SweepPointResult, Carried> | CompositePlan<Summary, ReplicaExchangeParams, ReplicaExchangeResult> {
  return p.replicaExchange ? replicaSweepPlan(p, seed) : pointSweepPlan(p, seed)
}

export function pointSweepPlan(p: IsingSweepParams, seed: number): CompositePlan<Summary, SweepPointParams, SweepPointResult, Carried> {
  const temps = sweepTemperatures(p)
  const seeds = createRng(seed)
  let index = 0
  const chains: SubTask<SweepPointParams>[][] = p.sizes.map((L) =>
    temps.map((T) => ({ key: `L=${L}/T=${T.toFixed(4)}`, index: index++, seed: seeds.nextU32(), params: { L, T, ...taskPhysics(p) } }))
  )
  return {
    task: point,
    chains: p.carry ? chains : chains.flat().map((t) => [t]),
    ...(p.carry ? { carry: ({ artifacts }) => carried(artifacts.get('lattice')) } : {}),
    frameMeta: (t) => ({ T: t.params.T }),
    rows: (t, r) => [{ step: t.index, row: pointRow(t.params.L, t.params.T, r) }],
    summarize: (rows) => ({ sizes: p.sizes, temperatures: temps.length, algorithm: p.algorithm, measured: rows.length })
  }
}

export function replicaSweepPlan(p: IsingSweepParams, seed: number): CompositePlan<Summary, ReplicaExchangeParams, ReplicaExchangeResult> {
  const temps = sweepTemperatures(p)
  const seeds = createRng(seed)
  if (p.algorithm === 'wolff') throw new Error('replica exchange runs Metropolis or heat-bath within replicas') // refused by the schema
  const algorithm = p.algorithm
  const stepOf = (sizeIndex: number, T: number): number => sizeIndex * temps.length + temps.indexOf(T)
  const chains: SubTask<ReplicaExchangeParams>[][] = p.sizes.map((L, si) => [
    { key: `L=${L}`, index: si, seed: seeds.nextU32(), params: { L, temperatures: temps, ...taskPhysics(p), algorithm, swapEvery: p.swapEvery } }
  ])
  return {
    task: replicas,
    chains,
    rowsPerTask: temps.length,
    rows: (t, r) =>
      r.points.map((pt, k) => {
        const T = r.temperatures[k]
        const row = pointRow(t.params.L, T, pt)
        row.swapUp = k < r.swapAcceptance.length ? r.swapAcceptance[k] : Number.NaN
        row.roundTripTime = r.roundTripTime
        return { step: stepOf(t.index, T), row }
      }),
    summarize: (rows) => ({ sizes: p.sizes, temperatures: temps.length, algorithm: p.algorithm, replicaExchange: true, measured: rows.length })
  }
}

const carried = (lattice: unknown): Carried => (lattice instanceof Int8Array ? { lattice } : {})

/** Shards of a sweep (each a set of its chains): their points' artifacts side by side, their tallies added up. */
function mergeSweepShards(_p: IsingSweepParams, parts: readonly ShardPart[]) {
  const results = parts.map((x) => isingSweep.result.parse(x.result))
  const sum = (k: 'measured' | 'points' | 'pointsPlanned'): number => results.reduce((n, r) => n + r[k], 0)
  return {
    result: isingSweep.result.parse({
      ...results[0],
      measured: sum('measured'),
      points: sum('points'),
      pointsPlanned: sum('pointsPlanned'),
      stoppedEarly: results.some((r) => r.stoppedEarly)
    }),
    artifacts: unionArtifacts(parts)
  }
}

export const isingSweepBinding = defineBinding(isingSweep, { plan: isingSweepPlan, tasks: [point, replicas], shard: { merge: mergeSweepShards } })
