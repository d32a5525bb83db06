// For every job kind, through the real service (worker pool, store thread, SQLite): a rerun
// with the same params and seed gives bit-identical metric series and artifacts, and a bundle
// of the runs imported into another lab gives back every run exactly — params, result,
// curves, artifacts, log, tags, note, star — under new ids that remember the old ones. The
// loop is over the kind registry: a new kind is covered by its case in tinyKinds.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeIdxImages, writeIdxLabels } from '../../src/engine/data/idx'
import type { LabService } from '../../src/main/service/labService'
import { kindNames, type KindName } from '../../src/shared/kinds'
import { importedDataset } from '../../src/shared/kinds/importedDataset'
import { networkTrain } from '../../src/shared/kinds/network'
import { isingDataset } from '../../src/shared/kinds/isingDataset'
import { rbmComplete, rbmDream, rbmTrain } from '../../src/shared/kinds/rbm'
import { rbmThermo } from '../../src/shared/kinds/rbmThermo'
import { inputRunIds, renumberInputRuns } from '../../src/shared/kinds/inputRuns'
import type { RunDetail } from '../../src/shared/types'
import { startTestLab, waitForEnd, type TestLab } from '../helpers/testLab'
import { tinyParams } from '../helpers/tinyKinds'

let a: TestLab
let b: TestLab
beforeAll(async () => {
  ;[a, b] = await Promise.all([startTestLab(2), startTestLab(1)])
})
afterAll(async () => {
  await Promise.all([a.close(), b.close()])
})

/** Element by element, NaN equal to NaN (a missing measurement is one in both). */
function expectBitIdentical(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, what).toBe(expected.length)
  const x = new Float64Array(Array.from(actual))
  const y = new Float64Array(Array.from(expected))
  const bx = new Uint8Array(x.buffer)
  const by = new Uint8Array(y.buffer)
  for (let i = 0; i < bx.length; i++) if (bx[i] !== by[i] && !(Number.isNaN(x[i >> 3]) && Number.isNaN(y[i >> 3]))) throw new Error(`${what}: value ${i >> 3} differs: ${x[i >> 3]} vs ${y[i >> 3]}`)
}

async function run(lab: LabService, kind: KindName, params: unknown, seed: number, rerunOf?: number): Promise<number> {
  const { runId } = await lab.invoke('jobs.start', { kind, params, seed, ...(rerunOf ? { rerunOf } : {}) })
  const end = await waitForEnd(lab, runId)
  expect(end.error, `${kind} failed`).toBeUndefined()
  expect(end.status).toBe('done')
  return runId
}

/** Everything a run holds, for comparing two of them. */
async function contents(lab: LabService, runId: number) {
  const detail = await lab.invoke('runs.get', { runId })
  const series = await lab.invoke('runs.series', { runId })
  const artifacts = await Promise.all(detail.artifacts.map((x) => lab.invoke('runs.artifact', { runId, name: x.name })))
  return { detail, series, artifacts }
}

function expectSameContents(x: Awaited<ReturnType<typeof contents>>, y: Awaited<ReturnType<typeof contents>>, what: string): void {
  expect(y.detail.series, what).toEqual(x.detail.series)
  expect(x.detail.series.length, `${what}: has series`).toBeGreaterThan(0)
  expectBitIdentical(y.series.steps, x.series.steps, `${what}: steps`)
  for (const name of x.detail.series) expectBitIdentical(y.series.values[name], x.series.values[name], `${what}: series ${name}`)
  expect(y.artifacts.map((z) => z.info), what).toEqual(x.artifacts.map((z) => z.info))
  x.artifacts.forEach((z, i) => {
    expect(y.artifacts[i].data.constructor, `${what}: artifact ${z.info.name}`).toBe(z.data.constructor)
    expectBitIdentical(y.artifacts[i].data, z.data, `${what}: artifact ${z.info.name}`)
  })
}

const first = new Map<KindName, number>()
const firstContents = new Map<KindName, Awaited<ReturnType<typeof contents>>>()

describe('a rerun with the same seed is the same run', () => {
  for (const kind of kindNames) {
    it(kind, async () => {
      const id = await run(a.lab, kind, await tinyParams(a.lab, kind), 7)
      first.set(kind, id)
      const original = await contents(a.lab, id)
      firstContents.set(kind, original)
      // As the Runs panel reruns it: the stored params and seed, as they come back from the store.
      const again = await run(a.lab, kind, original.detail.params, original.detail.seed, id)
      const rerun = await contents(a.lab, again)
      expectSameContents(original, rerun, `${kind} rerun`)
      expect(rerun.detail.result).toEqual(original.detail.result)
      expect(rerun.detail.origin).toEqual({ rerunOf: id })
    })
  }
})

describe('a bundle of every kind, imported into another lab', () => {
  let datasetId: number
  let exported: { filename: string; bytes: Uint8Array; runs: number }
  let imported: number[]
  let sources: RunDetail[]

  beforeAll(async () => {
    // A run that is not a job: a small imported image set.
    const count = 20
    const pixels = Uint8Array.from({ length: count * 16 }, (_, i) => (i * 37) % 256)
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 3)
    datasetId = (
      await a.lab.invoke('datasets.import', { name: 'tiny set', images: writeIdxImages({ count, rows: 4, cols: 4, pixels }), labels: writeIdxLabels(labels) })
    ).runId
    // With the runs they read (the machine the RBM cases sample): the export takes them along.
    const read = await Promise.all(
      [...first.values()].map(async (runId) => {
        const d = await a.lab.invoke('runs.get', { runId })
        return inputRunIds(d.kind, d.params)
      })
    )
    const ids = [...new Set([...first.values(), datasetId, ...read.flat()])]
    for (const [k, id] of ids.entries())
      await a.lab.invoke('runs.annotate', { runId: id, note: `note of run ${k}: Binder crossing`, addTags: ['bundle test', `k${k}`], starred: k % 2 === 0 })
    sources = await Promise.all(ids.map((runId) => a.lab.invoke('runs.get', { runId })))
    exported = await a.lab.invoke('runs.exportBundle', { runIds: ids })
    imported = (await b.lab.invoke('runs.import', { files: [{ name: exported.filename, bytes: exported.bytes }] })).runIds
  })

  it('exports them as one .physml file', () => {
    expect(exported.runs).toBe(sources.length)
    expect(sources.length).toBe(kindNames.length + 2) // and the machine the dream and the completion read
    expect(exported.filename).toMatch(new RegExp(`^runs-${sources.length}-\\d{8}-\\d{4}\\.physml$`))
    expect(new TextDecoder().decode(exported.bytes.subarray(0, 15))).toBe('SQLite format 3')
  })

  it('gives every run back exactly, under a new id that remembers the old one', async () => {
    expect(imported).toHaveLength(sources.length)
    const ordered = [...sources].sort((x, y) => x.id - y.id)
    const there = new Map(ordered.map((src, i) => [src.id, imported[i]]))
    for (const [i, src] of ordered.entries()) {
      const now = await contents(b.lab, imported[i])
      const then = await contents(a.lab, src.id)
      const d = now.detail
      expect(d.kind).toBe(src.kind)
      // The runs they read (the machine of a dream) by their ids there.
      expect(d.params, `${src.kind}: params`).toEqual(renumberInputRuns(src.kind, src.params, (id) => there.get(id)!))
      for (const key of ['name', 'result', 'seed', 'status', 'createdAt', 'finishedAt', 'note', 'tags', 'starred', 'appVersion', 'log'] as const)
        expect(d[key], `${src.kind}: ${key}`).toEqual(src[key])
      expect(d.origin?.imports).toEqual([{ file: exported.filename, originalId: src.id, exportedAt: expect.any(String), appVersion: src.appVersion }])
      if (src.kind !== importedDataset.kind) expectSameContents(then, now, `${src.kind} imported`)
      else expect(now.artifacts.map((x) => Array.from(x.data))).toEqual(then.artifacts.map((x) => Array.from(x.data)))
    }
    const found = await b.lab.invoke('runs.find', { tags: ['bundle test'], text: 'binder' })
    expect(found.total).toBe(sources.length)
  })

  it('a training imported from a bundle can be trained further from its weights', async () => {
    const net = imported[[...sources].sort((x, y) => x.id - y.id).findIndex((s) => s.kind === networkTrain.kind)]
    const d = await b.lab.invoke('runs.get', { runId: net })
    const further = await run(b.lab, networkTrain.kind, { ...d.params, epochs: 1, resumeFrom: { runId: net } }, 3)
    expect((await b.lab.invoke('runs.get', { runId: further })).result).toMatchObject({ epochsRun: 1 })
  })
})

describe('a bundle is self-contained: it takes along the runs its runs read', () => {
  it('a training on an imported set, trained further, exported alone: the set and the first training come too, read there under their new ids', async () => {
    const count = 50
    const pixels = Uint8Array.from({ length: count * 16 }, (_, i) => (i * 53) % 256)
    const labels = Uint8Array.from({ length: count }, (_, i) => i % 2)
    const images = writeIdxImages({ count, rows: 4, cols: 4, pixels })
    const set = (await a.lab.invoke('datasets.import', { name: 'inputs set', images, labels: writeIdxLabels(labels) })).runId
    const params = { layers: [16, 4, 2], lr: 0.05, epochs: 1, batchSize: 8, evalEvery: 0, dataset: { importedId: set } }
    const first = await run(a.lab, networkTrain.kind, params, 3)
    const further = await run(a.lab, networkTrain.kind, { ...params, resumeFrom: { runId: first } }, 4)

    // The other lab has an image set of that shape already, at an id the bundle's set may have had.
    const other = Uint8Array.from({ length: count * 16 }, (_, i) => (i * 31) % 256)
    await b.lab.invoke('datasets.import', { name: 'set there', images: writeIdxImages({ count, rows: 4, cols: 4, pixels: other }), labels: writeIdxLabels(labels) })

    const out = await a.lab.invoke('runs.exportBundle', { runIds: [further] })
    expect(out.runs).toBe(3)
    const { runIds } = await b.lab.invoke('runs.import', { files: [{ name: out.filename, bytes: out.bytes }] })
    const [setB, firstB, furtherB] = runIds
    expect(setB).not.toBe(set)
    const d = await b.lab.invoke('runs.get', { runId: furtherB })
    expect(d.params).toMatchObject({ dataset: { importedId: setB }, resumeFrom: { runId: firstB } })
    expect((await b.lab.invoke('runs.get', { runId: firstB })).params).toMatchObject({ dataset: { importedId: setB } })
    expect(d.origin?.imports?.[0]).toMatchObject({ originalId: further })

    // Run again there, as the Runs panel does: the same run, value for value.
    const again = await run(b.lab, networkTrain.kind, d.params, d.seed, furtherB)
    expectSameContents(await contents(a.lab, further), await contents(b.lab, again), 'the imported training run again')
  })

  /** Export `runId` alone into lab b: the ids there, in the bundle's order (inputs first). */
  async function exportAlone(runId: number, runs: number): Promise<number[]> {
    const out = await a.lab.invoke('runs.exportBundle', { runIds: [runId] })
    expect(out.runs).toBe(runs)
    return (await b.lab.invoke('runs.import', { files: [{ name: out.filename, bytes: out.bytes }] })).runIds
  }

  it('a dream and a completion exported alone come with their machine, and there sample the imported machine: the same runs', async () => {
    for (const kind of [rbmDream.kind, rbmComplete.kind] as const) {
      const params = (await tinyParams(a.lab, kind)) as { machine: { runId: number } }
      const sampled = await run(a.lab, kind, params, 11)
      const [machineB, sampledB] = await exportAlone(sampled, 2)
      expect(machineB).not.toBe(params.machine.runId)
      expect((await b.lab.invoke('runs.get', { runId: machineB })).kind).toBe(rbmTrain.kind)
      const d = await b.lab.invoke('runs.get', { runId: sampledB })
      expect(d.params).toMatchObject({ machine: { runId: machineB } })
      const again = await run(b.lab, kind, d.params, d.seed, sampledB)
      expectSameContents(await contents(a.lab, sampled), await contents(b.lab, again), `the imported ${kind} run again`)
    }
  })

  it('a machine trained on a stored Ising dataset, and thermodynamics learnt from one, exported alone come with the dataset, read there under its new id', async () => {
    const set = await run(a.lab, isingDataset.kind, { L: 4, temperatures: [2, 3], samples: 20, pilotSweeps: 100, equilibrationSweeps: 10 }, 5)
    const cases = [
      { kind: rbmTrain.kind, params: { data: { source: 'isingDataset', runId: set, T: 3 }, hidden: 3, epochs: 1, batchSize: 10, ais: null }, readsSet: (p: unknown) => ({ data: { runId: p } }) },
      {
        kind: rbmThermo.kind,
        params: { source: { runId: set }, L: 4, temperatures: [2, 3], seeds: 1, hidden: 2, epochs: 1, batchSize: 10, sampleChains: 10, sampleSweeps: 2 },
        readsSet: (p: unknown) => ({ source: { runId: p } })
      }
    ]
    for (const c of cases) {
      const trained = await run(a.lab, c.kind, c.params, 6)
      const [setB, trainedB] = await exportAlone(trained, 2)
      expect((await b.lab.invoke('runs.get', { runId: setB })).kind).toBe(isingDataset.kind)
      const d = await b.lab.invoke('runs.get', { runId: trainedB })
      expect(d.params, c.kind).toMatchObject(c.readsSet(setB))
      const again = await run(b.lab, c.kind, d.params, d.seed, trainedB)
      expectSameContents(await contents(a.lab, trained), await contents(b.lab, again), `the imported ${c.kind} run again`)
    }
  })
})
