// Numbered schema migrations, tracked by PRAGMA user_version (0 = empty file). Each one runs
// in its own transaction together with the version bump, so a crash leaves the database at
// the previous version, never half-migrated. Append new entries; never edit a shipped one.

import { LabError } from '../../shared/errors'
import type { Db } from './db'
import { recordRunStats } from './runStats'

export interface Migration {
  version: number
  description: string
  up(db: Db): void
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, metric series and points, artifacts, run log',
    up(db) {
      db.exec(`
        -- AUTOINCREMENT: an id is never reused after a delete, so a stale reference in the
        -- renderer (or an exported file) can never point at a different run.
        CREATE TABLE runs (
          id          INTEGER PRIMARY KEY AUTOINCREMENT,
          kind        TEXT    NOT NULL,
          name        TEXT    NOT NULL,
          params      TEXT    NOT NULL,
          seed        INTEGER NOT NULL,
          status      TEXT    NOT NULL
                      CHECK (status IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
          kept        INTEGER NOT NULL DEFAULT 1 CHECK (kept IN (0, 1)),
          created_at  TEXT    NOT NULL,
          finished_at TEXT,
          error       TEXT,
          result      TEXT,
          app_version TEXT    NOT NULL
        );
        CREATE INDEX runs_by_kind ON runs (kind, id);

        -- Metrics: one row per (series, step) in a WITHOUT ROWID table clustered on
        -- (series_id, step), rather than (run_id, step, name) rows or chunked blobs.
        --  * Compact: the series name is stored once per run, and a point is a varint id,
        --    a varint step and an 8-byte REAL (~12 bytes), with no separate rowid index.
        --  * Appends: steps grow, so each series appends at the right edge of its own key
        --    range; a batched transaction of 10^4..10^5 prepared inserts costs one commit.
        --  * Reads: a whole series is one contiguous range scan already in step order.
        --  * Unlike chunked blobs, every committed point is final (no read-modify-write of a
        --    tail chunk), so a crash loses at most the uncommitted batch, and one point can
        --    be replaced (same step) without rewriting a chunk.
        -- value is NULL for NaN (SQLite has no NaN); ±Infinity are stored as REAL; -0 reads back as 0.
        CREATE TABLE series (
          id     INTEGER PRIMARY KEY,
          run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          name   TEXT    NOT NULL,
          UNIQUE (run_id, name)
        );
        CREATE TABLE points (
          series_id INTEGER NOT NULL REFERENCES series (id) ON DELETE CASCADE,
          step      INTEGER NOT NULL,
          value     REAL,
          PRIMARY KEY (series_id, step)
        ) WITHOUT ROWID;

        -- Artifacts keep a rowid: their blobs can be megabytes, and WITHOUT ROWID tables are
        -- meant for small rows. The (run_id, name) primary key is its own unique index.
        CREATE TABLE artifacts (
          run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          name   TEXT    NOT NULL,
          type   TEXT    NOT NULL CHECK (type IN ('Int8Array', 'Uint8Array', 'Int32Array',
                                                  'Uint32Array', 'Float32Array', 'Float64Array')),
          meta   TEXT    NOT NULL DEFAULT '{}',
          data   BLOB    NOT NULL,
          PRIMARY KEY (run_id, name)
        );

        CREATE TABLE run_log (
          id      INTEGER PRIMARY KEY,
          run_id  INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          at      TEXT    NOT NULL,
          message TEXT    NOT NULL
        );
        CREATE INDEX run_log_by_run ON run_log (run_id, id);
      `)
    }
  },
  {
    version: 2,
    description: 'owners: the process that runs each run',
    up(db) {
      db.exec(`
        -- Several processes may share one data folder (the app, browser mode, the CLI). Each
        -- that runs jobs registers here while it lives (its lock file says whether it still
        -- does: ownerLock.ts), and every run it starts names it. A process cleans up after
        -- dead owners only. Runs from before owners were kept have owner NULL.
        CREATE TABLE owners (
          id          TEXT PRIMARY KEY,
          pid         INTEGER NOT NULL,
          host        TEXT    NOT NULL,
          started_at  TEXT    NOT NULL,
          app_version TEXT    NOT NULL
        );
        ALTER TABLE runs ADD COLUMN owner TEXT;
        CREATE INDEX runs_by_owner ON runs (owner, status);
      `)
    }
  },
  {
    version: 3,
    description: 'history: notes, stars, tags, provenance, full-text search, final metrics and disk use per run',
    up(db) {
      db.exec(`
        -- What a researcher adds to a run (a note, a star that pins it at the top of the list)
        -- and where it came from when not from a job here (imported, merged from shards): JSON.
        ALTER TABLE runs ADD COLUMN note    TEXT    NOT NULL DEFAULT '';
        ALTER TABLE runs ADD COLUMN starred INTEGER NOT NULL DEFAULT 0 CHECK (starred IN (0, 1));
        ALTER TABLE runs ADD COLUMN origin  TEXT;
        -- Bytes the run takes in this file (artifacts, points, params), set when it ends.
        ALTER TABLE runs ADD COLUMN bytes   INTEGER;
        -- The list's default order: starred first, newest first.
        CREATE INDEX runs_by_star_created ON runs (starred, created_at);

        -- Tags compare without case ('Wolff' and 'wolff' are one tag) but keep the case first typed.
        CREATE TABLE run_tags (
          run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
          tag    TEXT    NOT NULL COLLATE NOCASE,
          PRIMARY KEY (run_id, tag)
        ) WITHOUT ROWID;
        CREATE INDEX run_tags_by_tag ON run_tags (tag, run_id);

        -- The final value of each series (last measured, lowest, highest, how many), set when the
        -- run ends: the list sorts 10,000 runs by "best validation accuracy" without reading a point.
        ALTER TABLE series ADD COLUMN n    INTEGER;
        ALTER TABLE series ADD COLUMN last REAL;
        ALTER TABLE series ADD COLUMN min  REAL;
        ALTER TABLE series ADD COLUMN max  REAL;
        CREATE INDEX series_by_name ON series (name, run_id);

        -- Full-text search over names and notes (FTS5, compiled into better-sqlite3's SQLite),
        -- an index of the runs table kept in step by triggers. Prefixes of 2 and 3 characters
        -- are indexed so that a search as you type ("metr*") stays an index lookup.
        CREATE VIRTUAL TABLE runs_fts USING fts5 (
          name, note, content = 'runs', content_rowid = 'id',
          tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
        );
        CREATE TRIGGER runs_fts_insert AFTER INSERT ON runs BEGIN
          INSERT INTO runs_fts (rowid, name, note) VALUES (new.id, new.name, new.note);
        END;
        CREATE TRIGGER runs_fts_delete AFTER DELETE ON runs BEGIN
          INSERT INTO runs_fts (runs_fts, rowid, name, note) VALUES ('delete', old.id, old.name, old.note);
        END;
        CREATE TRIGGER runs_fts_update AFTER UPDATE OF name, note ON runs BEGIN
          INSERT INTO runs_fts (runs_fts, rowid, name, note) VALUES ('delete', old.id, old.name, old.note);
          INSERT INTO runs_fts (rowid, name, note) VALUES (new.id, new.name, new.note);
        END;
        INSERT INTO runs_fts (runs_fts) VALUES ('rebuild');
      `)
      // Runs that ended before this version get their final metrics and sizes now.
      const ended = db.prepare<[], { id: number }>(`SELECT id FROM runs WHERE status <> 'running'`).all()
      for (const { id } of ended) recordRunStats(db, id)
    }
  },
  {
    version: 4,
    description: 'the time each run last stored something; the panels\' workspace',
    up(db) {
      db.exec(`
        -- A run whose process died ends (interrupted) when it last stored something, not when
        -- the next process noticed: stamped by every metric flush, artifact and log line.
        ALTER TABLE runs ADD COLUMN stored_at TEXT;

        -- What the user made in a panel (drawn patterns, filters, forms) and not yet ran: one
        -- JSON value per panel part, with the version of its shape (the renderer checks it on
        -- load). Kept here, not in the page's storage: it survives a restart of browser mode on
        -- another port (another origin) and is shared by every window on this data folder.
        CREATE TABLE workspace (
          key      TEXT    PRIMARY KEY,
          version  INTEGER NOT NULL,
          value    TEXT    NOT NULL,
          saved_at TEXT    NOT NULL
        );
      `)
    }
  }
]

// The list must read 1, 2, 3, ...: a gap or a reordering is a programming error caught at load.
migrations.forEach((m, i) => {
  if (m.version !== i + 1) throw new Error(`migrations out of order: entry ${i} has version ${m.version}`)
})

export const LATEST_SCHEMA_VERSION = migrations.length

export function schemaVersion(db: Db): number {
  return Number(db.pragma('user_version', { simple: true }))
}

/** Bring `db` to the latest schema. Returns the version found and the version reached. */
export function migrate(db: Db, file: string, list: readonly Migration[] = migrations): { from: number; to: number } {
  const latest = list.length
  const from = schemaVersion(db)
  if (from > latest) {
    throw new LabError(
      'conflict',
      `The run database ${file} has schema version ${from}, but this version of PhysML Lab only knows ` +
        `versions up to ${latest}: it was written by a newer PhysML Lab. Update the app, or choose ` +
        `another data folder; the file was left untouched.`
    )
  }
  for (const m of list) {
    if (m.version <= from) continue
    db.transaction(() => {
      // Re-read inside the write lock: another process may have migrated meanwhile.
      if (schemaVersion(db) >= m.version) return
      m.up(db)
      db.pragma(`user_version = ${m.version}`)
    }).immediate()
  }
  return { from, to: schemaVersion(db) }
}
