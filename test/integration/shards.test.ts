// Runs split into shards and merged again. The Slurm simulation: four `physml run … --shard
// slurm` processes with SLURM_ARRAY_TASK_ID = 0..3 and SLURM_ARRAY_TASK_COUNT = 4, each on its
// own data folder writing its bundle, `physml merge` of the four bundles, and the merged run
// equal to the unsharded run with the same seed point by point: every series value and every
// artifact byte. Datasets and capacity experiments shard through the service the same way.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeIsingDataset } from '../../src/engine/ising/datasetFormat'
import { parseShard } from '../../src/main/cli/shardArg'
import { shardUnits } from '../../src/main/jobs/shards'
import type { LabService } from '../../src/main/service/labService'
import type { BundledRun } from '../../src/main/store/bundleFormat'
import { openBundle } from '../../src/main/store/bundleRead'
import { LabError } from '../../src/shared/errors'
import type { KindName } from '../../src/shared/kinds'
import { startTestLab, waitForEnd, type TestLab } from '../helpers/testLab'
import { tempDir } from '../helpers/tempDir'

const bin = join(__dirname, '..', '..', 'bin', 'physml.js')
const tmp = tempDir('physml-shards-')
afterAll(() => tmp.remove())

function physml(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.once('exit', (code) => resolve({ code, stdout, stderr }))
  })
}

function readBundle(file: string): BundledRun[] {
  const b = openBundle(file, file, 'test')
  const runs: BundledRun[] = []
  try {
    b.read((r) => runs.push(r))
  } finally {
    b.close()
  }
  return runs
}

/** Same points: every series' steps and values bit for bit, every artifact byte for byte, the same result. */
function expectSameRun(merged: BundledRun, whole: BundledRun): void {
  expect(merged.series.map((s) => s.name)).toEqual(whole.series.map((s) => s.name))
  for (const [i, s] of whole.series.entries()) {
    const m = merged.series[i]
    expect(Buffer.from(m.steps.buffer).equals(Buffer.from(s.steps.buffer)), `steps of ${s.name}`).toBe(true)
    expect(Buffer.from(m.values.buffer).equals(Buffer.from(s.values.buffer)), `values of ${s.name}`).toBe(true)
  }
  expect(merged.artifacts.map((a) => a.name).sort()).toEqual(whole.artifacts.map((a) => a.name).sort())
  for (const a of whole.artifacts) {
    const m = merged.artifacts.find((x) => x.name === a.name)!
    expect(Buffer.from(m.data).equals(Buffer.from(a.data)), `artifact ${a.name}`).toBe(true)
    expect(m.meta, `meta of ${a.name}`).toEqual(a.meta)
  }
  expect(merged.result).toEqual(whole.result)
  expect(merged.params).toEqual(whole.params)
  expect(merged.seed).toBe(whole.seed)
}

describe('a sweep as a Slurm array job of four tasks', () => {
  const params = JSON.stringify({ sizes: [4, 6], temperatures: [1.5, 2.2, 2.5, 3.5], equilibrationSweeps: 50, measurementSweeps: 200, keepSamples: 100 })
  const seed = '11'

  it('merges into the run the whole job makes, point by point', async () => {
    const shards = await Promise.all(
      [0, 1, 2, 3].map((id) =>
        physml(['run', 'ising.sweep', '--params', params, '--seed', seed, '--shard', 'slurm', '--bundle', join(tmp.dir, `shard-${id}.physml`), '--data', join(tmp.dir, `node-${id}`)], {
          SLURM_ARRAY_TASK_ID: String(id),
          SLURM_ARRAY_TASK_COUNT: '4',
          SLURM_ARRAY_TASK_MIN: '0'
        })
      )
    )
    for (const [id, r] of shards.entries()) {
      expect(r.code, r.stderr).toBe(0)
      expect(r.stderr).toContain(`shard ${id}/4 started (seed 11)`)
    }
    // Each shard ran its own two of the eight (L, T) points.
    for (const id of [0, 1, 2, 3]) {
      const [run] = readBundle(join(tmp.dir, `shard-${id}.physml`))
      expect(run.origin).toEqual({ shard: { index: id, count: 4 } })
      expect(Array.from(run.series.find((s) => s.name === 'e')!.steps)).toEqual(shardUnits(8, { index: id, count: 4 }))
    }
    const whole = await physml(['run', 'ising.sweep', '--params', params, '--seed', seed, '--bundle', join(tmp.dir, 'whole.physml'), '--data', join(tmp.dir, 'laptop')])
    expect(whole.code, whole.stderr).toBe(0)

    const files = [2, 0, 3, 1].map((id) => join(tmp.dir, `shard-${id}.physml`)) // any order
    const merge = await physml(['merge', ...files, '--bundle', join(tmp.dir, 'merged.physml'), '--data', join(tmp.dir, 'home'), '--json'])
    expect(merge.code, merge.stderr).toBe(0)
    const report = JSON.parse(merge.stdout) as { runIds: number[]; runsRead: number; merged: boolean }
    expect(report).toMatchObject({ runsRead: 4, merged: true })
    expect(report.runIds).toHaveLength(1)

    const [merged] = readBundle(join(tmp.dir, 'merged.physml'))
    const [unsharded] = readBundle(join(tmp.dir, 'whole.physml'))
    expect(unsharded.artifacts.length).toBe(8 * 4) // lattice, samples, fourier, correlation per point
    expectSameRun(merged, unsharded)
    expect(merged.name).toMatch(/^Ising temperature sweep \d{4}-\d\d-\d\d \d\d:\d\d$/) // the shards' name, without ' · shard I/N'
    expect(merged.origin?.mergedFrom?.map((m) => m.index).sort()).toEqual([0, 1, 2, 3])

    // The merged run is stored in the data folder merge used, like any run.
    const runs = await physml(['runs', '--json', '--data', join(tmp.dir, 'home')])
    expect(runs.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; status: string })).toMatchObject([{ id: report.runIds[0], status: 'done' }])

    // Three of four shards: refused, naming the one missing.
    const partial = await physml(['merge', ...files.slice(0, 3), '--data', join(tmp.dir, 'home')])
    expect(partial.code).not.toBe(0)
    expect(partial.stderr).toContain('Shard 1/4 is missing: merge needs every shard (they count from 0).')
  })

  it('says what is wrong with a shard argument or its environment', async () => {
    const r = await physml(['run', 'ising.sweep', '--params', params, '--shard', '0/4', '--data', join(tmp.dir, 'x')])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--shard needs --seed: every shard of a run must use the same seed.')
    expect(() => parseShard('slurm', {})).toThrow('--shard slurm needs SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT')
    expect(parseShard('slurm', { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 3, count: 4 })
    expect(() => parseShard('slurm', { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_COUNT: '4' })).toThrow('the shard index must be from 0 to 3')
    expect(() => parseShard('slurm', { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_STEP: '2' })).toThrow('consecutive task ids')
    expect(() => parseShard('1-4', {})).toThrow("--shard must be I/N (shard I of N, I from 0, e.g. 0/4) or 'slurm', got '1-4'.")
    expect(parseShard('3/4', {})).toEqual({ index: 3, count: 4 })
  })
})

describe('datasets and capacity experiments, sharded through the service', () => {
  let t: TestLab
  let lab: LabService
  beforeAll(async () => {
    t = await startTestLab(2)
    lab = t.lab
  })
  afterAll(() => t.close())

  async function ran(kind: KindName, params: unknown, shard?: { index: number; count: number }): Promise<number> {
    const { runId } = await lab.invoke('jobs.start', { kind, params, seed: 5, ...(shard ? { shard } : {}) })
    const end = await waitForEnd(lab, runId)
    expect(end.error).toBeUndefined()
    return runId
  }

  async function bundled(runId: number): Promise<BundledRun> {
    const out = await lab.invoke('runs.exportBundle', { runIds: [runId] })
    const file = join(t.dir, `b-${runId}.physml`)
    require('node:fs').writeFileSync(file, out.bytes)
    return readBundle(file)[0]
  }

  async function shardedEqualsWhole(kind: KindName, params: unknown, count: number): Promise<BundledRun> {
    const whole = await ran(kind, params)
    const shards = []
    for (let index = 0; index < count; index++) shards.push(await ran(kind, params, { index, count }))
    const files = await Promise.all(shards.map(async (id) => ({ name: `shard-${id}.physml`, bytes: (await lab.invoke('runs.exportBundle', { runIds: [id] })).bytes })))
    const { runIds } = await lab.invoke('runs.import', { files: files.reverse(), merge: true })
    const merged = await bundled(runIds[0])
    expectSameRun(merged, await bundled(whole))
    return merged
  }

  it('a dataset of five temperatures in three shards: the same configurations, temperature by temperature', async () => {
    const merged = await shardedEqualsWhole('ising.dataset', { L: 4, temperatures: [3, 1.5, 2.269, 2, 4], samples: 6, pilotSweeps: 200, equilibrationSweeps: 20 }, 3)
    const artifacts = new Map(merged.artifacts.map((a) => [a.name, { data: a.type === 'Int8Array' ? new Int8Array(a.data.slice().buffer) : new Float64Array(a.data.slice().buffer), meta: a.meta }]))
    const d = decodeIsingDataset(artifacts) // the format's own checks: E, m recomputed from every configuration
    expect(d.meta.temperatures).toEqual([3, 1.5, 2.269, 2, 4])
    expect(d.count).toBe(30)
  })

  it('a capacity experiment of five loads in two shards: the same curves', async () => {
    const merged = await shardedEqualsWhole('hopfield.capacity', { N: 32, alphas: [0.05, 0.1, 0.15, 0.3, 0.5], trials: 3, probes: 2, maxSweeps: 5, rules: ['hebbian', 'storkey'] }, 2)
    expect(merged.result?.alphas).toEqual([0.05, 0.1, 0.15, 0.3, 0.5])
  })

  it('refuses what cannot be split, before anything runs', async () => {
    const before = (await lab.invoke('runs.find', { includeScratch: true })).total
    const cases: [unknown, string][] = [
      [{ kind: 'ising.live', params: { L: 8, T: 2 }, seed: 1, shard: { index: 0, count: 2 } }, 'A ising.live run cannot be split into shards: only ising.sweep, ising.dataset, hopfield.capacity runs can'],
      [{ kind: 'hopfield.capacity', params: { alphas: [0.1, 0.2] }, seed: 1, shard: { index: 0, count: 3 } }, 'This hopfield.capacity run has 2 independent parts: it cannot be split into 3 shards.'],
      [{ kind: 'ising.dataset', params: { L: 4, temperatures: [2, 3], samples: 2, replicaExchange: true }, seed: 1, shard: { index: 0, count: 2 } }, 'This ising.dataset run has 1 independent part: it cannot be split into 2 shards.'],
      [{ kind: 'ising.sweep', params: { sizes: [4], temperatures: [2, 3], carry: true }, seed: 1, shard: { index: 1, count: 2 } }, 'has 1 independent part (points, or sizes when the lattice is carried or replicas are exchanged)'],
      [{ kind: 'ising.sweep', params: { sizes: [4], temperatures: [2, 3] }, shard: { index: 0, count: 2 } }, 'A shard needs the seed of the whole run'],
      [{ kind: 'ising.sweep', params: { sizes: [4], temperatures: [2, 3] }, seed: 1, shard: { index: 2, count: 2 } }, 'the shard index must be below the number of shards']
    ]
    for (const [input, message] of cases) {
      const e = await lab.invoke('jobs.start', input).catch((x: unknown) => x)
      expect(e).toBeInstanceOf(LabError)
      expect((e as LabError).message).toContain(message)
    }
    expect((await lab.invoke('runs.find', { includeScratch: true })).total).toBe(before)
  })

  it('refuses to merge shards that do not make one run', async () => {
    const params = { N: 16, alphas: [0.1, 0.2, 0.3], trials: 1, probes: 0 }
    const one = await ran('hopfield.capacity', params, { index: 0, count: 2 })
    const other = await ran('hopfield.capacity', { ...params, trials: 2 }, { index: 1, count: 2 })
    const file = async (id: number) => ({ name: `s${id}.physml`, bytes: (await lab.invoke('runs.exportBundle', { runIds: [id] })).bytes })
    const mixed = await lab.invoke('runs.import', { files: [await file(one), await file(other)], merge: true }).catch((x: unknown) => x)
    expect((mixed as LabError).message).toMatch(/is a shard of another run \(its params, seed or number of shards differ/)
    const twice = await lab.invoke('runs.import', { files: [await file(one), await file(one)], merge: true }).catch((x: unknown) => x)
    expect((twice as LabError).message).toMatch(/^Shard 0\/2 is given twice/)
  })
})
