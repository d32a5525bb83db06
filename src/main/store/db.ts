// Opening the SQLite file: one connection, configured once. Only the run store calls this.

import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'

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

export function openDatabase(opts: OpenDbOptions): Db {
  const memory = opts.file === ':memory:'
  if (!memory) mkdirSync(dirname(opts.file), { recursive: true })
  const db = new Database(opts.file, {
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
    timeout: opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS
  })
  try {
    // WAL: readers never block the writer and a commit is one append to the log, which is
    // what a steady stream of small metric transactions wants. With WAL, synchronous=NORMAL
    // stays consistent after a crash (a power cut may lose the last commits, never corrupt).
    // The first statement is also where a file that is not a database is refused.
    const mode = db.pragma('journal_mode = WAL', { simple: true })
    if (!memory && mode !== 'wal') throw new Error(`journal_mode stayed '${String(mode)}' (WAL refused)`)
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? BUSY_TIMEOUT_MS))}`)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}
