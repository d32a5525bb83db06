// What the Runs list shows of a run without reading its points: the final value of each series
// (last measured, lowest, highest, count) and the bytes the run takes, written once when the run
// ends (and again when its artifacts are deleted or it is imported).

import type { Db } from './db'

/**
 * Bytes one stored point takes: a (series id, step) key and an 8-byte REAL in a WITHOUT ROWID
 * b-tree with its cell and page overhead. Measured with SQLite's dbstat on 10⁶ appended points
 * of random doubles (21.9 bytes each; integral values, stored as integers, take ~14).
 */
export const POINT_BYTES = 22

const statements = new WeakMap<Db, ReturnType<typeof prepare>>()

function prepare(db: Db) {
  return {
    // NULL values (NaN measurements) are skipped by count's cousins min/max; `last` is the
    // latest value actually measured, which for a validation curve is the final validation.
    series: db.prepare<{ runId: number }>(
      `UPDATE series SET
         n    = (SELECT count(*)   FROM points WHERE series_id = series.id),
         min  = (SELECT min(value) FROM points WHERE series_id = series.id),
         max  = (SELECT max(value) FROM points WHERE series_id = series.id),
         last = (SELECT value FROM points WHERE series_id = series.id AND value IS NOT NULL ORDER BY step DESC LIMIT 1)
       WHERE run_id = @runId`
    ),
    bytes: db.prepare<{ runId: number; pointBytes: number }>(
      `UPDATE runs SET bytes =
           length(params) + coalesce(length(result), 0) + length(note) + coalesce(length(origin), 0)
         + coalesce((SELECT sum(length(data)) FROM artifacts WHERE run_id = @runId), 0)
         + coalesce((SELECT sum(n) FROM series WHERE run_id = @runId), 0) * @pointBytes
         + coalesce((SELECT sum(length(message) + length(at)) FROM run_log WHERE run_id = @runId), 0)
       WHERE id = @runId`
    )
  }
}

function statementsOf(db: Db): ReturnType<typeof prepare> {
  let s = statements.get(db)
  if (!s) statements.set(db, (s = prepare(db)))
  return s
}

/** Final metrics and size of one run, from what is stored now. The caller holds the transaction. */
export function recordRunStats(db: Db, runId: number): void {
  const s = statementsOf(db)
  s.series.run({ runId })
  s.bytes.run({ runId, pointBytes: POINT_BYTES })
}
