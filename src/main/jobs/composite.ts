// A job made of many pool tasks (the points of a temperature sweep): chains run in
// parallel across the workers, the tasks of one chain in order (each may start from what
// the previous one left, e.g. a carried lattice). To the service it is one TaskHandle —
// pause, resume, stop and cancel reach every task — and to the store one run: metrics rows
// from each finished task (one per point, or one per temperature of a replica-exchange
// task), its artifacts under the task's name.

import type { JobContext } from '../../engine/job'
import { JS_HEAP_BYTES, sumTerms, totalBytes, type MemoryTerms } from '../../engine/memory'
import { batchOf } from '../../shared/metrics'
import type { TypedArray } from '../../shared/types'
import type { PoolTask, TaskHandle, TaskHandlers, TaskOutcome, TaskState, WorkerPool } from './pool'

type Json = Record<string, unknown>

/**
 * A task kind of a composite binding: the engine function each task of its plan runs (one
 * (L, T) point of a sweep). Not a job kind: no run row, no schema; main made its params.
 * `run` is a method so that a typed task fits the erased plans runComposite takes.
 */
export interface TaskDef<P, R extends Json, I> {
  /** Its name between the pool and the worker: '<kind>/<task>'. */
  readonly name: string
  run(params: P, ctx: JobContext, init: I | undefined): R
  /** What one task holds at its peak. */
  memory(params: P): MemoryTerms
}

export interface SubTask<P> {
  /** Names the task's artifacts, e.g. "L=32/T=2.2690". */
  key: string
  params: P
  seed: number
  /** The task's place in the run's series (its step). */
  index: number
}

/** What every composite run's result says besides its plan's summary. */
export interface CompositeTally {
  points: number
  pointsPlanned: number
  /** Fewer points than planned: the run was stopped. */
  stoppedEarly: boolean
}

/** The tasks of a composite run and how their results become its rows and its result. */
export interface CompositePlan<S extends Json, P = unknown, R extends Json = Json, I = unknown> {
  task: TaskDef<P, R, I>
  chains: SubTask<P>[][]
  /** What the next task of a chain starts from, given the previous task's result and artifacts. */
  carry?(previous: { result: R; artifacts: ReadonlyMap<string, TypedArray> }): I
  /** Rows each task gives (default one; a replica-exchange task gives one per temperature). */
  rowsPerTask?: number
  /** The parent's metrics rows for a finished task (a point gives one, a replica-exchange run one per temperature), each at its step. */
  rows(task: SubTask<P>, result: R): { step: number; row: Record<string, number> }[]
  /** The parent's result once every task has ended (runComposite adds the tally). */
  summarize(rows: readonly { task: SubTask<P>; step: number; row: Record<string, number> }[]): S
  /** Frame meta added to a task's frames (e.g. its L and T) so the screen can say which point it shows. */
  frameMeta?(task: SubTask<P>): Record<string, number | string>
}

/**
 * What a plan holds at once: its chains run side by side on at most `workers` threads and the
 * tasks of a chain one after another, so the largest task of each chain, summed over the
 * `workers` chains whose largest tasks are largest.
 */
export function planMemory(plan: CompositePlan<Json>, workers: number): MemoryTerms {
  const largest = plan.chains.map((chain) =>
    chain.map((t) => taskMemory(plan.task.memory(t.params))).reduce<MemoryTerms>((a, b) => (totalBytes(b) > totalBytes(a) ? b : a), {})
  )
  largest.sort((a, b) => totalBytes(b) - totalBytes(a))
  return sumTerms(...largest.slice(0, Math.max(1, workers)))
}

/** One task's estimate with what running it adds to its worker's JavaScript heap. */
export const taskMemory = (terms: Readonly<MemoryTerms>): MemoryTerms => sumTerms(terms, { 'JavaScript heap': JS_HEAP_BYTES })

export function runComposite(pool: WorkerPool, runId: number, plan: CompositePlan<Json>, handlers: TaskHandlers): TaskHandle {
  const total = plan.chains.reduce((n, c) => n + c.length, 0)
  const fractions = new Map<number, number>()
  const live = new Set<TaskHandle>()
  const rows: { task: SubTask<unknown>; step: number; row: Record<string, number> }[] = []
  const t0 = Date.now()
  let ended: TaskOutcome['status'] | null = null
  /** Some task has had a worker: until then the job is 'queued', as a single task would be. */
  let started = false
  let paused = false
  let stopping = false
  let cancelled = false
  let failure: string | null = null
  let lastControl: Record<string, unknown> | null = null
  const state = (): TaskState => ended ?? (paused ? 'paused' : started ? 'running' : 'queued')

  const reportProgress = (note?: string): void => {
    let sum = 0
    for (const f of fractions.values()) sum += f
    const fraction = total === 0 ? 1 : sum / total
    const elapsed = (Date.now() - t0) / 1000
    const eta = fraction > 0.005 && fraction < 1 ? (elapsed * (1 - fraction)) / fraction : fraction >= 1 ? 0 : null
    handlers.progress(fraction, eta, note)
  }

  const runTask = (task: SubTask<unknown>, init: unknown): Promise<{ outcome: TaskOutcome; artifacts: Map<string, TypedArray> }> => {
    const artifacts = new Map<string, TypedArray>()
    const spec: PoolTask = { runId, kind: plan.task.name, params: task.params, seed: task.seed, ...(init !== undefined ? { init } : {}) }
    const extraMeta = plan.frameMeta?.(task) ?? {}
    const handle = pool.run(spec, {
      metrics: () => undefined, // a point's own per-sweep series stays in the worker: the run keeps one row per point
      frame: (data, meta) => handlers.frame(data, { ...meta, ...extraMeta }),
      progress: (f) => {
        fractions.set(task.index, f)
        reportProgress(task.key)
      },
      log: (m) => handlers.log(`${task.key}: ${m}`),
      artifact: (name, data, meta) => {
        artifacts.set(name, data)
        handlers.artifact(`${task.key}/${name}`, data, { ...meta, ...extraMeta })
      },
      state: (s) => {
        if (s !== 'running' || started) return
        started = true
        if (!paused) handlers.state?.('running')
      }
    })
    live.add(handle)
    if (paused) handle.pause()
    if (lastControl) handle.control(lastControl)
    return handle.done.then((outcome) => {
      live.delete(handle)
      return { outcome, artifacts }
    })
  }

  const runChain = async (chain: SubTask<unknown>[]): Promise<void> => {
    let init: unknown
    for (const task of chain) {
      if (cancelled || stopping || failure) return
      const { outcome, artifacts } = await runTask(task, init)
      if (outcome.status === 'failed') {
        failure = `${task.key}: ${outcome.error}`
        for (const h of live) h.cancel()
        return
      }
      if (outcome.status !== 'done') return
      fractions.set(task.index, 1)
      const made = plan.rows(task, outcome.result)
      for (const r of made) rows.push({ task, ...r })
      if (made.length) handlers.metrics(batchOf(made.map((r) => r.step), made.map((r) => r.row)))
      reportProgress(task.key)
      init = plan.carry?.({ result: outcome.result, artifacts })
    }
  }

  let settle!: (o: TaskOutcome) => void
  const done = new Promise<TaskOutcome>((resolve) => (settle = resolve))
  // Each chain hands its first task to the pool now (an async function runs up to its first await).
  void Promise.all(plan.chains.map(runChain)).then(() => {
    ended = failure ? 'failed' : cancelled ? 'cancelled' : 'done'
    if (failure) settle({ status: 'failed', error: failure })
    else if (cancelled) settle({ status: 'cancelled' })
    else {
      rows.sort((a, b) => a.step - b.step)
      const planned = (plan.rowsPerTask ?? 1) * total
      const tally: CompositeTally = { points: rows.length, pointsPlanned: planned, stoppedEarly: rows.length < planned }
      settle({ status: 'done', result: { ...plan.summarize(rows), ...tally } })
    }
  })
  if (!started && total > 0) handlers.state?.('queued')

  return {
    runId,
    done,
    get state() {
      return state()
    },
    control(updates) {
      lastControl = { ...(lastControl ?? {}), ...updates }
      for (const h of live) h.control(updates)
    },
    pause() {
      paused = true
      for (const h of live) h.pause()
      handlers.state?.('paused')
    },
    resume() {
      paused = false
      for (const h of live) h.resume()
      handlers.state?.(started ? 'running' : 'queued')
    },
    step() {
      for (const h of live) h.step()
    },
    stop() {
      // Finish the points under way normally, start no more: the run ends done with what it has.
      stopping = true
      for (const h of live) h.resume()
    },
    cancel() {
      cancelled = true
      for (const h of live) h.cancel()
    }
  }
}
