import { isingDataset, type IsingDatasetParams } from '../../../shared/kinds/isingDataset'
import { datasetTemperatures, isingDatasetMemory, runIsingDataset } from '../../../engine/ising/dataset'
import { decodeIsingDataset, encodeIsingDataset } from '../../../engine/ising/datasetFormat'
import { defineBinding, type ShardInit } from '../binding'
import { bundledArtifact, interleave, typedArtifact, type ShardPart } from '../shards'

/**
 * Shards of a dataset (each a set of its temperatures): the configurations temperature by
 * temperature in the order of the list, as the whole run stores them, and one meta for all.
 */
function mergeDatasetShards(_p: IsingDatasetParams, parts: readonly ShardPart[]) {
  const sets = parts.map((x) => decodeIsingDataset(new Map(x.artifacts.map((a) => [a.name, { data: typedArtifact(a), meta: a.meta }]))))
  // Each shard's samples, one block per temperature it ran.
  const blocks = interleave(parts, (_, i) => {
    const d = sets[i]
    const N = d.L * d.L
    let at = 0
    return d.meta.counts.map((c, k) => {
      const block = { k, d, from: at, to: at + c }
      at += c
      return { ...block, spins: d.spins.subarray(block.from * N, block.to * N) }
    })
  })
  const cat = <A extends Float64Array | Int8Array>(out: A, pick: (b: (typeof blocks)[number]) => A): A => {
    let at = 0
    for (const b of blocks) {
      const v = pick(b)
      out.set(v, at)
      at += v.length
    }
    return out
  }
  const count = blocks.reduce((n, b) => n + b.to - b.from, 0)
  const spins = cat(new Int8Array(blocks.reduce((n, b) => n + b.spins.length, 0)), (b) => b.spins)
  const perT = (key: 'temperatures' | 'counts' | 'spacing' | 'tau' | 'tauE'): number[] => blocks.map((b) => b.d.meta[key][b.k])
  const { format: _format, L: _L, count: _count, ...shared } = sets[0].meta
  const encoded = encodeIsingDataset({
    L: sets[0].L,
    spins,
    T: cat(new Float64Array(count), (b) => b.d.T.subarray(b.from, b.to)),
    E: cat(new Float64Array(count), (b) => b.d.E.subarray(b.from, b.to)),
    m: cat(new Float64Array(count), (b) => b.d.m.subarray(b.from, b.to)),
    meta: { ...shared, temperatures: perT('temperatures'), counts: perT('counts'), spacing: perT('spacing'), tau: perT('tau'), tauE: perT('tauE') }
  })
  const results = parts.map((x) => isingDataset.result.parse(x.result))
  const spacings = results.flatMap((r) => (r.minSpacing === null ? [] : [r.minSpacing, r.maxSpacingUsed ?? r.minSpacing]))
  return {
    result: isingDataset.result.parse({
      ...results[0],
      count: results.reduce((n, r) => n + r.count, 0),
      temperatures: results.reduce((n, r) => n + r.temperatures, 0),
      stopped: results.some((r) => r.stopped),
      minSpacing: spacings.length ? Math.min(...spacings) : null,
      maxSpacingUsed: spacings.length ? Math.max(...spacings) : null
    }),
    artifacts: encoded.map((a) => bundledArtifact(a.name, a.data, a.meta))
  }
}

export const isingDatasetBinding = defineBinding(isingDataset, {
  run: (p, ctx, init: ShardInit | undefined) => runIsingDataset(p, ctx, init?.units),
  // A shard holds less than the whole run: the whole run's estimate bounds it.
  memory: (p) => isingDatasetMemory(p),
  // With replica exchange every temperature is one ladder: one unit, not split.
  shard: { units: (p) => (p.replicaExchange ? 1 : datasetTemperatures(p).length), merge: mergeDatasetShards }
})
