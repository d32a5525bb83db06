// autoencoder.train through the real service (worker threads, SQLite): the Fig. 14 pipeline
// as the panel runs it — an ising.dataset run, then an autoencoder trained on that stored run —
// with what reopens from the store; and every refusal of bad input before anything runs:
// a clear message, and the list of runs unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LabService } from '../../src/main/service/labService'
import type { Envelope } from '../../src/shared/errors'
import type { RunSummary } from '../../src/shared/types'
import { autoencoderTrain } from '../../src/shared/kinds/autoencoder'
import { startTestLab, waitForEnd, type TestLab } from '../helpers/testLab'

let t: TestLab
let lab: LabService
let datasetRun = 0
let tinyDatasetRun = 0
let liveRun = 0
beforeAll(async () => {
  t = await startTestLab(2)
  lab = t.lab
  const start = async (kind: string, params: unknown) => {
    const { runId } = await lab.invoke('jobs.start', { kind, params, seed: 3 })
    expect((await waitForEnd(lab, runId)).status).toBe('done')
    return runId
  }
  ;[datasetRun, tinyDatasetRun, liveRun] = await Promise.all([
    start('ising.dataset', { L: 8, range: { Tmin: 1.5, Tmax: 3.5, points: 9 }, samples: 60, algorithm: 'wolff', pilotSweeps: 300, equilibrationSweeps: 100, maxSpacing: 20 }),
    start('ising.dataset', { L: 4, temperatures: [2, 3], samples: 20, pilotSweeps: 100, equilibrationSweeps: 10 }),
    start('ising.live', { L: 8, T: 2.5, sweeps: 10 })
  ])
}, 60_000)
afterAll(() => t.close())

const listAll = async (): Promise<RunSummary[]> => (await lab.invoke('runs.list', { includeScratch: true })) as RunSummary[]

describe('Fig. 14 through the service: a stored Ising dataset, then the one-neuron autoencoder on it', () => {
  it('trains on the stored configurations and stores a run that reopens with its Fig. 14 analysis and codes', async () => {
    const params = { dataset: { source: 'ising', runId: datasetRun }, encoder: [32], latent: 1, hiddenActivation: 'tanh', epochs: 8, batchSize: 32 }
    const { runId } = await lab.invoke('jobs.start', { kind: 'autoencoder.train', params, seed: 4 })
    const end = await waitForEnd(lab, runId)
    expect(end.error).toBeUndefined()
    expect(end.status).toBe('done')
    const detail = await lab.invoke('runs.get', { runId })
    const result = autoencoderTrain.result.parse(detail.result)
    expect(result.data).toMatchObject({ kind: 'ising', count: 540, rows: 8, cols: 8, analysis: 540 })
    expect(Math.abs(result.fig14?.rZM as number)).toBeGreaterThan(0.9)
    expect(result.fig14?.temperatures.length).toBe(9)
    const latents = await lab.invoke('runs.artifact', { runId, name: 'ae.latents' })
    const m = await lab.invoke('runs.artifact', { runId, name: 'ae.m' })
    expect(latents.data.length).toBe(540)
    expect(m.data).toBeInstanceOf(Float64Array)
    const series = await lab.invoke('runs.series', { runId })
    expect(Object.keys(series.values).sort()).toEqual(['epoch', 'lr', 'trainLoss', 'valLoss'])
    expect(series.steps.length).toBe(8)
  })
})

describe('bad input: a clear message before anything runs, nothing stored', () => {
  const cases: [string, () => Record<string, unknown>, RegExp][] = [
    ['a dataset of the wrong kind', () => ({ dataset: { source: 'ising', runId: liveRun } }), /is not an Ising dataset \(it is a “Ising lattice \(live\)” run\)/],
    ['an Ising run named as an imported image set', () => ({ dataset: { source: 'idx', importedId: datasetRun } }), /is not an imported dataset/],
    ['a latent larger than the stored configurations', () => ({ dataset: { source: 'ising', runId: tinyDatasetRun }, latent: 20 }), /latent size \(20\) is larger than the input \(16 values\)/],
    ['a batch larger than the stored training items', () => ({ dataset: { source: 'ising', runId: tinyDatasetRun }, latent: 1, batchSize: 64 }), /batch size \(64\) is larger than the 32 training items/],
    ['a temperature threshold that leaves no normal item', () => ({ dataset: { source: 'ising', runId: tinyDatasetRun }, latent: 1, batchSize: 8, anomaly: { normalBelowT: 1 } }), /no training items are left/],
    ['a latent larger than the digits', () => ({ latent: 64, encoder: [32], dataset: { source: 'oscillator', samples: 16 } }), /latent size \(64\) is larger than the input \(16 values\)/],
    ['β < 0', () => ({ variational: true, beta: -1 }), /β must be ≥ 0/],
    ['NaN', () => ({ lr: NaN }), /lr/],
    ['a sigmoid output for spins', () => ({ dataset: { source: 'ising', runId: datasetRun }, outputActivation: 'sigmoid' }), /cannot reproduce spins −1/]
  ]
  for (const [what, params, message] of cases)
    it(`refuses ${what}`, async () => {
      const before = await listAll()
      const env = (await lab.call('jobs.start', { kind: 'autoencoder.train', params: params() })) as Envelope<unknown>
      expect(env.ok).toBe(false)
      if (env.ok) return
      expect(env.error.code).toBe('invalid')
      expect(env.error.message).toMatch(message)
      expect(env.error.message).not.toMatch(/\n\s+at /) // no stack trace
      expect(await listAll()).toEqual(before)
    })

  it('refuses a run that does not exist', async () => {
    const before = await listAll()
    const env = (await lab.call('jobs.start', { kind: 'autoencoder.train', params: { dataset: { source: 'ising', runId: 987654 } } })) as Envelope<unknown>
    expect(env.ok).toBe(false)
    if (!env.ok) expect(env.error.message).toMatch(/987654/)
    expect(await listAll()).toEqual(before)
  })
})
