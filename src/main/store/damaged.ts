// A database file that fails its check at open: refused with the reason and left as it is,
// byte for byte. The way out — chosen by the user, offered by each front in its own words (a
// CLI flag, a dialog) — is to keep the file under another name beside it and start anew.

import { existsSync, renameSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { LabError } from '../../shared/errors'

export function damagedError(file: string, what: string): LabError {
  return new LabError('damaged', `The run database ${file} ${what}. It was left as it is.`)
}

const stamp = (d: Date): string => d.toISOString().replace(/\.\d+Z$/, '').replace(/[-:]/g, '').replace('T', '-')

/**
 * Rename a damaged `physml.db` (and its WAL files, which belong to it) to
 * `physml.damaged-YYYYMMDD-HHMMSS.db` beside it; the next open starts a new file. Returns the new name.
 */
export function setAsideDamaged(file: string, now = new Date()): string {
  const stem = basename(file).replace(/\.db$/, '')
  let aside = join(dirname(file), `${stem}.damaged-${stamp(now)}.db`)
  for (let n = 2; existsSync(aside); n++) aside = join(dirname(file), `${stem}.damaged-${stamp(now)}-${n}.db`)
  // The WAL first: a database without its WAL is a different (older) database.
  for (const suffix of ['-wal', '-shm']) if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix)
  renameSync(file, aside)
  return aside
}
