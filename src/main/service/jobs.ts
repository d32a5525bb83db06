// Starting and steering jobs: validation against the kind's schemas, the run row, the
// hand-over to the worker pool, and the bookkeeping of what comes back. The service wires
// these into the method table.

import { randomInt } from 'node:crypto'
import type { z } from 'zod'
import { LabError } from '../../shared/errors'
import { jobKinds, type KindSpec } from '../../shared/kinds'
import type { MethodParsed } from '../../shared/api'
import type { ActiveJob, LabEvent } from '../../shared/types'
import { validate } from '../../shared/validate'
import { runComposite } from '../jobs/composite'
import { prepareInit } from './inits'
import { recordEnding } from './runEnding'
import { compositePlans } from '../jobs/plans'
import type { TaskHandle, TaskHandlers, WorkerPool } from '../jobs/pool'
import type { StoreClient } from '../store/storeClient'

const reportStoreError = (e: unknown): void => console.error('[lab] the run store refused a write:', e)

export function kindSpec(kind: string): KindSpec {
  const spec = Object.prototype.hasOwnProperty.call(jobKinds, kind) ? jobKinds[kind] : undefined
  if (!spec) throw new LabError('unknown_kind', `Unknown job kind '${kind}'. Known kinds: ${Object.keys(jobKinds).join(', ')}`)
  return spec
}

export interface JobRunnerDeps {
  store: StoreClient
  pool: WorkerPool
  emit: (event: LabEvent) => void
}

interface Active {
  runId: number
  kind: string
  handle: TaskHandle
  progress: number
  etaSeconds: number | null
  control: Record<string, unknown>
}

export class JobRunner {
  private readonly active = new Map<number, Active>()

  constructor(private readonly deps: JobRunnerDeps) {}

  async start(input: MethodParsed<'jobs.start'>): Promise<{ runId: number; seed: number }> {
    const spec = kindSpec(input.kind)
    const params = validate(spec.params, input.params, `params for ${spec.kind}`) as z.output<typeof spec.params>
    if (spec.cost && spec.budget !== undefined && !input.confirm) {
      const cost = spec.cost(params)
      if (cost > spec.budget)
        throw new LabError(
          'invalid',
          `This ${spec.title} asks for ${cost.toExponential(2)} units of work, beyond the budget of ${spec.budget.toExponential(2)}; confirm to run it anyway.`,
          ['confirm: required for work beyond the budget']
        )
    }
    const init = await prepareInit(this.deps.store, spec.kind, params)
    const seed = input.seed ?? randomInt(0, 0xffffffff)
    const { store, emit } = this.deps
    const runId = await store.createRun({
      kind: spec.kind,
      name: input.name ?? `${spec.title} ${new Date().toISOString().slice(0, 16).replace('T', ' ')}`,
      params: params as Record<string, unknown>,
      seed,
      kept: input.keep
    })
    const entry: Active = { runId, kind: spec.kind, progress: 0, etaSeconds: null, control: {}, handle: undefined as unknown as TaskHandle }
    const handlers: TaskHandlers = {
      metrics: (batch) => {
        store.appendBatch(runId, batch)
        emit({ type: 'job.metrics', runId, ...batch })
      },
      frame: (data, meta) => emit({ type: 'job.frame', runId, data, meta }),
      progress: (fraction, etaSeconds, note) => {
        entry.progress = fraction
        entry.etaSeconds = etaSeconds
        emit({ type: 'job.progress', runId, fraction, etaSeconds, note })
      },
      log: (message) => {
        void store.log(runId, message).catch(reportStoreError)
        emit({ type: 'job.log', runId, message })
      },
      artifact: (name, data, meta) => void store.putArtifact(runId, name, data, meta).catch(reportStoreError),
      state: (s) => emit({ type: 'job.status', runId, kind: spec.kind, status: s })
    }
    const plan = Object.prototype.hasOwnProperty.call(compositePlans, spec.kind) ? compositePlans[spec.kind] : undefined
    entry.handle = plan
      ? runComposite(this.deps.pool, runId, plan(params as never, seed), handlers)
      : this.deps.pool.run({ runId, kind: spec.kind, params, seed, init }, handlers)
    this.active.set(runId, entry)
    // A task waiting for a free worker has already said 'queued' through its state handler.
    if (entry.handle.state !== 'queued') emit({ type: 'job.status', runId, kind: spec.kind, status: 'running' })
    emit({ type: 'runs.changed' })
    void entry.handle.done.then(async (end) => {
      // The store thread answers in order: every metric batch and artifact of this run is
      // written before its final status. What is announced is what was stored (runEnding.ts).
      const ending = await recordEnding(store, runId, end)
      this.active.delete(runId)
      emit({ type: 'job.status', runId, kind: spec.kind, ...ending })
      emit({ type: 'runs.changed' })
    })
    return { runId, seed }
  }

  /** The running job of a run, or a clear 'conflict' when it is not running. */
  handle(runId: number): TaskHandle {
    const entry = this.active.get(runId)
    if (!entry) throw new LabError('conflict', `Run ${runId} is not running.`)
    return entry.handle
  }

  control(runId: number, control: Record<string, unknown>): void {
    const entry = this.active.get(runId)
    if (!entry) throw new LabError('conflict', `Run ${runId} is not running.`)
    const spec = kindSpec(entry.kind)
    const updates = validate(spec.control, control, `control for ${spec.kind}`) as Record<string, unknown>
    entry.handle.control(updates)
    Object.assign(entry.control, updates)
  }

  isRunning(runId: number): boolean {
    return this.active.has(runId)
  }

  list(): ActiveJob[] {
    return [...this.active.values()].map((a) => ({
      runId: a.runId,
      kind: a.kind,
      state: a.handle.state === 'queued' || a.handle.state === 'paused' ? a.handle.state : 'running',
      progress: a.progress,
      etaSeconds: a.etaSeconds,
      control: { ...a.control }
    }))
  }

  /** Wait for every running job to end (after cancelling them). */
  async cancelAll(): Promise<void> {
    const all = [...this.active.values()]
    for (const a of all) a.handle.cancel()
    await Promise.all(all.map((a) => a.handle.done))
  }
}
