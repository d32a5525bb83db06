// IDX import and image look-up through the real service (store thread, worker threads): a
// small IDX pair round-trips raw and gzipped, a network trains on it, every malformed file is
// refused with its reason and leaves the store untouched, and 'data.digits' returns exactly
// the bytes of the bundled file.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createLab } from '../../src/main/app/createLab'
import type { LabService } from '../../src/main/service/labService'
import type { Envelope } from '../../src/shared/errors'
import type { LabEvent, RunSummary } from '../../src/shared/types'
import type { LabeledImages } from '../../src/engine/data/images'
import { writeIdx, writeIdxImages, writeIdxLabels } from '../../src/engine/data/idx'
import { createRng } from '../../src/engine/rng'
import { bundledDigits } from '../helpers/bundledDigits'
import { tempDir } from '../helpers/tempDir'

let lab: LabService
const tmp = tempDir()
const statuses = new Map<number, LabEvent & { type: 'job.status' }>()
const waiters = new Map<number, () => void>()

beforeAll(async () => {
  lab = await createLab({ dataDir: tmp.dir, transport: 'cli', workers: 2 })
  lab.subscribe((e) => {
    if (e.type === 'job.status' && ['done', 'failed', 'cancelled'].includes(e.status)) {
      statuses.set(e.runId, e)
      waiters.get(e.runId)?.()
    }
  })
})
afterAll(async () => {
  await lab.close()
  tmp.remove()
})

function ended(runId: number): Promise<LabEvent & { type: 'job.status' }> {
  const seen = statuses.get(runId)
  if (seen) return Promise.resolve(seen)
  return new Promise((resolve) => waiters.set(runId, () => resolve(statuses.get(runId)!)))
}

const listAll = async (): Promise<RunSummary[]> => lab.invoke('runs.list', { includeScratch: true })

// A tiny image set a network can learn in one epoch: 8×8 images, class k has a bright 2×2
// block in its own corner/centre position, plus seeded noise.
const ROWS = 8
const COLS = 8
const CLASSES = 4
const COUNT = 1000
function tinySet(): { pixels: Uint8Array; labels: Uint8Array } {
  const rng = createRng(5, 0)
  const pixels = new Uint8Array(COUNT * ROWS * COLS)
  const labels = new Uint8Array(COUNT)
  const spots = [
    [1, 1],
    [1, 5],
    [5, 1],
    [5, 5]
  ]
  for (let i = 0; i < COUNT; i++) {
    const k = i % CLASSES
    labels[i] = k
    const off = i * ROWS * COLS
    for (let p = 0; p < ROWS * COLS; p++) pixels[off + p] = rng.int(40)
    const [r, c] = spots[k]
    for (let dr = 0; dr < 2; dr++) for (let dc = 0; dc < 2; dc++) pixels[off + (r + dr) * COLS + c + dc] = 200 + rng.int(56)
  }
  return { pixels, labels }
}

const tiny = tinySet()
const imagesIdx = writeIdxImages({ count: COUNT, rows: ROWS, cols: COLS, pixels: tiny.pixels })
const labelsIdx = writeIdxLabels(tiny.labels)

describe('datasets.import', () => {
  let rawId = 0

  it('imports a raw IDX pair as a kept dataset.idx run that lists, describes and reads back exactly', async () => {
    const r = await lab.invoke('datasets.import', { name: 'tiny blocks', images: imagesIdx, labels: labelsIdx })
    rawId = r.runId
    expect(r).toMatchObject({ count: COUNT, rows: ROWS, cols: COLS, classes: CLASSES, classCounts: [250, 250, 250, 250] })

    const listed = (await lab.invoke('runs.list', {})).find((x) => x.id === rawId)
    expect(listed).toMatchObject({ kind: 'dataset.idx', name: 'tiny blocks', status: 'done', kept: true })
    const detail = await lab.invoke('runs.get', { runId: rawId })
    expect(detail.result).toEqual({ count: COUNT, rows: ROWS, cols: COLS, classes: CLASSES, classCounts: [250, 250, 250, 250] })
    expect(detail.params).toMatchObject({ name: 'tiny blocks', files: { images: { gzip: false, bytes: imagesIdx.length }, labels: { gzip: false } } })
    expect(detail.log.map((l) => l.message).join('\n')).toContain(`Imported ${COUNT} images of 8×8 pixels in 4 classes`)

    const images = await lab.invoke('runs.artifact', { runId: rawId, name: 'images' })
    const labels = await lab.invoke('runs.artifact', { runId: rawId, name: 'labels' })
    expect(images.data).toEqual(tiny.pixels)
    expect(labels.data).toEqual(tiny.labels)

    const some = await lab.invoke('data.digits', { indices: [0, 7, 999], dataset: { importedId: rawId } })
    expect(some).toMatchObject({ rows: ROWS, cols: COLS, classes: CLASSES, count: COUNT })
    expect(Array.from(some.labels)).toEqual([0, 3, 3])
    const px = ROWS * COLS
    expect(some.pixels).toEqual(Uint8Array.from([...tiny.pixels.subarray(0, px), ...tiny.pixels.subarray(7 * px, 8 * px), ...tiny.pixels.subarray(999 * px)]))
  })

  it('imports the same pair gzipped (async gunzip) to the same content', async () => {
    const r = await lab.invoke('datasets.import', { name: 'tiny blocks (gz)', images: gzipSync(imagesIdx), labels: gzipSync(labelsIdx) })
    expect(r).toMatchObject({ count: COUNT, rows: ROWS, cols: COLS, classes: CLASSES })
    const detail = await lab.invoke('runs.get', { runId: r.runId })
    expect(detail.params).toMatchObject({ files: { images: { gzip: true }, labels: { gzip: true } } })
    expect((await lab.invoke('runs.artifact', { runId: r.runId, name: 'images' })).data).toEqual(tiny.pixels)
    expect((await lab.invoke('runs.artifact', { runId: r.runId, name: 'labels' })).data).toEqual(tiny.labels)
  })

  /** Continue from a run's stored weights: the first measured training loss starts far below a fresh start's. */
  async function expectTrainsOn(kind: string, params: Record<string, unknown>, runId: number): Promise<void> {
    const more = await lab.invoke('jobs.start', { kind, params: { ...params, resumeFrom: { runId } }, seed: 4 })
    const end = await ended(more.runId)
    expect(end.status, end.error).toBe('done')
    const s1 = await lab.invoke('runs.series', { runId, names: ['trainLoss'] })
    const s2 = await lab.invoke('runs.series', { runId: more.runId, names: ['trainLoss'] })
    expect(s2.values.trainLoss[0]).toBeLessThan(0.5 * s1.values.trainLoss[0])
  }

  it('trains network.train for one epoch on the imported set, then trains further from its weights', async () => {
    const params = {
      layers: [ROWS * COLS, 16, CLASSES],
      optimizer: 'adam',
      lr: 0.01,
      epochs: 1,
      batchSize: 16,
      evalEvery: 10,
      dataset: { importedId: rawId }
    }
    const first = await lab.invoke('jobs.start', { kind: 'network.train', params, seed: 3 })
    const end = await ended(first.runId)
    expect(end.status, end.error).toBe('done')
    const result = end.result as { testAccuracy: number; confusion: number[][] }
    // 800 / 100 / 100 split of the 1000 items; the blocks are unmistakable once learnt.
    expect(result.confusion.flat().reduce((a, b) => a + b, 0)).toBe(100)
    expect(result.testAccuracy).toBeGreaterThan(0.9)
    const detail = await lab.invoke('runs.get', { runId: first.runId })
    expect(detail.artifacts.map((a) => a.name).sort()).toEqual(['confusion', 'misclassified', 'weights.1', 'weights.2'])
    const w1 = detail.artifacts.find((a) => a.name === 'weights.1')!
    expect(w1.length).toBe(16 * 64 + 16)

    await expectTrainsOn('network.train', params, first.runId)
  })

  it('trains cnn.train on the imported set, then trains further from its stored weights; a run of another kind is refused before anything is stored', async () => {
    const params = {
      architecture: [
        { type: 'conv', filters: 4, kernel: 3, padding: 'same' },
        { type: 'activation', fn: 'relu' },
        { type: 'pool', mode: 'max', size: 2 },
        { type: 'dense', units: CLASSES }
      ],
      lr: 0.01,
      epochs: 1,
      batchSize: 16,
      evalEvery: 10,
      dataset: { importedId: rawId }
    }
    const first = await lab.invoke('jobs.start', { kind: 'cnn.train', params, seed: 3 })
    const end = await ended(first.runId)
    expect(end.status, end.error).toBe('done')
    const detail = await lab.invoke('runs.get', { runId: first.runId })
    expect(detail.artifacts.map((a) => a.name).sort()).toEqual(['cnn.weights.1', 'cnn.weights.4', 'confusion'])

    await expectTrainsOn('cnn.train', params, first.runId)

    // the weights of a feedforward network cannot seed a CNN (nor the reverse): refused, no run made
    const networkRun = (await listAll()).find((r) => r.kind === 'network.train')!
    const before = (await listAll()).length
    const wrong = (await lab.call('jobs.start', { kind: 'cnn.train', params: { ...params, resumeFrom: { runId: networkRun.id } } })) as Envelope<{ runId: number }>
    expect(wrong.ok).toBe(false)
    if (!wrong.ok) expect(wrong.error.message).toBe(`run ${networkRun.id} is not a convolutional network run: only the weights of a convolutional network can be trained further here`)
    const back = (await lab.call('jobs.start', { kind: 'network.train', params: { layers: [ROWS * COLS, 16, CLASSES], lr: 0.01, dataset: { importedId: rawId }, resumeFrom: { runId: first.runId } } })) as Envelope<{ runId: number }>
    expect(back.ok).toBe(false)
    expect((await listAll()).length).toBe(before)
  })

  it('refuses a dataset that does not fit the layer sizes, naming both', async () => {
    const env = (await lab.call('jobs.start', {
      kind: 'network.train',
      params: { layers: [784, 16, 10], lr: 0.01, epochs: 1, dataset: { importedId: rawId } }
    })) as Envelope<{ runId: number }>
    // The service starts it; the engine refuses the mismatch with a clear message.
    expect(env.ok).toBe(true)
    if (!env.ok) return
    const end = await ended(env.value.runId)
    expect(end.status).toBe('failed')
    expect(end.error).toMatch(/784 inputs, the images have 8×8 = 64 pixels/)
  })
})

describe('malformed imports are refused with their reason and store nothing', () => {
  const truncate = (b: Uint8Array, n: number): Uint8Array => b.slice(0, b.length - n)
  const badDims = writeIdx([3, 2000, 2], new Uint8Array(3 * 2000 * 2))
  const notGzip = Uint8Array.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
  const cases: [string, Uint8Array, Uint8Array, RegExp][] = [
    ['a file that is not IDX at all', new TextEncoder().encode('hello, this is a text file\n'), labelsIdx, /image file is not an IDX file: magic number 0x68656c6c/],
    ['the label file given as images (wrong magic number)', labelsIdx, labelsIdx, /image file has magic number 0x00000801, expected 0x00000803 \(this is a label file\)/],
    ['the image file given as labels', imagesIdx, imagesIdx, /label file has magic number 0x00000803, expected 0x00000801/],
    ['bad dimensions', badDims, writeIdxLabels(new Uint8Array(3)), /2000×2 images: bad dimensions/],
    ['a truncated image file', truncate(imagesIdx, 10), labelsIdx, /image file is truncated: dims 1000×8×8 need 64000 data bytes, the file has 63990/],
    ['a truncated header', imagesIdx.slice(0, 9), labelsIdx, /image file is truncated: 9 bytes, its header alone needs 16/],
    ['a label count mismatch', imagesIdx, writeIdxLabels(tiny.labels.slice(0, 999)), /label count mismatch: the label file has 999 labels, the image file 1000 images/],
    ['a broken gzip stream', notGzip, labelsIdx, /images file looks gzipped .* does not decompress/],
    ['an empty file', new Uint8Array(0), labelsIdx, /images: the images file is empty/]
  ]
  for (const [what, images, labels, message] of cases) {
    it(`refuses ${what}`, async () => {
      const before = await listAll()
      const env = (await lab.call('datasets.import', { name: 'bad', images, labels })) as Envelope<unknown>
      expect(env.ok).toBe(false)
      if (env.ok) return
      expect(env.error.code).toBe('invalid')
      expect(env.error.message).toMatch(message)
      expect(await listAll()).toEqual(before)
    })
  }

  it('refuses input that is not bytes, and a name that is empty', async () => {
    const before = await listAll()
    const a = (await lab.call('datasets.import', { name: 'x', images: [0, 0, 8, 3], labels: labelsIdx })) as Envelope<unknown>
    expect(a).toMatchObject({ ok: false, error: { code: 'invalid' } })
    if (!a.ok) expect(a.error.message).toMatch(/images: the images file must be sent as bytes/)
    const b = (await lab.call('datasets.import', { name: '  ', images: imagesIdx, labels: labelsIdx })) as Envelope<unknown>
    expect(b).toMatchObject({ ok: false, error: { code: 'invalid' } })
    expect(await listAll()).toEqual(before)
  })
})

describe('data.digits', () => {
  let truth: LabeledImages
  beforeAll(() => {
    truth = bundledDigits()
  })

  it('returns the bundled digits at the given indices, bytes and labels as in the file', async () => {
    const indices = [0, 1, 4321, 9999, 4321]
    const r = await lab.invoke('data.digits', { indices })
    expect(r).toMatchObject({ rows: 28, cols: 28, classes: 10, count: 10000 })
    expect(Array.from(r.labels)).toEqual(indices.map((i) => truth.labels[i]))
    indices.forEach((item, i) => expect(r.pixels.subarray(i * 784, (i + 1) * 784)).toEqual(truth.pixels.subarray(item * 784, (item + 1) * 784)))
  })

  it('refuses an index out of range, too many indices, and a run that is not a dataset', async () => {
    expect(await lab.call('data.digits', { indices: [10000] })).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/index 10000 is out of range: the dataset has 10000 images/) } })
    expect(await lab.call('data.digits', { indices: new Array(401).fill(0) })).toMatchObject({ ok: false, error: { code: 'invalid', message: expect.stringMatching(/at most 400/) } })
    const { runId } = await lab.invoke('jobs.start', { kind: 'ising.live', params: { L: 8, T: 2, sweeps: 5 } })
    await ended(runId)
    expect(await lab.call('data.digits', { indices: [0], dataset: { importedId: runId } })).toMatchObject({
      ok: false,
      error: { code: 'invalid', message: expect.stringMatching(/is not an imported dataset \(it is a ising.live run/) }
    })
  })
})

// The real Fashion-MNIST test files (Debian package dataset-fashion-mnist), when installed.
const FASHION = '/usr/share/datasets/fashion-mnist'
const fashionFiles = ['t10k-images-idx3-ubyte.gz', 't10k-labels-idx1-ubyte.gz'].map((f) => join(FASHION, f))
const haveFashion = fashionFiles.every((f) => existsSync(f))
describe(haveFashion ? 'real Fashion-MNIST' : `real Fashion-MNIST — skipped: ${FASHION}/t10k-*.gz is absent (the apt package dataset-fashion-mnist is not installed)`, () => {
  it.skipIf(!haveFashion)('imports the t10k files: 10,000 images of 28×28 in 10 classes of 1,000 each', async () => {
    const [images, labels] = fashionFiles.map((f) => new Uint8Array(readFileSync(f)))
    const r = await lab.invoke('datasets.import', { name: 'Fashion-MNIST t10k', images, labels })
    expect(r).toMatchObject({ count: 10000, rows: 28, cols: 28, classes: 10, classCounts: new Array(10).fill(1000) })
  })
})
