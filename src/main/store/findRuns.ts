// Finding runs among thousands: full-text search over names and notes (FTS5), filters by kind,
// status, tags, dates and star, and ordering by any column or final metric. One WHERE clause
// whose every filter is a bound parameter (NULL: not filtering), and one statement per ordering,
// chosen from a fixed table: no text of the request is ever part of the SQL.

import type { FindRunsQuery, RunSort } from '../../shared/history'
import type { RunStatus } from '../../shared/primitives'
import type { Db } from './db'

/** The columns a summary of a run needs, `r` being the runs table. */
export const SUMMARY_SELECT = `r.id, r.kind, r.name, r.seed, r.status, r.kept, r.created_at, r.finished_at, r.error, r.owner,
  r.starred, r.bytes, (SELECT json_group_array(tag) FROM (SELECT tag FROM run_tags WHERE run_id = r.id ORDER BY tag)) AS tags`

export interface RunRow {
  id: number
  kind: string
  name: string
  seed: number
  status: RunStatus
  kept: number
  created_at: string
  finished_at: string | null
  error: string | null
  owner: string | null
  starred: number
  bytes: number | null
  /** JSON list. */
  tags: string
  sort_value?: number | null
}

// A 'running' row whose owner is gone reads as 'interrupted' (ownership.ts): @alive lists the
// running runs whose owner lives, so a status filter sees what the list shows.
const EFFECTIVE_STATUS = `CASE WHEN r.status = 'running' AND r.id NOT IN (SELECT value FROM json_each(@alive)) THEN 'interrupted' ELSE r.status END`

const WHERE = `
  WHERE (@scratch = 1 OR r.kept = 1)
    AND (@fts IS NULL OR r.id IN (SELECT rowid FROM runs_fts WHERE runs_fts MATCH @fts))
    AND (@kinds IS NULL OR r.kind IN (SELECT value FROM json_each(@kinds)))
    AND (@statuses IS NULL OR ${EFFECTIVE_STATUS} IN (SELECT value FROM json_each(@statuses)))
    AND (@tags IS NULL OR r.id IN (
          SELECT run_id FROM run_tags WHERE tag IN (SELECT value FROM json_each(@tags))
          GROUP BY run_id HAVING count(*) = @tagCount))
    AND (@from IS NULL OR r.created_at >= @from)
    AND (@to IS NULL OR r.created_at < @to)
    AND (@starred = 0 OR r.starred = 1)`

/** The value each ordering sorts on; NULL (no such metric) always sorts last. */
function sortExpression(sort: RunSort): { join: string; value: string; pinStarred: boolean } {
  switch (sort.by) {
    case 'created':
      return { join: '', value: 'r.created_at', pinStarred: true }
    case 'name':
      return { join: '', value: 'r.name COLLATE NOCASE', pinStarred: true }
    case 'kind':
      return { join: '', value: 'r.kind', pinStarred: true }
    case 'status':
      return { join: '', value: EFFECTIVE_STATUS, pinStarred: true }
    case 'duration':
      return { join: '', value: `julianday(coalesce(r.finished_at, @now)) - julianday(r.created_at)`, pinStarred: true }
    case 'size':
      return { join: '', value: 'r.bytes', pinStarred: true }
    // A ranking by a metric is a ranking: stars do not jump it.
    case 'series':
      return { join: 'LEFT JOIN series s ON s.run_id = r.id AND s.name = @metric', value: `s.${sort.stat}`, pinStarred: false }
    case 'result':
      return {
        join: '',
        value: `CASE WHEN json_type(r.result, @path) IN ('integer', 'real') THEN json_extract(r.result, @path) END`,
        pinStarred: false
      }
  }
}

/**
 * FTS5 query text from what the user typed: its words (letters and digits), each quoted (so
 * AND, NEAR, "*" or a stray quote are words, never syntax) and taken as a prefix; all must match.
 */
export function ftsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu)?.slice(0, 16) ?? []
  return words.length ? words.map((w) => `"${w}"*`).join(' ') : null
}

export class RunFinder {
  private readonly pages = new Map<string, ReturnType<Db['prepare']>>()
  private readonly count
  private readonly running

  constructor(private readonly db: Db) {
    this.count = db.prepare<Record<string, unknown>, { total: number; bytes: number }>(
      `SELECT count(*) AS total, coalesce(sum(r.bytes), 0) AS bytes FROM runs r ${WHERE}`
    )
    this.running = db.prepare<[], { id: number; owner: string | null }>(`SELECT id, owner FROM runs WHERE status = 'running'`)
  }

  /** One page of matching runs, and how many match in all. `isAlive` says whether an owner still runs. */
  find(q: FindRunsQuery, isAlive: (owner: string | null) => boolean, now: Date): { rows: RunRow[]; total: number; bytes: number } {
    const alive = this.running
      .all()
      .filter((r) => isAlive(r.owner))
      .map((r) => r.id)
    const binds: Record<string, unknown> = {
      scratch: q.includeScratch ? 1 : 0,
      fts: ftsQuery(q.text),
      kinds: q.kinds.length ? JSON.stringify(q.kinds) : null,
      statuses: q.statuses.length ? JSON.stringify(q.statuses) : null,
      tags: q.tags.length ? JSON.stringify(q.tags) : null,
      // The same tag twice (in any case) counts once.
      tagCount: new Set(q.tags.map((t) => t.toLowerCase())).size,
      from: q.from ? new Date(q.from).toISOString() : null,
      to: q.to ? new Date(q.to).toISOString() : null,
      starred: q.starred ? 1 : 0,
      alive: JSON.stringify(alive)
    }
    const { total, bytes } = this.count.get(binds)!
    const sort = sortExpression(q.sort)
    const page = this.page(q.sort, sort)
    const rows = page.all({
      ...binds,
      limit: q.limit,
      offset: q.offset,
      now: now.toISOString(),
      ...(q.sort.by === 'series' ? { metric: q.sort.name } : {}),
      ...(q.sort.by === 'result' ? { path: `$.${q.sort.key}` } : {})
    }) as RunRow[]
    return { rows, total, bytes }
  }

  private page(key: RunSort, sort: ReturnType<typeof sortExpression>): ReturnType<Db['prepare']> {
    const variant = key.by === 'series' ? `series:${key.stat}:${key.dir}` : `${key.by}:${key.dir}`
    let stmt = this.pages.get(variant)
    if (!stmt) {
      const dir = key.dir === 'asc' ? 'ASC' : 'DESC'
      const order = [sort.pinStarred ? 'r.starred DESC' : '', `(sort_value IS NULL)`, `sort_value ${dir}`, `r.id ${dir}`].filter(Boolean).join(', ')
      stmt = this.db.prepare(`SELECT ${SUMMARY_SELECT}, ${sort.value} AS sort_value FROM runs r ${sort.join} ${WHERE} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
      this.pages.set(variant, stmt)
    }
    return stmt
  }
}
