// Runs the Fig. 12 grid off the page's main thread: in a Web Worker (bundled by Vite), or — if
// no worker can be started — in the page, one map per task with a yield between maps, so the
// page never stalls. Latest wins: while the worker computes, newer requests replace each
// other in a one-place queue, and a superseded request resolves to null.

import type { Map2d } from '../../engine/cnn/handFilters'
import { stackSteps, type StackRequest } from './cnnStack'

export interface StackAnswer {
  grid: Map2d[][]
  ms: number
  where: 'worker' | 'page'
}

interface Job {
  id: number
  req: StackRequest
  resolve: (a: StackAnswer | null) => void
  reject: (e: Error) => void
}

interface Reply {
  id: number
  ok: boolean
  grid?: Map2d[][]
  ms?: number
  message?: string
}

let worker: Worker | null | undefined
let seq = 0
let running: Job | null = null
let queued: Job | null = null

function getWorker(): Worker | null {
  if (worker !== undefined) return worker
  try {
    const w = new Worker(new URL('./cnnStackWorker.ts', import.meta.url), { type: 'module' })
    w.onmessage = (e: MessageEvent<Reply>) => {
      const job = running
      running = null
      if (job && job.id === e.data.id) {
        if (!e.data.ok) job.reject(new Error(e.data.message ?? 'the filter worker failed'))
        else job.resolve(job.id === seq ? { grid: e.data.grid!, ms: e.data.ms ?? 0, where: 'worker' } : null)
      }
      pump()
    }
    w.onerror = (ev) => {
      // The worker cannot run here (its script refused or broken): compute in the page from now on.
      ev.preventDefault()
      w.terminate()
      worker = null
      const job = running
      running = null
      if (job) void inPage(job)
      pump()
    }
    worker = w
  } catch {
    worker = null
  }
  return worker
}

function pump(): void {
  if (running || !queued) return
  const job = queued
  queued = null
  const w = getWorker()
  if (!w) return void inPage(job)
  running = job
  w.postMessage({ id: job.id, req: job.req })
}

async function inPage(job: Job): Promise<void> {
  const t0 = performance.now()
  try {
    const it = stackSteps(job.req)
    for (;;) {
      const r = it.next()
      if (r.done) return job.resolve({ grid: r.value, ms: performance.now() - t0, where: 'page' })
      await new Promise((res) => setTimeout(res, 0))
      if (job.id !== seq) return job.resolve(null)
    }
  } catch (e) {
    job.reject(e instanceof Error ? e : new Error(String(e)))
  }
}

/** The grid for `req`, or null when a newer request superseded it. */
export function computeStack(req: StackRequest): Promise<StackAnswer | null> {
  return new Promise((resolve, reject) => {
    queued?.resolve(null)
    queued = { id: ++seq, req, resolve, reject }
    pump()
  })
}
