// Starting and steering jobs: validation against the kind's schemas, the run row, the
// hand-over to the worker pool, and the bookkeeping of what comes back. The service wires
// these into the method table.

import { randomInt } from 'node:crypto'
import { LabError } from '../../shared/errors'
import { isKindName, jobKinds, kindNames, type KindName, type KindSpec } from '../../shared/kinds'
import type { MethodParsed } from '../../shared/api'
import type { ActiveJob, BlockingRun, LabEvent, TypedArray, WorkEstimate } from '../../shared/types'
import { budgetMessage } from '../../shared/estimate'
import { estimateWork } from './workEstimate'
import type { JobState } from '../../shared/primitives'
import { validate } from '../../shared/validate'
import { bindings } from '../jobs/bindings'
import type { Binding } from '../jobs/binding'
import { runComposite } from '../jobs/composite'
import { planShard, shardName } from '../jobs/shardRuns'
import { recordEnding } from './runEnding'
import { checkJobMemory, checkJobWork, WORK_CEILING } from '../jobs/jobLimits'
import type { TaskHandle, TaskHandlers, WorkerPool } from '../jobs/pool'
import type { StoreClient } from '../store/storeClient'
import { localDateTime } from '../../shared/localTime'

const reportStoreError = (e: unknown): void => console.error('[lab] the run store refused a write:', e)

function kindSpec(kind: string): KindSpec<KindName> {
  if (!isKindName(kind)) throw new LabError('unknown_kind', `Unknown job kind '${kind}'. Known kinds: ${kindNames.join(', ')}`)
  return jobKinds[kind]
}

export interface JobRunnerDeps {
  store: StoreClient
  pool: WorkerPool
  emit: (event: LabEvent) => void
  /** Told after every metric batch has gone to the store and the viewers. */
  metricsPassed: () => void
}

interface Progress {
  fraction: number
  etaSeconds: number | null
}

interface Active {
  runId: number
  kind: KindName
  params: Record<string, unknown>
  handle: TaskHandle
  progress: Progress
  control: Record<string, unknown>
  /** The newest frames (a page that reattaches shows them at once, even while the run is paused). */
  frames: RecentFrame[]
}

interface RecentFrame {
  data: TypedArray
  meta: Record<string, number | string>
}

/** Frames kept per running job: as many as a panel shows at once, within a byte budget. */
const RECENT_FRAMES = 4
const RECENT_FRAME_BYTES = 16 * 1024 * 1024

const stateOf = (h: TaskHandle): JobState => (h.state === 'queued' || h.state === 'paused' ? h.state : 'running')

export class JobRunner {
  private readonly active = new Map<number, Active>()

  constructor(private readonly deps: JobRunnerDeps) {}

  async start(input: MethodParsed<'jobs.start'>): Promise<{ runId: number; seed: number }> {
    const spec = kindSpec(input.kind)
    const binding: Binding = bindings[spec.kind]
    const params = validate(spec.params, input.params, `params for ${spec.kind}`)
    if (spec.cost && spec.budget !== undefined) {
      const cost = spec.cost(params)
      // Within the ceiling, the budget question states how long the work would take here.
      if (cost > spec.budget && cost <= WORK_CEILING * spec.budget && !input.confirm) {
        const estimate = await estimateWork(this.deps.store, spec, params)
        if (estimate) throw new LabError('invalid', budgetMessage(spec.title, estimate), ['confirm: required for work beyond the budget'])
      }
      checkJobWork(spec.title, cost, spec.budget, input.confirm === true)
    }
    // Every shard of a split run draws from the whole run's seed: it must be given.
    if (input.shard && input.seed === undefined) throw new LabError('invalid', 'A shard needs the seed of the whole run: give every shard the same seed.', ['seed: required with shard'])
    const prepared = binding.prepare ? await binding.prepare(params, this.deps.store) : undefined
    // After prepare: the estimate counts what it read (an imported dataset, stored weights).
    checkJobMemory(spec.title, binding.memory(params, prepared, this.deps.pool.size), this.deps.pool.memoryLimitBytes)
    const seed = input.seed ?? randomInt(0, 0xffffffff)
    const shard = input.shard ? planShard(binding, params, seed, input.shard) : null
    const init = shard?.units ? { ...(prepared as object | undefined), units: shard.units } : prepared
    const { store, emit } = this.deps
    const name = input.name ?? `${spec.title} ${localDateTime(new Date(), false)}`
    const runId = await store.createRun({
      kind: spec.kind,
      name: input.shard ? shardName(name, input.shard) : name,
      params,
      seed,
      kept: input.keep,
      ...(input.shard || input.rerunOf ? { origin: { ...(input.shard ? { shard: input.shard } : {}), ...(input.rerunOf ? { rerunOf: input.rerunOf } : {}) } } : {})
    })
    const progress: Progress = { fraction: 0, etaSeconds: null }
    const frames: RecentFrame[] = []
    const handlers: TaskHandlers = {
      metrics: (batch) => {
        store.appendBatch(runId, batch)
        emit({ type: 'job.metrics', runId, ...batch })
        this.deps.metricsPassed()
      },
      frame: (data, meta) => {
        keepRecent(frames, { data, meta })
        emit({ type: 'job.frame', runId, data, meta })
      },
      progress: (fraction, etaSeconds, note) => {
        progress.fraction = fraction
        progress.etaSeconds = etaSeconds
        emit({ type: 'job.progress', runId, fraction, etaSeconds, note })
      },
      log: (message) => {
        void store.log(runId, message).catch(reportStoreError)
        emit({ type: 'job.log', runId, message })
      },
      artifact: (name, data, meta) => void store.putArtifact(runId, name, data, meta).catch(reportStoreError),
      state: (s) => emit({ type: 'job.status', runId, kind: spec.kind, status: s })
    }
    const handle = binding.plan
      ? runComposite(this.deps.pool, runId, shard?.plan ?? binding.plan(params, seed), handlers)
      : this.deps.pool.run(
          { runId, kind: spec.kind, params, seed, ...(init !== undefined ? { init } : {}), ...(spec.interactive ? { lane: 'interactive' as const } : {}) },
          handlers
        )
    const entry: Active = { runId, kind: spec.kind, params, handle, progress, control: {}, frames }
    this.active.set(runId, entry)
    // A job waiting for a free worker has already said 'queued' through its state handler.
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

  /** How long a job of these params would take here (null: the kind has no cost to go by). */
  async estimate(input: MethodParsed<'jobs.estimate'>): Promise<WorkEstimate | null> {
    const spec = kindSpec(input.kind)
    return estimateWork(this.deps.store, spec, validate(spec.params, input.params, `params for ${spec.kind}`))
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
    const spec: KindSpec = kindSpec(entry.kind)
    const asked = validate(spec.control, control, `control for ${spec.kind}`)
    const updates = { ...spec.impliedControl?.(entry.params, asked), ...asked }
    entry.handle.control(updates)
    Object.assign(entry.control, updates)
  }

  /** The newest frames of a running job (none when it is not running). */
  frames(runId: number): RecentFrame[] {
    return [...(this.active.get(runId)?.frames ?? [])]
  }

  isRunning(runId: number): boolean {
    return this.active.has(runId)
  }

  list(): ActiveJob[] {
    const tasks = this.deps.pool.active()
    const jobs = [...this.active.values()].map((a) => ({
      runId: a.runId,
      kind: a.kind,
      state: stateOf(a.handle),
      progress: a.progress.fraction,
      etaSeconds: a.progress.etaSeconds,
      control: { ...a.control },
      waitingFor: [] as BlockingRun[]
    }))
    for (const job of jobs) {
      if (job.state !== 'queued') continue
      // The runs whose tasks hold the workers of the lane this job's tasks wait in.
      const lanes = new Set(tasks.filter((t) => t.runId === job.runId).map((t) => t.lane))
      const holders = new Set(tasks.filter((t) => t.state !== 'queued' && lanes.has(t.lane) && t.runId !== job.runId).map((t) => t.runId))
      for (const other of jobs) if (holders.has(other.runId)) job.waitingFor.push({ runId: other.runId, kind: other.kind, state: other.state })
    }
    return jobs
  }

  /** Wait for every running job to end (after cancelling them). */
  async cancelAll(): Promise<void> {
    const all = [...this.active.values()]
    for (const a of all) a.handle.cancel()
    await Promise.all(all.map((a) => a.handle.done))
  }
}

/** Add a frame to the newest ones, dropping the oldest beyond the count or the byte budget. */
function keepRecent(frames: RecentFrame[], f: RecentFrame): void {
  frames.push(f)
  let bytes = frames.reduce((n, x) => n + x.data.byteLength, 0)
  while (frames.length > 1 && (frames.length > RECENT_FRAMES || bytes > RECENT_FRAME_BYTES)) bytes -= (frames.shift() as RecentFrame).data.byteLength
}
