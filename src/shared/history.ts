import { z } from 'zod'
import { Kind, RunId, RunName } from './primitives'
import type { RunSummary } from './types'

// The run history's inputs as every process checks them: tags, notes, the Runs panel's search
// and filters, where a run came from (imported, a shard, merged shards), and the limits of
// bundles (.physml files).

export const MAX_TAGS_PER_RUN = 32
export const MAX_TAG_CHARS = 40
export const MAX_NOTE_CHARS = 10_000
export const MAX_SEARCH_CHARS = 200
/** Runs one call may export, delete or trim. */
export const MAX_RUNS_PER_CALL = 10_000
/** Bundles one import may name (a Slurm array of shards, or a colleague's files). */
export const MAX_IMPORT_FILES = 64
/** A bundle sent from the Runs panel (the command line reads files of any size up to MAX_BUNDLE_FILE_BYTES). */
export const MAX_BUNDLE_UPLOAD_BYTES = 600 * 1024 * 1024
/** A bundle file the command line imports (read from disk, never whole into memory). */
export const MAX_BUNDLE_FILE_BYTES = 8 * 1024 * 1024 * 1024

/** Control characters other than tab and newline: never part of a name, tag or note. */
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/

export const Tag = z
  .string()
  .transform((s) => s.trim().replace(/\s+/g, ' '))
  .pipe(
    z
      .string()
      .min(1, 'a tag cannot be empty')
      .max(MAX_TAG_CHARS, `a tag has at most ${MAX_TAG_CHARS} characters`)
      .refine((s) => !s.includes(','), 'a tag cannot contain a comma (commas separate tags)')
      .refine((s) => !CONTROL.test(s), 'a tag cannot contain control characters')
  )

export const Note = z
  .string()
  .max(MAX_NOTE_CHARS, `a note has at most ${MAX_NOTE_CHARS.toLocaleString('en-US')} characters`)
  .refine((s) => !CONTROL.test(s), 'a note cannot contain control characters other than tabs and line breaks')

export const RunStatusSchema = z.enum(['running', 'done', 'failed', 'cancelled', 'interrupted'])

/** A series name as the store keeps it. */
export const SeriesName = z.string().min(1).max(64)

/** A key of a run's result (a final metric, e.g. testAccuracy): a plain identifier, never a JSON path. */
const ResultKey = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/, 'a result key is a name of letters, digits and _')

const Direction = z.enum(['asc', 'desc']).default('desc')

/** How the list is ordered: a column, a final metric of a series, or a number of the result. */
export const RunSort = z.discriminatedUnion('by', [
  z.object({ by: z.enum(['created', 'name', 'kind', 'status', 'duration', 'size']), dir: Direction }).strict(),
  z.object({ by: z.literal('series'), name: SeriesName, stat: z.enum(['last', 'min', 'max']), dir: Direction }).strict(),
  z.object({ by: z.literal('result'), key: ResultKey, dir: Direction }).strict()
])
export type RunSort = z.output<typeof RunSort>

const Instant = z.iso.datetime({ offset: true, message: 'a date must be an ISO 8601 date and time, e.g. 2025-03-01T00:00:00Z' })

export const FindRunsInput = z
  .object({
    /** Words of the name or the note (each a prefix: "metro" finds "Metropolis"). */
    text: z.string().max(MAX_SEARCH_CHARS, `a search has at most ${MAX_SEARCH_CHARS} characters`).default(''),
    kinds: z.array(Kind).max(64).default([]),
    statuses: z.array(RunStatusSchema).max(5).default([]),
    /** Runs carrying every one of these tags. */
    tags: z.array(Tag).max(16, 'filter by at most 16 tags').default([]),
    /** Started at or after `from`, before `to`. */
    from: Instant.optional(),
    to: Instant.optional(),
    starred: z.boolean().default(false),
    includeScratch: z.boolean().default(false),
    sort: RunSort.default({ by: 'created', dir: 'desc' }),
    limit: z.number().int().min(1).max(MAX_RUNS_PER_CALL).default(200),
    offset: z.number().int().min(0).max(1e9).default(0)
  })
  .strict()
export type FindRunsQuery = z.output<typeof FindRunsInput>

export interface RunPage {
  runs: RunSummary[]
  /** Runs matching the filters (all pages). */
  total: number
  /** Bytes they take in the database. */
  bytes: number
}

export const AnnotateInput = z
  .object({
    runId: RunId,
    note: Note.optional(),
    starred: z.boolean().optional(),
    addTags: z.array(Tag).max(MAX_TAGS_PER_RUN).optional(),
    removeTags: z.array(Tag).max(MAX_TAGS_PER_RUN).optional()
  })
  .strict()
export type Annotation = z.output<typeof AnnotateInput>

export const RunIds = z
  .array(RunId)
  .min(1, 'choose at least one run')
  .max(MAX_RUNS_PER_CALL, `at most ${MAX_RUNS_PER_CALL.toLocaleString('en-US')} runs at once`)
  .refine((ids) => new Set(ids).size === ids.length, 'a run is named twice')

export const Shard = z
  .object({
    /** From 0. */
    index: z.number().int().min(0),
    count: z.number().int().min(1).max(10_000)
  })
  .strict()
  .refine((s) => s.index < s.count, { message: 'the shard index must be below the number of shards (they count from 0)' })
export type Shard = z.output<typeof Shard>

const Text = (max: number) => z.string().max(max)

/** One hop of a run between labs: the bundle it came in and its id there. */
const ImportHop = z
  .object({
    file: Text(260),
    originalId: RunId,
    exportedAt: Text(40),
    appVersion: Text(40)
  })
  .strict()

/** Where a run came from, when not from a job started here as it is. */
export const RunOrigin = z
  .object({
    /** Imported from bundles, oldest hop first. */
    imports: z.array(ImportHop).max(64).optional(),
    /** One shard of a run split across machines (`--shard I/N`). */
    shard: Shard.optional(),
    /** Joined from these shards (`physml merge`), by shard index. */
    mergedFrom: z.array(z.object({ index: z.number().int().min(0), originalId: RunId, file: Text(260).optional() }).strict()).max(10_000).optional(),
    /** The run this one repeats (same params; same seed unless it says otherwise). */
    rerunOf: RunId.optional()
  })
  .strict()
export type RunOrigin = z.output<typeof RunOrigin>

/** A bundle sent from the Runs panel: its file name (for messages and provenance) and its bytes. */
export const BundleFile = z
  .object({
    name: z.string().min(1).max(260),
    bytes: z.instanceof(Uint8Array, { message: 'a bundle must be sent as bytes (Uint8Array)' }).refine((b) => b.byteLength > 0, { message: 'the file is empty' })
  })
  .strict()

export const ImportInput = z
  .object({
    files: z
      .array(BundleFile)
      .min(1, 'choose at least one .physml file')
      .max(MAX_IMPORT_FILES, `at most ${MAX_IMPORT_FILES} files at once`)
      .refine((f) => f.reduce((n, x) => n + x.bytes.byteLength, 0) <= MAX_BUNDLE_UPLOAD_BYTES, {
        message: `the files add up to more than ${MAX_BUNDLE_UPLOAD_BYTES / 1024 / 1024} MiB: import fewer at once, or use \`physml import\``
      }),
    /** Join the files' runs, shards of one run, into one run. */
    merge: z.boolean().default(false),
    name: RunName.optional()
  })
  .strict()

export interface ImportReport {
  /** The new runs' ids, in the order of the files and of the runs in each. */
  runIds: number[]
  files: number
  /** The runs read from the files (more than runIds.length when shards were merged). */
  runsRead: number
  merged: boolean
}

export interface StorageInfo {
  /** The database file and its write-ahead log. */
  fileBytes: number
  /** Pages the file holds but no longer uses: VACUUM gives them back to the disk. */
  freeBytes: number
  runs: number
  /** What the runs take (their artifacts, points, params). */
  runBytes: number
}

export interface BundleExport {
  filename: string
  bytes: Uint8Array
  runs: number
}

export interface TagCount {
  tag: string
  runs: number
}
