// A file SQLite cannot open for a moment (another process's last connection was removing the
// WAL's files as this one opened) is opened on a later attempt; one that stays unopenable is
// refused after a few, with SQLite's reason. The obstacle here is a folder where the -wal file
// belongs, removed by a separate process while the opening thread waits.

import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/main/store/db'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

/** A WAL database with one row, and a folder in its -wal file's place. */
function blockedDatabase(): string {
  const dir = mkdtempSync(join(tmpdir(), 'physml-open-'))
  dirs.push(dir)
  const file = join(dir, 'physml.db')
  const db = new Database(file)
  db.pragma('journal_mode = WAL')
  db.exec('CREATE TABLE t (x); INSERT INTO t VALUES (42)')
  db.close()
  mkdirSync(`${file}-wal`)
  return file
}

describe('opening a database SQLite cannot open for a moment', () => {
  it('opens it once the obstacle is gone, a few tens of milliseconds later', async () => {
    const file = blockedDatabase()
    const remover = spawn('sh', ['-c', `sleep 0.05 && rmdir '${file}-wal'`])
    const exited = new Promise((resolve) => remover.on('exit', resolve))
    const db = openDatabase({ file })
    try {
      expect(db.prepare('SELECT x FROM t').pluck().get()).toBe(42)
    } finally {
      db.close()
    }
    expect(await exited).toBe(0)
  })

  it('refuses one that stays unopenable, with SQLite’s reason — not as damaged (the app would set a whole file aside)', () => {
    const file = blockedDatabase()
    let error: { code?: string; message?: string } | null = null
    try {
      openDatabase({ file }).close()
    } catch (e) {
      error = e as { code?: string; message?: string }
    }
    expect(error?.code).toBe('SQLITE_CANTOPEN')
    expect(error?.message).toMatch(/unable to open database file/)
    expect(existsSync(file) && existsSync(`${file}-wal`)).toBe(true)
  })
})
