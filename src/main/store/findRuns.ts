// Finding runs among thousands: full-text search over names and notes (FTS5), filters by kind,
// status, tags, dates and star, and ordering by any column or final metric. The SQL is put
// together from a fixed table of clauses — one per filter in use, so SQLite can use its
// indexes — and every value of the request is a bound parameter: no text of the request is
// ever part of the SQL.

import type { FindRunsQuery, RunSort } from '../../shared/history'
import type { RunStatus } from '../../shared/primitives'
import type { Db } from './db'

/** The columns a summary of a run needs, `r` being the runs table. */
export const SUMMARY_SELECT = `r.id, r.kind, r.name, r.seed, r.status, r.kept, r.created_at, r.finished_at, r.error, r.owner, r.stored_at,
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
  /** When the run last stored something (a dead owner's run ended then). */
  stored_at: string | null
  starred: number
  bytes: number | null
  /** JSON list. */
  tags: string
  sort_value?: number | null
}

// A 'running' row whose owner is gone reads as 'interrupted' (ownership.ts): @alive lists the
// running runs whose owner lives, so a status filter sees what the list shows.
const EFFECTIVE_STATUS = `CASE WHEN r.status = 'running' AND r.id NOT IN (SELECT value FROM json_each(@alive)) THEN 'interrupted' ELSE r.status END`

/** One clause per filter, used only when the filter is. */
const CLAUSES = {
  kept: 'r.kept = 1',
  fts: 'r.id IN (SELECT rowid FROM runs_fts WHERE runs_fts MATCH @fts)',
  kinds: 'r.kind IN (SELECT value FROM json_each(@kinds))',
  statuses: `${EFFECTIVE_STATUS} IN (SELECT value FROM json_each(@statuses))`,
  tags: 'r.id IN (SELECT run_id FROM run_tags WHERE tag IN (SELECT value FROM json_each(@tags)) GROUP BY run_id HAVING count(*) = @tagCount)',
  from: 'r.created_at >= @from',
  to: 'r.created_at < @to',
  starred: 'r.starred = 1'
} as const
type Clause = keyof typeof CLAUSES

/** The value each ordering sorts on; `nullable` ones put runs without it last. */
function sortExpression(sort: RunSort): { join: string; value: string; pinStarred: boolean; nullable: boolean } {
  const column = (value: string, nullable = false) => ({ join: '', value, pinStarred: true, nullable })
  switch (sort.by) {
    case 'created':
      return column('r.created_at')
    case 'name':
      return column('r.name COLLATE NOCASE')
    case 'kind':
      return column('r.kind')
    case 'status':
      return column(EFFECTIVE_STATUS)
    case 'duration':
      return column(`julianday(coalesce(r.finished_at, @now)) - julianday(r.created_at)`)
    case 'size':
      return column('r.bytes', true)
    // A ranking by a metric is a ranking: stars do not jump it.
    case 'series':
      return { join: 'LEFT JOIN series s ON s.run_id = r.id AND s.name = @metric', value: `s.${sort.stat}`, pinStarred: false, nullable: true }
    case 'result':
      return {
        join: '',
        value: `CASE WHEN json_type(r.result, @path) IN ('integer', 'real') THEN json_extract(r.result, @path) END`,
        pinStarred: false,
        nullable: true
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
  private readonly statements = new Map<string, ReturnType<Db['prepare']>>()
  private readonly running

  constructor(private readonly db: Db) {
    this.running = db.prepare<[], { id: number; owner: string | null }>(`SELECT id, owner FROM runs WHERE status = 'running'`)
  }

  /** One page of matching runs, and how many match in all. `isAlive` says whether an owner still runs. */
  find(q: FindRunsQuery, isAlive: (owner: string | null) => boolean, now: Date): { rows: RunRow[]; total: number; bytes: number } {
    const alive = this.running
      .all()
      .filter((r) => isAlive(r.owner))
      .map((r) => r.id)
    const used: Clause[] = []
    if (!q.includeScratch) used.push('kept')
    const fts = ftsQuery(q.text)
    if (fts !== null) used.push('fts')
    if (q.kinds.length) used.push('kinds')
    if (q.statuses.length) used.push('statuses')
    if (q.tags.length) used.push('tags')
    if (q.from) used.push('from')
    if (q.to) used.push('to')
    if (q.starred) used.push('starred')
    const binds: Record<string, unknown> = {
      fts,
      kinds: JSON.stringify(q.kinds),
      statuses: JSON.stringify(q.statuses),
      tags: JSON.stringify(q.tags),
      // The same tag twice (in any case) counts once.
      tagCount: new Set(q.tags.map((t) => t.toLowerCase())).size,
      from: q.from ? new Date(q.from).toISOString() : null,
      to: q.to ? new Date(q.to).toISOString() : null,
      alive: JSON.stringify(alive),
      now: now.toISOString(),
      limit: q.limit,
      offset: q.offset,
      metric: q.sort.by === 'series' ? q.sort.name : null,
      path: q.sort.by === 'result' ? `$.${q.sort.key}` : null
    }
    const where = used.length ? `WHERE ${used.map((c) => CLAUSES[c]).join(' AND ')}` : ''
    const { total, bytes } = this.statement(`count:${used}`, () => `SELECT count(*) AS total, coalesce(sum(r.bytes), 0) AS bytes FROM runs r ${where}`).get(binds) as {
      total: number
      bytes: number
    }
    const rows = this.statement(`page:${used}:${sortKey(q.sort)}`, () => pageSql(q.sort, where)).all(binds) as RunRow[]
    return { rows, total, bytes }
  }

  private statement(key: string, sql: () => string): ReturnType<Db['prepare']> {
    let stmt = this.statements.get(key)
    if (!stmt) this.statements.set(key, (stmt = this.db.prepare(sql())))
    return stmt
  }
}

const sortKey = (s: RunSort): string => (s.by === 'series' ? `series:${s.stat}:${s.dir}` : `${s.by}:${s.dir}`)

/**
 * The page's ids first, then their summaries: SQLite computes every selected column of every
 * row it sorts, and a run's tags (a subquery) for 10,000 runs cost more than the sort.
 */
function pageSql(key: RunSort, where: string): string {
  const sort = sortExpression(key)
  const dir = key.dir === 'asc' ? 'ASC' : 'DESC'
  const order = (t: string, value: string): string =>
    [sort.pinStarred ? `${t}.starred DESC` : '', sort.nullable ? `(${value} IS NULL)` : '', `${value} ${dir}`, `${t}.id ${dir}`].filter(Boolean).join(', ')
  return `SELECT ${SUMMARY_SELECT}, p.sort_value FROM (
      SELECT r.id, r.starred, ${sort.value} AS sort_value FROM runs r ${sort.join} ${where}
      ORDER BY ${order('r', sort.value)} LIMIT @limit OFFSET @offset
    ) p JOIN runs r ON r.id = p.id
    ORDER BY ${order('p', 'p.sort_value')}`
}
