// The lab service: the one implementation of the method table in src/shared/api.ts.
// Every transport (Electron IPC, browser-mode WebSocket, the CLI) calls `call()`, which
// checks the method name, validates the input with the method's schema and answers with
// an envelope — a bad request gets a clear message and changes nothing.

import { z } from 'zod'
import { isMethodName, methods, type MethodName, type MethodOutput, type MethodParsed } from '../../shared/api'
import { LabError, type Envelope } from '../../shared/errors'
import { jobKinds } from '../../shared/kinds'
import type { AppInfo, LabEvent } from '../../shared/types'
import { validate } from '../../shared/validate'
import type { WorkerPool } from '../jobs/pool'
import type { StoreClient } from '../store/storeClient'
import { databaseFile } from '../app/paths'
import { exportRun } from './exportRun'
import { checkInputShape } from './inputShape'
import { DatasetService } from './datasets'
import { HistoryService } from './history'
import { JobRunner } from './jobs'
import { Backpressure } from './backpressure'

type Handlers = { [M in MethodName]: (input: MethodParsed<M>) => MethodOutput<M> | Promise<MethodOutput<M>> }

export interface LabServiceOptions {
  store: StoreClient
  pool: WorkerPool
  info: AppInfo
}

export class LabService {
  readonly jobs: JobRunner
  readonly datasets: DatasetService
  readonly history: HistoryService
  private readonly backpressure: Backpressure
  private readonly listeners = new Set<(e: LabEvent) => void>()
  private readonly handlers: Handlers

  constructor(private readonly opts: LabServiceOptions) {
    const { store } = opts
    this.backpressure = new Backpressure(store, opts.pool)
    this.jobs = new JobRunner({ store, pool: opts.pool, emit: (e) => this.emit(e), metricsPassed: () => this.backpressure.update() })
    this.datasets = new DatasetService({ store, emit: (e) => this.emit(e) })
    this.history = new HistoryService({ store, emit: (e) => this.emit(e), isRunning: (id) => this.jobs.isRunning(id) })

    const ok = { ok: true } as const
    this.handlers = {
      'app.info': () => opts.info,
      'app.checkDatabase': async () => {
        const report = await store.integrityCheck()
        return { ok: report === 'ok', file: databaseFile(opts.info.dataDir), report }
      },
      'jobs.kinds': () =>
        Object.values(jobKinds).map((k) => ({
          kind: k.kind,
          title: k.title,
          summary: k.summary,
          series: k.series,
          ...(k.budget !== undefined ? { budget: k.budget } : {}),
          paramsSchema: z.toJSONSchema(k.params, { io: 'input', unrepresentable: 'any' }),
          controlSchema: z.toJSONSchema(k.control, { io: 'input', unrepresentable: 'any' }),
          resultSchema: z.toJSONSchema(k.result, { io: 'output', unrepresentable: 'any' }),
          artifacts: k.artifacts
        })),
      'jobs.start': (i) => this.jobs.start(i),
      'jobs.estimate': (i) => this.jobs.estimate(i),
      'jobs.control': (i) => (this.jobs.control(i.runId, i.control), ok),
      'jobs.pause': (i) => (this.jobs.handle(i.runId).pause(), ok),
      'jobs.resume': (i) => (this.jobs.handle(i.runId).resume(), ok),
      'jobs.step': (i) => (this.jobs.handle(i.runId).step(), ok),
      'jobs.stop': (i) => (this.jobs.handle(i.runId).stop(), ok),
      'jobs.cancel': (i) => (this.jobs.handle(i.runId).cancel(), ok),
      'jobs.active': () => this.jobs.list(),
      'jobs.frames': (i) => this.jobs.frames(i.runId),
      'runs.list': (i) => store.listRuns(i),
      'runs.get': (i) => store.getRun(i.runId),
      'runs.series': (i) => store.getSeries(i.runId, i.names, i.maxPoints),
      'runs.artifact': (i) => store.getArtifact(i.runId, i.name),
      'runs.rename': async (i) => {
        const summary = await store.rename(i.runId, i.name)
        this.emit({ type: 'runs.changed' })
        return summary
      },
      'runs.keep': async (i) => {
        const summary = await store.keep(i.runId, i.name)
        this.emit({ type: 'runs.changed' })
        return summary
      },
      'runs.delete': async (i) => {
        if (this.jobs.isRunning(i.runId)) throw new LabError('conflict', `Run ${i.runId} is still running: stop or cancel it first.`)
        await store.deleteRun(i.runId)
        this.emit({ type: 'runs.changed' })
        return ok
      },
      'runs.export': async (i) => exportRun(await store.getRun(i.runId), await store.getSeries(i.runId), i.format),
      'workspace.get': () => store.getWorkspace(),
      'workspace.put': (i) => store.putWorkspace(i.key, i.version, i.value),
      'runs.find': (i) => store.findRuns(i),
      'runs.annotate': (i) => this.history.annotate(i),
      'runs.tags': () => store.tags(),
      'runs.deleteMany': (i) => this.history.deleteMany(i.runIds),
      'runs.dropArtifacts': (i) => this.history.dropArtifacts(i.runIds),
      'runs.storage': () => store.storage(),
      'runs.vacuum': () => this.history.vacuum(),
      'runs.exportBundle': (i) => this.history.exportBundle(i.runIds),
      'runs.import': (i) => this.history.import(i),
      'datasets.import': (i) => this.datasets.importIdx(i),
      'data.digits': (i) => this.datasets.images(i)
    }
  }

  /** Dispatch one request from outside. Never throws: every failure is an error envelope. */
  async call(method: unknown, input: unknown): Promise<Envelope<unknown>> {
    try {
      if (!isMethodName(method))
        throw new LabError('unknown_method', `Unknown method ${typeof method === 'string' ? JSON.stringify(method.slice(0, 80)) : typeof method}.`)
      checkInputShape(input)
      return { ok: true, value: await this.invoke(method, input) }
    } catch (e) {
      if (e instanceof LabError) return { ok: false, error: e.toBody() }
      const message = e instanceof Error ? e.message : String(e)
      console.error(`[lab] ${String(method)} failed:`, e)
      return { ok: false, error: { code: 'internal', message } }
    }
  }

  /** Typed, validated call for in-process callers (the CLI); throws LabError. */
  async invoke<M extends MethodName>(method: M, input: unknown): Promise<MethodOutput<M>> {
    const parsed = validate(methods[method].input, input ?? {}, `input of ${method}`) as MethodParsed<M>
    const handler = this.handlers[method] as (i: MethodParsed<M>) => MethodOutput<M> | Promise<MethodOutput<M>>
    return handler(parsed)
  }

  /**
   * A viewer whose unsent bytes the metrics' backpressure watches (a browser-mode client):
   * while one falls behind, the runs keep fewer rows. Returns its removal.
   */
  addViewer(unsentBytes: () => number): () => void {
    return this.backpressure.addViewer(unsentBytes)
  }

  subscribe(listener: (e: LabEvent) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  private emit(e: LabEvent): void {
    for (const l of this.listeners) {
      try {
        l(e)
      } catch (err) {
        console.error('[lab] event listener failed:', err)
      }
    }
  }

  /** Cancel running jobs, flush and close the store, stop the workers. */
  async close(): Promise<void> {
    this.backpressure.close()
    await this.jobs.cancelAll()
    await this.opts.pool.close()
    await this.opts.store.close()
  }
}
