// The protocol between the worker pool (main thread) and a job host (worker thread).
//
// Three channels per task, each for what it does best:
// - the worker's parentPort carries the start order (main → worker) and everything the
//   engine reports (worker → main), in order;
// - a SharedArrayBuffer of Int32 flags carries pause / step / stop / cancel: the worker reads
//   them without touching its event loop (the engine loop never yields to it) and blocks on
//   them with Atomics.wait while paused;
// - a dedicated MessagePort carries live control updates (e.g. a new temperature); the
//   worker drains it synchronously with receiveMessageOnPort inside checkpoint().
// The flags also carry the metrics' backpressure: how many batches main has yet to handle,
// and whether the store or a viewer falls behind (host.ts thins or holds the metrics then).

import type { MetricBatch } from '../../shared/metrics'
import type { MessagePort } from 'node:worker_threads'
import type { Frame } from '../../engine/job'

/** Indices into the task's Int32Array of flags. */
export const Flag = {
  /** 1 while the user wants the task held at its next checkpoint. */
  PAUSE: 0,
  /** 1 once cancelled: the next checkpoint throws JobCancelled. */
  CANCEL: 1,
  /** 1 once the user asked to finish: checkpoint() returns 'stop' from then on. */
  STOP: 2,
  /** Checkpoints still allowed through while paused (one per step()). */
  STEPS: 3,
  /** Control messages posted so far: the worker drains its port only when this moved. */
  CONTROL: 4,
  /** Bumped (and notified) on every change above: what Atomics.wait sleeps on. */
  SEQ: 5,
  /** Metric batches the worker has posted, and main has handled (passed to the store and the viewers). */
  POSTED: 6,
  HANDLED: 7,
  /** Set by main: 0 the store and the viewers keep up, 1 they fall behind (thin the metrics), 2 far behind (hold them). */
  PRESSURE: 8
} as const

export const FLAG_WORDS = 9

/** Flag.PRESSURE values. */
export const Pressure = { NONE: 0, BEHIND: 1, FAR_BEHIND: 2 } as const
export type PressureLevel = (typeof Pressure)[keyof typeof Pressure]

/** What the pool asks a worker to run. */
export interface WireTask {
  runId: number
  kind: string
  params: unknown
  seed: number
  /** Optional starting state handed to the engine function as its third argument. */
  init?: unknown
}

export type MainToWorker = {
  type: 'start'
  task: WireTask
  /** Receives control updates: plain objects, merged latest-wins by the worker. */
  control: MessagePort
  /** Backs an Int32Array(FLAG_WORDS) indexed by Flag. */
  flags: SharedArrayBuffer
}

/** A batch of metric rows (src/shared/metrics.ts), column-packed in the worker. */
export interface MetricsBatch extends MetricBatch {
  type: 'metrics'
}

export type WorkerToMain =
  | MetricsBatch
  | { type: 'frame'; data: Frame; meta: Record<string, number | string> }
  | { type: 'progress'; fraction: number; etaSeconds: number | null; note?: string }
  | { type: 'log'; message: string }
  | { type: 'artifact'; name: string; data: Frame; meta: Record<string, unknown> }
  /** The engine is now held at a checkpoint ('paused') or released by resume ('running'). */
  | { type: 'state'; state: 'running' | 'paused' }
  | { type: 'done'; result: Record<string, unknown> }
  | { type: 'failed'; error: string }
  | { type: 'cancelled' }
