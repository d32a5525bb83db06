// A job kind's binding: what main adds to the kind's shared spec (src/shared/kinds). The engine
// function a worker runs for it — or, for a composite kind, the plan of its tasks and their
// engine function — and optionally the loading of its inputs from the store. One file per
// kind in ./bindings. Typed here against the spec (params, control, result); the registry
// and the worker hold the erased Binding.

import type { JobContext } from '../../engine/job'
import type { KindName } from '../../shared/kinds'
import type { KindSpec, SpecControl, SpecParams, SpecResult } from '../../shared/kinds/define'
import { planMemory, taskMemory, type CompositePlan, type CompositeTally, type TaskDef } from './composite'
import type { MemoryTerms } from '../../engine/memory'
import type { TaskRunners } from './host'
import type { StoreReader } from './storedInputs'
import type { MergedShards, ShardPart } from './shards'

type Json = Record<string, unknown>

/**
 * How a kind's runs split into shards (a cluster array job, `physml run … --shard I/N`) and
 * join again. The run is a list of independent units (a sweep's chains of points, a dataset's
 * temperatures, the capacity's loads α); shard I of N runs the units u with u mod N = I, each
 * exactly as the whole run would (same streams of the same seed, same step), so the shards'
 * rows together are the whole run's rows. `merge` makes the whole run's result and artifacts
 * from the shards' (given in shard order).
 */
export interface ShardDef<S extends KindSpec> {
  merge(params: SpecParams<S>, parts: readonly ShardPart[]): MergedShards<SpecResult<S>>
}

/** What a single task's engine function gets to run only its shard's units. */
export interface ShardInit {
  units?: readonly number[]
}

/** One pool task runs the kind's engine function. */
export interface SingleDef<S extends KindSpec, I> {
  run: (params: SpecParams<S>, ctx: JobContext<SpecControl<S>>, init: I) => SpecResult<S>
  /**
   * What the job will hold at its peak, term by term (src/engine/memory.ts), from its params
   * and what `prepare` read: the service refuses a job that cannot fit the machine before
   * its run exists. Required: a kind without an estimate could take the machine down.
   */
  memory: (params: SpecParams<S>, init: I) => MemoryTerms
  /**
   * Reads what the job needs besides its params (an imported dataset, weights to resume from)
   * before the run exists: a refusal here writes nothing. Its value reaches `run` as `init`.
   */
  prepare?: (params: SpecParams<S>, store: StoreReader) => Promise<I>
  /** Splitting into shards: the number of units of these params; `run` then gets the shard's units as `init.units`. */
  shard?: ShardDef<S> & { units(params: SpecParams<S>): number }
}

/** Many pool tasks: the plan's tasks run its task kinds; the run keeps a row per task. */
export interface CompositeDef<S extends KindSpec> {
  plan: (params: SpecParams<S>, seed: number) => CompositePlan<Omit<SpecResult<S>, keyof CompositeTally>>
  /** Every task kind the plans use, for the worker. */
  tasks: readonly TaskDef<never, Json, never>[]
  /** Splitting into shards: the units are the plan's chains. */
  shard?: ShardDef<S>
}

/** A binding as the service and the worker hold it, whatever its kind. */
export interface Binding<K extends KindName = KindName> {
  readonly kind: K
  /** The engine functions a worker runs for this kind, by task name. */
  readonly runners: TaskRunners
  prepare?(params: Json, store: StoreReader): Promise<unknown>
  /** Bytes at the peak (see SingleDef.memory); `workers`: how many tasks of a plan can run at once. */
  memory(params: Json, init: unknown, workers: number): MemoryTerms
  plan?(params: Json, seed: number): CompositePlan<Json>
  /** Present when the kind's runs can be split into shards. */
  shard?: {
    /** Independent units of a run of these params (single tasks; a plan's are its chains). */
    units?(params: Json): number
    merge(params: Json, parts: readonly ShardPart[]): MergedShards<Json>
  }
}

export function defineBinding<S extends KindSpec<KindName>, I = undefined>(spec: S, def: SingleDef<S, I>): Binding<S['kind']>
export function defineBinding<S extends KindSpec<KindName>>(spec: S, def: CompositeDef<S>): Binding<S['kind']>
export function defineBinding<S extends KindSpec<KindName>, I>(spec: S, def: SingleDef<S, I> | CompositeDef<S>): Binding<S['kind']> {
  if ('run' in def) {
    const { run, prepare, memory, shard } = def
    return {
      kind: spec.kind,
      runners: { [spec.kind]: { run } },
      memory: (params, init) => taskMemory(memory(params as SpecParams<S>, init as I)),
      ...(prepare ? { prepare } : {}),
      ...(shard ? { shard: shard as Binding['shard'] } : {})
    }
  }
  // A plan's memory depends on its shape only: any seed gives the same tasks.
  return {
    kind: spec.kind,
    runners: Object.fromEntries(def.tasks.map((t) => [t.name, t])),
    plan: def.plan,
    memory: (params, _init, workers) => planMemory(def.plan(params as SpecParams<S>, 0), workers),
    ...(def.shard ? { shard: def.shard as Binding['shard'] } : {})
  }
}

/** A task kind of a composite binding, named '<kind>/<task>' between the pool and the worker; `memory` says what one task holds. */
export function defineTask<P, R extends Json, I>(
  spec: KindSpec,
  task: string,
  run: (params: P, ctx: JobContext, init: I | undefined) => R,
  memory: (params: P) => MemoryTerms
): TaskDef<P, R, I> {
  return { name: `${spec.kind}/${task}`, run, memory }
}
