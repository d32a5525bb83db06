// The temperature sweep as a composite job: points spread over the pool, one row per (L, T).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LabService } from '../../src/main/service/labService'
import type { Envelope } from '../../src/shared/errors'
import { startTestLab, waitForEnd, type TestLab } from '../helpers/testLab'
import { kaufman } from '../oracles/kaufman'
import { jobKinds } from '../../src/shared/kinds'

let t: TestLab
let lab: LabService
beforeAll(async () => {
  t = await startTestLab(2)
  lab = t.lab
})
afterAll(() => t.close())


describe('ising.sweep', () => {
  it('stores one row per (L, T) with error bars that agree with the exact finite lattice', async () => {
    const params = { sizes: [8, 16], range: { Tmin: 2.0, Tmax: 2.6, points: 3 }, equilibrationSweeps: 500, measurementSweeps: 8000 }
    const { runId } = await lab.invoke('jobs.start', { kind: 'ising.sweep', params, seed: 2 })
    const end = await waitForEnd(lab, runId)
    expect(end.status).toBe('done')
    expect(end.result).toMatchObject({ points: 6, pointsPlanned: 6, stoppedEarly: false })
    const s = await lab.invoke('runs.series', { runId })
    expect(s.steps.length).toBe(6)
    const seen = new Set<string>()
    for (let i = 0; i < 6; i++) {
      const L = s.values.L[i]
      const T = s.values.T[i]
      seen.add(`${L}@${T.toFixed(2)}`)
      const exact = kaufman(L, T).energyPerSpin
      expect(s.values.eErr[i]).toBeGreaterThan(0)
      // 4 error bars: six points tested at once
      expect(Math.abs(s.values.e[i] - exact)).toBeLessThan(4 * s.values.eErr[i])
    }
    expect(seen).toEqual(new Set(['8@2.00', '8@2.30', '8@2.60', '16@2.00', '16@2.30', '16@2.60']))
    const detail = await lab.invoke('runs.get', { runId })
    expect(detail.artifacts.map((a) => a.name)).toContain('L=16/T=2.3000/lattice')
  })

  it('carries the lattice from point to point when asked (cooling from an ordered start stays ordered)', async () => {
    const params = {
      sizes: [16],
      temperatures: [1.0, 1.2, 1.4],
      direction: 'heating',
      carry: true,
      start: 'up',
      equilibrationSweeps: 0,
      measurementSweeps: 200
    }
    const { runId } = await lab.invoke('jobs.start', { kind: 'ising.sweep', params, seed: 3 })
    expect((await waitForEnd(lab, runId)).status).toBe('done')
    const s = await lab.invoke('runs.series', { runId })
    expect(Array.from(s.values.T)).toEqual([1.0, 1.2, 1.4])
    for (const v of s.values.absM) expect(v).toBeGreaterThan(0.95)
  })

  it('cancel keeps the points that finished', async () => {
    const params = { sizes: [32], range: { Tmin: 1.5, Tmax: 3.5, points: 40 }, equilibrationSweeps: 100, measurementSweeps: 3000 }
    const { runId } = await lab.invoke('jobs.start', { kind: 'ising.sweep', params, seed: 4 })
    const end = waitForEnd(lab, runId)
    await new Promise<void>((resolve) => {
      const off = lab.subscribe((e) => {
        if (e.type === 'job.metrics' && e.runId === runId) {
          off()
          resolve()
        }
      })
    })
    await lab.invoke('jobs.cancel', { runId })
    expect((await end).status).toBe('cancelled')
    const n = (await lab.invoke('runs.series', { runId })).steps.length
    expect(n).toBeGreaterThan(0)
    expect(n).toBeLessThan(40)
  })

  it('with replica exchange: one task per L, a row per (L, T) at the per-point steps, swap acceptance and round trips, artifacts under the same names', async () => {
    const params = { sizes: [4, 8], range: { Tmin: 1.5, Tmax: 3.5, points: 5 }, algorithm: 'heatbath', B: 0.1, replicaExchange: true, equilibrationSweeps: 200, measurementSweeps: 4000 }
    const { runId } = await lab.invoke('jobs.start', { kind: 'ising.sweep', params, seed: 13 })
    const end = await waitForEnd(lab, runId)
    expect(end.status).toBe('done')
    expect(end.result).toMatchObject({ points: 10, pointsPlanned: 10, stoppedEarly: false, replicaExchange: true })
    const s = await lab.invoke('runs.series', { runId })
    // cooling order, as the per-point plan: step 0 is (L = 4, T = 3.5)
    expect(Array.from(s.steps)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    expect(s.values.T[0]).toBe(3.5)
    expect(s.values.L[9]).toBe(8)
    for (let i = 0; i < 10; i++) {
      expect(s.values.roundTripTime[i]).toBeGreaterThan(0)
      // L = 4 tunnels freely between the replicas (the plain run at T = 1.5 does not)
      if (s.values.L[i] === 4) expect(s.values.tunnellings[i]).toBeGreaterThan(10)
      expect([0, 1]).toContain(s.values.eConverged[i])
    }
    // the hottest temperature has no pair above it
    expect(Number.isNaN(s.values.swapUp[0])).toBe(true)
    expect(s.values.swapUp[1]).toBeGreaterThan(0.1)
    const names = (await lab.invoke('runs.get', { runId })).artifacts.map((a) => a.name)
    for (const n of ['L=4/T=1.5000/lattice', 'L=8/T=3.5000/samples', 'L=8/T=2.5000/correlation']) expect(names).toContain(n)
  })

  it('names every new column in the kind', () => {
    const series = jobKinds['ising.sweep'].series
    for (const k of ['eConverged', 'mConverged', 'U4Converged', 'xi', 'xiErr', 'tunnellings', 'tunnellingFlag', 'swapUp', 'roundTripTime']) expect(series).toContain(k)
  })

  const refused: [string, Record<string, unknown>, RegExp][] = [
    ['a reversed range', { sizes: [8], range: { Tmin: 3, Tmax: 2, points: 5 } }, /empty or reversed/],
    ['an empty range', { sizes: [8], range: { Tmin: 2, Tmax: 2, points: 5 } }, /empty or reversed/],
    ['more than 1,000 points', { sizes: [8], range: { Tmin: 1, Tmax: 3, points: 1001 } }, /1,000/],
    ['Wolff with a field', { sizes: [8], range: { Tmin: 1, Tmax: 3, points: 5 }, algorithm: 'wolff', B: 0.1 }, /Wolff.*B = 0/],
    ['no sizes', { sizes: [], range: { Tmin: 1, Tmax: 3, points: 5 } }, /at least one lattice size/],
    ['no temperatures', { sizes: [8] }, /range or a list/],
    ['work beyond the budget', { sizes: [1024], range: { Tmin: 1, Tmax: 3, points: 100 }, measurementSweeps: 100000 }, /budget/],
    ['replica exchange with Wolff', { sizes: [8], range: { Tmin: 1, Tmax: 3, points: 5 }, algorithm: 'wolff', replicaExchange: true }, /Metropolis or heat-bath/],
    ['replica exchange with carry', { sizes: [8], range: { Tmin: 1, Tmax: 3, points: 5 }, carry: true, replicaExchange: true }, /cannot also carry/],
    ['replica exchange at one temperature', { sizes: [8], temperatures: [2], replicaExchange: true }, /at least 2 temperatures/],
    ['kept samples beyond 256 MB', { sizes: [8, 16], range: { Tmin: 1, Tmax: 3, points: 1000 }, measurementSweeps: 100000, keepSamples: 100000 }, /MB/]
  ]
  for (const [what, params, message] of refused) {
    it(`refuses ${what} before anything runs`, async () => {
      const before = (await lab.invoke('runs.list', { includeScratch: true })).length
      const env = (await lab.call('jobs.start', { kind: 'ising.sweep', params })) as Envelope<unknown>
      expect(env.ok).toBe(false)
      if (!env.ok) expect(env.error.message).toMatch(message)
      expect((await lab.invoke('runs.list', { includeScratch: true })).length).toBe(before)
    })
  }
})

describe('a sweep waiting for a worker', () => {
  it("says 'queued' until a point starts, as a single task does, and is paused and resumed while it waits", async () => {
    const one = await startTestLab(1)
    try {
      const l = one.lab
      // Every status by run: a job's first events come before jobs.start answers.
      const statuses = new Map<number, string[]>()
      l.subscribe((e) => {
        if (e.type === 'job.status') statuses.set(e.runId, [...(statuses.get(e.runId) ?? []), e.status])
      })
      // A batch job that holds the one batch worker (a live lattice would not: it has workers of its own).
      const blocker = await l.invoke('jobs.start', { kind: 'ising.sweep', params: { sizes: [4], temperatures: [2], measurementSweeps: 1e9 }, seed: 1 })
      const params = { sizes: [4], temperatures: [2, 3], equilibrationSweeps: 10, measurementSweeps: 50 }
      const { runId } = await l.invoke('jobs.start', { kind: 'ising.sweep', params, seed: 1 })
      const state = async (): Promise<string | undefined> => (await l.invoke('jobs.active', {})).find((a) => a.runId === runId)?.state
      expect(statuses.get(runId)).toEqual(['queued'])
      expect(await state()).toBe('queued')
      await l.invoke('jobs.pause', { runId })
      expect(await state()).toBe('paused')
      await l.invoke('jobs.resume', { runId })
      expect(await state()).toBe('queued')
      const end = waitForEnd(l, runId)
      await l.invoke('jobs.cancel', { runId: blocker.runId })
      expect((await end).status).toBe('done')
      expect(statuses.get(runId)).toEqual(['queued', 'paused', 'queued', 'running', 'done'])
    } finally {
      await one.close()
    }
  })
})
