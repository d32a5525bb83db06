// Shards of a run (a cluster array job: `physml run … --shard I/N`): which units a shard runs,
// and the helpers the kinds' merges (ShardDef in binding.ts) join their results with.
// Splitting a run and merging shards for every kind: shardRuns.ts.

import { LabError } from '../../shared/errors'
import type { Shard } from '../../shared/history'
import type { TypedArray } from '../../shared/types'
import { TYPED_ARRAYS, typedArrayName } from '../../shared/typedArrays'
import type { BundledArtifact } from '../store/bundleFormat'

type Json = Record<string, unknown>

/** One shard as its merge sees it. */
export interface ShardPart {
  shard: Shard
  /** The units it ran, increasing. */
  units: readonly number[]
  result: Json
  artifacts: readonly BundledArtifact[]
}

export interface MergedShards<R> {
  result: R
  artifacts: BundledArtifact[]
}

/** The units of shard `index` of `count`: every count-th from index (round robin spreads a sweep's slow points near Tc over the shards). */
export function shardUnits(units: number, s: Shard): number[] {
  const out: number[] = []
  for (let u = s.index; u < units; u += s.count) out.push(u)
  return out
}

// ── helpers for the kinds' merges ────────────────────────────────────────────────────

/** Every shard's artifacts side by side (their names differ: a sweep names them by point). */
export function unionArtifacts(parts: readonly ShardPart[]): BundledArtifact[] {
  const seen = new Set<string>()
  const out: BundledArtifact[] = []
  for (const p of parts)
    for (const a of p.artifacts) {
      if (seen.has(a.name)) throw new LabError('invalid', `Two shards wrote artifact '${a.name}': they overlap.`)
      seen.add(a.name)
      out.push(a)
    }
  return out
}

/** The values of a shard's artifact as its typed array (an aligned copy). */
export function typedArtifact(a: BundledArtifact): TypedArray {
  const Ctor = TYPED_ARRAYS[a.type]
  const copy = new ArrayBuffer(a.data.byteLength)
  new Uint8Array(copy).set(a.data)
  return new Ctor(copy)
}

/** A typed array as a bundle carries it. */
export function bundledArtifact(name: string, data: TypedArray, meta: Record<string, unknown>): BundledArtifact {
  return { name, type: typedArrayName(data)!, meta, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) }
}

/**
 * Per-unit lists of the shards in the whole run's order: shard p's list holds its units'
 * values in its unit order; the result holds unit u's value at u.
 */
export function interleave<T>(parts: readonly ShardPart[], listOf: (p: ShardPart, i: number) => readonly T[]): T[] {
  const total = parts.reduce((n, p) => n + p.units.length, 0)
  const out = new Array<T>(total)
  for (const [i, p] of parts.entries()) {
    const list = listOf(p, i)
    if (list.length !== p.units.length)
      throw new LabError('invalid', `Shard ${p.shard.index}/${p.shard.count} ended with ${list.length} of its ${p.units.length} points (it was stopped): run it again before merging.`)
    p.units.forEach((u, k) => (out[u] = list[k]))
  }
  return out
}
