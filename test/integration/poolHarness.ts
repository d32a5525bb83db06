// Shared by the pool*.test.ts files: a pool on the fixture worker, a recorder of everything
// a task reports, and polling waits (no fixed sleeps where a condition can be awaited).

import { rowsOf } from '../../src/shared/metrics'
import { fileURLToPath } from 'node:url'
import type { TypedArray } from '../../src/shared/types'
import type { JobState } from '../../src/shared/primitives'
import { WorkerPool, type PoolOptions, type TaskHandlers } from '../../src/main/jobs/pool'

export const fixtureWorkerPath = fileURLToPath(new URL('../fixtures/fixtureWorker.ts', import.meta.url))

export function fixturePool(options: Omit<PoolOptions, 'workerPath' | 'execArgv'> = {}): WorkerPool {
  return new WorkerPool({ size: 2, ...options, workerPath: fixtureWorkerPath, execArgv: ['--require', 'tsx/cjs'] })
}

export interface Recording {
  steps: number[]
  rows: Record<string, number>[]
  batches: number[]
  frames: { data: TypedArray; meta: Record<string, number | string> }[]
  progress: { fraction: number; eta: number | null; note?: string }[]
  logs: string[]
  artifacts: { name: string; data: TypedArray; meta: Record<string, unknown> }[]
  states: JobState[]
}

export function recorder(): { rec: Recording; handlers: TaskHandlers } {
  const rec: Recording = { steps: [], rows: [], batches: [], frames: [], progress: [], logs: [], artifacts: [], states: [] }
  const handlers: TaskHandlers = {
    metrics(batch) {
      const { steps, rows } = rowsOf(batch)
      rec.batches.push(rows.length)
      rec.steps.push(...steps)
      rec.rows.push(...rows)
    },
    frame(data, meta) {
      rec.frames.push({ data, meta })
    },
    progress(fraction, eta, note) {
      rec.progress.push(note === undefined ? { fraction, eta } : { fraction, eta, note })
    },
    log(message) {
      rec.logs.push(message)
    },
    artifact(name, data, meta) {
      rec.artifacts.push({ name, data, meta })
    },
    state(s) {
      rec.states.push(s)
    }
  }
  return { rec, handlers }
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

export async function until(cond: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(5)
  }
}

/** 0, 1, …, n-1 */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)
