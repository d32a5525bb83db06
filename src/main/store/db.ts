// Opening the SQLite file: one connection, configured once. Only the run store calls this.
// The file is checked before anything is written to it (a damaged one is refused untouched,
// damaged.ts), a missing one is created whole and private, and an existing one is made private.

import Database from 'better-sqlite3'
import { chmodSync, closeSync, existsSync, linkSync, mkdirSync, openSync, rmSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import { damagedError } from './damaged'

export type Db = Database.Database

export interface OpenDbOptions {
  /** Path of the database file, or ':memory:'. Its folder is created if missing. */
  file: string
  /** better-sqlite3's addon for this runtime (Electron ships its own build; tests use node_modules'). */
  nativeBinding?: string
  /** How long a write waits for the lock another process holds (default 30 s). */
  busyTimeoutMs?: number
}

/**
 * Writers of several processes take turns on one file (six CLI runs and the app): a write
 * waits its turn rather than failing, and a turn is a batched transaction of milliseconds.
 */
const BUSY_TIMEOUT_MS = 30_000

/**
 * Opening attempts when SQLite cannot open the file for a moment. Seen once in six processes
 * starting on one new folder while others came and went (the last connection to close removes
 * the WAL's -wal and -shm files, which one opening at that instant may miss): the next attempt,
 * milliseconds later, opens it.
 */
const OPEN_ATTEMPTS = 5
const OPEN_RETRY_MS = 40

const cannotOpen = (e: unknown): boolean => (e as { code?: string } | null)?.code === 'SQLITE_CANTOPEN'

export function openDatabase(opts: OpenDbOptions): Db {
  for (let attempt = 1; ; attempt++) {
    try {
      return openOnce(opts)
    } catch (e) {
      if (!cannotOpen(e) || attempt >= OPEN_ATTEMPTS || opts.file === ':memory:' || !existsSync(opts.file)) throw e
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, OPEN_RETRY_MS * attempt)
    }
  }
}

function openOnce(opts: OpenDbOptions): Db {
  const memory = opts.file === ':memory:'
  if (!memory) prepareFile(opts.file, opts.nativeBinding)
  const db = new Database(opts.file, {
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    timeout: opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS
  })
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS))}`)
    if (!memory) quickCheck(db, opts.file)
    // WAL: readers never block the writer and a commit is one append to the log, which is
    // what a steady stream of small metric transactions wants. With WAL, synchronous=NORMAL
    // stays consistent after a crash (a power cut may lose the last commits, never corrupt).
    const mode = db.pragma('journal_mode = WAL', { simple: true })
    if (!memory && mode !== 'wal') throw new Error(`journal_mode stayed '${String(mode)}' (WAL refused)`)
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

/** SQLite's quick_check (every page and record, not the indexes' agreement): a damaged file is refused before any write. */
function quickCheck(db: Db, file: string): void {
  let problems: string[]
  try {
    problems = (db.pragma('quick_check(20)') as { quick_check: string }[]).map((r) => r.quick_check)
  } catch (e) {
    // Only a file SQLite finds corrupt is damage; one it cannot open or lock this instant is
    // not (called damaged, the app would set a whole database aside).
    if (!/^SQLITE_(CORRUPT|NOTADB)/.test((e as { code?: string }).code ?? '')) throw e
    throw damagedError(file, `is damaged (SQLite's check: ${(e as Error).message})`)
  }
  if (problems.length !== 1 || problems[0] !== 'ok') throw damagedError(file, `is damaged (SQLite's check: ${problems.slice(0, 3).join('; ')})`)
}

/**
 * A missing file is made under a temporary name and linked into place whole (so a 0-byte
 * file can only mean damage from outside, never a start cut short); an existing one must not
 * be empty, and is made readable by the user only (its WAL files inherit its mode).
 */
function prepareFile(file: string, nativeBinding: string | undefined): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
  if (!existsSync(file)) {
    const tmp = `${file}.new-${process.pid}-${Date.now()}`
    closeSync(openSync(tmp, 'wx', 0o600))
    try {
      const fresh = new Database(tmp, nativeBinding ? { nativeBinding } : {})
      fresh.pragma('journal_mode = WAL') // writes the header: the file is a database from here on
      fresh.close()
      try {
        linkSync(tmp, file)
      } catch (e) {
        if ((e as { code?: string }).code !== 'EEXIST') throw e // another process made it first: theirs is as good
      }
    } finally {
      rmSync(tmp, { force: true })
    }
    return
  }
  const stat = statSync(file)
  if (stat.size === 0) throw damagedError(file, 'is empty (0 bytes): it may have been truncated')
  if ((stat.mode & 0o077) !== 0) {
    for (const f of [file, `${file}-wal`, `${file}-shm`]) {
      try {
        if (existsSync(f)) chmodSync(f, 0o600)
      } catch {
        // not ours to change (another user's shared folder): it stays as its owner made it
      }
    }
  }
}
