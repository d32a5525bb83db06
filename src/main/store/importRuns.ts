// Writing runs that come from outside (bundles, merged shards) into the store: each gets a new
// id here and keeps where it came from in its origin. The caller checks them first
// (bundleCheck.ts) and holds the one transaction that makes an import all or nothing.

import type { RunOrigin } from '../../shared/history'
import type { Annotations } from './annotations'
import type { BundledRun } from './bundleFormat'
import type { Db } from './db'
import { recordRunStats } from './runStats'
import { inputRunIds, renumberInputRuns } from '../../shared/kinds/inputRuns'

export class RunImporter {
  private readonly s

  constructor(
    db: Db,
    private readonly annotations: Annotations,
    /** This process's owner id (imported runs have ended: it is only a record of who wrote them). */
    private readonly owner: string | null
  ) {
    this.s = {
      run: db.prepare(
        `INSERT INTO runs (kind, name, params, seed, status, kept, created_at, finished_at, error, result, app_version, owner, note, starred, origin)
         VALUES (@kind, @name, @params, @seed, @status, 1, @createdAt, @finishedAt, @error, @result, @appVersion, @owner, @note, @starred, @origin)`
      ),
      series: db.prepare<[number, string]>('INSERT INTO series (run_id, name) VALUES (?, ?)'),
      point: db.prepare<[number, number, number | null]>('INSERT INTO points (series_id, step, value) VALUES (?, ?, ?)'),
      artifact: db.prepare<[number, string, string, string, Buffer]>('INSERT INTO artifacts (run_id, name, type, meta, data) VALUES (?, ?, ?, ?, ?)'),
      log: db.prepare<[number, string, string]>('INSERT INTO run_log (run_id, at, message) VALUES (?, ?, ?)'),
      kindParams: db.prepare<[number], { kind: string; params: string }>('SELECT kind, params FROM runs WHERE id = ?'),
      setParams: db.prepare<[string, number]>('UPDATE runs SET params = ? WHERE id = ?')
    }
  }

  /** Insert one checked run with this origin; returns its new id. */
  insert(r: BundledRun, origin: RunOrigin | null): number {
    const info = this.s.run.run({
      kind: r.kind,
      name: r.name,
      params: JSON.stringify(r.params),
      seed: r.seed,
      status: r.status,
      createdAt: r.createdAt,
      finishedAt: r.finishedAt,
      error: r.error,
      result: r.result === null ? null : JSON.stringify(r.result),
      appVersion: r.appVersion,
      owner: this.owner,
      note: r.note,
      starred: r.starred ? 1 : 0,
      origin: origin === null ? null : JSON.stringify(origin)
    })
    const id = Number(info.lastInsertRowid)
    for (const s of r.series) {
      const sid = Number(this.s.series.run(id, s.name).lastInsertRowid)
      for (let i = 0; i < s.steps.length; i++) {
        const v = s.values[i]
        this.s.point.run(sid, s.steps[i], Number.isNaN(v) ? null : v)
      }
    }
    for (const a of r.artifacts) this.s.artifact.run(id, a.name, a.type, JSON.stringify(a.meta), Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength))
    for (const l of r.log) this.s.log.run(id, l.at, l.message)
    this.annotations.add(id, r.tags)
    recordRunStats(this.db, id)
    return id
  }

  /**
   * Runs that read others inserted with them (`renumbered`: old id → new id) read their new
   * ids. A run read from outside these keeps the id it had where it was made.
   */
  renumberInputs(renumbered: ReadonlyMap<number, number>): void {
    for (const id of renumbered.values()) {
      const { kind, params } = this.s.kindParams.get(id)!
      const before = JSON.parse(params) as Record<string, unknown>
      if (!inputRunIds(kind, before).some((input) => renumbered.has(input))) continue
      this.s.setParams.run(JSON.stringify(renumberInputRuns(kind, before, (input) => renumbered.get(input) ?? input)), id)
      recordRunStats(this.db, id)
    }
  }

  private get db(): Db {
    return this.s.run.database
  }
}
