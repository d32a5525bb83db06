import type { KindName } from './kinds'
import type { MetricBatch } from './metrics'
import type { ArtifactSpec } from './kinds/define'
import type { JobState, RunStatus } from './primitives'
import type { RunOrigin } from './history'

export type TypedArray = Int8Array | Uint8Array | Int32Array | Uint32Array | Float32Array | Float64Array

export interface AppInfo {
  version: string
  dataDir: string
  transport: 'electron' | 'browser' | 'cli'
  workers: number
}

export interface KindInfo {
  kind: KindName
  title: string
  summary: string
  series: readonly string[]
  budget?: number
  /** JSON Schema of the params, generated from the zod schema. */
  paramsSchema: unknown
  controlSchema: unknown
  /** JSON Schema of the run's stored result (what a finished run's `result` holds). */
  resultSchema: unknown
  /** The binary artifacts a run of this kind keeps. */
  artifacts: readonly ArtifactSpec[]
}

export interface RunSummary {
  id: number
  kind: string
  name: string
  status: RunStatus
  seed: number
  kept: boolean
  createdAt: string
  finishedAt: string | null
  /** Seconds from creation to finish (or to now, while running). */
  durationSeconds: number
  error: string | null
  tags: string[]
  /** Starred runs stay at the top of the list. */
  starred: boolean
  /** Bytes the run takes in the database (null until it ends). */
  bytes: number | null
  /** When the list is sorted by a final metric: this run's value of it (null: it has none). */
  sortValue?: number | null
}

export interface ArtifactInfo {
  name: string
  type: string
  length: number
  meta: Record<string, unknown>
}

export interface RunDetail extends RunSummary {
  note: string
  /** Where the run came from when not from a job started here (imported, merged from shards, a rerun). */
  origin: RunOrigin | null
  params: Record<string, unknown>
  result: Record<string, unknown> | null
  appVersion: string
  series: string[]
  artifacts: ArtifactInfo[]
  log: { at: string; message: string }[]
}

export interface SeriesData {
  steps: Float64Array
  /** One array per series name, aligned with `steps` (NaN where a step lacks that series). */
  values: Record<string, Float64Array>
  /** Steps stored before any decimation. */
  total: number
}

export interface ArtifactData {
  info: ArtifactInfo
  data: TypedArray
}

export interface ActiveJob {
  runId: number
  kind: KindName
  state: JobState
  progress: number
  etaSeconds: number | null
  /** The live control values sent so far (merged), so a reattaching view shows the current T, B… */
  control: Record<string, unknown>
  /** While queued: the runs that hold the workers it waits for (empty otherwise). */
  waitingFor: BlockingRun[]
}

/** A run holding a worker another run waits for. */
export interface BlockingRun {
  runId: number
  kind: KindName
  state: JobState
}

/** How long a job of a kind with a cost would take here (jobs.estimate, and the budget question). */
export interface WorkEstimate {
  /** In the kind's units (its `workUnit`). */
  cost: number
  workUnit: string
  /** Work beyond this is refused unless confirmed; null when the kind has none. */
  budget: number | null
  /** Units per second the estimate assumes. */
  rate: number
  seconds: number
  /** Where the rate comes from: the median of this data folder's recent finished runs of the kind, or the kind's typical rate. */
  basis: { from: 'runs'; runs: number } | { from: 'typical' }
}

/** A panel part's saved workspace (workspace.get). */
export interface WorkspaceEntry {
  key: string
  version: number
  /** As saved; the panel checks its shape before using it. */
  value: unknown
  savedAt: string
}

export interface ExportFile {
  filename: string
  mime: string
  text: string
}

/** Events pushed from main to every connected renderer. */
export type LabEvent =
  | { type: 'job.status'; runId: number; kind: KindName; status: RunStatus | JobState; error?: string; result?: Record<string, unknown> }
  | { type: 'job.progress'; runId: number; fraction: number; etaSeconds: number | null; note?: string }
  | ({ type: 'job.metrics'; runId: number } & MetricBatch)
  | { type: 'job.frame'; runId: number; data: TypedArray; meta: Record<string, number | string> }
  | { type: 'job.log'; runId: number; message: string }
  | { type: 'runs.changed' }
