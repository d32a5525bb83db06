// Several processes on one data folder, as users run them: the app and the CLI default to the
// same folder. Each process that runs jobs owns its runs; a process cleans up only after owners
// that are dead; listing never changes anything; every run ends with all it computed stored.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/main/app/createLab'
import { waitForEnd } from '../helpers/testLab'
import { tempDir } from '../helpers/tempDir'

const bin = join(__dirname, '..', '..', 'bin', 'physml.js')
const dirs: { remove(): void }[] = []
afterAll(() => dirs.forEach((d) => d.remove()))

function folder(): string {
  const t = tempDir('physml-shared-')
  dirs.push(t)
  return t.dir
}

interface Exit {
  code: number | null
  stdout: string
  stderr: string
}

function physml(dataDir: string, ...args: string[]): { done: Promise<Exit>; kill(): void; stdout(): string } {
  const child = spawn(process.execPath, [bin, ...args, '--data', dataDir])
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return {
    done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr }))),
    kill: () => child.kill('SIGKILL'),
    stdout: () => stdout
  }
}

/** The truth on disk, through an independent read-only connection. */
function onDisk(dataDir: string): { status(id: number): string; points(id: number): number; exists(id: number): boolean; close(): void } {
  const db = new Database(join(dataDir, 'physml.db'), { readonly: true })
  return {
    status: (id) => (db.prepare('SELECT status FROM runs WHERE id = ?').pluck().get(id) as string | undefined) ?? 'missing',
    points: (id) => Number(db.prepare('SELECT count(*) FROM points JOIN series ON series.id = points.series_id WHERE series.run_id = ?').pluck().get(id)),
    exists: (id) => db.prepare('SELECT 1 FROM runs WHERE id = ?').get(id) !== undefined,
    close: () => db.close()
  }
}

const SWEEPS = 20_000
const SERIES = 3 // e, m, absM: one point each per sweep
const CONTROLS = 4 // T, B, J, maxSweepsPerSecond: the values it starts with, at step 0

describe('one data folder, several processes', () => {
  it('six `physml run` at once, with `physml runs` listing in a loop, all end done with every point stored', { timeout: 240_000 }, async () => {
    const dir = folder()
    const runs = Array.from({ length: 6 }, (_, i) => physml(dir, 'run', 'ising.live', '--params', JSON.stringify({ L: 16, T: 2.5, sweeps: SWEEPS }), '--seed', String(i + 1)))
    let finished = false
    const all = Promise.all(runs.map((r) => r.done)).finally(() => (finished = true))
    let listings = 0
    while (!finished) {
      const list = await physml(dir, 'runs', '--json').done
      expect(list.code, list.stderr).toBe(0)
      listings++
    }
    const exits = await all
    expect(listings).toBeGreaterThan(0)
    const disk = onDisk(dir)
    try {
      for (const e of exits) {
        expect(e.code, e.stderr).toBe(0)
        const id = Number(/run (\d+): done/.exec(e.stderr)?.[1])
        expect(disk.status(id)).toBe('done')
        expect(disk.points(id)).toBe(SWEEPS * SERIES + CONTROLS)
      }
    } finally {
      disk.close()
    }
  })

  it("the app's running run and its ended scratch run survive a CLI listing and a CLI run", { timeout: 120_000 }, async () => {
    const dir = folder()
    const app = await createLab({ dataDir: dir, transport: 'browser', workers: 2 })
    try {
      const scratch = await app.invoke('jobs.start', { kind: 'ising.live', params: { L: 8, T: 2, sweeps: 10 }, keep: false })
      expect((await waitForEnd(app, scratch.runId)).status).toBe('done')
      const live = await app.invoke('jobs.start', { kind: 'ising.live', params: { L: 16, T: 2.5, sweeps: 0, maxSweepsPerSecond: 500 }, keep: false })

      expect((await physml(dir, 'runs', '--all').done).code).toBe(0)
      expect((await physml(dir, 'export', String(scratch.runId), '--format', 'csv').done).code).toBe(0)
      const other = await physml(dir, 'run', 'ising.live', '--params', '{"L":8,"T":3,"sweeps":100}').done
      expect(other.code, other.stderr).toBe(0)

      const disk = onDisk(dir)
      expect(disk.status(live.runId)).toBe('running')
      expect(disk.exists(scratch.runId)).toBe(true)
      disk.close()
      await app.invoke('jobs.stop', { runId: live.runId })
      expect((await waitForEnd(app, live.runId)).status).toBe('done')
      expect(await app.invoke('runs.keep', { runId: live.runId, name: 'kept live run' })).toMatchObject({ status: 'done', kept: true })
      expect(await app.invoke('runs.keep', { runId: scratch.runId })).toMatchObject({ status: 'done', kept: true })
    } finally {
      await app.close()
    }
  })

  it('a dead process: listing shows its run interrupted without writing; the next process that runs jobs marks it', { timeout: 120_000 }, async () => {
    const dir = folder()
    const killed = physml(dir, 'run', 'ising.live', '--params', '{"L":16,"T":2.2,"sweeps":0}', '--json')
    while (killed.stdout().split('\n').filter((l) => l.includes('"metrics"')).length < 500) await new Promise((r) => setTimeout(r, 50))
    await new Promise((r) => setTimeout(r, 600)) // past a flush of the metrics
    killed.kill()
    await killed.done

    const listed = await physml(dir, 'runs', '--json').done
    const row = JSON.parse(listed.stdout.trim().split('\n')[0]) as { id: number; status: string }
    expect(row.status).toBe('interrupted')
    let disk = onDisk(dir)
    expect(disk.status(row.id)).toBe('running') // a listing changed nothing
    disk.close()

    expect((await physml(dir, 'run', 'ising.live', '--params', '{"L":8,"T":3,"sweeps":10}').done).code).toBe(0)
    disk = onDisk(dir)
    expect(disk.status(row.id)).toBe('interrupted')
    expect(disk.points(row.id)).toBeGreaterThan(0)
    disk.close()
  })
})
