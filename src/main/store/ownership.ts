// Which process owns which run, for one database shared by several processes (the app,
// browser mode, CLI runs): a store that runs jobs registers as an owner (its row in `owners`,
// its lock in ownerLock.ts) and stamps every run it creates. At open it cleans up after owners
// that are dead, and only those: their running runs become `interrupted`, their scratch runs
// are deleted. A read-only store (listing, exporting) registers nothing and changes nothing; it
// reads a dead owner's running run as interrupted.

import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { LabError } from '../../shared/errors'
import type { Db } from './db'
import { acquireOwnerLock, ownerAlive, removeDeadLocks, type OwnerLock } from './ownerLock'

const INTERRUPTED = 'interrupted: the app stopped while this run was running; what it stored is kept'
/** How long a liveness answer is reused when summaries are read (a listing asks once per owner). */
const ALIVE_TTL_MS = 1000

export interface OwnershipOptions {
  file: string
  nativeBinding?: string
  appVersion: string
  readOnly?: boolean
}

export class Ownership {
  readonly readOnly: boolean
  private readonly lock: OwnerLock | null
  /** This store's owner id; null when read-only. */
  private readonly id: string | null
  private readonly alive = new Map<string, { alive: boolean; at: number }>()
  private readonly s

  constructor(
    private readonly db: Db,
    private readonly opts: OwnershipOptions
  ) {
    this.readOnly = opts.readOnly === true
    // An in-memory database has no other process to share it with: an id, no lock.
    this.lock = this.readOnly || opts.file === ':memory:' ? null : acquireOwnerLock(opts.file, opts.nativeBinding)
    this.id = this.readOnly ? null : (this.lock?.id ?? randomUUID())
    this.s = {
      owners: db.prepare<[], string>('SELECT id FROM owners').pluck(),
      register: db.prepare('INSERT INTO owners (id, pid, host, started_at, app_version) VALUES (@id, @pid, @host, @at, @version)'),
      forget: db.prepare<[string]>('DELETE FROM owners WHERE id = ?'),
      runningOf: db.prepare<[string], { id: number; owner: string | null }>(
        `SELECT id, owner FROM runs WHERE status = 'running' AND (owner IS NULL OR owner <> ?) ORDER BY id`
      ),
      ownRunning: db.prepare<[string], { id: number }>(`SELECT id FROM runs WHERE status = 'running' AND owner = ? ORDER BY id`),
      scratchOf: db.prepare<[string], { id: number; owner: string | null }>(
        `SELECT id, owner FROM runs WHERE kept = 0 AND status <> 'running' AND (owner IS NULL OR owner <> ?)`
      ),
      interrupt: db.prepare<[string, number]>(`UPDATE runs SET status = 'interrupted', finished_at = ? WHERE id = ?`),
      // A dead owner's run ended when it last stored something (or when it began, if never).
      interruptDead: db.prepare<[number]>(`UPDATE runs SET status = 'interrupted', finished_at = COALESCE(stored_at, created_at) WHERE id = ?`),
      log: db.prepare<[number, string, string]>('INSERT INTO run_log (run_id, at, message) VALUES (?, ?, ?)'),
      deleteRun: db.prepare<[number]>('DELETE FROM runs WHERE id = ?')
    }
  }

  /** The owner id to stamp on a new run; a read-only store makes none. */
  writer(): string {
    if (this.id === null) throw new LabError('conflict', 'This lab was opened to read runs only: it starts and changes none.')
    return this.id
  }

  /** True while the owner named by a run (null: from before owners) still runs it. */
  isAlive(owner: string | null): boolean {
    if (owner === null) return false
    if (owner === this.id) return true
    const now = Date.now()
    const seen = this.alive.get(owner)
    if (seen && now - seen.at < ALIVE_TTL_MS) return seen.alive
    const alive = ownerAlive(this.opts.file, owner, this.opts.nativeBinding)
    this.alive.set(owner, { alive, at: now })
    return alive
  }

  /**
   * Register, then clean up after dead owners in one write transaction. Returns the runs
   * marked interrupted. A read-only store does nothing.
   */
  claim(at: string): number[] {
    if (this.id === null) return []
    const self = this.id
    const interrupted = this.db
      .transaction(() => {
        this.s.register.run({ id: self, pid: process.pid, host: hostname(), at, version: this.opts.appVersion })
        const dead = new Set(this.s.owners.all().filter((o) => o !== self && !this.isAlive(o)))
        const gone = (owner: string | null): boolean => owner === null || dead.has(owner) || !this.isAlive(owner)
        const ids: number[] = []
        for (const r of this.s.runningOf.all(self)) {
          if (!gone(r.owner)) continue
          this.s.interruptDead.run(r.id)
          this.s.log.run(r.id, at, INTERRUPTED)
          ids.push(r.id)
        }
        for (const r of this.s.scratchOf.all(self)) if (gone(r.owner)) this.s.deleteRun.run(r.id)
        for (const o of dead) this.s.forget.run(o)
        return ids
      })
      .immediate()
    removeDeadLocks(this.opts.file, this.opts.nativeBinding)
    return interrupted
  }

  /** A clean exit: runs this owner never finished become interrupted, and it leaves the register. */
  resign(at: string): void {
    if (this.id === null) return
    const self = this.id
    this.db
      .transaction(() => {
        for (const { id } of this.s.ownRunning.all(self)) {
          this.s.interrupt.run(at, id)
          this.s.log.run(id, at, INTERRUPTED)
        }
        this.s.forget.run(self)
      })
      .immediate()
  }

  /** Drop the lock (after `resign`, or when the store could not open). */
  release(): void {
    this.lock?.release()
  }
}
