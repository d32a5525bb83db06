// Whether the process that owns some runs is still alive, answered by the kernel: each process
// that runs jobs holds an exclusive lock on a small file of its own for as long as it lives
// (an SQLite transaction kept open, i.e. a POSIX record lock), and the operating system drops
// that lock the moment the process ends, however it ends (kill -9 included). Another process
// asks by trying to take the same lock without waiting. Unlike a pid and a heartbeat this
// cannot be fooled by a reused pid, a suspended laptop or a store thread busy for a minute.
//
// The files live in `<database>-owners/<owner id>.lock`, readable by the user only.

import Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const ownersDir = (databaseFile: string): string => `${databaseFile}-owners`
const lockFile = (databaseFile: string, id: string): string => join(ownersDir(databaseFile), `${id}.lock`)
const OWNER_ID = /^[0-9a-f-]{36}$/

export interface OwnerLock {
  readonly id: string
  /** Release the lock and remove its file (a clean exit). */
  release(): void
}

function connect(file: string, nativeBinding: string | undefined, mustExist: boolean): Database.Database {
  return new Database(file, { timeout: 0, fileMustExist: mustExist, ...(nativeBinding ? { nativeBinding } : {}) })
}

/** Take a new owner id and hold its lock until `release()` or the end of the process. */
export function acquireOwnerLock(databaseFile: string, nativeBinding?: string): OwnerLock {
  const id = randomUUID()
  const dir = ownersDir(databaseFile)
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const file = lockFile(databaseFile, id)
  writeFileSync(file, '', { mode: 0o600, flag: 'wx' })
  const db = connect(file, nativeBinding, true)
  try {
    // No journal: nothing is ever written, and a killed owner must leave no hot journal behind.
    db.pragma('journal_mode = MEMORY')
    db.exec('BEGIN EXCLUSIVE')
  } catch (e) {
    db.close()
    rmSync(file, { force: true })
    throw e
  }
  let held = true
  return {
    id,
    release() {
      if (!held) return
      held = false
      try {
        db.exec('ROLLBACK')
      } finally {
        db.close()
        rmSync(file, { force: true })
      }
    }
  }
}

/** True while the owner's process holds its lock; a missing or free lock file means it is gone. */
export function ownerAlive(databaseFile: string, id: string, nativeBinding?: string): boolean {
  if (!OWNER_ID.test(id)) return false
  const file = lockFile(databaseFile, id)
  if (!existsSync(file)) return false
  let db: Database.Database
  try {
    db = connect(file, nativeBinding, true)
  } catch {
    return false
  }
  try {
    db.exec('BEGIN IMMEDIATE')
    db.exec('ROLLBACK')
    return false
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith('SQLITE_BUSY')) return true
    throw e
  } finally {
    db.close()
  }
}

/** Remove the lock files of owners that are gone (after their runs were dealt with). */
export function removeDeadLocks(databaseFile: string, nativeBinding?: string): void {
  const dir = ownersDir(databaseFile)
  if (!existsSync(dir)) return
  for (const name of readdirSync(dir)) {
    const id = name.replace(/\.lock$/, '')
    if (name.endsWith('.lock') && OWNER_ID.test(id) && !ownerAlive(databaseFile, id, nativeBinding)) rmSync(join(dir, name), { force: true })
  }
}
