// A damaged or emptied database file is refused at open with a clear message and left exactly
// as it was; the user may then start a new database beside it (the damaged file is kept under
// another name). A fresh data folder and its files are private to the user.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { closeSync, existsSync, openSync, readFileSync, readdirSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/main/app/createLab'
import { LabError } from '../../src/shared/errors'
import { waitForEnd } from '../helpers/testLab'
import { tempDir } from '../helpers/tempDir'

const bin = join(__dirname, '..', '..', 'bin', 'physml.js')
const tmp = tempDir('physml-damaged-')
afterAll(() => tmp.remove())

let folders = 0
/** A data folder holding a lab database with a few finished runs, closed cleanly. */
async function labWithRuns(): Promise<string> {
  const dir = join(tmp.dir, `lab${++folders}`)
  const lab = await createLab({ dataDir: dir, transport: 'cli', workers: 1 })
  for (let seed = 1; seed <= 3; seed++) {
    const { runId } = await lab.invoke('jobs.start', { kind: 'ising.live', params: { L: 16, T: 2.5, sweeps: 2000 }, seed })
    await waitForEnd(lab, runId)
  }
  await lab.close()
  return dir
}

const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex')
const physml = (dir: string, ...args: string[]) => spawnSync(process.execPath, [bin, ...args, '--data', dir], { encoding: 'utf8', timeout: 60_000 })

/** 16 KB of garbage in the middle of the file, as a bad sector or a stray write would leave. */
function damage(file: string): void {
  const size = statSync(file).size
  expect(size).toBeGreaterThan(64 * 1024)
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(16 * 1024, 0x5a), 0, 16 * 1024, Math.floor(size / 2 / 4096) * 4096)
  closeSync(fd)
}

describe('a damaged database', () => {
  it('is refused at open with the reason and the path, and left byte for byte as it was', async () => {
    const dir = await labWithRuns()
    const db = join(dir, 'physml.db')
    damage(db)
    const before = sha(db)
    const files = readdirSync(dir).sort()
    const error = await createLab({ dataDir: dir, transport: 'cli', workers: 1 }).then(
      () => null,
      (e: unknown) => e
    )
    expect(error).toBeInstanceOf(LabError)
    expect((error as LabError).code).toBe('damaged')
    expect((error as LabError).message).toMatch(new RegExp(`^The run database ${db} is damaged \\(SQLite's check: .+\\)\\. It was left as it is\\.`))
    expect(sha(db)).toBe(before)
    expect(readdirSync(dir).sort()).toEqual(files)
  })

  it('the CLI refuses it with the way out; with --new-database it keeps the file aside, byte for byte, and starts a new one', async () => {
    const dir = await labWithRuns()
    const db = join(dir, 'physml.db')
    damage(db)
    const before = sha(db)
    const refused = physml(dir, 'runs')
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/is damaged .* run the command again with --new-database/)
    expect(sha(db)).toBe(before)

    const fresh = physml(dir, 'runs', '--new-database')
    expect(fresh.status, fresh.stderr).toBe(0)
    const aside = readdirSync(dir).find((f) => /^physml\.damaged-\d{8}-\d{6}\.db$/.test(f))
    expect(aside).toBeDefined()
    expect(fresh.stderr).toContain(`kept as ${join(dir, aside!)}`)
    expect(sha(join(dir, aside!))).toBe(before)
    expect(fresh.stdout.trim().split('\n')).toHaveLength(1) // the header line: a new, empty lab
    // --new-database on a healthy database changes nothing.
    expect(physml(dir, 'runs', '--new-database').status).toBe(0)
    expect(readdirSync(dir).filter((f) => f.startsWith('physml.damaged-'))).toEqual([aside])
  })

  it('a 0-byte file is refused, not taken as an empty lab', async () => {
    const dir = join(tmp.dir, 'zero')
    const lab = await createLab({ dataDir: dir, transport: 'cli', workers: 1 })
    await lab.close()
    writeFileSync(join(dir, 'physml.db'), '')
    const refused = physml(dir, 'runs')
    expect(refused.status).toBe(2)
    expect(refused.stderr).toMatch(/The run database .*physml\.db is empty \(0 bytes\): it may have been truncated\. It was left as it is\./)
    expect(statSync(join(dir, 'physml.db')).size).toBe(0)
  })

  it('integrity_check on demand: app.checkDatabase reports ok for a healthy file', async () => {
    const dir = await labWithRuns()
    const lab = await createLab({ dataDir: dir, transport: 'cli', workers: 1 })
    try {
      expect(await lab.invoke('app.checkDatabase', {})).toEqual({ ok: true, file: join(dir, 'physml.db'), report: 'ok' })
    } finally {
      await lab.close()
    }
  })
})

describe('a new data folder', () => {
  it('is private: the folder 0700, the database and its WAL files 0600', async () => {
    const dir = join(tmp.dir, 'private')
    const lab = await createLab({ dataDir: dir, transport: 'cli', workers: 1 })
    try {
      const { runId } = await lab.invoke('jobs.start', { kind: 'ising.live', params: { L: 8, T: 2, sweeps: 100 } })
      await waitForEnd(lab, runId)
      expect(statSync(dir).mode & 0o777).toBe(0o700)
      for (const f of ['physml.db', 'physml.db-wal', 'physml.db-shm']) {
        expect(existsSync(join(dir, f)), f).toBe(true)
        expect(statSync(join(dir, f)).mode & 0o777, f).toBe(0o600)
      }
    } finally {
      await lab.close()
    }
  })
})
