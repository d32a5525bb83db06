// The run store's side of the history a researcher keeps: annotations, finding runs, deleting
// many at once, trimming artifacts, disk use and VACUUM, and bundles in and out. The store
// (runStore.ts) hands these calls here; they run in the store thread like every other access.

import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { tmpdir } from 'node:os'
import { LabError } from '../../shared/errors'
import { MAX_BUNDLE_UPLOAD_BYTES, type Annotation, type FindRunsQuery, type ImportReport, type RunOrigin, type StorageInfo, type TagCount } from '../../shared/history'
import type { RunStatus } from '../../shared/primitives'
import { Annotations } from './annotations'
import { checkRun } from './bundleCheck'
import { bundleFilename, type BundledRun } from './bundleFormat'
import { openBundle, type OpenedBundle } from './bundleRead'
import { RunReader, writeBundle } from './bundleWrite'
import type { Db } from './db'
import { RunFinder, type RunRow } from './findRuns'
import { RunImporter } from './importRuns'
import { inputRunIds } from '../../shared/kinds/inputRuns'
import { recordRunStats } from './runStats'

/** A bundle to read: a file named on the command line, or bytes sent from the Runs panel. */
export interface BundleSource {
  /** Shown in messages and kept in each run's origin: a file's base name. */
  name: string
  file?: string
  bytes?: Uint8Array
}

/** A bundle read whole into memory (to merge shards): its runs, each with its provenance hop. */
export interface ReadBundle {
  name: string
  exportedAt: string
  appVersion: string
  runs: BundledRun[]
}

export interface HistoryContext {
  db: Db
  file: string
  appVersion: string
  now: () => Date
  /** Status as the list shows it (running with a dead owner: interrupted). */
  statusOf: (row: { status: RunStatus; owner: string | null }) => RunStatus
  isAlive: (owner: string | null) => boolean
  /** This process's owner id; throws when the store was opened read-only. */
  writer: () => string
  /** Write buffered metrics of a run (or all) before reading or deleting them. */
  flush: (runId?: number) => void
  /** Forget what the metric writer buffers for a deleted run. */
  dropPending: (runId: number) => void
}

export class RunHistory {
  readonly annotations: Annotations
  private readonly finder: RunFinder
  private readonly reader: RunReader
  private readonly s

  constructor(private readonly c: HistoryContext) {
    const { db } = c
    this.annotations = new Annotations(db)
    this.finder = new RunFinder(db)
    this.reader = new RunReader(db)
    this.s = {
      ended: db.prepare<[number], { id: number; name: string; status: RunStatus; owner: string | null }>('SELECT id, name, status, owner FROM runs WHERE id = ?'),
      deleteRun: db.prepare<[number]>('DELETE FROM runs WHERE id = ?'),
      artifactBytes: db.prepare<[number], number>('SELECT coalesce(sum(length(data)), 0) FROM artifacts WHERE run_id = ?').pluck(),
      dropArtifacts: db.prepare<[number]>('DELETE FROM artifacts WHERE run_id = ?'),
      log: db.prepare<[number, string, string]>('INSERT INTO run_log (run_id, at, message) VALUES (?, ?, ?)'),
      totals: db.prepare<[], { runs: number; bytes: number }>('SELECT count(*) AS runs, coalesce(sum(bytes), 0) AS bytes FROM runs'),
      sizeOf: db.prepare<[number], number | null>('SELECT bytes FROM runs WHERE id = ?').pluck(),
      kindParams: db.prepare<[number], { kind: string; params: string }>('SELECT kind, params FROM runs WHERE id = ?')
    }
  }

  find(q: FindRunsQuery): { rows: RunRow[]; total: number; bytes: number } {
    return this.c.db.transaction(() => this.finder.find(q, this.c.isAlive, this.c.now())).deferred()
  }

  annotate(a: Annotation): void {
    this.mustExist(a.runId)
    this.annotations.apply(a)
  }

  tags(): TagCount[] {
    return this.annotations.all()
  }

  // ── housekeeping ────────────────────────────────────────────────────────────────────

  /** Delete these runs, all or none: a running one refuses the whole call. */
  deleteRuns(ids: readonly number[]): number {
    return this.c.db.transaction(() => {
      for (const id of ids) this.ended(id, 'delete')
      for (const id of ids) {
        this.c.dropPending(id)
        this.s.deleteRun.run(id)
      }
      return ids.length
    }).immediate()
  }

  /** Delete the artifacts (weights, lattices, datasets) of these runs; params, result and curves stay. */
  dropArtifacts(ids: readonly number[]): { runs: number; bytesFreed: number } {
    return this.c.db.transaction(() => {
      for (const id of ids) this.ended(id, 'trim')
      let bytesFreed = 0
      let runs = 0
      const at = this.c.now().toISOString()
      for (const id of ids) {
        const bytes = this.s.artifactBytes.get(id)!
        if (this.s.dropArtifacts.run(id).changes === 0) continue
        this.s.log.run(id, at, `Artifacts deleted to save space (${bytes.toLocaleString('en-US')} bytes); params, result and curves kept.`)
        recordRunStats(this.c.db, id)
        bytesFreed += bytes
        runs++
      }
      return { runs, bytesFreed }
    }).immediate()
  }

  storage(): StorageInfo {
    const { db, file } = this.c
    const page = Number(db.pragma('page_size', { simple: true }))
    const free = Number(db.pragma('freelist_count', { simple: true }))
    const { runs, bytes } = this.s.totals.get()!
    return { fileBytes: fileSize(file) + fileSize(`${file}-wal`), freeBytes: free * page, runs, runBytes: bytes }
  }

  /** Give free pages back to the disk (SQLite's VACUUM), then empty the write-ahead log. */
  vacuum(): { before: number; after: number } {
    this.c.writer() // a read-only lab changes nothing
    this.c.flush()
    const before = this.storage().fileBytes
    this.c.db.exec('VACUUM')
    this.c.db.pragma('wal_checkpoint(TRUNCATE)')
    return { before, after: this.storage().fileBytes }
  }

  // ── bundles ─────────────────────────────────────────────────────────────────────────

  /**
   * Write these runs as one bundle: to `file` (the command line), or to a temporary file whose
   * bytes are returned (the Runs panel), refused beyond what the panel may receive.
   */
  exportBundle(ids: readonly number[], file?: string): { filename: string; bytes?: Uint8Array; size: number; runs: number } {
    const sorted = this.withInputs(ids).sort((a, b) => a - b)
    for (const id of sorted) this.c.flush(id)
    const named = sorted.map((id) => this.ended(id, 'export'))
    if (file === undefined) {
      const size = sorted.reduce((n, id) => n + (this.s.sizeOf.get(id) ?? 0), 0)
      if (size > MAX_BUNDLE_UPLOAD_BYTES)
        throw new LabError(
          'invalid',
          `These runs take about ${(size / 2 ** 20).toFixed(0)} MiB, more than the ${MAX_BUNDLE_UPLOAD_BYTES / 2 ** 20} MiB the Runs panel exports at once: export fewer, or use \`physml export <ids…> --format physml --out FILE\`.`
        )
    }
    const filename = bundleFilename(named, this.c.now())
    const target = file ?? this.scratchFile('export')
    // One snapshot of the store for the whole bundle.
    const size = this.c.db.transaction(() =>
      writeBundle(target, sorted.length, (i) => this.reader.read(sorted[i], this.c.statusOf), { appVersion: this.c.appVersion, now: this.c.now() })
    ).deferred()
    if (file !== undefined) return { filename: basename(file), size, runs: sorted.length }
    try {
      const bytes = new Uint8Array(readFileSync(target))
      return { filename, bytes, size, runs: sorted.length }
    } finally {
      rmSync(target, { force: true })
    }
  }

  /**
   * Import bundles, all or nothing: every file is read and checked whole (pass one) before
   * the one write transaction reads them again and writes each run under a new id (pass two,
   * checked again as it goes, so a file changed between the passes still cannot get in).
   */
  importBundles(sources: readonly BundleSource[]): ImportReport {
    this.c.writer()
    return this.withBundles(sources, (opened) => {
      let runsRead = 0
      for (const b of opened) b.read(() => runsRead++)
      const importer = new RunImporter(this.c.db, this.annotations, this.c.writer())
      const runIds = this.c.db.transaction(() => {
        const ids: number[] = []
        for (const b of opened) {
          // The runs of one bundle that read others of it read them under their new ids.
          const renumbered = new Map<number, number>()
          b.read((r) => {
            const id = importer.insert(r, withHop(r, b))
            renumbered.set(r.id, id)
            ids.push(id)
          })
          importer.renumberInputs(renumbered)
        }
        return ids
      }).immediate()
      return { runIds, files: opened.length, runsRead, merged: false }
    })
  }

  /** Read bundles whole into memory, checked (to merge the shards they hold). */
  readBundles(sources: readonly BundleSource[]): ReadBundle[] {
    return this.withBundles(sources, (opened) =>
      opened.map((b) => {
        const runs: BundledRun[] = []
        b.read((r) => runs.push(r))
        return { name: b.name, exportedAt: b.header.createdAt, appVersion: b.header.appVersion, runs }
      })
    )
  }

  /** Write runs made here from others (shards merged into one), each checked first; all or nothing. */
  importRuns(runs: readonly { run: BundledRun; origin: RunOrigin | null }[]): number[] {
    const owner = this.c.writer()
    for (const { run } of runs) checkRun(run, 'the merged run')
    const importer = new RunImporter(this.c.db, this.annotations, owner)
    return this.c.db.transaction(() => runs.map(({ run, origin }) => importer.insert(run, origin))).immediate()
  }

  // ── helpers ─────────────────────────────────────────────────────────────────────────

  /** The runs and, all the way down, the stored runs they read that still exist (a bundle is self-contained). */
  private withInputs(ids: readonly number[]): number[] {
    const all = new Set(ids)
    const queue = [...all]
    for (let id = queue.pop(); id !== undefined; id = queue.pop()) {
      const row = this.s.kindParams.get(id)
      if (!row) continue // not found: the export says so for a run asked for
      let params: Record<string, unknown>
      try {
        params = JSON.parse(row.params) as Record<string, unknown>
      } catch {
        continue // the export refuses the run, saying its params are corrupt
      }
      for (const input of inputRunIds(row.kind, params))
        if (!all.has(input) && this.s.kindParams.get(input)) {
          all.add(input)
          queue.push(input)
        }
    }
    return [...all]
  }

  private withBundles<T>(sources: readonly BundleSource[], use: (opened: OpenedBundle[]) => T): T {
    const scratch: string[] = []
    const opened: OpenedBundle[] = []
    try {
      for (const src of sources) {
        let file = src.file
        if (file === undefined) {
          if (!(src.bytes instanceof Uint8Array)) throw new LabError('invalid', `“${src.name}” came without its bytes`)
          file = this.scratchFile('import')
          scratch.push(file)
          writeFileSync(file, src.bytes, { mode: 0o600 })
        }
        opened.push(openBundle(file, src.name, this.c.appVersion))
      }
      return use(opened)
    } finally {
      for (const b of opened) b.close()
      for (const f of scratch) rmSync(f, { force: true })
    }
  }

  /** A private temporary file beside the database (same disk, same private folder). */
  private scratchFile(what: string): string {
    const dir = this.c.file === ':memory:' ? tmpdir() : dirname(this.c.file)
    return join(dir, `.${what}-${process.pid}-${randomBytes(6).toString('hex')}.physml`)
  }

  private mustExist(id: number): void {
    if (!this.s.ended.get(id)) throw new LabError('not_found', `run ${id} not found`)
  }

  /** The run, which must exist and have ended (its owner may be gone). */
  private ended(id: number, verb: 'delete' | 'trim' | 'export'): { id: number; name: string } {
    const row = this.s.ended.get(id)
    if (!row) throw new LabError('not_found', `run ${id} not found`)
    if (this.c.statusOf(row) === 'running') {
      const what = verb === 'delete' ? 'delete it' : verb === 'trim' ? 'delete its artifacts' : 'export it'
      throw new LabError('conflict', `Run ${id} “${row.name}” is still running: stop or cancel it before you ${what}. Nothing was changed.`)
    }
    return { id, name: row.name }
  }
}

/** A run's origin once imported from bundle `b`: its earlier hops, then this one. */
function withHop(r: BundledRun, b: OpenedBundle): RunOrigin {
  const hop = { file: b.name.slice(0, 260), originalId: r.id, exportedAt: b.header.createdAt.slice(0, 40), appVersion: b.header.appVersion.slice(0, 40) }
  return { ...(r.origin ?? {}), imports: [...(r.origin?.imports ?? []), hop].slice(-64) }
}

function fileSize(f: string): number {
  return existsSync(f) ? statSync(f).size : 0
}
