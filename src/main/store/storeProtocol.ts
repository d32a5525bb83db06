// The messages between main and the store thread (storeThread.ts), and the RunStore methods
// main may call there. Every database access of the app runs in that one thread: one writer,
// and no query or metric insert ever holds up main's event loop.

import type { LabErrorBody } from '../../shared/errors'
import type { MetricBatch } from '../../shared/metrics'

export const STORE_METHODS = [
  'createRun',
  'finishRun',
  'flush',
  'putArtifact',
  'getArtifact',
  'listRuns',
  'getSummary',
  'getRun',
  'getSeries',
  'rename',
  'keep',
  'deleteRun',
  'log',
  'getWorkspace',
  'putWorkspace',
  'integrityCheck',
  'findRuns',
  'annotate',
  'tags',
  'deleteRuns',
  'dropArtifacts',
  'storage',
  'vacuum',
  'exportBundle',
  'importBundles',
  'readBundles',
  'importRuns'
] as const
export type StoreMethod = (typeof STORE_METHODS)[number]

export interface StoreThreadData {
  file: string
  nativeBinding?: string
  appVersion: string
  flushIntervalMs: number
  readOnly: boolean
}

export type StoreRequest =
  | { type: 'call'; id: number; method: StoreMethod; args: unknown[] }
  /** Fire and forget: metrics are the hot path and need no answer. */
  | { type: 'append'; runId: number; batch: MetricBatch }
  | { type: 'close'; id: number }

export type StoreReply =
  | { type: 'ready'; interruptedAtOpen: number[] }
  | { type: 'open-failed'; error: LabErrorBody }
  | { type: 'result'; id: number; ok: true; value: unknown }
  | { type: 'result'; id: number; ok: false; error: LabErrorBody }
  | { type: 'warning'; message: string }
  /** A metric batch of `points` values was taken in (buffered or written): main counts its backlog down. */
  | { type: 'appended'; points: number }
