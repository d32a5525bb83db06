// Main's side of the store thread: the RunStore methods as promises, metric batches posted
// without waiting. Calls are answered in the order they were made.

import { Worker } from 'node:worker_threads'
import { LabError } from '../../shared/errors'
import type { MetricBatch } from '../../shared/metrics'
import { resolveWorkerScript } from '../jobs/workerEntry'
import type { RunStore } from './runStore'
import { STORE_METHODS, type StoreMethod, type StoreReply, type StoreRequest, type StoreThreadData } from './storeProtocol'

type Fn = (...args: never[]) => unknown
export type StoreClient = {
  [K in StoreMethod]: RunStore[K] extends Fn ? (...args: Parameters<RunStore[K]>) => Promise<ReturnType<RunStore[K]>> : never
} & {
  readonly interruptedAtOpen: readonly number[]
  appendBatch(runId: number, batch: MetricBatch): void
  /** Metric values posted to the store thread that it has not taken in yet: how far behind it is. */
  backlog(): number
  close(): Promise<void>
}

export async function openStoreThread(opts: {
  file: string
  nativeBinding?: string
  appVersion: string
  flushIntervalMs?: number
  readOnly?: boolean
}): Promise<StoreClient> {
  const entry = resolveWorkerScript(__filename, 'storeThread')
  const data: StoreThreadData = {
    file: opts.file,
    nativeBinding: opts.nativeBinding,
    appVersion: opts.appVersion,
    flushIntervalMs: opts.flushIntervalMs ?? 250,
    readOnly: opts.readOnly === true
  }
  const worker = new Worker(entry.path, { workerData: data, execArgv: entry.execArgv })
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void }>()
  let nextId = 1
  let closed = false
  let backlog = 0
  let gone = false

  const failAll = (message: string): void => {
    for (const p of pending.values()) p.reject(new LabError('internal', message))
    pending.clear()
    backlog = 0 // nothing will be taken in any more: nothing to wait for
  }
  const interruptedAtOpen = await new Promise<number[]>((resolve, reject) => {
    worker.once('error', (e) => reject(new LabError('internal', `the run store could not start: ${e.message}`)))
    worker.once('message', (m: StoreReply) => {
      if (m.type === 'ready') resolve(m.interruptedAtOpen)
      else if (m.type === 'open-failed') reject(new LabError(m.error.code, m.error.message))
      else reject(new LabError('internal', 'the run store answered before it was ready'))
    })
  })
  worker.on('message', (m: StoreReply) => {
    if (m.type === 'appended') backlog -= m.points
    else if (m.type === 'warning') console.error(`[store] ${m.message}`)
    else if (m.type === 'result') {
      const p = pending.get(m.id)
      pending.delete(m.id)
      if (m.ok) p?.resolve(m.value)
      else p?.reject(new LabError(m.error.code, m.error.message, m.error.issues))
    }
  })
  worker.on('error', (e) => failAll(`the run store thread failed: ${e.message}`))
  worker.on('exit', (code) => {
    gone = true
    if (!closed) failAll(`the run store thread exited (code ${code})`)
  })

  const request = (msg: StoreRequest & { id: number }): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (closed) return reject(new LabError('internal', 'the run store is closed'))
      pending.set(msg.id, { resolve, reject })
      worker.postMessage(msg)
    })

  const client: Record<string, unknown> = {
    interruptedAtOpen,
    appendBatch(runId: number, batch: MetricBatch) {
      if (closed || gone) return
      backlog += batch.values.length
      worker.postMessage({ type: 'append', runId, batch } satisfies StoreRequest)
    },
    backlog: () => backlog,
    async close() {
      if (closed) return
      try {
        await request({ type: 'close', id: nextId++ })
      } finally {
        closed = true
        await worker.terminate()
      }
    }
  }
  for (const method of STORE_METHODS) client[method] = (...args: unknown[]) => request({ type: 'call', id: nextId++, method, args })
  return client as StoreClient
}
