// Kill -9 a process in the middle of writing to the store, then reopen the file: the run must
// be marked interrupted, every committed metric batch must be there (and nothing else), and
// SQLite's integrity check must pass.

import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openRunStore, type RunStore } from '../../src/main/store/runStore'

const root = fileURLToPath(new URL('../..', import.meta.url))
const BATCH = 1000 // as in the child

let dir: string
let file: string
let child: ChildProcess | undefined
let store: RunStore | undefined

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'physml-crash-'))
  file = join(dir, 'runs.sqlite')
})
afterEach(() => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
  store?.close()
  store = undefined
  rmSync(dir, { recursive: true, force: true })
})

/** Start the child; resolve once `until` accepts the output lines seen so far. */
function runChild(mode: 'still' | 'busy', until: (lines: string[]) => boolean): Promise<{ lines: string[]; exited: Promise<NodeJS.Signals | null> }> {
  const c = spawn(process.execPath, ['--require', 'tsx/cjs', 'test/fixtures/storeCrashChild.ts', file, mode], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  child = c
  const exited = new Promise<NodeJS.Signals | null>((resolve) => c.on('exit', (_code, signal) => resolve(signal)))
  return new Promise((resolve, reject) => {
    const lines: string[] = []
    let partial = ''
    let stderr = ''
    let done = false
    c.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    c.stdout!.on('data', (d: Buffer) => {
      const parts = (partial + d.toString()).split('\n')
      partial = parts.pop()!
      lines.push(...parts)
      if (!done && until(lines)) {
        done = true
        resolve({ lines: lines.slice(), exited })
      }
    })
    c.on('exit', (code) => {
      if (!done) reject(new Error(`child exited early (code ${code}): ${stderr}`))
    })
  })
}

function expectMetricsPrefix(s: RunStore, runId: number, rows: number): void {
  const data = s.getSeries(runId)
  expect(data.steps.length).toBe(rows)
  for (let i = 0; i < rows; i++) {
    if (data.steps[i] !== i || data.values.e[i] !== i / 4 - 3 || data.values.m[i] !== (i % 7) - 3) {
      throw new Error(`row ${i} differs: step ${data.steps[i]}, e ${data.values.e[i]}, m ${data.values.m[i]}`)
    }
  }
}

describe('crash safety', () => {
  it('after SIGKILL the run is interrupted and holds exactly the flushed metrics', async () => {
    const { lines, exited } = await runChild('still', (l) => l.some((x) => x.startsWith('ready ')))
    const [, idText, flushedText, lastCommitText] = lines.find((x) => x.startsWith('ready '))!.split(' ')
    child!.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')
    // The next process comes a while later: the run did not run until then.
    await new Promise((r) => setTimeout(r, 1200))
    const reopenedAt = Date.now()

    store = openRunStore({ file, appVersion: 'after-crash' })
    const runId = Number(idText)
    expect(store.interruptedAtOpen).toEqual([runId])
    expect(store.integrityCheck()).toBe('ok')
    const run = store.getRun(runId)
    expect(run.status).toBe('interrupted')
    // It ended when it last stored something (its 5th commit), not when it was found dead.
    const finished = Date.parse(run.finishedAt!)
    expect(finished).toBeGreaterThanOrEqual(Date.parse(run.createdAt))
    expect(finished).toBeLessThanOrEqual(Date.parse(lastCommitText))
    expect(finished).toBeLessThan(reopenedAt - 1000)
    expect(run.durationSeconds).toBe((finished - Date.parse(run.createdAt)) / 1000)
    expect(run.appVersion).toBe('crash-child')
    expect(run.log.map((l) => l.message)).toEqual([
      'child started',
      'interrupted: the app stopped while this run was running; what it stored is kept'
    ])
    // 5 committed batches; the 6th was only buffered in the dead process.
    expect(Number(flushedText)).toBe(5 * BATCH)
    expectMetricsPrefix(store, runId, 5 * BATCH)
  })

  it('a kill in the middle of a stream of commits leaves a whole number of batches', async () => {
    const { lines, exited } = await runChild('busy', (l) => l.filter((x) => x.startsWith('flushed ')).length >= 3)
    child!.kill('SIGKILL')
    expect(await exited).toBe('SIGKILL')
    const runId = Number(lines[0].split(' ')[1])
    const lastReported = Number(lines.filter((x) => x.startsWith('flushed ')).pop()!.split(' ')[1])

    store = openRunStore({ file, appVersion: 'after-crash' })
    expect(store.integrityCheck()).toBe('ok')
    expect(store.getRun(runId).status).toBe('interrupted')
    const rows = store.getSeries(runId).steps.length
    // Everything reported committed is there; beyond it, only whole batches (a commit is atomic).
    expect(rows).toBeGreaterThanOrEqual(lastReported)
    expect(rows % BATCH).toBe(0)
    expectMetricsPrefix(store, runId, rows)
  })
})
