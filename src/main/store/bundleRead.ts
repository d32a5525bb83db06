// Reading a bundle (bundleFormat.ts) from outside, as untrusted input: its size, magic number
// and version are read from the file's first 100 bytes before SQLite opens it; then its schema
// must be exactly the format's (no trigger, view or extra table can come in), SQLite's quick
// check must pass, and every run is checked (bundleCheck.ts) and hashed as it is read: the
// checksum of the whole content must match the one the writer stored.

import Database from 'better-sqlite3'
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import { LabError } from '../../shared/errors'
import { MAX_BUNDLE_FILE_BYTES } from '../../shared/history'
import { TYPED_ARRAYS, type TypedArrayName } from '../../shared/typedArrays'
import { checkRun } from './bundleCheck'
import {
  BUNDLE_APPLICATION_ID,
  BUNDLE_FORMAT,
  BUNDLE_SCHEMA,
  BUNDLE_VERSION,
  contentHash,
  digest,
  updateRunHash,
  type BundleHeader,
  type BundledRun
} from './bundleFormat'

const SQLITE_MAGIC = 'SQLite format 3\u0000'

interface RunRow {
  id: number
  kind: unknown
  name: unknown
  params: unknown
  seed: unknown
  status: unknown
  created_at: unknown
  finished_at: unknown
  error: unknown
  result: unknown
  app_version: unknown
  note: unknown
  starred: unknown
  tags: unknown
  origin: unknown
}

let expectedSchema: string | null = null
/** The format's schema as SQLite records it (sqlite_schema rows), from a database made with it. */
function formatSchema(): string {
  if (expectedSchema === null) {
    const db = new Database(':memory:')
    db.exec(BUNDLE_SCHEMA)
    expectedSchema = schemaOf(db)
    db.close()
  }
  return expectedSchema
}

function schemaOf(db: Database.Database): string {
  return JSON.stringify(db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name').all())
}

export interface OpenedBundle {
  /** The name it is known by in messages and provenance (the file's base name). */
  readonly name: string
  readonly header: BundleHeader
  /** Read every run in id order, checked and hashed; throws on the first problem or a checksum mismatch. */
  read(onRun: (run: BundledRun) => void): void
  close(): void
}

/** Open a bundle file for reading, refusing anything that is not a bundle this lab can read. */
export function openBundle(file: string, name: string, appVersion: string): OpenedBundle {
  const refuse = (why: string): never => {
    throw new LabError('invalid', `“${name}” ${why}`)
  }
  let size: number
  try {
    size = statSync(file).size
  } catch {
    return refuse('cannot be read (no such file, or no permission)')
  }
  if (size > MAX_BUNDLE_FILE_BYTES) refuse(`is ${(size / 2 ** 30).toFixed(1)} GiB, more than the ${MAX_BUNDLE_FILE_BYTES / 2 ** 30} GiB a bundle may be`)
  if (size < 100) refuse('is not a PhysML bundle (too short to be one)')
  const head = Buffer.alloc(100)
  const fd = openSync(file, 'r')
  try {
    readSync(fd, head, 0, 100, 0)
  } finally {
    closeSync(fd)
  }
  if (head.toString('latin1', 0, 16) !== SQLITE_MAGIC || head.readUInt32BE(68) !== BUNDLE_APPLICATION_ID)
    refuse('is not a PhysML bundle (a .physml file is written by PhysML Lab: Runs › Export bundle, or `physml export … --format physml`)')
  const version = head.readUInt32BE(60)
  if (version > BUNDLE_VERSION) {
    const by = writerOf(file)
    refuse(
      `was written${by ? ` by PhysML Lab ${by}` : ''} in bundle format version ${version}, but this PhysML Lab (${appVersion}) reads versions up to ${BUNDLE_VERSION}. ` +
        'Update PhysML Lab to import it; nothing was imported.'
    )
  }
  if (version < 1) refuse('is not a PhysML bundle (it has no format version)')

  let db: Database.Database
  try {
    db = new Database(file, { readonly: true, fileMustExist: true })
  } catch (e) {
    return refuse(`cannot be opened as a bundle: ${(e as Error).message}`)
  }
  try {
    // The file is untrusted: its schema may run no SQL functions of ours, and is checked whole.
    db.pragma('trusted_schema = OFF')
    db.pragma('cell_size_check = ON')
    if (schemaOf(db) !== formatSchema()) refuse('is damaged or was altered: its tables are not those of a PhysML bundle')
    const problems = (db.pragma('quick_check(5)') as { quick_check: string }[]).map((r) => r.quick_check)
    if (problems.length !== 1 || problems[0] !== 'ok') refuse(`is damaged (SQLite's check: ${problems.slice(0, 2).join('; ').slice(0, 300)})`)
    const header = readHeader(db, refuse)
    if (header.version !== version) refuse('is damaged: its two records of the format version disagree')
    return bundleReader(db, name, header, refuse)
  } catch (e) {
    db.close()
    if (e instanceof LabError) throw e
    return refuse(`is damaged or incomplete (SQLite: ${(e as Error).message})`)
  }
}

/** Best effort, for the message about a newer format: the version of the lab that wrote it. */
function writerOf(file: string): string | null {
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true })
    try {
      db.pragma('trusted_schema = OFF')
      const v = db.prepare(`SELECT value FROM bundle WHERE key = 'appVersion'`).pluck().get()
      return typeof v === 'string' && /^[\w.+-]{1,40}$/.test(v) ? v : null
    } finally {
      db.close()
    }
  } catch {
    return null
  }
}

function readHeader(db: Database.Database, refuse: (why: string) => never): BundleHeader {
  const kv = new Map(db.prepare<[], { key: string; value: string }>('SELECT key, value FROM bundle').all().map((r) => [r.key, r.value]))
  const text = (k: string): string => {
    const v = kv.get(k)
    if (typeof v !== 'string' || v.length > 200) refuse(`is damaged: its header has no valid '${k}'`)
    return v!
  }
  const count = (k: string): number => {
    const n = Number(text(k))
    if (!Number.isSafeInteger(n) || n < 0) refuse(`is damaged: its header's '${k}' is not a count`)
    return n
  }
  if (text('format') !== BUNDLE_FORMAT) refuse('is not a PhysML bundle (its header names another format)')
  const header: BundleHeader = {
    format: BUNDLE_FORMAT,
    version: count('version'),
    createdAt: text('createdAt'),
    appVersion: text('appVersion'),
    runs: count('runs'),
    checksum: text('checksum')
  }
  if (!/^sha256:[0-9a-f]{64}$/.test(header.checksum)) refuse('is damaged: its header has no valid checksum')
  return header
}

function bundleReader(db: Database.Database, name: string, header: BundleHeader, refuse: (why: string) => never): OpenedBundle {
  const s = {
    runs: db.prepare<[], RunRow>('SELECT * FROM runs ORDER BY id'),
    series: db.prepare<[number], { name: unknown; steps: unknown; vals: unknown }>('SELECT name, steps, vals FROM series WHERE run_id = ? ORDER BY name'),
    artifacts: db.prepare<[number], { name: unknown; type: unknown; meta: unknown; data: unknown }>('SELECT name, type, meta, data FROM artifacts WHERE run_id = ? ORDER BY name'),
    log: db.prepare<[number], { seq: unknown; at: unknown; message: unknown }>('SELECT seq, at, message FROM log WHERE run_id = ? ORDER BY seq'),
    orphans: db.prepare<[], number>(
      `SELECT (SELECT count(*) FROM series WHERE run_id NOT IN (SELECT id FROM runs))
            + (SELECT count(*) FROM artifacts WHERE run_id NOT IN (SELECT id FROM runs))
            + (SELECT count(*) FROM log WHERE run_id NOT IN (SELECT id FROM runs))`
    ).pluck()
  }
  const damaged = (what: string): never => refuse(`is damaged: ${what}`)

  const json = (v: unknown, id: number, what: string, nullable: boolean): unknown => {
    if (v === null && nullable) return null
    if (typeof v !== 'string') return damaged(`run ${id}: its ${what} is missing`)
    try {
      return JSON.parse(v)
    } catch {
      return damaged(`run ${id}: its ${what} is not JSON`)
    }
  }
  const object = (v: unknown, id: number, what: string, nullable: boolean): Record<string, unknown> | null => {
    const o = json(v, id, what, nullable)
    if (o === null && nullable) return null
    if (typeof o !== 'object' || o === null || Array.isArray(o)) return damaged(`run ${id}: its ${what} is not a JSON object`)
    return o as Record<string, unknown>
  }
  const floats = (v: unknown, id: number, what: string): Float64Array => {
    if (!Buffer.isBuffer(v) || v.byteLength % 8 !== 0) return damaged(`run ${id}: ${what} is not a list of 8-byte numbers`)
    // A fresh, aligned copy (the blob's Buffer may sit at any offset of a pool).
    const out = new Float64Array(v.byteLength / 8)
    new Uint8Array(out.buffer).set(v)
    return out
  }

  const toRun = (row: RunRow): BundledRun => {
    const id = row.id
    const str = (v: unknown, what: string): string => (typeof v === 'string' ? v : damaged(`run ${id}: its ${what} is missing`))
    const tags = json(row.tags, id, 'tags', false)
    return {
      id,
      kind: str(row.kind, 'kind'),
      name: str(row.name, 'name'),
      params: object(row.params, id, 'params', false)!,
      seed: typeof row.seed === 'number' ? row.seed : damaged(`run ${id}: its seed is missing`),
      status: str(row.status, 'status') as BundledRun['status'],
      createdAt: str(row.created_at, 'start time'),
      finishedAt: row.finished_at === null ? null : str(row.finished_at, 'end time'),
      error: row.error === null ? null : str(row.error, 'error'),
      result: object(row.result, id, 'result', true),
      appVersion: str(row.app_version, 'app version'),
      note: str(row.note, 'note'),
      starred: row.starred === 1,
      tags: Array.isArray(tags) ? (tags as string[]) : damaged(`run ${id}: its tags are not a list`),
      origin: object(row.origin, id, 'origin', true) as BundledRun['origin'],
      series: s.series.all(id).map((x) => ({
        name: str(x.name, 'series name'),
        steps: floats(x.steps, id, `the steps of series '${String(x.name)}'`),
        values: floats(x.vals, id, `the values of series '${String(x.name)}'`)
      })),
      artifacts: s.artifacts.all(id).map((a) => {
        const type = str(a.type, 'artifact type')
        if (!Object.prototype.hasOwnProperty.call(TYPED_ARRAYS, type)) damaged(`run ${id}: artifact '${String(a.name)}' has an unknown type`)
        if (!Buffer.isBuffer(a.data)) damaged(`run ${id}: artifact '${String(a.name)}' holds no bytes`)
        const data = a.data as Buffer
        return {
          name: str(a.name, 'artifact name'),
          type: type as TypedArrayName,
          meta: object(a.meta, id, `description of artifact '${String(a.name)}'`, false)!,
          data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
        }
      }),
      log: s.log.all(id).map((l) => ({ at: str(l.at, 'log time'), message: str(l.message, 'log line') }))
    }
  }

  return {
    name,
    header,
    read(onRun) {
      if (s.orphans.get()! > 0) damaged('it holds measurements or artifacts of runs it does not hold')
      const hash = contentHash(header)
      let n = 0
      for (const row of s.runs.iterate()) {
        if (!Number.isSafeInteger(row.id) || row.id < 1) damaged('a run has no valid id')
        const run = toRun(row)
        checkRun(run, `“${name}”`)
        updateRunHash(hash, run)
        onRun(run)
        n++
      }
      if (n !== header.runs) damaged(`it holds ${n} runs but its header says ${header.runs}`)
      if (digest(hash) !== header.checksum) damaged('its content does not match its checksum (a byte was changed since it was written)')
    },
    close() {
      if (db.open) db.close()
    }
  }
}
