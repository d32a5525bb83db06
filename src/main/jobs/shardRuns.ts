// Runs split across machines and joined again: a cluster array job (Slurm) runs shard I of N
// of a sweep, a dataset or a capacity experiment on each node (`physml run … --shard I/N`),
// each writes its bundle, and `physml merge` joins the bundles into the one run the whole job
// would have made, point by point. What a unit is and how results join is the kind's binding
// (ShardDef in binding.ts); splitting, checking that the shards belong together and joining
// their rows is the same for every kind, here.

import { LabError } from '../../shared/errors'
import type { RunOrigin, Shard } from '../../shared/history'
import { jobKinds, isKindName } from '../../shared/kinds'
import type { BundledRun, BundledSeries } from '../store/bundleFormat'
import type { ReadBundle } from '../store/runHistory'
import type { Binding } from './binding'
import { bindings } from './bindings'
import type { CompositePlan } from './composite'
import { shardUnits, type ShardPart } from './shards'

type Json = Record<string, unknown>

/** The kinds whose runs can be split, for messages. */
const shardable = (): string[] => Object.values(bindings).filter((b: Binding) => b.shard).map((b) => b.kind)

/**
 * What a shard of this run runs: for a composite kind its plan with only the shard's chains,
 * for a single task the units its engine function gets. Refuses what cannot be split so.
 */
export function planShard(binding: Binding, params: Json, seed: number, shard: Shard): { plan?: CompositePlan<Json>; units?: number[] } {
  if (!binding.shard)
    throw new LabError('invalid', `A ${binding.kind} run cannot be split into shards: only ${shardable().join(', ')} runs can (their points are independent).`)
  const plan = binding.plan?.(params, seed)
  const total = plan ? plan.chains.length : binding.shard.units!(params)
  if (shard.count > total)
    throw new LabError(
      'invalid',
      `This ${binding.kind} run has ${total} independent part${total === 1 ? '' : 's'}${plan ? ' (points, or sizes when the lattice is carried or replicas are exchanged)' : ''}: it cannot be split into ${shard.count} shards.`
    )
  const units = shardUnits(total, shard)
  if (!plan) return { units }
  const keep = new Set(units)
  return { plan: { ...plan, chains: plan.chains.filter((_, u) => keep.has(u)) } }
}

/** The name of a shard's run: its whole run's name and which shard it is (I/N, I from 0 as Slurm's task ids). */
export const shardName = (name: string, s: Shard): string => `${name} · shard ${s.index}/${s.count}`.slice(0, 200)
const wholeName = (name: string): string => name.replace(/ · shard \d+\/\d+$/, '')

/**
 * Join the shards found in these bundles into one run (checked by the store before it is
 * written): every shard of one run exactly once, same kind, params and seed, all ended done.
 */
export function mergeShards(bundles: readonly ReadBundle[], name?: string): { run: BundledRun; origin: RunOrigin } {
  const found = bundles.flatMap((b) => b.runs.map((run) => ({ run, file: b.name })))
  if (found.length === 0) throw new LabError('invalid', 'There is nothing to merge: the files hold no runs.')
  for (const { run, file } of found)
    if (!run.origin?.shard) throw new LabError('invalid', `“${file}”, run ${run.id} “${run.name}” is not a shard (it was not run with --shard), so it cannot be merged.`)
  const first = found[0].run
  const count = first.origin!.shard!.count
  const same = JSON.stringify(first.params)
  for (const { run, file } of found) {
    const where = `“${file}”, run ${run.id}`
    if (run.kind !== first.kind) throw new LabError('invalid', `${where} is a ${run.kind} run, not ${first.kind}: shards of one run have one kind.`)
    if (JSON.stringify(run.params) !== same || run.seed !== first.seed || run.origin!.shard!.count !== count)
      throw new LabError('invalid', `${where} is a shard of another run (its params, seed or number of shards differ from “${found[0].file}”).`)
    if (run.status !== 'done') throw new LabError('invalid', `${where} (shard ${run.origin!.shard!.index}/${count}) ended ${run.status}: run that shard again before merging.`)
  }
  const byIndex = new Map<number, (typeof found)[number]>()
  for (const f of found) {
    const i = f.run.origin!.shard!.index
    if (byIndex.has(i)) throw new LabError('invalid', `Shard ${i}/${count} is given twice (“${byIndex.get(i)!.file}” and “${f.file}”).`)
    byIndex.set(i, f)
  }
  const missing = Array.from({ length: count }, (_, i) => i).filter((i) => !byIndex.has(i))
  if (missing.length)
    throw new LabError('invalid', `${missing.length > 1 ? 'Shards' : 'Shard'} ${missing.map((i) => `${i}/${count}`).join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing: merge needs every shard (they count from 0).`)

  if (!isKindName(first.kind)) throw new LabError('invalid', `${first.kind} runs cannot be merged here.`)
  const binding = bindings[first.kind]
  const spec = jobKinds[first.kind]
  const params = spec.params.parse(first.params) as Json
  const shards = [...byIndex.keys()].sort((a, b) => a - b).map((i) => byIndex.get(i)!)
  const plan = binding.plan?.(params, first.seed)
  const total = plan ? plan.chains.length : binding.shard!.units!(params)
  const parts: ShardPart[] = shards.map(({ run }) => ({
    shard: run.origin!.shard!,
    units: shardUnits(total, run.origin!.shard!),
    result: run.result ?? {},
    artifacts: run.artifacts
  }))
  const merged = binding.shard!.merge(params, parts)
  const runs = shards.map((s) => s.run)
  return {
    run: {
      id: first.id,
      kind: first.kind,
      name: name ?? wholeName(first.name),
      params: first.params,
      seed: first.seed,
      status: 'done',
      createdAt: runs.map((r) => r.createdAt).sort()[0],
      finishedAt: runs.map((r) => r.finishedAt ?? r.createdAt).sort().at(-1)!,
      error: null,
      result: merged.result,
      appVersion: first.appVersion,
      note: runs.map((r) => r.note).filter(Boolean).join('\n\n').slice(0, 10_000),
      starred: runs.some((r) => r.starred),
      tags: [...new Map(runs.flatMap((r) => r.tags).map((t) => [t.toLowerCase(), t])).values()].slice(0, 32),
      origin: null,
      series: mergeSeries(shards.map((s) => ({ series: s.run.series, file: s.file }))),
      artifacts: merged.artifacts,
      log: runs.flatMap((r, i) => r.log.map((l) => ({ at: l.at, message: `shard ${i}/${count}: ${l.message}`.slice(0, 10_000) })))
    },
    origin: { mergedFrom: shards.map(({ run, file }) => ({ index: run.origin!.shard!.index, originalId: run.id, file: file.slice(0, 260) })) }
  }
}

/** Every series of every shard, their points together by step; a step measured by two shards means they overlap. */
function mergeSeries(parts: readonly { series: readonly BundledSeries[]; file: string }[]): BundledSeries[] {
  const names = [...new Set(parts.flatMap((p) => p.series.map((s) => s.name)))].sort()
  return names.map((name) => {
    const pieces = parts.flatMap((p) => p.series.filter((s) => s.name === name).map((s) => ({ s, file: p.file })))
    const points = pieces.flatMap(({ s, file }) => Array.from(s.steps, (step, i) => ({ step, value: s.values[i], file })))
    points.sort((a, b) => a.step - b.step)
    for (let i = 1; i < points.length; i++)
      if (points[i].step === points[i - 1].step)
        throw new LabError('invalid', `“${points[i - 1].file}” and “${points[i].file}” both measured step ${points[i].step} of '${name}': the shards overlap.`)
    return { name, steps: Float64Array.from(points, (p) => p.step), values: Float64Array.from(points, (p) => p.value) }
  })
}

