// The headless command line, run as a user would (a child process), over a temp data folder.
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import Database from 'better-sqlite3'
import { tempDir } from '../helpers/tempDir'

const tmp = tempDir()
const bin = join(__dirname, '..', '..', 'bin', 'physml.js')
afterAll(() => tmp.remove())

function physml(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args, '--data', tmp.dir], { encoding: 'utf8', timeout: 60_000 })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('physml', () => {
  it('lists kinds with their JSON Schemas', () => {
    const r = physml('kinds', '--json')
    expect(r.status).toBe(0)
    const kinds = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { kind: string; paramsSchema: { properties: Record<string, unknown> } })
    const ising = kinds.find((k) => k.kind === 'ising.live')
    expect(ising?.paramsSchema.properties).toHaveProperty('T')
  })

  it('runs a job, prints metrics as JSON lines and the result last, and stores it', () => {
    const r = physml('run', 'ising.live', '--params', '{"L":16,"T":3,"sweeps":50}', '--seed', '4', '--json')
    expect(r.status).toBe(0)
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
    // One line per sweep, and one before the first sweep with the controls it starts with.
    const metrics = lines.filter((l) => l.type === 'metrics')
    expect(metrics).toHaveLength(51)
    expect(metrics[0]).toMatchObject({ step: 0, T: 3, B: 0, J: 1, maxSweepsPerSecond: 0 })
    const result = lines[lines.length - 1]
    expect(result).toMatchObject({ type: 'result', status: 'done', seed: 4, kind: 'ising.live' })
    expect(typeof result.e).toBe('number')
    expect(r.stderr).toMatch(/started/)

    const runs = physml('runs', '--json').stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; status: string })
    expect(runs.find((x) => x.id === result.runId)?.status).toBe('done')
    const csv = physml('export', String(result.runId), '--format', 'csv')
    expect(csv.status).toBe(0)
    // The header, the controls at step 0 and 50 sweeps.
    expect(csv.stdout.trim().split('\n')).toHaveLength(52)
  })

  it('exits non-zero with the validation message on bad params', () => {
    const r = physml('run', 'ising.live', '--params', '{"L":1,"T":2}')
    expect(r.status).not.toBe(0)
    expect(r.stderr).toMatch(/L must be at least 2/)
    const r2 = physml('run', 'ising.live', '--params', '{not json')
    expect(r2.status).not.toBe(0)
    expect(r2.stderr).toMatch(/not valid JSON/)
    const r3 = physml('run', 'nope.kind', '--params', '{}')
    expect(r3.status).not.toBe(0)
    expect(r3.stderr).toMatch(/Unknown job kind/)
  })

  it('leaves a run killed mid-way `interrupted` with the metrics it stored, and the database intact', async () => {
    const child = spawn(process.execPath, [bin, 'run', 'ising.live', '--params', '{"L":32,"T":2.2,"sweeps":0}', '--json', '--data', tmp.dir])
    let metrics = 0
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        metrics += d.toString().split('\n').filter((l) => l.includes('"metrics"')).length
        if (metrics > 2000) resolve()
      })
    })
    await new Promise((r) => setTimeout(r, 600)) // past at least one flush to the database
    child.kill('SIGKILL')
    await new Promise((r) => child.once('exit', r))

    const runs = physml('runs', '--json').stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; status: string })
    const killed = runs.reduce((a, b) => (a.id > b.id ? a : b))
    expect(killed.status).toBe('interrupted')
    const db = new Database(join(tmp.dir, 'physml.db'), { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    db.close()
    const csv = physml('export', String(killed.id), '--format', 'csv')
    expect(csv.stdout.trim().split('\n').length).toBeGreaterThan(100)
  })
})
