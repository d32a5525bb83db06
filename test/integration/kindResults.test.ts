// Every job kind, run small through the real service (worker pool, store thread): its result
// parses with the kind's own result schema — as the engine returned it and as the database
// gives it back — and what it stored is what its spec declares (artifact names, series).
// The table is typed by KindName: a kind added without a case here does not compile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LabService } from '../../src/main/service/labService'
import { jobKinds, kindNames, type KindInput, type KindName } from '../../src/shared/kinds'
import type { ArtifactSpec } from '../../src/shared/kinds/define'
import { startTestLab, waitForEnd, type TestLab } from '../helpers/testLab'

let t: TestLab
let lab: LabService
beforeAll(async () => {
  t = await startTestLab(2)
  lab = t.lab
})
afterAll(() => t.close())

const stripes = (phase: number): number[] => Array.from({ length: 16 }, (_, i) => ((Math.floor(i / 4) + phase) % 2 ? 1 : -1))

const tiny: { [K in KindName]: KindInput<K> } = {
  'ising.live': { L: 8, T: 2.5, sweeps: 20 },
  'ising.sweep': { sizes: [4], temperatures: [2, 3], equilibrationSweeps: 10, measurementSweeps: 50 },
  'ising.hysteresis': { L: 8, T: 1.5, Bmax: 1, steps: 3, equilibrationSweeps: 5, measurementSweeps: 10 },
  'ising.dataset': { L: 4, temperatures: [2], samples: 5, pilotSweeps: 100, equilibrationSweeps: 10 },
  'hopfield.recall': { width: 4, height: 4, patterns: [stripes(0), stripes(1)], corruption: [{ type: 'flip', fraction: 0.1 }] },
  'hopfield.capacity': { N: 16, alphas: [0.1, 0.2], trials: 2, probes: 1, maxSweeps: 5 },
  'network.train': { layers: [784, 4, 10], lr: 0.01, epochs: 1, batchSize: 500, evalEvery: 0 },
  'cnn.train': {
    architecture: [
      { type: 'conv', filters: 1, kernel: 4, stride: 4 },
      { type: 'dense', units: 10 }
    ],
    epochs: 1,
    trainSize: 64,
    batchSize: 32,
    evalEvery: 0
  },
  'autoencoder.train': { dataset: { source: 'oscillator', count: 200, samples: 16 }, encoder: [8], latent: 2, variational: true, epochs: 1, batchSize: 32 }
}

/** 'weights.<layer>' matches weights.1, weights.12, …; a sweep's 'L=<L>/T=<T>/lattice' matches L=4/T=2.0000/lattice. */
const pattern = (a: ArtifactSpec): RegExp =>
  new RegExp(`^${a.name.split(/<[^>]+>/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[^/]+')}$`)

describe('each kind returns and stores what its spec says', () => {
  it('has a case for every kind', () => {
    expect(Object.keys(tiny).sort()).toEqual([...kindNames].sort())
  })

  for (const kind of kindNames) {
    it(kind, async () => {
      const spec = jobKinds[kind]
      const { runId } = await lab.invoke('jobs.start', { kind, params: tiny[kind], seed: 7 })
      const end = await waitForEnd(lab, runId)
      expect(end.error).toBeUndefined()
      expect(end.status).toBe('done')
      // As the engine returned it (through the worker), then as the database gives it back.
      expect(() => spec.result.parse(end.result)).not.toThrow()
      const detail = await lab.invoke('runs.get', { runId })
      expect(spec.result.parse(detail.result)).toEqual(spec.result.parse(end.result))

      const declared = spec.artifacts.map(pattern)
      const stored = detail.artifacts.map((a) => a.name)
      for (const name of stored) expect(declared.some((re) => re.test(name)), `artifact '${name}' is not declared`).toBe(true)
      for (const [i, re] of declared.entries())
        if (!spec.artifacts[i].when) expect(stored.some((n) => re.test(n)), `no artifact '${spec.artifacts[i].name}'`).toBe(true)
      expect(detail.series.length).toBeGreaterThan(0)
      for (const name of detail.series) expect(spec.series, `series '${name}'`).toContain(name)
    })
  }

  it('the schemas are strict: a result with a field the spec does not name is refused', () => {
    const result = jobKinds['ising.live'].result
    const ok = { sweeps: 1, e: -2, m: 1, absM: 1, T: 2, B: 0, J: 1, measurements: 1, runMeanE: -2, runMeanM: 1, runMeanAbsM: 1 }
    expect(result.safeParse(ok).success).toBe(true)
    expect(result.safeParse({ ...ok, extra: 1 }).success).toBe(false)
    expect(result.safeParse({ ...ok, e: undefined }).success).toBe(false)
  })
})
