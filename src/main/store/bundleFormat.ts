// The .physml bundle: runs carried between labs as one self-contained file.
//
// A bundle is a small SQLite database (not a zip of JSON and blobs), because:
//  * the lab already ships SQLite (better-sqlite3): no new native dependency, no container
//    parser of our own to get wrong;
//  * it is read by random access: an import checks a bundle of gigabytes run by run without
//    holding it in memory, and an export writes run by run the same way;
//  * artifacts stay the blobs they are in the store, and anyone can open a bundle with the
//    sqlite3 shell to see what is in it.
// What SQLite does not give, the format adds: a magic number (application_id 'PHML'), a
// format version (user_version, refused when newer than this lab reads), an exact schema (a
// bundle whose tables differ in any way is refused before a row is read, so a crafted file
// cannot bring triggers or views) and a SHA-256 checksum of the content in a canonical order,
// recomputed on import (a changed byte in any run is found even where SQLite's own page
// checks see nothing wrong).
//
// Series are kept as little-endian Float64 arrays of steps and values (NaN as NaN, not NULL),
// artifacts as the store keeps them, the run's tags and origin as JSON.

import { createHash, type Hash } from 'node:crypto'
import type { TypedArrayName } from '../../shared/typedArrays'
import type { RunOrigin } from '../../shared/history'
import type { RunStatus } from '../../shared/primitives'

export const BUNDLE_FORMAT = 'physml-bundle'
/** The version this lab writes and the newest it reads. */
export const BUNDLE_VERSION = 1
/** 'PHML' in the header's application_id field: a bundle, not any SQLite file. */
export const BUNDLE_APPLICATION_ID = 0x50484d4c
export const BUNDLE_EXTENSION = '.physml'

export const BUNDLE_SCHEMA = `
  CREATE TABLE bundle (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  CREATE TABLE runs (
    id INTEGER PRIMARY KEY, kind TEXT NOT NULL, name TEXT NOT NULL, params TEXT NOT NULL,
    seed INTEGER NOT NULL, status TEXT NOT NULL, created_at TEXT NOT NULL, finished_at TEXT,
    error TEXT, result TEXT, app_version TEXT NOT NULL, note TEXT NOT NULL,
    starred INTEGER NOT NULL, tags TEXT NOT NULL, origin TEXT
  );
  CREATE TABLE series (run_id INTEGER NOT NULL, name TEXT NOT NULL, steps BLOB NOT NULL, vals BLOB NOT NULL, PRIMARY KEY (run_id, name)) WITHOUT ROWID;
  CREATE TABLE artifacts (run_id INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, meta TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (run_id, name));
  CREATE TABLE log (run_id INTEGER NOT NULL, seq INTEGER NOT NULL, at TEXT NOT NULL, message TEXT NOT NULL, PRIMARY KEY (run_id, seq)) WITHOUT ROWID;
`

/** What a bundle says of itself (its `bundle` table). */
export interface BundleHeader {
  format: string
  version: number
  createdAt: string
  appVersion: string
  runs: number
  /** 'sha256:' and the hex digest of the content (runChecksum over every run, in id order). */
  checksum: string
}

export interface BundledSeries {
  name: string
  steps: Float64Array
  values: Float64Array
}

export interface BundledArtifact {
  name: string
  type: TypedArrayName
  meta: Record<string, unknown>
  /** The typed array's bytes, little-endian. */
  data: Uint8Array
}

/** One run as a bundle carries it: all of it, nothing of the lab it came from but its id there. */
export interface BundledRun {
  /** Its id in the lab that exported it. */
  id: number
  kind: string
  name: string
  params: Record<string, unknown>
  seed: number
  status: Exclude<RunStatus, 'running'>
  createdAt: string
  finishedAt: string | null
  error: string | null
  result: Record<string, unknown> | null
  appVersion: string
  note: string
  starred: boolean
  tags: string[]
  origin: RunOrigin | null
  series: BundledSeries[]
  artifacts: BundledArtifact[]
  log: { at: string; message: string }[]
}

/** The bundle's content hash: the header's fixed fields, then each run (updateRunHash) in id order. */
export function contentHash(header: Pick<BundleHeader, 'format' | 'version' | 'runs'>): Hash {
  const h = createHash('sha256')
  h.update(JSON.stringify(['bundle', header.format, header.version, header.runs]))
  return h
}

const bytesOf = (a: Float64Array | Uint8Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength)

/**
 * Feed one run into the content hash, in one canonical order whoever computes it (the writer
 * from the store, the reader from the file): its fields as JSON, its series by name, its
 * artifacts by name, its log in order. Lengths go before every blob, so no two different runs
 * feed the same bytes.
 */
export function updateRunHash(h: Hash, r: BundledRun): void {
  h.update(
    JSON.stringify([
      'run',
      r.id,
      r.kind,
      r.name,
      r.params,
      r.seed,
      r.status,
      r.createdAt,
      r.finishedAt,
      r.error,
      r.result,
      r.appVersion,
      r.note,
      r.starred,
      r.tags,
      r.origin
    ])
  )
  for (const s of [...r.series].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    h.update(JSON.stringify(['series', s.name, s.steps.length, s.values.length]))
    h.update(bytesOf(s.steps))
    h.update(bytesOf(s.values))
  }
  for (const a of [...r.artifacts].sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))) {
    h.update(JSON.stringify(['artifact', a.name, a.type, a.meta, a.data.byteLength]))
    h.update(a.data)
  }
  h.update(JSON.stringify(['log', r.log.map((l) => [l.at, l.message])]))
}

export const digest = (h: Hash): string => `sha256:${h.digest('hex')}`

/** A safe file name for a bundle of these runs. */
export function bundleFilename(runs: readonly { id: number; name: string }[], at: Date): string {
  const stamp = at.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
  if (runs.length === 1) {
    const slug = runs[0].name.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'run'
    return `run-${runs[0].id}-${slug}${BUNDLE_EXTENSION}`
  }
  return `runs-${runs.length}-${stamp}${BUNDLE_EXTENSION}`
}
