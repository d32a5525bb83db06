import { z } from 'zod'
import { Kind, RunId, RunName, Seed, WorkspaceKey, WorkspaceVersion } from './primitives'
import {
  AnnotateInput,
  FindRunsInput,
  ImportInput,
  MAX_BUNDLE_UPLOAD_BYTES,
  RunIds,
  Shard,
  type BundleExport,
  type ImportReport,
  type RunPage,
  type StorageInfo,
  type TagCount
} from './history'
import type {
  ActiveJob,
  AppInfo,
  ArtifactData,
  ExportFile,
  KindInfo,
  RunDetail,
  RunSummary,
  SeriesData,
  TypedArray,
  WorkEstimate,
  WorkspaceEntry
} from './types'

// The lab's API: one entry per method, its input schema and (phantom) output type. Both
// transports (Electron IPC and browser mode) and the CLI dispatch through this table, and
// the renderer's client is typed from it: a new method is one line here plus its
// implementation in the service.

const out = <T>(): T => undefined as unknown as T

/** Largest IDX files 'datasets.import' takes (as sent, gzipped or not). */
export const MAX_IMPORT_IMAGE_BYTES = 240 * 1024 * 1024
export const MAX_IMPORT_LABEL_BYTES = 8 * 1024 * 1024
export const MAX_DIGITS_PER_CALL = 400

const MiB = 1024 * 1024
/**
 * The JSON part of one message (src/shared/codec.ts): parsed on main's thread, so it is kept
 * small (~10 ms to parse); bulk numbers travel as typed arrays, which cost no parsing.
 */
export const MAX_REQUEST_HEADER_BYTES = 1 * MiB
/**
 * One request over browser mode's WebSocket. The largest legitimate one is a hopfield.recall
 * with the schema's largest library: 4096 patterns of 64×64 pixels as Int8Arrays (16 MiB),
 * plus its JSON part. Imports, far larger, travel over an HTTP upload instead (upload: true).
 */
export const MAX_REQUEST_BYTES = 16 * MiB + 2 * MAX_REQUEST_HEADER_BYTES
/**
 * Requests one browser-mode connection may have unanswered: the server answers more at once
 * with `busy`, and the renderer's client queues beyond it, so it never meets that answer.
 */
export const MAX_REQUESTS_IN_FLIGHT = 32
/** One upload (POST /call in browser mode): the two IDX files or the bundles, and the JSON part. */
export const MAX_UPLOAD_BYTES = Math.max(MAX_IMPORT_IMAGE_BYTES + MAX_IMPORT_LABEL_BYTES, MAX_BUNDLE_UPLOAD_BYTES) + MAX_REQUEST_HEADER_BYTES

/** What 'app.checkDatabase' answers: 'ok', or SQLite's list of what is wrong. */
export interface DatabaseCheck {
  ok: boolean
  file: string
  report: string
}

/** What 'datasets.import' answers: the new dataset run and what it holds. */
export interface ImportedDataset {
  runId: number
  count: number
  rows: number
  cols: number
  classes: number
  classCounts: number[]
}

/** Images picked by index, one after the other (rows·cols bytes each), with their labels. */
export interface DigitImages {
  rows: number
  cols: number
  classes: number
  /** Images in the whole dataset. */
  count: number
  pixels: Uint8Array
  labels: Uint8Array
}

/** A file's bytes (zod 4: instanceof is a custom check; the method table is never turned into JSON Schema). */
const fileBytes = (what: string, max: number) =>
  z
    .instanceof(Uint8Array, { message: `the ${what} file must be sent as bytes (Uint8Array)` })
    .refine((b) => b.byteLength > 0, { message: `the ${what} file is empty` })
    .refine((b) => b.byteLength <= max, { message: `the ${what} file is larger than ${max / 1024 / 1024} MiB` })

const none = z.object({}).strict()
const byRun = z.object({ runId: RunId }).strict()

export const methods = {
  'app.info': { input: none, output: out<AppInfo>() },
  /** SQLite's full integrity_check of the run database (slow on a large file; quick_check runs at every open). */
  'app.checkDatabase': { input: none, output: out<DatabaseCheck>() },
  'jobs.kinds': { input: none, output: out<KindInfo[]>() },
  'jobs.start': {
    input: z
      .object({
        kind: Kind,
        params: z.unknown(),
        seed: Seed.optional(),
        name: RunName.optional(),
        /** false: a scratch run (the live panel) that is deleted when it ends unless kept. */
        keep: z.boolean().default(true),
        /** Acknowledges work beyond the kind's budget. */
        confirm: z.boolean().default(false),
        /** Run only the index-th of count disjoint parts (a cluster array job); kinds with independent points only. */
        shard: Shard.optional(),
        /** The run this one repeats, kept in its origin. */
        rerunOf: RunId.optional()
      })
      .strict(),
    output: out<{ runId: number; seed: number }>()
  },
  /** How long a job of these params would take on this machine (null: the kind has no cost to go by). */
  'jobs.estimate': {
    input: z.object({ kind: Kind, params: z.unknown() }).strict(),
    output: out<WorkEstimate | null>()
  },
  'jobs.control': {
    input: z.object({ runId: RunId, control: z.record(z.string(), z.unknown()) }).strict(),
    output: out<{ ok: true }>()
  },
  'jobs.pause': { input: byRun, output: out<{ ok: true }>() },
  'jobs.resume': { input: byRun, output: out<{ ok: true }>() },
  /** While paused: let exactly one unit of work (one sweep) through. */
  'jobs.step': { input: byRun, output: out<{ ok: true }>() },
  /** Finish normally: the run ends `done` with its final artifacts. */
  'jobs.stop': { input: byRun, output: out<{ ok: true }>() },
  'jobs.cancel': { input: byRun, output: out<{ ok: true }>() },
  'jobs.active': { input: none, output: out<ActiveJob[]>() },
  /** The newest frames of a running job (the lattice of a paused run, for a page that reattaches); none when it is not running. */
  'jobs.frames': { input: byRun, output: out<{ data: TypedArray; meta: Record<string, number | string> }[]>() },
  'runs.list': {
    input: z
      .object({
        kind: Kind.optional(),
        includeScratch: z.boolean().default(false),
        limit: z.number().int().min(1).max(10000).default(500)
      })
      .strict(),
    output: out<RunSummary[]>()
  },
  'runs.get': { input: byRun, output: out<RunDetail>() },
  'runs.series': {
    input: z
      .object({
        runId: RunId,
        names: z.array(z.string().min(1).max(64)).max(64).optional(),
        /** Decimate evenly to at most this many points (0 = all). */
        maxPoints: z.number().int().min(0).max(10_000_000).default(0)
      })
      .strict(),
    output: out<SeriesData>()
  },
  'runs.artifact': {
    input: z.object({ runId: RunId, name: z.string().min(1).max(128) }).strict(),
    output: out<ArtifactData>()
  },
  'runs.rename': { input: z.object({ runId: RunId, name: RunName }).strict(), output: out<RunSummary>() },
  'runs.keep': { input: z.object({ runId: RunId, name: RunName.optional() }).strict(), output: out<RunSummary>() },
  'runs.delete': { input: byRun, output: out<{ ok: true }>() },
  'runs.export': {
    input: z.object({ runId: RunId, format: z.enum(['csv', 'json']) }).strict(),
    output: out<ExportFile>()
  },
  /** Every panel part's saved workspace: what the user made in the panels (patterns, filters, forms). */
  'workspace.get': { input: none, output: out<WorkspaceEntry[]>() },
  /** Save one panel part's workspace (a JSON object; larger than MAX_WORKSPACE_BYTES as text is refused). */
  'workspace.put': {
    input: z.object({ key: WorkspaceKey, version: WorkspaceVersion, value: z.record(z.string(), z.unknown()) }).strict(),
    output: out<{ savedAt: string }>()
  },
  /** Search, filter and sort the stored runs, a page at a time. */
  'runs.find': { input: FindRunsInput, output: out<RunPage>() },
  /** Tags (added, removed), a note, a star. */
  'runs.annotate': { input: AnnotateInput, output: out<RunSummary>() },
  /** Every tag in use, with how many runs carry it (autocomplete). */
  'runs.tags': { input: none, output: out<TagCount[]>() },
  /** Delete these runs, all or none (none when one of them is running). */
  'runs.deleteMany': { input: z.object({ runIds: RunIds }).strict(), output: out<{ deleted: number }>() },
  /** Delete the artifacts of these runs (weights, lattices, datasets), keeping params, result and curves. */
  'runs.dropArtifacts': { input: z.object({ runIds: RunIds }).strict(), output: out<{ runs: number; bytesFreed: number }>() },
  /** The database's size and the space it could give back. */
  'runs.storage': { input: none, output: out<StorageInfo>() },
  /** Give the free space back to the disk (SQLite VACUUM). */
  'runs.vacuum': { input: none, output: out<{ before: number; after: number }>() },
  /** These runs as one .physml bundle. */
  'runs.exportBundle': { input: z.object({ runIds: RunIds }).strict(), output: out<BundleExport>() },
  /**
   * Import .physml bundles, all or nothing, each run under a new id (merge: the shards of one
   * run become that run). upload: browser mode sends it as an HTTP upload, not over the WebSocket.
   */
  'runs.import': { input: ImportInput, output: out<ImportReport>(), upload: true },
  /**
   * Import an IDX image/label pair (raw or gzipped) as a kept run of its own (shared/kinds/importedDataset.ts);
   * refused whole if malformed. upload: browser mode sends it as an HTTP upload, not over the WebSocket.
   */
  'datasets.import': {
    input: z.object({ name: RunName, images: fileBytes('images', MAX_IMPORT_IMAGE_BYTES), labels: fileBytes('labels', MAX_IMPORT_LABEL_BYTES) }).strict(),
    output: out<ImportedDataset>(),
    upload: true
  },
  /** Some images of the bundled digits (or of an imported dataset), e.g. the misclassified test items. */
  'data.digits': {
    input: z
      .object({
        indices: z.array(z.number().int().min(0)).max(MAX_DIGITS_PER_CALL, `at most ${MAX_DIGITS_PER_CALL} images per call`),
        dataset: z.union([z.literal('mnist'), z.object({ importedId: RunId }).strict()]).default('mnist')
      })
      .strict(),
    output: out<DigitImages>()
  }
} as const

export type Methods = typeof methods
export type MethodName = keyof Methods
export type MethodInput<M extends MethodName> = z.input<Methods[M]['input']>
export type MethodParsed<M extends MethodName> = z.output<Methods[M]['input']>
export type MethodOutput<M extends MethodName> = Methods[M]['output']

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name)
}

/** Methods whose requests are too large for the WebSocket: browser mode uploads them over HTTP. */
export function isUploadMethod(name: unknown): boolean {
  return isMethodName(name) && 'upload' in methods[name] && methods[name].upload === true
}

/** What the preload exposes as window.lab and the browser client implements. */
export interface LabBridge {
  invoke(method: string, input: unknown): Promise<unknown>
  /** Returns an unsubscribe function. */
  subscribe(listener: (event: unknown) => void): () => void
}
