import Database from 'better-sqlite3'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/store/db'
import { LATEST_SCHEMA_VERSION, migrate, migrations, schemaVersion, type Migration } from '../../src/main/store/migrations'
import { openRunStore, type RunStore } from '../../src/main/store/runStore'
import { POINT_BYTES } from '../../src/main/store/runStats'
import { LabError } from '../../src/shared/errors'
import { batchOf } from '../../src/shared/metrics'

const root = fileURLToPath(new URL('../..', import.meta.url))
let dir: string
let file: string
const toClose: { close(): unknown }[] = []

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'physml-migrate-'))
  file = join(dir, 'nested', 'runs.sqlite') // the folder does not exist yet
})
afterEach(() => {
  for (const c of toClose.splice(0)) c.close()
  rmSync(dir, { recursive: true, force: true })
})

function open(): RunStore {
  const s = openRunStore({ file, appVersion: '0.1.0-test' })
  toClose.push(s)
  return s
}
function rawVersion(): number {
  const r = new Database(file)
  try {
    return Number(r.pragma('user_version', { simple: true }))
  } finally {
    r.close()
  }
}
function tables(): string[] {
  const r = new Database(file)
  try {
    return r.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name`).pluck().all() as string[]
  } finally {
    r.close()
  }
}
function thrown(fn: () => unknown): unknown {
  try {
    fn()
  } catch (err) {
    return err
  }
  throw new Error('expected a throw')
}

describe('schema and migrations', () => {
  it('a fresh file gets the latest schema, WAL, foreign keys', () => {
    const store = open()
    store.close()
    expect(LATEST_SCHEMA_VERSION).toBe(migrations.length)
    expect(rawVersion()).toBe(LATEST_SCHEMA_VERSION)
    // runs_fts* are FTS5's own tables of the search index; sqlite_stat* are written by PRAGMA optimize at close.
    expect(tables().filter((t) => !t.startsWith('sqlite_stat'))).toEqual([
      'artifacts', 'owners', 'points', 'run_log', 'run_tags', 'runs', 'runs_fts', 'runs_fts_config', 'runs_fts_data', 'runs_fts_docsize', 'runs_fts_idx', 'series', 'sqlite_sequence', 'workspace'
    ])
    const db = openDatabase({ file })
    toClose.push(db)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1)
    expect(db.pragma('synchronous', { simple: true })).toBe(1) // NORMAL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(30000)
  })

  it('reopening is idempotent and keeps the data', () => {
    let store = open()
    const id = store.createRun({ kind: 'ising', name: 'persist', params: { L: 4 }, seed: 3 })
    store.appendBatch(id, batchOf([0, 1], [{ e: -2 }, { e: -1 }]))
    store.finishRun(id, { status: 'done', result: { e: -1 } })
    store.close()
    const schemaBefore = readSchema()
    for (let i = 0; i < 2; i++) {
      store = open()
      expect(store.interruptedAtOpen).toEqual([])
      expect(store.getRun(id)).toMatchObject({ name: 'persist', status: 'done', result: { e: -1 }, series: ['e'] })
      expect(store.getSeries(id).values.e).toEqual(Float64Array.from([-2, -1]))
      store.close()
    }
    expect(rawVersion()).toBe(LATEST_SCHEMA_VERSION)
    expect(readSchema()).toEqual(schemaBefore)
  })

  it('migrates a version-1 file (before owners): its runs keep, and one left running is interrupted by the first owner', () => {
    const v1 = openDatabase({ file })
    migrate(v1, file, [migrations[0]])
    const insert = v1.prepare(
      `INSERT INTO runs (kind, name, params, seed, status, kept, created_at, app_version) VALUES ('ising', ?, '{}', 1, ?, 1, '2025-01-01T00:00:00.000Z', '0.0.9')`
    )
    const running = Number(insert.run('was running', 'running').lastInsertRowid)
    const finished = Number(insert.run('finished', 'done').lastInsertRowid)
    v1.close()
    const store = open()
    expect(rawVersion()).toBe(LATEST_SCHEMA_VERSION)
    expect(store.interruptedAtOpen).toEqual([running])
    expect(store.getSummary(running).status).toBe('interrupted')
    expect(store.getSummary(finished).status).toBe('done')
    store.close()
  })

  it('migrates a version-2 file (before the history): final metrics, sizes and the search index of its runs are filled in', () => {
    const v2 = openDatabase({ file })
    migrate(v2, file, migrations.slice(0, 2))
    const run = Number(
      v2
        .prepare(`INSERT INTO runs (kind, name, params, seed, status, kept, created_at, finished_at, app_version) VALUES ('ising', 'Wolff near Tc', '{"L":8}', 1, 'done', 1, '2025-01-01T00:00:00.000Z', '2025-01-01T00:00:01.000Z', '0.0.9')`)
        .run().lastInsertRowid
    )
    const series = Number(v2.prepare(`INSERT INTO series (run_id, name) VALUES (?, 'accuracy')`).run(run).lastInsertRowid)
    const point = v2.prepare('INSERT INTO points (series_id, step, value) VALUES (?, ?, ?)')
    // The last step has no measurement (NaN, stored NULL): the final value is the last measured one.
    ;[[0, 0.5], [1, 0.9], [2, 0.7], [3, null]].forEach(([step, v]) => point.run(series, step, v))
    v2.prepare(`INSERT INTO artifacts (run_id, name, type, meta, data) VALUES (?, 'lattice', 'Int8Array', '{}', ?)`).run(run, Buffer.alloc(64))
    v2.close()

    const store = open()
    expect(rawVersion()).toBe(LATEST_SCHEMA_VERSION)
    const raw = new Database(file)
    toClose.push(raw)
    expect(raw.prepare('SELECT n, last, min, max FROM series WHERE id = ?').get(series)).toEqual({ n: 4, last: 0.7, min: 0.5, max: 0.9 })
    // params + artifact + 4 points
    expect(store.getSummary(run).bytes).toBe('{"L":8}'.length + 64 + 4 * POINT_BYTES)
    expect(store.findRuns({ text: 'wolf' }).runs.map((r) => r.id)).toEqual([run])
    expect(store.findRuns({ sort: { by: 'series', name: 'accuracy', stat: 'last' } }).runs[0].sortValue).toBe(0.7)
  })

  it('two live owners on one file leave each other alone; a read-only store writes nothing', () => {
    const a = open()
    const running = a.createRun({ kind: 'ising', name: 'a running', params: {}, seed: 1 })
    const scratch = a.createRun({ kind: 'ising', name: 'a scratch', params: {}, seed: 2, kept: false })
    a.finishRun(scratch, { status: 'done' })
    const b = open()
    expect(b.interruptedAtOpen).toEqual([])
    expect(b.getSummary(running).status).toBe('running')
    expect(b.getSummary(scratch).status).toBe('done') // not deleted: its owner lives
    expect(thrown(() => b.deleteRun(running))).toMatchObject({ code: 'conflict' })
    const reader = openRunStore({ file, appVersion: 'x', readOnly: true })
    toClose.push(reader)
    expect(thrown(() => reader.createRun({ kind: 'ising', params: {}, seed: 1 }))).toMatchObject({ code: 'conflict', message: 'This lab was opened to read runs only: it starts and changes none.' })
    expect(reader.listRuns({ includeScratch: true }).map((r) => r.id)).toEqual([scratch, running])
    b.close()
    a.close() // a clean exit: its own runs are ended by itself
    expect(reader.getSummary(running).status).toBe('interrupted')
    expect(() => reader.getSummary(scratch)).toThrow(/not found/)
  })

  it('refuses a database from a newer app with a clear message, leaving it untouched', () => {
    open().close()
    const r = new Database(file)
    r.pragma(`user_version = ${LATEST_SCHEMA_VERSION + 1}`)
    r.close()
    const before = readFileSync(file)
    const err = thrown(() => open())
    expect(err).toBeInstanceOf(LabError)
    expect((err as LabError).code).toBe('conflict')
    expect((err as LabError).message).toBe(
      `The run database ${file} has schema version ${LATEST_SCHEMA_VERSION + 1}, but this version of PhysML Lab only knows ` +
        `versions up to ${LATEST_SCHEMA_VERSION}: it was written by a newer PhysML Lab. Update the app, or choose ` +
        `another data folder; the file was left untouched.`
    )
    expect(rawVersion()).toBe(LATEST_SCHEMA_VERSION + 1)
    expect(readFileSync(file).equals(before)).toBe(true)
  })

  it('runs each migration in a transaction: a failing one leaves the previous version intact', () => {
    const db = openDatabase({ file })
    toClose.push(db)
    const broken: Migration = {
      version: 2,
      description: 'fails halfway',
      up(d) {
        d.exec('CREATE TABLE halfway (x INTEGER)')
        throw new Error('boom')
      }
    }
    expect(() => migrate(db, file, [migrations[0], broken])).toThrow('boom')
    expect(schemaVersion(db)).toBe(1) // migration 1 committed on its own
    expect(db.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'halfway'`).pluck().get()).toBe(0)
    const ok: Migration = { version: 2, description: 'adds a table', up: (d) => d.exec('CREATE TABLE extra (x INTEGER)') }
    expect(migrate(db, file, [migrations[0], ok])).toEqual({ from: 1, to: 2 })
    expect(migrate(db, file, [migrations[0], ok])).toEqual({ from: 2, to: 2 })
  })

  it('loads the addon given as nativeBinding, and names a missing one', () => {
    const addon = join(root, 'node_modules/better-sqlite3/build/Release/better_sqlite3.node')
    const store = openRunStore({ file, appVersion: 'x', nativeBinding: addon })
    toClose.push(store)
    expect(store.integrityCheck()).toBe('ok')
    const missing = join(dir, 'electron-99/better_sqlite3.node')
    const err = thrown(() => openRunStore({ file: join(dir, 'other.sqlite'), appVersion: 'x', nativeBinding: missing }))
    expect(err).toBeInstanceOf(LabError)
    expect((err as LabError).message).toContain(missing)
  })

  it('a file that is not a database gives a clear error and is left as it is', () => {
    const junk = join(dir, 'junk.sqlite')
    const text = 'this is not an SQLite file, just some text that is long enough to have a header'.repeat(20)
    writeFileSync(junk, text)
    const err = thrown(() => openRunStore({ file: junk, appVersion: 'x' }))
    expect(err).toBeInstanceOf(LabError)
    expect((err as LabError).code).toBe('damaged')
    expect((err as LabError).message).toBe(`The run database ${junk} is damaged (SQLite's check: file is not a database). It was left as it is.`)
    expect(readFileSync(junk, 'utf8')).toBe(text)
  })

  it('a clean close interrupts the runs it never finished and drops its scratch runs, keeping what they stored', () => {
    let t = Date.parse('2025-03-01T12:00:00.000Z')
    let store = openRunStore({ file, appVersion: 'a', now: () => new Date(t) })
    const live = store.createRun({ kind: 'ising', name: 'live', params: {}, seed: 1, kept: false })
    const long = store.createRun({ kind: 'ising', name: 'long', params: {}, seed: 2 })
    const done = store.createRun({ kind: 'ising', name: 'done', params: {}, seed: 3 })
    store.finishRun(done, { status: 'done' })
    expect(store.getSummary(live).status).toBe('running')
    store.appendBatch(long, batchOf([0, 1], [{ e: 1 }, { e: 2 }]))
    store.putArtifact(long, 'lattice', Int8Array.from([1, -1]))
    t += 60_000
    store.close() // a quit that never finished the runs (close flushes)
    store = openRunStore({ file, appVersion: 'a', now: () => new Date(t + 1000) })
    toClose.push(store)
    expect(store.interruptedAtOpen).toEqual([]) // nothing left for the next owner: a kill is storeCrash.test's
    const detail = store.getRun(long)
    expect(detail).toMatchObject({ status: 'interrupted', finishedAt: '2025-03-01T12:01:00.000Z', durationSeconds: 60, series: ['e'] })
    expect(detail.log).toEqual([
      { at: '2025-03-01T12:01:00.000Z', message: 'interrupted: the app stopped while this run was running; what it stored is kept' }
    ])
    expect(store.getArtifact(long, 'lattice').data).toEqual(Int8Array.from([1, -1]))
    expect(store.getRun(done).status).toBe('done')
    expect(store.listRuns({ includeScratch: true }).map((r) => r.id)).toEqual([done, long])
  })
})

function readSchema(): string[] {
  const r = new Database(file)
  try {
    return r.prepare('SELECT sql FROM sqlite_schema ORDER BY name').pluck().all() as string[]
  } finally {
    r.close()
  }
}
