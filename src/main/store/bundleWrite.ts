// Writing a bundle (bundleFormat.ts) of stored runs: run by run from one consistent snapshot
// of the store into a new file under a temporary name, renamed into place once complete, so a
// bundle that exists is a whole one.

import Database from 'better-sqlite3'
import { randomBytes } from 'node:crypto'
import { renameSync, rmSync, statSync } from 'node:fs'
import { LabError } from '../../shared/errors'
import type { RunOrigin } from '../../shared/history'
import type { RunStatus } from '../../shared/primitives'
import type { TypedArrayName } from '../../shared/typedArrays'
import type { Db } from './db'
import {
  BUNDLE_APPLICATION_ID,
  BUNDLE_FORMAT,
  BUNDLE_SCHEMA,
  BUNDLE_VERSION,
  contentHash,
  digest,
  updateRunHash,
  type BundledRun
} from './bundleFormat'

interface StoredRow {
  id: number
  kind: string
  name: string
  params: string
  seed: number
  status: RunStatus
  created_at: string
  finished_at: string | null
  error: string | null
  result: string | null
  app_version: string
  note: string
  starred: number
  origin: string | null
  owner: string | null
}

/** Reads whole runs out of the store, as a bundle carries them. */
export class RunReader {
  private readonly s

  constructor(db: Db) {
    this.s = {
      run: db.prepare<[number], StoredRow>(
        'SELECT id, kind, name, params, seed, status, created_at, finished_at, error, result, app_version, note, starred, origin, owner FROM runs WHERE id = ?'
      ),
      tags: db.prepare<[number], string>('SELECT tag FROM run_tags WHERE run_id = ? ORDER BY tag').pluck(),
      series: db.prepare<[number], { id: number; name: string }>('SELECT id, name FROM series WHERE run_id = ? ORDER BY name'),
      steps: db.prepare<[number], number>('SELECT step FROM points WHERE series_id = ? ORDER BY step').pluck(),
      values: db.prepare<[number], number | null>('SELECT value FROM points WHERE series_id = ? ORDER BY step').pluck(),
      artifacts: db.prepare<[number], { name: string; type: string; meta: string; data: Buffer }>('SELECT name, type, meta, data FROM artifacts WHERE run_id = ? ORDER BY name'),
      log: db.prepare<[number], { at: string; message: string }>('SELECT at, message FROM run_log WHERE run_id = ? ORDER BY id')
    }
  }

  /** The run as stored, with `status` as the list shows it (a dead owner's running run is interrupted). */
  read(id: number, statusOf: (row: { status: RunStatus; owner: string | null }) => RunStatus): BundledRun {
    const row = this.s.run.get(id)
    if (!row) throw new LabError('not_found', `run ${id} not found`)
    const status = statusOf(row)
    if (status === 'running') throw new LabError('conflict', `Run ${id} “${row.name}” is still running: export it when it has ended.`)
    return {
      id,
      kind: row.kind,
      name: row.name,
      params: parse(row.params, id, 'params') as Record<string, unknown>,
      seed: row.seed,
      status,
      createdAt: row.created_at,
      finishedAt: row.finished_at,
      error: row.error,
      result: row.result === null ? null : (parse(row.result, id, 'result') as Record<string, unknown>),
      appVersion: row.app_version,
      note: row.note,
      starred: row.starred === 1,
      tags: this.s.tags.all(id),
      origin: row.origin === null ? null : (parse(row.origin, id, 'origin') as RunOrigin),
      series: this.s.series.all(id).map((s) => ({
        name: s.name,
        steps: Float64Array.from(this.s.steps.all(s.id)),
        values: Float64Array.from(this.s.values.all(s.id), (v) => (v === null ? Number.NaN : v))
      })),
      artifacts: this.s.artifacts.all(id).map((a) => ({
        name: a.name,
        type: a.type as TypedArrayName,
        meta: parse(a.meta, id, `meta of artifact '${a.name}'`) as Record<string, unknown>,
        data: new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.byteLength)
      })),
      log: this.s.log.all(id)
    }
  }
}

function parse(text: string, id: number, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new LabError('internal', `run ${id}: the stored ${what} is corrupt (not JSON)`)
  }
}

const blob = (a: Float64Array | Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength)

/**
 * Write the runs (each produced by `next`, in increasing id order) to a new bundle at `file`.
 * Returns the file's size. A failure leaves no file behind.
 */
export function writeBundle(file: string, count: number, next: (i: number) => BundledRun, meta: { appVersion: string; now: Date }): number {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`
  const out = new Database(tmp)
  try {
    // A scratch file until renamed: no journal needed; the header fields mark it as a bundle.
    // Large pages: artifacts of megabytes are long overflow chains (64 KiB pages write and read them ~1.4× faster than 4 KiB).
    out.pragma('page_size = 65536')
    out.pragma('journal_mode = OFF')
    out.pragma('synchronous = OFF')
    out.pragma(`application_id = ${BUNDLE_APPLICATION_ID}`)
    out.pragma(`user_version = ${BUNDLE_VERSION}`)
    out.exec(BUNDLE_SCHEMA)
    const ins = {
      run: out.prepare(
        `INSERT INTO runs (id, kind, name, params, seed, status, created_at, finished_at, error, result, app_version, note, starred, tags, origin)
         VALUES (@id, @kind, @name, @params, @seed, @status, @createdAt, @finishedAt, @error, @result, @appVersion, @note, @starred, @tags, @origin)`
      ),
      series: out.prepare<[number, string, Buffer, Buffer]>('INSERT INTO series (run_id, name, steps, vals) VALUES (?, ?, ?, ?)'),
      artifact: out.prepare<[number, string, string, string, Buffer]>('INSERT INTO artifacts (run_id, name, type, meta, data) VALUES (?, ?, ?, ?, ?)'),
      log: out.prepare<[number, number, string, string]>('INSERT INTO log (run_id, seq, at, message) VALUES (?, ?, ?, ?)'),
      header: out.prepare<[string, string]>('INSERT INTO bundle (key, value) VALUES (?, ?)')
    }
    const hash = contentHash({ format: BUNDLE_FORMAT, version: BUNDLE_VERSION, runs: count })
    out.transaction(() => {
      let last = 0
      for (let i = 0; i < count; i++) {
        const r = next(i)
        if (r.id <= last) throw new Error('runs must be written in increasing id order')
        last = r.id
        updateRunHash(hash, r)
        ins.run.run({
          ...r,
          params: JSON.stringify(r.params),
          result: r.result === null ? null : JSON.stringify(r.result),
          starred: r.starred ? 1 : 0,
          tags: JSON.stringify(r.tags),
          origin: r.origin === null ? null : JSON.stringify(r.origin)
        })
        for (const s of r.series) ins.series.run(r.id, s.name, blob(s.steps), blob(s.values))
        for (const a of r.artifacts) ins.artifact.run(r.id, a.name, a.type, JSON.stringify(a.meta), blob(a.data))
        r.log.forEach((l, k) => ins.log.run(r.id, k, l.at, l.message))
      }
      const header = { format: BUNDLE_FORMAT, version: String(BUNDLE_VERSION), createdAt: meta.now.toISOString(), appVersion: meta.appVersion, runs: String(count), checksum: digest(hash) }
      for (const [k, v] of Object.entries(header)) ins.header.run(k, v)
    })()
    out.close()
    renameSync(tmp, file)
    return statSync(file).size
  } catch (e) {
    if (out.open) out.close()
    rmSync(tmp, { force: true })
    throw e
  }
}
