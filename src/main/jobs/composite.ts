// A job made of many pool tasks (the points of a temperature sweep): chains run in
// parallel across the workers, the tasks of one chain in order (each may start from what
// the previous one left, e.g. a carried lattice). To the service it is one TaskHandle —
// pause, resume, stop and cancel reach every task — and to the store one run: a metrics
// row per finished task, its artifacts under the task's name.

import { batchOf } from '../../shared/metrics'
import type { TypedArray } from '../../shared/types'
import type { PoolTask, TaskHandle, TaskHandlers, TaskOutcome, TaskState, WorkerPool } from './pool'

export interface SubTask {
  /** Names the task's artifacts, e.g. "L=32/T=2.2690". */
  key: string
  kind: string
  params: unknown
  seed: number
  /** The task's place in the run's series (its step). */
  index: number
}

export interface CompositePlan {
  chains: SubTask[][]
  /** Rows the run has when complete (default: one per task). */
  rowsPlanned?: number
  /** What the next task of a chain starts from, given the previous task's result and artifacts. */
  carry?: (previous: { result: Record<string, unknown>; artifacts: Map<string, TypedArray> }) => unknown
  /** The parent's metrics rows for a finished task (a point gives one, a replica-exchange run one per temperature), each at its step. */
  rows: (task: SubTask, result: Record<string, unknown>) => { step: number; row: Record<string, number> }[]
  /** The parent's result once every task has ended. */
  summarize: (rows: { task: SubTask; step: number; row: Record<string, number> }[]) => Record<string, unknown>
  /** Frame meta added to a task's frames (e.g. its L and T) so the screen can say which point it shows. */
  frameMeta?: (task: SubTask) => Record<string, number | string>
}

export function runComposite(pool: WorkerPool, runId: number, plan: CompositePlan, handlers: TaskHandlers): TaskHandle {
  const total = plan.chains.reduce((n, c) => n + c.length, 0)
  const fractions = new Map<number, number>()
  const live = new Set<TaskHandle>()
  const rows: { task: SubTask; step: number; row: Record<string, number> }[] = []
  const rowsPlanned = plan.rowsPlanned ?? 0
  const t0 = Date.now()
  let state: TaskState = 'running'
  let paused = false
  let stopping = false
  let cancelled = false
  let failure: string | null = null
  let lastControl: Record<string, unknown> | null = null

  const reportProgress = (note?: string): void => {
    let sum = 0
    for (const f of fractions.values()) sum += f
    const fraction = total === 0 ? 1 : sum / total
    const elapsed = (Date.now() - t0) / 1000
    const eta = fraction > 0.005 && fraction < 1 ? (elapsed * (1 - fraction)) / fraction : fraction >= 1 ? 0 : null
    handlers.progress(fraction, eta, note)
  }

  const runTask = (task: SubTask, init: unknown): Promise<{ outcome: TaskOutcome; artifacts: Map<string, TypedArray> }> => {
    const artifacts = new Map<string, TypedArray>()
    const spec: PoolTask = { runId, kind: task.kind, params: task.params, seed: task.seed, ...(init !== undefined ? { init } : {}) }
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

  const runChain = async (chain: SubTask[]): Promise<void> => {
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
  void Promise.all(plan.chains.map(runChain)).then(() => {
    state = failure ? 'failed' : cancelled ? 'cancelled' : 'done'
    if (failure) settle({ status: 'failed', error: failure })
    else if (cancelled) settle({ status: 'cancelled' })
    else {
      rows.sort((a, b) => a.step - b.step)
      const planned = rowsPlanned || total
      settle({ status: 'done', result: { ...plan.summarize(rows), points: rows.length, pointsPlanned: planned, stoppedEarly: rows.length < planned } })
    }
  })

  return {
    runId,
    done,
    get state() {
      return state
    },
    control(updates) {
      lastControl = { ...(lastControl ?? {}), ...updates }
      for (const h of live) h.control(updates)
    },
    pause() {
      paused = true
      state = 'paused'
      for (const h of live) h.pause()
      handlers.state?.('paused')
    },
    resume() {
      paused = false
      state = 'running'
      for (const h of live) h.resume()
      handlers.state?.('running')
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
