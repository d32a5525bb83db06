// Jobs that wait and jobs that would take too long, through the real service (store thread,
// worker threads) with ONE batch worker, as on a two-core machine: a paused live lattice does
// not hold the worker a sweep needs; a queued job says which runs hold the workers it waits for;
// the budget question states the time from a rate measured on the data folder's own runs.

import { afterAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/main/app/createLab'
import { databaseFile } from '../../src/main/app/paths'
import { openRunStore } from '../../src/main/store/runStore'
import type { LabService } from '../../src/main/service/labService'
import { isingSweep, isingSweepParams } from '../../src/shared/kinds/isingSweep'
import type { Envelope } from '../../src/shared/errors'
import type { ActiveJob, WorkEstimate } from '../../src/shared/types'
import { waitForEnd } from '../helpers/testLab'
import { tempDir } from '../helpers/tempDir'

const dirs: { remove(): void }[] = []
const labs: LabService[] = []
afterAll(async () => {
  for (const l of labs) await l.close()
  for (const d of dirs) d.remove()
})

async function oneWorkerLab(dir = folder()): Promise<LabService> {
  const lab = await createLab({ dataDir: dir, transport: 'cli', workers: 1 })
  labs.push(lab)
  return lab
}

function folder(): string {
  const t = tempDir('physml-queue-')
  dirs.push(t)
  return t.dir
}

const active = async (lab: LabService): Promise<ActiveJob[]> => lab.invoke('jobs.active', {})
const TINY_SWEEP = { sizes: [8], temperatures: [2, 3], equilibrationSweeps: 10, measurementSweeps: 200 }

describe('an interactive run does not starve batch jobs', () => {
  it('with a live lattice paused on the only worker… a sweep started next runs and finishes; the live run stays paused', async () => {
    const lab = await oneWorkerLab()
    const live = await lab.invoke('jobs.start', { kind: 'ising.live', params: { L: 32, T: 2.2, maxSweepsPerSecond: 200 }, keep: false, seed: 1 })
    await lab.invoke('jobs.pause', { runId: live.runId })
    let jobs: ActiveJob[] = []
    const deadline = Date.now() + 15_000
    while (Date.now() < deadline) {
      jobs = await active(lab)
      if (jobs.find((j) => j.runId === live.runId)?.state === 'paused') break
      await new Promise((r) => setTimeout(r, 20))
    }
    expect(jobs.find((j) => j.runId === live.runId)?.state).toBe('paused')
    // Its lattice as it holds now, for a page that reattaches (a paused run sends no frames).
    const frames = await lab.invoke('jobs.frames', { runId: live.runId })
    expect(frames.length).toBeGreaterThanOrEqual(1)
    const last = frames[frames.length - 1]
    expect(last.data).toBeInstanceOf(Int8Array)
    expect(last.data.length).toBe(32 * 32)
    expect(last.meta.L).toBe(32)
    expect(await lab.invoke('jobs.frames', { runId: 424242 })).toEqual([])

    const sweep = await lab.invoke('jobs.start', { kind: 'ising.sweep', params: TINY_SWEEP, seed: 2 })
    const ended = waitForEnd(lab, sweep.runId)
    expect((await active(lab)).find((j) => j.runId === sweep.runId)?.state).not.toBe('queued')
    expect((await ended).status).toBe('done')
    expect((await active(lab)).map((j) => [j.runId, j.state])).toEqual([[live.runId, 'paused']])
    await lab.invoke('jobs.cancel', { runId: live.runId })
    await waitForEnd(lab, live.runId)
  })

  it('a queued job says which runs hold the workers it waits for, and starts when they end', async () => {
    const lab = await oneWorkerLab()
    // 10⁹ sweeps of one 8×8 point: runs until cancelled, within the budget.
    const long = await lab.invoke('jobs.start', { kind: 'ising.sweep', params: { sizes: [8], temperatures: [2], measurementSweeps: 1e9 }, seed: 3 })
    const next = await lab.invoke('jobs.start', { kind: 'ising.sweep', params: TINY_SWEEP, seed: 4 })
    const jobs = await active(lab)
    expect(jobs.find((j) => j.runId === long.runId)).toMatchObject({ state: 'running', waitingFor: [] })
    expect(jobs.find((j) => j.runId === next.runId)).toMatchObject({ state: 'queued', waitingFor: [{ runId: long.runId, kind: 'ising.sweep', state: 'running' }] })
    // A live lattice is not behind the sweep: it has its own workers.
    const live = await lab.invoke('jobs.start', { kind: 'ising.live', params: { L: 16, T: 2, sweeps: 50 }, keep: false, seed: 5 })
    expect((await waitForEnd(lab, live.runId)).status).toBe('done')

    const ended = waitForEnd(lab, next.runId)
    await lab.invoke('jobs.cancel', { runId: long.runId })
    expect((await ended).status).toBe('done')
  })
})

describe('the budget question states the time', () => {
  // 165 times the budget: asked (beyond 1000 times it is refused outright, see below).
  const HUGE = { sizes: [8, 16, 32], range: { Tmin: 1.5, Tmax: 3.5, points: 123 }, measurementSweeps: 1e8 }
  const cost = isingSweep.cost!(isingSweepParams.parse(HUGE))

  it('before any run of the kind: at the kind\'s typical rate, in the refusal and in jobs.estimate', async () => {
    const lab = await oneWorkerLab()
    const env = (await lab.call('jobs.start', { kind: 'ising.sweep', params: HUGE })) as Envelope<unknown>
    expect(env.ok).toBe(false)
    if (env.ok) return
    expect(env.error.issues).toEqual(['confirm: required for work beyond the budget'])
    // 1.65·10¹³ updates at 10⁸/s = 1.65·10⁵ s ≈ 1.9 days.
    expect(cost).toBeCloseTo(123 * (64 + 256 + 1024) * (1000 + 1e8), -6)
    expect(env.error.message).toContain(`${cost.toExponential(2)} spin updates`)
    expect(env.error.message).toContain('(×' + Math.round(cost / 1e11).toLocaleString('en-US') + ')')
    expect(env.error.message).toContain('about 1.9 days at 1.0e+8 per second (a typical rate of one worker)')
    const e = (await lab.invoke('jobs.estimate', { kind: 'ising.sweep', params: HUGE })) as WorkEstimate
    expect(e).toEqual({ cost, workUnit: 'spin updates', budget: 1e11, rate: 1e8, seconds: cost / 1e8, basis: { from: 'typical' } })
    await expect(lab.invoke('jobs.estimate', { kind: 'ising.sweep', params: { sizes: [] } })).rejects.toThrow(/sizes/)
    // Ten times more is beyond the ceiling (1000 times the budget): no question, confirmed or not.
    for (const confirm of [false, true]) {
      const beyond = (await lab.call('jobs.start', { kind: 'ising.sweep', params: { ...HUGE, measurementSweeps: 1e9 }, confirm })) as Envelope<unknown>
      expect(!beyond.ok && beyond.error.message).toMatch(/more than 1\.00e\+14 \(1,000 times the budget, about a week of one core\): it would not finish/)
    }
  })

  it('once the folder holds finished runs of the kind: the median of their rates (runs under 2 s and other kinds ignored)', async () => {
    const dir = folder()
    // Stored runs with known durations, written by a store on a fake clock.
    let now = Date.parse('2026-03-01T10:00:00Z')
    const store = openRunStore({ file: databaseFile(dir), appVersion: 'test', now: () => new Date(now) })
    const runOf = (params: Record<string, unknown>, seconds: number, kind = 'ising.sweep'): number => {
      const id = store.createRun({ kind, params, seed: 1 })
      now += seconds * 1000
      store.finishRun(id, { status: 'done', result: {} })
      return id
    }
    const p = (measurementSweeps: number): Record<string, unknown> => ({ sizes: [16], temperatures: [2], equilibrationSweeps: 0, measurementSweeps })
    // 256·10⁶ updates in 4 s, 8 s and 2 s: rates 6.4e7, 3.2e7, 1.28e8 → median 6.4e7.
    runOf(p(1e6), 4)
    runOf(p(1e6), 8)
    runOf(p(1e6), 2)
    runOf(p(1e3), 1) // too short to time
    runOf({ L: 16, T: 2, sweeps: 1e6 }, 100, 'ising.live') // another kind
    store.close()
    const lab = await oneWorkerLab(dir)
    const e = (await lab.invoke('jobs.estimate', { kind: 'ising.sweep', params: HUGE })) as WorkEstimate
    expect(e.basis).toEqual({ from: 'runs', runs: 3 })
    expect(e.rate).toBeCloseTo(6.4e7, 0)
    expect(e.seconds).toBeCloseTo(cost / 6.4e7, 0)
    const env = (await lab.call('jobs.start', { kind: 'ising.sweep', params: HUGE })) as Envelope<unknown>
    expect(!env.ok && env.error.message).toContain('(the median rate of your last 3 runs of this kind here)')
  })
})
