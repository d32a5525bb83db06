import { z } from 'zod'

/** A binary artifact a run keeps: its name (`<…>` marks a part that varies) and what it holds. */
export interface ArtifactSpec {
  name: string
  description: string
  /** Written only by some runs of the kind: when (e.g. 'a VAE'). Absent: every finished run has it. */
  when?: string
}

/** The names an artifact spec stands for: 'weights.<layer>' matches weights.1, 'L=<L>/T=<T>/lattice' matches L=4/T=2.0000/lattice. */
export function artifactPattern(a: ArtifactSpec): RegExp {
  return new RegExp(`^${a.name.split(/<[^>]+>/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`)
}

/** What the store keeps of a run of this kind: its result (JSON) and its artifacts (blobs). */
export interface StoredKind<K extends string = string, R extends ResultSchema = ResultSchema> {
  kind: K
  title: string
  /** What the store keeps as the run's params (a job kind: what it runs with, defaults filled in). */
  params: ParamsSchema
  /** The run's `result`: what the engine function returns (the store keeps it as JSON). */
  result: R
  artifacts: readonly ArtifactSpec[]
}

/** Params, control updates and results are JSON-like records. */
export type ParamsSchema = z.ZodType<Record<string, unknown>>
export type ControlSchema = z.ZodType<Record<string, unknown>>
export type ResultSchema = z.ZodType<Record<string, unknown>>

/**
 * A job kind as every process sees it: its name, what it is, the zod schemas of its params,
 * of the live control updates it accepts and of its result, and the artifacts it writes.
 * The engine function that runs it is bound in main, in src/main/jobs/bindings/<kind>.ts,
 * and only the worker threads call it. (The renderer imports some pure engine modules for
 * its own drawing — exact curves, forward passes — but never a kind's job function.)
 */
export interface KindSpec<
  K extends string = string,
  P extends ParamsSchema = ParamsSchema,
  C extends ControlSchema = ControlSchema,
  R extends ResultSchema = ResultSchema
> extends StoredKind<K, R> {
  summary: string
  params: P
  control: C
  /** Which metric series the run emits, for charts and export headers. */
  series: readonly string[]
  /**
   * Spin-flip attempts (or the kind's own unit of work) the params ask for, when the kind
   * has a budget: work beyond `budget` is refused unless the request says `confirm: true`.
   * (Methods rather than function properties, so that a registry of many kinds can hold them.)
   */
  cost?(params: z.output<P>): number
  budget?: number
  /** What `cost` counts, in the words of a message ("spin updates"); default "units of work". */
  workUnit?: string
  /**
   * Units of `cost` one worker does per second, typically: what an estimate of the time uses
   * before this data folder holds a finished run of the kind to measure the rate from
   * (src/main/service/workEstimate.ts). Each figure says where it was measured.
   */
  typicalRate?: number
  /**
   * A run the user watches and steers, which may sit paused for as long as they like (the live
   * lattice, a recall): it runs on the pool's interactive workers, never on one a batch job
   * (a sweep, a training) is waiting for.
   */
  interactive?: boolean
  /**
   * How runs of this kind are laid over each other in Runs › Compare: the series on the x axis
   * (default: the step) and the one that makes several curves of one run (a sweep's L).
   * A series `<name>Err` beside `<name>` is drawn as its error bars.
   */
  plot?: { x: string; group?: string }
  /**
   * The params with each stored run they read (an imported image set, a stored dataset, the run
   * trained further) replaced by `to(id)`: a bundle takes these runs along and renumbers them
   * on import (inputRuns.ts). A kind that reads no stored run has none.
   */
  inputRuns?(params: z.output<P>, to: (runId: number) => number): z.output<P>
  /**
   * What a live change implies besides itself (e.g. a new speed cap, a new spacing of the
   * stored measurements): merged under the update the caller sent, which wins.
   */
  impliedControl?(params: z.output<P>, update: z.output<C>): Partial<z.output<C>>
  // The memory a run needs is estimated beside the engine code that allocates it, and bound
  // to the kind in main (src/main/jobs/binding.ts: `memory`, required for every kind).
}

export function defineKind<K extends string, P extends ParamsSchema, C extends ControlSchema, R extends ResultSchema>(
  spec: KindSpec<K, P, C, R>
): KindSpec<K, P, C, R> {
  return spec
}

export type SpecParams<S extends KindSpec> = z.output<S['params']>
export type SpecInput<S extends KindSpec> = z.input<S['params']>
export type SpecControl<S extends KindSpec> = z.output<S['control']>
export type SpecResult<S extends StoredKind> = z.output<S['result']>

export const noControl = z.object({}).strict()
