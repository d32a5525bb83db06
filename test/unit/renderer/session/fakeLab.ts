// A lab service for the renderer's job plumbing under test: it stands where window.lab stands
// in Electron (src/renderer/lib/bridge.ts takes it from there), answers the methods a test
// gives it with the envelopes the real service answers, records every call, and pushes the
// events the test emits to every subscriber — so the session under test goes through the
// real client (lab.ts), envelopes and errors included.

import type { LabBridge, MethodInput, MethodName, MethodOutput } from '../../../../src/shared/api'
import { LabError } from '../../../../src/shared/errors'
import { batchOf } from '../../../../src/shared/metrics'
import type { KindName } from '../../../../src/shared/kinds'
import type { LabEvent, RunDetail, SeriesData } from '../../../../src/shared/types'

type Handler<M extends MethodName> = (input: MethodInput<M>) => MethodOutput<M> | Promise<MethodOutput<M>>

export interface Call {
  method: string
  input: Record<string, unknown>
}

export class FakeLab {
  readonly calls: Call[] = []
  private handlers = new Map<string, (input: never) => unknown>()
  private listeners = new Set<(e: unknown) => void>()

  readonly bridge: LabBridge = {
    invoke: async (method, input) => {
      this.calls.push({ method, input: input as Record<string, unknown> })
      const h = this.handlers.get(method)
      try {
        if (!h) throw new LabError('unknown_method', `the fake lab does not answer ${method}`)
        return { ok: true, value: await h(input as never) }
      } catch (e) {
        if (e instanceof LabError) return { ok: false, error: e.toBody() }
        throw e
      }
    },
    subscribe: (listener) => {
      this.listeners.add(listener)
      return () => this.listeners.delete(listener)
    }
  }

  /** Make window.lab this fake (before the renderer's modules are imported). */
  install(): void {
    ;(globalThis as { window?: unknown }).window = { lab: this.bridge }
  }

  on<M extends MethodName>(method: M, handler: Handler<M>): void {
    this.handlers.set(method, handler as (input: never) => unknown)
  }

  /** Forget the handlers, the calls and the subscribers of the last test (sessions of earlier tests hear nothing more). */
  reset(): void {
    this.handlers.clear()
    this.calls.length = 0
    this.listeners.clear()
  }

  emit(e: LabEvent): void {
    for (const l of this.listeners) l(e)
  }

  /** A metric batch of run `runId`, column-packed as the service sends it. */
  metrics(runId: number, steps: number[], rows: Record<string, number>[]): void {
    this.emit({ type: 'job.metrics', runId, ...batchOf(steps, rows) })
  }

  status(runId: number, kind: KindName, status: Extract<LabEvent, { type: 'job.status' }>['status'], extra: { error?: string; result?: Record<string, unknown> } = {}): void {
    this.emit({ type: 'job.status', runId, kind, status, ...extra })
  }

  /** The calls of one method, in order. */
  callsOf(method: MethodName): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.input)
  }
}

/** A stored run as runs.get answers it. */
export function runDetail(d: Partial<RunDetail> & Pick<RunDetail, 'id' | 'kind' | 'params'>): RunDetail {
  return {
    name: `run ${d.id}`,
    status: 'done',
    seed: 1,
    kept: true,
    createdAt: '2026-01-01T10:00:00.000Z',
    finishedAt: null,
    durationSeconds: 1,
    error: null,
    tags: [],
    starred: false,
    bytes: null,
    note: '',
    origin: null,
    result: null,
    appVersion: 'test',
    series: [],
    artifacts: [],
    log: [],
    ...d
  }
}

/** Stored rows as runs.series answers them (every row has every series). */
export function seriesOf(steps: number[], rows: Record<string, number>[]): SeriesData {
  const names = rows.length ? Object.keys(rows[0]) : []
  return {
    steps: Float64Array.from(steps),
    values: Object.fromEntries(names.map((n) => [n, Float64Array.from(rows, (r) => r[n])])),
    total: steps.length
  }
}

/** A promise and the functions that settle it (to hold an answer back). */
export function deferred<T>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void
  const promise = new Promise<T>((r) => (resolve = r))
  return { promise, resolve }
}

/** Let every pending promise callback run. */
export const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 0))
