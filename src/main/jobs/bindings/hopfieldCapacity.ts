import { hopfieldCapacity, hopfieldRules, type HopfieldCapacityParams } from '../../../shared/kinds/hopfield'
import { alphaList, hopfieldCapacityMemory, runHopfieldCapacity } from '../../../engine/hopfield/capacityJob'
import { defineBinding, type ShardInit } from '../binding'
import { interleave, type ShardPart } from '../shards'

/** Shards of a capacity experiment (each a set of loads α): every per-load list in the order of the loads. */
function mergeCapacityShards(_p: HopfieldCapacityParams, parts: readonly ShardPart[]) {
  const results = parts.map((x) => hopfieldCapacity.result.parse(x.result))
  const byLoad = <T>(list: (r: (typeof results)[number]) => readonly T[]): T[] => interleave(parts, (_, i) => list(results[i]))
  const perRule = (key: 'fixedFraction' | 'meanOverlap' | 'bitErrorRate') =>
    Object.fromEntries(hopfieldRules.filter((r) => results[0][key][r] !== undefined).map((r) => [r, byLoad((x) => x[key][r] ?? [])]))
  return {
    result: hopfieldCapacity.result.parse({
      ...results[0],
      alphas: byLoad((r) => r.alphas),
      p: byLoad((r) => r.p),
      bitErrorTheory: byLoad((r) => r.bitErrorTheory),
      trialsDone: byLoad((r) => r.trialsDone),
      fixedFraction: perRule('fixedFraction'),
      meanOverlap: perRule('meanOverlap'),
      bitErrorRate: perRule('bitErrorRate'),
      stopped: results.some((r) => r.stopped)
    }),
    artifacts: []
  }
}

export const hopfieldCapacityBinding = defineBinding(hopfieldCapacity, {
  run: (p, ctx, init: ShardInit | undefined) => runHopfieldCapacity(p, ctx, init?.units),
  // A shard holds less than the whole run: the whole run's estimate bounds it.
  memory: (p) => hopfieldCapacityMemory(p),
  shard: { units: (p) => alphaList(p.alphas).length, merge: mergeCapacityShards }
})
