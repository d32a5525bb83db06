// The store thread: owns the SQLite connection, answers main's calls in order, and writes
// metric batches in timed, batched transactions.

import { parentPort, workerData } from 'node:worker_threads'
import { LabError, type LabErrorBody } from '../../shared/errors'
import { openRunStore, type RunStore } from './runStore'
import { STORE_METHODS, type StoreReply, type StoreRequest, type StoreThreadData } from './storeProtocol'

const port = parentPort
if (!port) throw new Error('storeThread.ts must run as a worker thread')
const post = (m: StoreReply): void => port.postMessage(m)

const errorBody = (e: unknown): LabErrorBody =>
  e instanceof LabError ? e.toBody() : { code: 'internal', message: e instanceof Error ? e.message : String(e) }

const data = workerData as StoreThreadData
let store: RunStore | null = null
try {
  store = openRunStore({ file: data.file, nativeBinding: data.nativeBinding, appVersion: data.appVersion, readOnly: data.readOnly })
  post({ type: 'ready', interruptedAtOpen: [...store.interruptedAtOpen] })
} catch (e) {
  post({ type: 'open-failed', error: errorBody(e) })
}

if (store) {
  const s = store
  // A full disk fails every write: each failure is counted against its run (its ending says
  // how much was lost), and said here once, not once per batch.
  let failing = false
  const warnedRuns = new Set<number>()
  const timer = setInterval(() => {
    try {
      s.flush()
      failing = false
    } catch (e) {
      if (!failing) post({ type: 'warning', message: `flushing metrics failed: ${errorBody(e).message}` })
      failing = true
    }
  }, data.flushIntervalMs)
  const allowed = new Set<string>(STORE_METHODS)

  port.on('message', (msg: StoreRequest) => {
    if (msg.type === 'append') {
      try {
        s.appendBatch(msg.runId, msg.batch)
      } catch (e) {
        if (!warnedRuns.has(msg.runId)) post({ type: 'warning', message: `metrics for run ${msg.runId} dropped: ${errorBody(e).message}` })
        warnedRuns.add(msg.runId)
      }
      post({ type: 'appended', points: msg.batch.values.length })
      return
    }
    if (msg.type === 'close') {
      clearInterval(timer)
      try {
        s.close()
        post({ type: 'result', id: msg.id, ok: true, value: null })
      } catch (e) {
        post({ type: 'result', id: msg.id, ok: false, error: errorBody(e) })
      } finally {
        port.close()
      }
      return
    }
    try {
      if (!allowed.has(msg.method)) throw new LabError('internal', `no store method ${String(msg.method)}`)
      const fn = s[msg.method] as (...a: unknown[]) => unknown
      post({ type: 'result', id: msg.id, ok: true, value: fn.apply(s, msg.args) })
    } catch (e) {
      post({ type: 'result', id: msg.id, ok: false, error: errorBody(e) })
    }
  })
}
