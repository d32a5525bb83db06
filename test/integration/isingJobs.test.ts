// The hysteresis and dataset jobs through the real service and worker threads: rows in the
// store, the result, the artifacts read back and decoded, and refusals before anything runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LabService } from '../../src/main/service/labService'
import type { Envelope } from '../../src/shared/errors'
import { DATASET_ARTIFACTS, decodeIsingDataset, type DatasetArtifactInput } from '../../src/engine/ising/datasetFormat'
import { startTestLab, waitForEnd, type TestLab } from '../helpers/testLab'

let t: TestLab
let lab: LabService
beforeAll(async () => {
  t = await startTestLab(2)
  lab = t.lab
})
afterAll(() => t.close())

describe('the kinds are listed', () => {
  it('jobs.kinds describes both, with their params as JSON schema', async () => {
    const kinds = await lab.invoke('jobs.kinds', {})
    const h = kinds.find((k) => k.kind === 'ising.hysteresis')
    const d = kinds.find((k) => k.kind === 'ising.dataset')
    expect(h?.series).toEqual(['B', 'm', 'mErr', 'e', 'eErr', 'branch', 'step'])
    expect(d?.series).toContain('tauAbsM')
    expect(Object.keys((h?.paramsSchema as { properties: object }).properties)).toContain('Bmax')
    expect(Object.keys((d?.paramsSchema as { properties: object }).properties)).toContain('samples')
    // What a finished run holds: its result's fields and its artifacts.
    expect(Object.keys((h?.resultSchema as { properties: object }).properties)).toEqual(expect.arrayContaining(['coerciveUp', 'coerciveDown', 'loopArea']))
    expect(d?.artifacts.map((a) => a.name)).toEqual(expect.arrayContaining(['dataset', 'dataset.T']))
  })
})

describe('ising.hysteresis through the service', () => {
  it('stores one row per field step and the loop’s coercive fields', async () => {
    const params = { L: 16, T: 1.5, Bmax: 2, steps: 11, equilibrationSweeps: 50, measurementSweeps: 100 }
    const { runId } = await lab.invoke('jobs.start', { kind: 'ising.hysteresis', params, seed: 5 })
    const end = await waitForEnd(lab, runId)
    expect(end.status).toBe('done')
    const result = end.result as Record<string, number>
    expect(result.stepsDone).toBe(22)
    expect(result.coerciveUp).toBeGreaterThan(0)
    expect(result.coerciveDown).toBeLessThan(0)
    expect(result.loopArea).toBeGreaterThan(1)
    const s = await lab.invoke('runs.series', { runId })
    expect(Array.from(s.steps)).toEqual(Array.from({ length: 22 }, (_, i) => i))
    expect(Array.from(s.values.branch)).toEqual([...Array(11).fill(0), ...Array(11).fill(1)])
    // B = 0 is step 5 on the way up and step 16 on the way down
    expect(s.values.B[5]).toBe(0)
    expect(s.values.B[16]).toBe(0)
    expect(s.values.m[5]).toBeLessThan(-0.9)
    expect(s.values.m[16]).toBeGreaterThan(0.9)
    const lattice = await lab.invoke('runs.artifact', { runId, name: 'lattice' })
    expect(lattice.data.length).toBe(256)
  })
})

describe('ising.dataset through the service', () => {
  it('stores the four aligned artifacts, which decode into a valid dataset', async () => {
    const params = { L: 8, temperatures: [1.5, 3.5], samples: 100, pilotSweeps: 1000, equilibrationSweeps: 200 }
    const { runId } = await lab.invoke('jobs.start', { kind: 'ising.dataset', params, seed: 6 })
    const end = await waitForEnd(lab, runId)
    expect(end.status).toBe('done')
    expect(end.result).toMatchObject({ count: 200, temperatures: 2, format: 'ising-dataset-v1', symmetrized: true })
    const artifacts: Record<string, DatasetArtifactInput> = {}
    for (const name of Object.values(DATASET_ARTIFACTS)) artifacts[name] = await lab.invoke('runs.artifact', { runId, name })
    const d = decodeIsingDataset(artifacts)
    expect(d.count).toBe(200)
    expect(d.meta.counts).toEqual([100, 100])
    expect(d.meta.temperatures).toEqual([1.5, 3.5])
    const s = await lab.invoke('runs.series', { runId })
    expect(Array.from(s.values.T)).toEqual([1.5, 3.5])
    expect(Array.from(s.values.spacing)).toEqual(d.meta.spacing)
    expect(Array.from(s.values.samples)).toEqual([100, 100])
    // ordered at 1.5, disordered at 3.5 (L = 8: ⟨|m|⟩ ≈ 0.99 and ≈ 0.3)
    expect(s.values.absM[0]).toBeGreaterThan(0.95)
    expect(s.values.absM[1]).toBeLessThan(0.5)
  })
})

describe('refusals before anything runs', () => {
  const refused: [string, string, Record<string, unknown>, RegExp][] = [
    ['hysteresis with Bmax = 0', 'ising.hysteresis', { L: 16, T: 1.5, Bmax: 0, steps: 11 }, /Bmax must be > 0/],
    ['hysteresis with one step', 'ising.hysteresis', { L: 16, T: 1.5, Bmax: 1, steps: 1 }, /steps must be at least 2/],
    ['hysteresis with 2,001 steps', 'ising.hysteresis', { L: 16, T: 1.5, Bmax: 1, steps: 2001 }, /steps must be at most 2,000/],
    ['hysteresis at T = 0', 'ising.hysteresis', { L: 16, T: 0, Bmax: 1, steps: 11 }, /T must be > 0/],
    ['hysteresis with Wolff', 'ising.hysteresis', { L: 16, T: 1.5, Bmax: 1, steps: 11, algorithm: 'wolff' }, /Wolff.*choose metropolis or heatbath/],
    ['hysteresis beyond the budget', 'ising.hysteresis', { L: 1024, T: 1.5, Bmax: 1, steps: 2000, measurementSweeps: 1000 }, /budget/],
    ['a dataset of 0 samples', 'ising.dataset', { L: 8, temperatures: [2], samples: 0 }, /samples must be at least 1/],
    ['a dataset of 10,001 samples', 'ising.dataset', { L: 8, temperatures: [2], samples: 10001 }, /samples must be at most 10,000/],
    ['a dataset with L = 129', 'ising.dataset', { L: 129, temperatures: [2], samples: 10 }, /L must be at most 128/],
    ['a dataset with no temperatures', 'ising.dataset', { L: 8, samples: 10 }, /range or a list/],
    ['a dataset with a range and a list', 'ising.dataset', { L: 8, samples: 10, temperatures: [2], range: { Tmin: 1, Tmax: 3, points: 3 } }, /a range or a list, not both/],
    ['a Wolff dataset in a field', 'ising.dataset', { L: 8, samples: 10, temperatures: [2], algorithm: 'wolff', B: 0.2 }, /Wolff.*B = 0/],
    ['symmetrizing in a field', 'ising.dataset', { L: 8, samples: 10, temperatures: [2], B: 0.2, symmetrize: true }, /symmetrize needs B = 0/],
    ['a dataset over 256 MB', 'ising.dataset', { L: 128, samples: 10000, range: { Tmin: 1, Tmax: 3, points: 2 } }, /would hold 313 MB of spins.*at most 256 MB/],
    ['a dataset beyond the budget', 'ising.dataset', { L: 128, samples: 10000, temperatures: [2] }, /budget/]
  ]
  for (const [what, kind, params, message] of refused) {
    it(`refuses ${what}`, async () => {
      const before = (await lab.invoke('runs.list', { includeScratch: true })).length
      const env = (await lab.call('jobs.start', { kind, params })) as Envelope<unknown>
      expect(env.ok).toBe(false)
      if (!env.ok) expect(env.error.message).toMatch(message)
      expect((await lab.invoke('runs.list', { includeScratch: true })).length).toBe(before)
    })
  }
})
