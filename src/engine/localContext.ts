// A JobContext that runs an engine function in the calling thread and records everything
// it reports. For tests, benchmarks and any caller that needs a result, not a live view.

import { createRng } from './rng'
import type { Frame, JobContext } from './job'

export interface LocalRecord {
  steps: number[]
  rows: Record<string, number>[]
  frames: number
  lastFrame: Frame | null
  progress: number
  artifacts: Map<string, { data: Frame; meta?: Record<string, unknown> }>
  logs: string[]
}

export function localContext<C = Record<string, unknown>>(
  seed: number,
  opts: { controls?: (Partial<C> | 'stop' | null)[]; keepFrames?: boolean } = {}
): { ctx: JobContext<C>; record: LocalRecord } {
  const record: LocalRecord = { steps: [], rows: [], frames: 0, lastFrame: null, progress: 0, artifacts: new Map(), logs: [] }
  const queue = [...(opts.controls ?? [])]
  const ctx: JobContext<C> = {
    seed,
    rng: createRng(seed),
    emit(step, metrics) {
      record.steps.push(step)
      record.rows.push({ ...metrics })
    },
    frame(data) {
      record.frames++
      if (opts.keepFrames) record.lastFrame = data.slice() as Frame
    },
    frameDue: () => opts.keepFrames === true,
    progress(f) {
      record.progress = f
    },
    checkpoint() {
      return queue.length ? (queue.shift() ?? null) : null
    },
    throttle() {},
    artifact(name, data, meta) {
      record.artifacts.set(name, { data: data.slice() as Frame, meta })
    },
    log(message) {
      record.logs.push(message)
    }
  }
  return { ctx, record }
}
