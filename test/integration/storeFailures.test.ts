// When the store cannot write what a run computed (a full disk), the run ends `failed` with the
// reason — never `done` — in the database, in the event the UI gets, and in the CLI's exit
// code; once space is back the lab goes on working. A real full disk is a small tmpfs (when
// this process may mount one); the same paths are also driven by failures injected into the
// real database with SQLite triggers, which raise SQLite's own "database or disk is full".
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/main/app/createLab'
import type { LabService } from '../../src/main/service/labService'
import type { LabEvent } from '../../src/shared/types'
import { waitForEnd } from '../helpers/testLab'
import { tempDir } from '../helpers/tempDir'

const bin = join(__dirname, '..', '..', 'bin', 'physml.js')
const tmp = tempDir('physml-full-')
afterAll(() => tmp.remove())

/** A folder with a lab database in it (schema made by the lab itself). */
async function labFolder(name: string): Promise<string> {
  const dir = join(tmp.dir, name)
  const lab = await createLab({ dataDir: dir, transport: 'cli', workers: 1 })
  await lab.close()
  return dir
}

/** Triggers that fail writes to `table` with SQLite's full-disk message while fault.on = 1. */
function injectFault(dir: string, table: 'points' | 'artifacts' | 'runs'): { set(on: boolean): void } {
  const db = new Database(join(dir, 'physml.db'))
  db.exec(`CREATE TABLE IF NOT EXISTS fault (id INTEGER PRIMARY KEY, "on" INTEGER NOT NULL); INSERT OR IGNORE INTO fault VALUES (1, 1);`)
  const when = table === 'runs' ? `WHEN NEW.status <> 'running' AND (SELECT "on" FROM fault) = 1` : `WHEN (SELECT "on" FROM fault) = 1`
  const event = table === 'runs' ? 'UPDATE' : 'INSERT'
  db.exec(`CREATE TRIGGER fault_${table} BEFORE ${event} ON ${table} ${when} BEGIN SELECT RAISE(ABORT, 'database or disk is full (injected)'); END;`)
  db.close()
  return {
    set(on) {
      const c = new Database(join(dir, 'physml.db'))
      c.prepare('UPDATE fault SET "on" = ? WHERE id = 1').run(on ? 1 : 0)
      c.close()
    }
  }
}

function onDisk(dir: string, runId: number): { status: string; error: string | null; points: number } {
  const db = new Database(join(dir, 'physml.db'), { readonly: true })
  try {
    const row = db.prepare('SELECT status, error FROM runs WHERE id = ?').get(runId) as { status: string; error: string | null }
    const points = Number(db.prepare('SELECT count(*) FROM points JOIN series ON series.id = points.series_id WHERE series.run_id = ?').pluck().get(runId))
    return { ...row, points }
  } finally {
    db.close()
  }
}

/** Points a live run stores: e, m and |m| per sweep, and T, B, J and the speed cap it starts with. */
const livePoints = (sweeps: number): number => 3 * sweeps + 4

async function runLive(lab: LabService, sweeps: number): Promise<LabEvent & { type: 'job.status' }> {
  const { runId } = await lab.invoke('jobs.start', { kind: 'ising.live', params: { L: 8, T: 2.5, sweeps }, seed: 1 })
  return waitForEnd(lab, runId)
}

describe('a store that cannot write (injected faults)', () => {
  it('lost metrics: the run ends failed with the reason, and the next run, with space back, is done and whole', async () => {
    const dir = await labFolder('metrics')
    const fault = injectFault(dir, 'points')
    const lab = await createLab({ dataDir: dir, transport: 'browser', workers: 1 })
    try {
      const end = await runLive(lab, 500)
      expect(end.status).toBe('failed')
      expect(end.error).toMatch(new RegExp(`^${livePoints(500)} metric points could not be stored: .*database or disk is full \\(injected\\)`))
      expect(onDisk(dir, end.runId)).toMatchObject({ status: 'failed', error: end.error, points: 0 })

      fault.set(false)
      const next = await runLive(lab, 500)
      expect(next.status).toBe('done')
      expect(onDisk(dir, next.runId)).toMatchObject({ status: 'done', points: livePoints(500) })
    } finally {
      await lab.close()
    }
  })

  it('a lost artifact fails the run too', async () => {
    const dir = await labFolder('artifact')
    injectFault(dir, 'artifacts')
    const lab = await createLab({ dataDir: dir, transport: 'browser', workers: 1 })
    try {
      const end = await runLive(lab, 50)
      expect(end.status).toBe('failed')
      expect(end.error).toMatch(/the artifact 'lattice' could not be stored: .*database or disk is full \(injected\)/)
      expect(onDisk(dir, end.runId)).toMatchObject({ status: 'failed', points: livePoints(50) })
    } finally {
      await lab.close()
    }
  })

  it('when even the final status cannot be written, the UI is told failed, not done', async () => {
    const dir = await labFolder('finish')
    const fault = injectFault(dir, 'runs')
    const lab = await createLab({ dataDir: dir, transport: 'browser', workers: 1 })
    let runId = 0
    try {
      const end = await runLive(lab, 50)
      runId = end.runId
      expect(end.status).toBe('failed')
      expect(end.error).toMatch(/^The run could not be stored as ended: .*database or disk is full \(injected\)/)
      fault.set(false)
    } finally {
      await lab.close()
    }
    // The clean close, with space back, ended the run it could not finish.
    expect(onDisk(dir, runId).status).toBe('interrupted')
  })

  it('the CLI exits non-zero and prints the reason', async () => {
    const dir = await labFolder('cli')
    injectFault(dir, 'points')
    const r = spawnSync(process.execPath, [bin, 'run', 'ising.live', '--params', '{"L":8,"T":2.5,"sweeps":300}', '--json', '--data', dir], { encoding: 'utf8', timeout: 60_000 })
    expect(r.status).toBe(1)
    const result = JSON.parse(r.stdout.trim().split('\n').pop()!) as { status: string; error: string }
    expect(result).toMatchObject({ type: 'result', status: 'failed' })
    expect(result.error).toMatch(`${livePoints(300)} metric points could not be stored`)
    expect(r.stderr).toMatch(new RegExp(`run \\d+: failed — ${livePoints(300)} metric points could not be stored`))
  })
})

// A real full disk: an 8 MB tmpfs. Mounting needs root (CAP_SYS_ADMIN); without it this part
// is skipped with that reason, and the injected faults above still cover the same paths.
const mountPoint = join(tmp.dir, 'tmpfs')
function tryMount(): string | null {
  try {
    mkdirSync(mountPoint)
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=8m', 'tmpfs', mountPoint], { stdio: 'pipe' })
    return null
  } catch (e) {
    return `cannot mount a tmpfs here (${String((e as Error).message).split('\n')[0]})`
  }
}
const noMount = process.platform === 'linux' ? tryMount() : 'tmpfs is Linux only'
afterAll(() => {
  if (noMount === null) execFileSync('umount', ['-l', mountPoint])
})

describe(noMount === null ? 'a real full disk (8 MB tmpfs)' : `a real full disk — skipped: ${noMount}`, () => {
  it.skipIf(noMount !== null)('a run that fills the disk ends failed with a non-zero exit; with space back the next run is done and whole', () => {
    const dir = join(mountPoint, 'lab')
    const filler = join(mountPoint, 'filler')
    writeFileSync(filler, Buffer.alloc(4 * 1024 * 1024, 1))
    // Without --json: 200 000 metric lines would overflow spawnSync's buffer; the status line is on stderr.
    const physml = (params: string) => spawnSync(process.execPath, [bin, 'run', 'ising.live', '--params', params, '--data', dir], { encoding: 'utf8', timeout: 120_000 })
    const ended = (stderr: string): { runId: number; status: string; error: string } => {
      const m = /run (\d+): (done|failed|cancelled)(?: — (.*))?$/m.exec(stderr)
      return { runId: Number(m?.[1]), status: m?.[2] ?? 'missing', error: m?.[3] ?? '' }
    }
    const full = physml('{"L":8,"T":2.5,"sweeps":200000,"measureEvery":1}')
    expect(full.status, full.stderr.slice(-2000)).toBe(1)
    const result = ended(full.stderr)
    expect(result.status).toBe('failed')
    expect(result.error).toMatch(/metric points could not be stored: database or disk is full/)

    rmSync(filler)
    const next = physml('{"L":8,"T":2.5,"sweeps":2000}')
    expect(next.status, next.stderr).toBe(0)
    const nextResult = ended(next.stderr)
    expect(nextResult.status).toBe('done')
    expect(onDisk(dir, nextResult.runId)).toMatchObject({ status: 'done', points: livePoints(2000) })
    expect(['failed', 'interrupted']).toContain(onDisk(dir, result.runId).status)
  })
})
