// The run store: every read and write of the lab's SQLite file goes through this one typed
// interface, on one connection (in the store thread). Synchronous, like better-sqlite3 itself:
// each call is a short local transaction. Other processes may write the same file: each store
// that runs jobs is an owner (ownership.ts), and every write transaction takes the write lock
// first (IMMEDIATE), waiting its turn.

import { TYPED_ARRAYS, typedArrayName, type TypedArrayName } from '../../shared/typedArrays'
import { z } from 'zod'
import { LabError } from '../../shared/errors'
import { Kind, RunId, RunName, Seed, WorkspaceKey, WorkspaceVersion, MAX_WORKSPACE_BYTES, type RunStatus } from '../../shared/primitives'
import type { ArtifactData, ArtifactInfo, RunDetail, RunSummary, SeriesData, TypedArray, WorkspaceEntry } from '../../shared/types'
import { validate } from '../../shared/validate'
import { openDatabase, type Db } from './db'
import { migrate } from './migrations'
import type { MetricBatch } from '../../shared/metrics'
import { MetricWriter } from './metricWriter'
import { MAX_BLOB_BYTES } from './limits'
import { Ownership } from './ownership'
import { WriteLosses } from './writeLosses'
import { AnnotateInput, FindRunsInput, RunOrigin, type Annotation, type FindRunsQuery, type ImportReport, type RunPage, type StorageInfo, type TagCount } from '../../shared/history'
import { RunHistory, type BundleSource, type ReadBundle } from './runHistory'
import { SUMMARY_SELECT, type RunRow } from './findRuns'
import type { BundledRun } from './bundleFormat'
import { recordRunStats } from './runStats'

export interface OpenRunStoreOptions {
  file: string
  nativeBinding?: string
  appVersion: string
  /** Buffered metric points that trigger an immediate flush (default 20 000). */
  flushThreshold?: number
  /** Clock for timestamps (tests). */
  now?: () => Date
  /**
   * Read only (`physml runs`, `kinds`, `export`): no owner, no clean-up, no runs. A run of a
   * dead owner still marked running reads as `interrupted`, and is left for an owner to mark.
   */
  readOnly?: boolean
}

export interface CreateRunInput {
  kind: string
  /** Defaults to the kind. */
  name?: string
  params: Record<string, unknown>
  seed: number
  /** false: a scratch run of a live panel, deleted at start-up unless kept. Default true. */
  kept?: boolean
  /** Where it comes from when not a plain new job (a shard of a split run, a rerun). */
  origin?: RunOrigin
}

export type FinalStatus = Exclude<RunStatus, 'running'>

export interface FinishRunInput {
  status: FinalStatus
  error?: string | null
  result?: Record<string, unknown> | null
}

export interface ListRunsInput {
  kind?: string
  includeScratch?: boolean
  limit?: number
}

export interface RunStore {
  readonly file: string
  /** Runs of dead owners found `running` at open and marked `interrupted` (none when read-only). */
  readonly interruptedAtOpen: readonly number[]
  createRun(input: CreateRunInput): number
  finishRun(id: number, input: FinishRunInput): RunSummary
  /** Buffer a batch of metric rows, column-packed as the worker made it. */
  appendBatch(runId: number, batch: MetricBatch): void
  /** Write buffered metrics (of one run, or all) now. Returns the number of points written. */
  flush(runId?: number): number
  /** Metric points buffered and not yet written. */
  pendingPoints(runId?: number): number
  putArtifact(runId: number, name: string, data: TypedArray, meta?: Record<string, unknown>): void
  getArtifact(runId: number, name: string): ArtifactData
  listRuns(input?: ListRunsInput): RunSummary[]
  getSummary(id: number): RunSummary
  getRun(id: number): RunDetail
  getSeries(id: number, names?: readonly string[], maxPoints?: number): SeriesData
  rename(id: number, name: string): RunSummary
  keep(id: number, name?: string): RunSummary
  deleteRun(id: number): void
  /** Delete this owner's scratch runs (kept = 0) that are not running. Returns how many. */
  deleteScratchRuns(): number
  log(runId: number, message: string): void
  /** Every panel part's saved workspace value (as JSON text is parsed back: unchecked; the renderer checks its shape). */
  getWorkspace(): WorkspaceEntry[]
  /** Save one panel part's workspace value (a JSON object of at most MAX_WORKSPACE_BYTES as text). */
  putWorkspace(key: string, version: number, value: Record<string, unknown>): { savedAt: string }
  /** 'ok', or SQLite's report of what is wrong. */
  integrityCheck(): string
  // ── history (runHistory.ts) ──
  findRuns(query: unknown): RunPage
  annotate(annotation: Annotation): RunSummary
  tags(): TagCount[]
  deleteRuns(ids: readonly number[]): number
  dropArtifacts(ids: readonly number[]): { runs: number; bytesFreed: number }
  storage(): StorageInfo
  vacuum(): { before: number; after: number }
  exportBundle(ids: readonly number[], file?: string): { filename: string; bytes?: Uint8Array; size: number; runs: number }
  importBundles(sources: readonly BundleSource[]): ImportReport
  readBundles(sources: readonly BundleSource[]): ReadBundle[]
  importRuns(runs: readonly { run: BundledRun; origin: RunOrigin | null }[]): number[]
  /** Flush, drop this owner's scratch runs, give up ownership, close. Idempotent. */
  close(): void
}


const FinalStatusSchema = z.enum(['done', 'failed', 'cancelled', 'interrupted'])
const ArtifactName = z.string().min(1).max(128)
const SeriesName = z.string().min(1).max(64)
const MAX_ERROR = 10_000
const MAX_LOG = 10_000

interface RunFullRow extends RunRow {
  params: string
  result: string | null
  app_version: string
  note: string
  origin: string | null
}

export function openRunStore(opts: OpenRunStoreOptions): RunStore {
  if (typeof opts.appVersion !== 'string' || opts.appVersion.length === 0) {
    throw new LabError('invalid', 'openRunStore: appVersion is required')
  }
  let db: Db
  try {
    db = openDatabase({ file: opts.file, nativeBinding: opts.nativeBinding })
  } catch (err) {
    if (err instanceof LabError) throw err
    throw new LabError('internal', `Cannot open the run database ${opts.file}: ${(err as Error).message}`)
  }
  let ownership: Ownership | null = null
  try {
    migrate(db, opts.file)
    ownership = new Ownership(db, opts)
    return new SqliteRunStore(db, opts, ownership)
  } catch (err) {
    ownership?.release()
    db.close()
    if (err instanceof LabError) throw err
    throw new LabError('internal', `Cannot open the run database ${opts.file}: ${(err as Error).message}`)
  }
}

class SqliteRunStore implements RunStore {
  readonly file: string
  readonly interruptedAtOpen: readonly number[]
  private readonly appVersion: string
  private readonly now: () => Date
  private readonly writer: MetricWriter
  /** What each run could not store, so that it ends `failed` rather than `done`. */
  private readonly losses = new WriteLosses()
  private closed = false
  private readonly s: Statements
  private readonly history: RunHistory

  constructor(
    private readonly db: Db,
    opts: OpenRunStoreOptions,
    private readonly ownership: Ownership
  ) {
    this.file = opts.file
    this.appVersion = opts.appVersion
    this.now = opts.now ?? (() => new Date())
    this.s = prepareStatements(db)
    this.writer = new MetricWriter(db, this.losses, opts.flushThreshold, (runId) => this.touch(runId))
    this.interruptedAtOpen = ownership.claim(this.stamp())
    this.history = new RunHistory({
      db,
      file: opts.file,
      appVersion: opts.appVersion,
      now: this.now,
      statusOf: (r) => this.statusOf(r),
      isAlive: (o) => ownership.isAlive(o),
      writer: () => ownership.writer(),
      flush: (id) => this.flushQuietly(id),
      dropPending: (id) => {
        this.writer.drop(id)
        this.losses.forget(id)
      }
    })
  }

  // ── runs ────────────────────────────────────────────────────────────────────────────

  createRun(input: CreateRunInput): number {
    this.open()
    if (typeof input !== 'object' || input === null) throw new LabError('invalid', 'createRun: input must be an object')
    const kind = validate(Kind, input.kind, 'run kind')
    const name = validate(RunName, input.name ?? kind, 'run name')
    const seed = validate(Seed, input.seed, 'run seed')
    const kept = input.kept ?? true
    if (typeof kept !== 'boolean') throw new LabError('invalid', 'createRun: kept must be a boolean')
    const params = jsonObject(input.params, 'run params', true)
    const origin = input.origin === undefined ? null : JSON.stringify(validate(RunOrigin, input.origin, 'run origin'))
    const info = this.s.insertRun.run({
      origin,
      kind,
      name,
      params,
      seed,
      kept: kept ? 1 : 0,
      createdAt: this.stamp(),
      appVersion: this.appVersion,
      owner: this.ownership.writer()
    })
    return Number(info.lastInsertRowid)
  }

  /**
   * End a run. Its buffered metrics are written first; if it could not store everything it
   * computed (now or earlier), it ends `failed` with what was lost and why, whatever was asked.
   */
  finishRun(id: number, input: FinishRunInput): RunSummary {
    this.open()
    let status = validate(FinalStatusSchema, input?.status, 'final run status')
    let error = input.error == null ? null : String(input.error)
    const result = input.result == null ? null : jsonObject(input.result, 'run result', false)
    this.flushQuietly(id)
    const loss = this.losses.take(id)
    if (loss !== null) {
      status = 'failed'
      error = error === null ? loss : `${error}; ${loss}`
    }
    this.db.transaction(() => {
      const row = this.mustExist(id)
      if (row.status !== 'running') throw new LabError('conflict', `run ${id} already ended (${row.status})`)
      this.s.finish.run({ id, status, at: this.stamp(), error: error === null ? null : error.slice(0, MAX_ERROR), result })
      recordRunStats(this.db, id)
    }).immediate()
    this.writer.release(id)
    return this.getSummary(id)
  }

  listRuns(input: ListRunsInput = {}): RunSummary[] {
    this.open()
    const kind = input.kind === undefined ? null : validate(Kind, input.kind, 'run kind')
    const limit = validate(z.number().int().min(1).max(10_000), input.limit ?? 500, 'list limit')
    const rows = this.s.list.all({ kind, scratch: input.includeScratch ? 1 : 0, limit })
    const now = this.now()
    return rows.map((r) => this.summarize(r, now))
  }

  getSummary(id: number): RunSummary {
    this.open()
    validate(RunId, id, 'run id')
    const row = this.s.summary.get(id)
    if (!row) throw notFound(id)
    return this.summarize(row, this.now())
  }

  getRun(id: number): RunDetail {
    this.open()
    validate(RunId, id, 'run id')
    this.flushQuietly(id)
    const row = this.s.full.get(id)
    if (!row) throw notFound(id)
    const params = parseStoredObject(row.params, id, 'params')
    const result = row.result === null ? null : parseStoredObject(row.result, id, 'result')
    const artifacts: ArtifactInfo[] = this.s.artifactInfos.all(id).map((a) => ({
      name: a.name,
      type: a.type,
      length: a.bytes / TYPED_ARRAYS[a.type as TypedArrayName].BYTES_PER_ELEMENT,
      meta: parseStoredObject(a.meta, id, `meta of artifact '${a.name}'`)
    }))
    return {
      ...this.summarize(row, this.now()),
      note: row.note,
      origin: row.origin === null ? null : (parseStoredObject(row.origin, id, 'origin') as RunOrigin),
      params,
      result,
      appVersion: row.app_version,
      series: this.s.seriesOf.all(id).map((s) => s.name),
      artifacts,
      log: this.s.log.all(id)
    }
  }

  rename(id: number, name: string): RunSummary {
    this.open()
    validate(RunId, id, 'run id')
    const clean = validate(RunName, name, 'run name')
    if (this.s.rename.run(clean, id).changes === 0) throw notFound(id)
    return this.getSummary(id)
  }

  keep(id: number, name?: string): RunSummary {
    this.open()
    validate(RunId, id, 'run id')
    const clean = name === undefined ? undefined : validate(RunName, name, 'run name')
    this.db.transaction(() => {
      if (this.s.keep.run(id).changes === 0) throw notFound(id)
      if (clean !== undefined) this.s.rename.run(clean, id)
    }).immediate()
    return this.getSummary(id)
  }

  deleteRun(id: number): void {
    this.open()
    const row = this.mustExist(id)
    if (this.statusOf(row) === 'running') throw new LabError('conflict', `run ${id} is still running: cancel it before deleting it`)
    this.writer.drop(id)
    this.losses.forget(id)
    this.s.deleteRun.run(id)
  }

  deleteScratchRuns(): number {
    this.open()
    const owner = this.ownership.writer()
    return this.db.transaction(() => {
      const ids = this.s.scratchOf.all(owner).map((r) => r.id)
      for (const id of ids) {
        this.writer.drop(id)
        this.s.deleteRun.run(id)
      }
      return ids.length
    }).immediate()
  }

  log(runId: number, message: string): void {
    this.open()
    this.mustExist(runId)
    if (typeof message !== 'string') throw new LabError('invalid', `log of run ${runId}: message must be a string`)
    this.counted(
      () => {
        this.s.insertLog.run(runId, this.stamp(), message.slice(0, MAX_LOG))
        this.touch(runId)
      },
      (reason) => this.losses.logLine(runId, reason)
    )
  }

  // ── metrics ─────────────────────────────────────────────────────────────────────────

  appendBatch(runId: number, batch: MetricBatch): void {
    this.open()
    this.mustExist(runId)
    // A batch refused here (malformed) is lost too; one that passes the size threshold is
    // written at once, and a failure then is counted by the writer.
    try {
      this.writer.append(runId, batch)
    } catch (e) {
      if (e instanceof LabError && e.code === 'invalid') this.losses.points(runId, pointsIn(batch), e.message)
      throw e
    }
  }

  flush(runId?: number): number {
    this.open()
    return this.writer.flush(runId)
  }

  pendingPoints(runId?: number): number {
    return this.writer.pendingCount(runId)
  }

  getSeries(id: number, names?: readonly string[], maxPoints = 0): SeriesData {
    this.open()
    validate(RunId, id, 'run id')
    const wanted = names === undefined ? undefined : new Set(validate(z.array(SeriesName), names, 'series names'))
    const max = validate(z.number().int().min(0), maxPoints, 'maxPoints')
    this.flushQuietly(id)
    // Both reads in one transaction: one consistent snapshot of the run.
    const raw = this.db.transaction(() => {
      this.mustExist(id)
      return this.s.seriesOf
        .all(id)
        .filter((s) => wanted === undefined || wanted.has(s.name))
        .map((s) => ({ name: s.name, steps: this.s.pointSteps.all(s.id), values: this.s.pointValues.all(s.id) }))
    }).deferred()
    return alignSeries(raw, max)
  }

  // ── artifacts ───────────────────────────────────────────────────────────────────────

  putArtifact(runId: number, name: string, data: TypedArray, meta: Record<string, unknown> = {}): void {
    this.open()
    this.mustExist(runId)
    const clean = validate(ArtifactName, name, 'artifact name')
    const type = typedArrayName(data)
    if (!type) {
      throw new LabError('invalid', `artifact '${clean}' of run ${runId}: data must be one of ${Object.keys(TYPED_ARRAYS).join(', ')}`)
    }
    if (data.byteLength > MAX_BLOB_BYTES)
      throw new LabError('invalid', `artifact '${clean}' of run ${runId} is ${data.byteLength} bytes, more than the ${MAX_BLOB_BYTES} one value of the database can hold`)
    // Only the view's own bytes (it may be a window on a larger buffer); Buffer.from shares, not copies.
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    const metaText = jsonObject(meta, `meta of artifact '${clean}'`, true)
    this.counted(
      () => {
        this.s.putArtifact.run({ runId, name: clean, type, meta: metaText, data: bytes })
        this.touch(runId)
      },
      (reason) => this.losses.artifact(runId, clean, reason)
    )
  }

  getArtifact(runId: number, name: string): ArtifactData {
    this.open()
    this.mustExist(runId)
    const clean = validate(ArtifactName, name, 'artifact name')
    const row = this.s.getArtifact.get(runId, clean)
    if (!row) throw new LabError('not_found', `run ${runId} has no artifact '${clean}'`)
    const Ctor = TYPED_ARRAYS[row.type as TypedArrayName]
    const blob = row.data ?? Buffer.alloc(0)
    if (!Ctor || blob.byteLength % Ctor.BYTES_PER_ELEMENT !== 0) {
      throw new LabError('internal', `run ${runId}: artifact '${clean}' is corrupt (${blob.byteLength} bytes of ${row.type})`)
    }
    // The blob's Buffer may sit at any offset of a shared pool: copy into a fresh, aligned buffer.
    const copy = new ArrayBuffer(blob.byteLength)
    new Uint8Array(copy).set(blob)
    const data = new Ctor(copy)
    return {
      info: { name: row.name, type: row.type, length: data.length, meta: parseStoredObject(row.meta, runId, `meta of artifact '${clean}'`) },
      data
    }
  }

  // ── workspace ───────────────────────────────────────────────────────────────────────

  getWorkspace(): WorkspaceEntry[] {
    this.open()
    return this.s.workspaceAll.all().flatMap((r) => {
      try {
        return [{ key: r.key, version: r.version, value: JSON.parse(r.value) as unknown, savedAt: r.saved_at }]
      } catch {
        return [] // a damaged value is as good as none: the panel starts afresh
      }
    })
  }

  putWorkspace(key: string, version: number, value: Record<string, unknown>): { savedAt: string } {
    this.open()
    const k = validate(WorkspaceKey, key, 'workspace key')
    const v = validate(WorkspaceVersion, version, 'workspace version')
    const text = jsonObject(value, `workspace value of ${k}`, true)
    if (text.length > MAX_WORKSPACE_BYTES) throw new LabError('invalid', `the saved state of ${k} is ${Math.ceil(text.length / 1024)} KiB, more than the ${MAX_WORKSPACE_BYTES / 1024} KiB a panel may keep`)
    const at = this.stamp()
    this.s.workspacePut.run({ key: k, version: v, value: text, at })
    return { savedAt: at }
  }

  // ── history ─────────────────────────────────────────────────────────────────────────

  findRuns(query: unknown): RunPage {
    this.open()
    const q: FindRunsQuery = validate(FindRunsInput, query ?? {}, 'search')
    const { rows, total, bytes } = this.history.find(q)
    const now = this.now()
    const metric = q.sort.by === 'series' || q.sort.by === 'result'
    return { runs: rows.map((r) => ({ ...this.summarize(r, now), ...(metric ? { sortValue: r.sort_value ?? null } : {}) })), total, bytes }
  }

  annotate(annotation: Annotation): RunSummary {
    this.open()
    this.ownership.writer()
    const a = validate(AnnotateInput, annotation, 'annotation')
    this.history.annotate(a)
    return this.getSummary(a.runId)
  }

  tags(): TagCount[] {
    this.open()
    return this.history.tags()
  }

  deleteRuns(ids: readonly number[]): number {
    this.open()
    this.ownership.writer()
    return this.history.deleteRuns(ids.map((id) => validate(RunId, id, 'run id')))
  }

  dropArtifacts(ids: readonly number[]): { runs: number; bytesFreed: number } {
    this.open()
    this.ownership.writer()
    return this.history.dropArtifacts(ids.map((id) => validate(RunId, id, 'run id')))
  }

  storage(): StorageInfo {
    this.open()
    return this.history.storage()
  }

  vacuum(): { before: number; after: number } {
    this.open()
    return this.history.vacuum()
  }

  exportBundle(ids: readonly number[], file?: string): { filename: string; bytes?: Uint8Array; size: number; runs: number } {
    this.open()
    if (ids.length === 0) throw new LabError('invalid', 'choose at least one run to export')
    return this.history.exportBundle(ids.map((id) => validate(RunId, id, 'run id')), file)
  }

  importBundles(sources: readonly BundleSource[]): ImportReport {
    this.open()
    return this.history.importBundles(sources)
  }

  readBundles(sources: readonly BundleSource[]): ReadBundle[] {
    this.open()
    return this.history.readBundles(sources)
  }

  importRuns(runs: readonly { run: BundledRun; origin: RunOrigin | null }[]): number[] {
    this.open()
    return this.history.importRuns(runs)
  }

  // ── database ────────────────────────────────────────────────────────────────────────

  integrityCheck(): string {
    this.open()
    const problems = (this.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check)
    if (!(problems.length === 1 && problems[0] === 'ok')) return problems.join('\n')
    const orphans = this.db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]
    if (orphans.length > 0) {
      return orphans.map((o) => `${o.table} row ${o.rowid} points at a missing ${o.parent} row`).join('\n')
    }
    return 'ok'
  }

  close(): void {
    if (this.closed) return
    try {
      this.writer.flush()
    } catch (e) {
      // Counted against the runs; closing goes on (a full disk must not keep the file open).
      console.error(`[store] closing ${this.file}: ${(e as Error).message}`)
    } finally {
      try {
        // Its scratch runs die with the process that made them; runs it never finished are interrupted.
        if (!this.ownership.readOnly) {
          this.ownership.resign(this.stamp())
          this.deleteScratchRuns()
        }
      } catch (e) {
        // A full disk must not keep the file open: the next owner cleans up after this one.
        console.error(`[store] closing ${this.file}: ${(e as Error).message}`)
      }
      this.closed = true
      this.ownership.release()
      try {
        this.db.pragma('optimize')
      } catch {
        // optimize is advice to the query planner; never a reason to keep the file open
      }
      this.db.close()
    }
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────

  /** Write buffered metrics of a run; a failure is already counted as the run's loss. */
  private flushQuietly(id?: number): void {
    try {
      this.writer.flush(id)
    } catch {
      // counted by the writer; reads go on with what is stored
    }
  }

  /** Run a write; when the database refuses it, count it as lost (`lose`) and rethrow. */
  private counted<T>(write: () => T, lose: (reason: string) => void): T {
    try {
      return write()
    } catch (e) {
      lose((e as Error).message)
      throw e
    }
  }

  private summarize(r: RunRow, now: Date): RunSummary {
    // A run of a dead owner not yet marked (read-only here) ended when it last stored something.
    const dead = r.status === 'running' && !this.ownership.isAlive(r.owner)
    const finishedAt = dead ? (r.stored_at ?? r.created_at) : r.finished_at
    const end = finishedAt === null ? now.getTime() : Date.parse(finishedAt)
    const seconds = (end - Date.parse(r.created_at)) / 1000
    return {
      id: r.id,
      kind: r.kind,
      name: r.name,
      status: this.statusOf(r),
      seed: r.seed,
      kept: r.kept === 1,
      createdAt: r.created_at,
      finishedAt,
      durationSeconds: Number.isFinite(seconds) ? Math.max(0, seconds) : 0,
      error: r.error,
      tags: JSON.parse(r.tags) as string[],
      starred: r.starred === 1,
      bytes: r.bytes
    }
  }

  /** A run of a dead owner still marked running reads as interrupted (an owner marks it so at its next start). */
  private statusOf(r: { status: RunStatus; owner: string | null }): RunStatus {
    return r.status === 'running' && !this.ownership.isAlive(r.owner) ? 'interrupted' : r.status
  }

  private mustExist(id: number): { status: RunStatus; owner: string | null } {
    validate(RunId, id, 'run id')
    const row = this.s.exists.get(id)
    if (!row) throw notFound(id)
    return row
  }

  /** The run stored something now (its time of death, should its process die). */
  private touch(runId: number): void {
    this.s.touch.run(this.stamp(), runId)
  }

  private stamp(): string {
    return this.now().toISOString()
  }

  private open(): void {
    if (this.closed) throw new LabError('internal', `the run store ${this.file} is closed`)
  }
}

type Statements = ReturnType<typeof prepareStatements>

function prepareStatements(db: Db) {
  return {
    insertRun: db.prepare(
      `INSERT INTO runs (kind, name, params, seed, status, kept, created_at, app_version, owner, origin)
       VALUES (@kind, @name, @params, @seed, 'running', @kept, @createdAt, @appVersion, @owner, @origin)`
    ),
    summary: db.prepare<[number], RunRow>(`SELECT ${SUMMARY_SELECT} FROM runs r WHERE r.id = ?`),
    full: db.prepare<[number], RunFullRow>(`SELECT ${SUMMARY_SELECT}, r.params, r.result, r.app_version, r.note, r.origin FROM runs r WHERE r.id = ?`),
    exists: db.prepare<[number], { status: RunStatus; owner: string | null }>('SELECT status, owner FROM runs WHERE id = ?'),
    finish: db.prepare(
      `UPDATE runs SET status = @status, finished_at = @at, error = @error, result = @result WHERE id = @id`
    ),
    list: db.prepare<{ kind: string | null; scratch: number; limit: number }, RunRow>(
      `SELECT ${SUMMARY_SELECT} FROM runs r
       WHERE (@kind IS NULL OR r.kind = @kind) AND (@scratch = 1 OR r.kept = 1)
       ORDER BY r.id DESC LIMIT @limit`
    ),
    rename: db.prepare<[string, number]>('UPDATE runs SET name = ? WHERE id = ?'),
    touch: db.prepare<[string, number]>('UPDATE runs SET stored_at = ? WHERE id = ?'),
    workspaceAll: db.prepare<[], { key: string; version: number; value: string; saved_at: string }>('SELECT key, version, value, saved_at FROM workspace ORDER BY key'),
    workspacePut: db.prepare<{ key: string; version: number; value: string; at: string }>(
      `INSERT INTO workspace (key, version, value, saved_at) VALUES (@key, @version, @value, @at)
       ON CONFLICT (key) DO UPDATE SET version = excluded.version, value = excluded.value, saved_at = excluded.saved_at`
    ),
    keep: db.prepare<[number]>('UPDATE runs SET kept = 1 WHERE id = ?'),
    deleteRun: db.prepare<[number]>('DELETE FROM runs WHERE id = ?'),
    scratchOf: db.prepare<[string], { id: number }>(`SELECT id FROM runs WHERE owner = ? AND kept = 0 AND status <> 'running'`),
    insertLog: db.prepare<[number, string, string]>('INSERT INTO run_log (run_id, at, message) VALUES (?, ?, ?)'),
    log: db.prepare<[number], { at: string; message: string }>('SELECT at, message FROM run_log WHERE run_id = ? ORDER BY id'),
    seriesOf: db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM series WHERE run_id = ? ORDER BY name'),
    // Steps and values as two plucked scans of the same range: building a row array per point
    // costs several times more than the scans themselves.
    pointSteps: db.prepare<[number], number>('SELECT step FROM points WHERE series_id = ? ORDER BY step').pluck(true),
    pointValues: db.prepare<[number], number | null>('SELECT value FROM points WHERE series_id = ? ORDER BY step').pluck(true),
    putArtifact: db.prepare(
      `INSERT INTO artifacts (run_id, name, type, meta, data) VALUES (@runId, @name, @type, @meta, @data)
       ON CONFLICT (run_id, name) DO UPDATE SET type = excluded.type, meta = excluded.meta, data = excluded.data`
    ),
    getArtifact: db.prepare<[number, string], { name: string; type: string; meta: string; data: Buffer }>(
      'SELECT name, type, meta, data FROM artifacts WHERE run_id = ? AND name = ?'
    ),
    artifactInfos: db.prepare<[number], { name: string; type: string; meta: string; bytes: number }>(
      'SELECT name, type, meta, length(data) AS bytes FROM artifacts WHERE run_id = ? ORDER BY name'
    ),
  }
}

/** Points a batch holds (one per key of each row), however malformed it is. */
/** The points a batch claims to hold (what is lost when it is refused), whatever its shape. */
function pointsIn(batch: unknown): number {
  if (typeof batch !== 'object' || batch === null) return 0
  const { steps, keys } = batch as Partial<MetricBatch>
  return steps instanceof Float64Array && Array.isArray(keys) ? steps.length * keys.length : 0
}

function notFound(id: number): LabError {
  return new LabError('not_found', `run ${id} not found`)
}


/**
 * Serialize a plain object to JSON text. `strict`: refuse non-finite numbers (params must
 * replay exactly); otherwise they become null, as JSON.stringify does (a result with a NaN
 * observable must not lose the whole run's ending).
 */
function jsonObject(value: unknown, what: string, strict: boolean): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LabError('invalid', `${what} must be a JSON object`)
  }
  try {
    return JSON.stringify(value, (key, v: unknown) => {
      if (strict && typeof v === 'number' && !Number.isFinite(v)) throw new Error(`'${key}' is ${v}`)
      // Params may carry bytes (a Hopfield library): stored as the numbers they are.
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) return Array.from(v as unknown as ArrayLike<number>)
      return v
    })
  } catch (err) {
    throw new LabError('invalid', `${what} cannot be stored as JSON: ${(err as Error).message}`)
  }
}

function parseStoredObject(text: string, runId: number, what: string): Record<string, unknown> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    throw new LabError('internal', `run ${runId}: the stored ${what} is corrupt (not JSON: ${(err as Error).message})`)
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LabError('internal', `run ${runId}: the stored ${what} is corrupt (not a JSON object)`)
  }
  return value as Record<string, unknown>
}

/**
 * Put every series on the union of their steps (NaN where a series has no point), then keep
 * at most `maxPoints` of those steps, evenly spaced in index and always including the first
 * and last (maxPoints = 1 keeps the last; 0 keeps all).
 */
export function alignSeries(
  raw: { name: string; steps: readonly number[]; values: readonly (number | null)[] }[],
  maxPoints: number
): SeriesData {
  // Union of steps. Each series is sorted; the usual case is that they all share one step list.
  let steps: Float64Array
  const first = raw[0]?.steps
  const shared = first !== undefined && raw.every((s) => sameSteps(s.steps, first))
  if (first === undefined) {
    steps = new Float64Array(0)
  } else if (shared) {
    steps = Float64Array.from(first)
  } else {
    const all = new Float64Array(raw.reduce((n, s) => n + s.steps.length, 0))
    let k = 0
    for (const s of raw) for (const step of s.steps) all[k++] = step
    all.sort()
    let u = 0
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[u - 1]) all[u++] = all[i]
    steps = all.slice(0, u)
  }

  let keep: Int32Array | null = null // indices into `steps`, or null for all
  if (maxPoints > 0 && steps.length > maxPoints) {
    keep = new Int32Array(maxPoints)
    if (maxPoints === 1) keep[0] = steps.length - 1
    else for (let i = 0; i < maxPoints; i++) keep[i] = Math.round((i * (steps.length - 1)) / (maxPoints - 1))
  }
  const outSteps = keep ? Float64Array.from(keep, (i) => steps[i]) : steps

  const values: Record<string, Float64Array> = {}
  for (const s of raw) {
    const full = new Float64Array(steps.length).fill(NaN)
    for (let i = 0, j = 0; i < s.steps.length; i++) {
      while (steps[j] < s.steps[i]) j++
      const v = s.values[i]
      full[j] = v === null ? NaN : v
    }
    values[s.name] = keep ? Float64Array.from(keep, (i) => full[i]) : full
  }
  return { steps: outSteps, values, total: steps.length }
}

function sameSteps(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
