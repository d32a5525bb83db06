// The Boltzmann-machine jobs through the real service: what their bindings read from the store
// (a stored Ising dataset, a trained machine and the rows its training run learned from) and
// what they refuse before a run exists — a run of another kind, a temperature the dataset
// lacks, an item past the test set, a damaged machine — each with a message in the form's
// words, and nothing stored.
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LabService } from '../../src/main/service/labService'
import { splitDataset } from '../../src/engine/data/split'
import { binarizeDigits } from '../../src/engine/rbm/digitsData'
import { bundledDigits } from '../helpers/bundledDigits'
import { startTestLab, waitForEnd, type TestLab } from '../helpers/testLab'

let t: TestLab
let lab: LabService
beforeAll(async () => {
  t = await startTestLab(2)
  lab = t.lab
})
afterAll(() => t.close())

async function run(kind: string, params: Record<string, unknown>, seed = 1): Promise<number> {
  const { runId } = await lab.invoke('jobs.start', { kind, params, seed } as never)
  const end = await waitForEnd(lab, runId)
  expect(end.error).toBeUndefined()
  expect(end.status).toBe('done')
  return runId
}

/** A start the service refuses: its message, and the runs stored before and after (the same). */
async function refused(kind: string, params: Record<string, unknown>): Promise<string> {
  const before = (await lab.invoke('runs.list', {})).length
  const message = await lab.invoke('jobs.start', { kind, params } as never).then(
    () => 'started',
    (e: Error) => e.message
  )
  expect((await lab.invoke('runs.list', {})).length).toBe(before)
  return message
}

const digitsMachine = { data: { source: 'mnist', trainSize: 200 }, hidden: 8, batchSize: 50, epochs: 1, ais: null }

describe('on a stored Ising dataset', () => {
  let dataset = 0
  beforeAll(async () => {
    dataset = await run('ising.dataset', { L: 4, temperatures: [2.5], samples: 40, pilotSweeps: 100, equilibrationSweeps: 10 })
  })
  it('trains at one of its temperatures, dreams from its validation configurations', async () => {
    const machine = await run('rbm.train', { data: { source: 'isingDataset', runId: dataset, T: 2.5 }, units: 'spin', hidden: 4, batchSize: 6, epochs: 2 })
    const result = (await lab.invoke('runs.get', { runId: machine })).result!
    expect(result.updates).toBe(2 * 6) // 36 of the 40 configurations train (a fixed 90 %), in batches of 6
    const dream = await run('rbm.dream', { machine: { runId: machine }, chains: 4, sweeps: 5, start: 'data' })
    const d = await lab.invoke('runs.artifact', { runId: dream, name: 'dreams.samples' })
    expect(d.data.length).toBe(4 * 16)
    expect(Array.from(d.data).every((x) => x === 1 || x === -1)).toBe(true)
  })
  it('refuses a temperature it lacks, for training and for thermodynamics', async () => {
    expect(await refused('rbm.train', { data: { source: 'isingDataset', runId: dataset, T: 3 }, hidden: 4 })).toMatch(
      new RegExp(`dataset #${dataset} has no configurations at T = 3 \\(it has T = 2.5\\)`)
    )
    expect(await refused('rbm.thermo', { source: { runId: dataset }, temperatures: [2.5, 1.5] })).toMatch(/no configurations at T = 1.5/)
  })
  it('refuses a run that is not a dataset', async () => {
    expect(await refused('rbm.train', { data: { source: 'isingDataset', runId: 1 + dataset + 1000, T: 2.5 }, hidden: 4 })).toMatch(/not found|no run/i)
  })
})

describe('a trained machine on digits', () => {
  let machine = 0
  beforeAll(async () => {
    machine = await run('rbm.train', digitsMachine, 5)
  })
  it('completion clamps the test digit its training run set apart', async () => {
    const done = await run('rbm.complete', { machine: { runId: machine }, item: 7, chains: 2, sweeps: 2, mask: 'top' })
    const truth = await lab.invoke('runs.artifact', { runId: done, name: 'completion.truth' })
    const digits = bundledDigits()
    const expected = binarizeDigits(digits, [splitDataset(digits.count).test[7]])
    expect(Array.from(truth.data)).toEqual(Array.from(expected.V))
    const completion = await lab.invoke('runs.artifact', { runId: done, name: 'completion' })
    expect(Array.from(completion.data.subarray(392))).toEqual(Array.from(expected.V.subarray(392))) // the bottom half was shown
  })
  it('refuses an item past the test set, a run of another kind, and a damaged machine', async () => {
    expect(await refused('rbm.complete', { machine: { runId: machine }, item: 1000 })).toMatch(/item must be from 0 to 999: the machine #\d+ has 1000 test items/)
    const other = await run('hopfield.capacity', { N: 16, alphas: [0.1], trials: 1, probes: 0, maxSweeps: 2 })
    expect(await refused('rbm.dream', { machine: { runId: other } })).toMatch(new RegExp(`run #${other} is not a trained Boltzmann machine \\(it is a hopfield.capacity run\\)`))
    // cut the last float off the stored machine behind the lab's back (another process, a bad disk)
    const damaged = await run('rbm.train', digitsMachine, 6)
    const db = new Database(join(t.dir, 'physml.db'))
    db.prepare("UPDATE artifacts SET data = substr(data, 1, length(data) - 4) WHERE run_id = ? AND name = 'rbm'").run(damaged)
    db.close()
    expect(await refused('rbm.dream', { machine: { runId: damaged } })).toMatch(/stored Boltzmann machine #\d+ is damaged: .*holds 7063 numbers, 784 visible × 8 hidden units need 7064/)
  })
})

describe('a digit of the user’s own to complete', () => {
  let machine = 0
  beforeAll(async () => {
    machine = await run('rbm.train', digitsMachine, 8)
  })
  const digit = (f: (i: number) => number, n = 784): number[] => Array.from({ length: n }, (_, i) => f(i))
  it('is completed like a test item: its top half clamped as given', async () => {
    const values = digit((i) => (Math.floor(i / 28) > 6 && Math.floor(i / 28) < 21 && i % 28 > 10 && i % 28 < 17 ? 1 : 0))
    const done = await run('rbm.complete', { machine: { runId: machine }, values, chains: 2, sweeps: 2, mask: 'bottom' })
    const truth = await lab.invoke('runs.artifact', { runId: done, name: 'completion.truth' })
    expect(Array.from(truth.data)).toEqual(values)
  })
  it('refuses a wrong shape, values that are not 0 or 1, and NaN, before a run exists', async () => {
    expect(await refused('rbm.complete', { machine: { runId: machine }, values: digit(() => 0, 783) })).toMatch(/the machine has 784 visible units but each sample of the digit to complete has 783 values/)
    expect(await refused('rbm.complete', { machine: { runId: machine }, values: digit((i) => (i === 40 ? 0.5 : 0)) })).toMatch(/must be 0 or 1 \(binary machines\) or −1 or \+1/)
    expect(await refused('rbm.complete', { machine: { runId: machine }, values: digit((i) => (i === 3 ? -1 : 0)) })).toMatch(/the digit to complete has the value -1 at sample 1, unit 4: a binary machine needs every value to be 0 or 1/)
    expect(await refused('rbm.complete', { machine: { runId: machine }, values: digit((i) => (i === 3 ? NaN : 0)) })).toMatch(/values/)
  })
})
