// Decompression bombs against the IDX importer, through the real service: a small gzip that
// declares (or inflates to) more than a dataset can hold is refused by its header or as soon
// as it inflates past it — the importer's memory never grows by the bomb's size — and only one
// import runs at a time.
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { LabService } from '../../src/main/service/labService'
import { MAX_BLOB_BYTES } from '../../src/main/store/limits'
import type { Envelope } from '../../src/shared/errors'
import { writeIdxLabels } from '../../src/engine/data/idx'
import { startTestLab, type TestLab } from '../helpers/testLab'

let t: TestLab
let lab: LabService
beforeAll(async () => {
  t = await startTestLab(1)
  lab = t.lab
})
afterAll(() => t.close())

const MiB = 1024 * 1024

/** An IDX header (ubyte) declaring `dims`. */
function idxHeader(dims: number[]): Uint8Array {
  const h = new Uint8Array(4 + 4 * dims.length)
  h[2] = 0x08
  h[3] = dims.length
  dims.forEach((d, i) => new DataView(h.buffer).setUint32(4 + 4 * i, d, false))
  return h
}

/** gzip of `head` followed by `zeroMiB` MiB of zeros, built as concatenated gzip members (valid gzip) so the test stays cheap. */
function bomb(head: Uint8Array, zeroMiB: number): Uint8Array {
  const block = gzipSync(new Uint8Array(16 * MiB))
  const parts = [gzipSync(head)]
  for (let i = 0; i < zeroMiB / 16; i++) parts.push(block)
  return new Uint8Array(Buffer.concat(parts))
}

// A full collection before each baseline, so garbage of an earlier import cannot hide a new one.
setFlagsFromString('--expose-gc')
const gc = runInNewContext('gc') as () => void

/** Run `fn`, sampling the process's ArrayBuffer memory; the peak growth in MiB. */
async function peakGrowth<T>(fn: () => Promise<T>): Promise<{ value: T; growthMiB: number }> {
  gc()
  const base = process.memoryUsage().arrayBuffers
  let peak = base
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().arrayBuffers)), 2)
  try {
    const value = await fn()
    peak = Math.max(peak, process.memoryUsage().arrayBuffers)
    return { value, growthMiB: (peak - base) / MiB }
  } finally {
    clearInterval(timer)
  }
}

const labels = writeIdxLabels(new Uint8Array(1000))

async function refusal(images: Uint8Array, labelBytes = labels): Promise<{ message: string; growthMiB: number }> {
  const before = await lab.invoke('runs.list', { includeScratch: true })
  const { value, growthMiB } = await peakGrowth(() => lab.call('datasets.import', { name: 'bomb', images, labels: labelBytes }) as Promise<Envelope<unknown>>)
  expect(value.ok).toBe(false)
  expect(await lab.invoke('runs.list', { includeScratch: true })).toEqual(before)
  return { message: value.ok ? '' : value.error.message, growthMiB }
}

describe('decompression bombs', () => {
  it('refuses by its declared size an IDX that holds more than the store can keep, in well under 1 MB of gzip', async () => {
    const images = bomb(idxHeader([800, 1024, 1024]), 800)
    expect(images.byteLength).toBeLessThan(1 * MiB)
    const { message, growthMiB } = await refusal(images)
    expect(message).toMatch(/Not imported: the images file declares 800×1024×1024 = 838,860,800 bytes, more than the 511\.9 MiB one dataset can hold/)
    expect(growthMiB).toBeLessThan(64)
  })

  it('stops a gzip that inflates past what its header declares, as soon as it does', async () => {
    const images = bomb(idxHeader([1000, 28, 28]), 640) // declares 784 kB, inflates to 640 MiB
    const { message, growthMiB } = await refusal(images)
    expect(message).toMatch(/Not imported: the images file inflates to more than its header declares \(1000×28×28 = 784,000 bytes of data\)/)
    expect(growthMiB).toBeLessThan(64)
  })

  it('stops a gzip of zeros (no IDX header at all) after its first bytes', async () => {
    const images = bomb(new Uint8Array(16), 640)
    const { message, growthMiB } = await refusal(images)
    expect(message).toMatch(/image file has IDX data type 0x00/)
    expect(growthMiB).toBeLessThan(64)
  })

  it('refuses by its header a dataset one image over the store limit', async () => {
    // rows·cols·count just over the limit: refused by the header, with nothing read.
    const cols = 1024
    const rows = 1024
    const count = Math.floor(MAX_BLOB_BYTES / (rows * cols)) + 1
    const { message } = await refusal(bomb(idxHeader([count, rows, cols]), 16))
    expect(message).toMatch(/more than the 511\.9 MiB one dataset can hold/)
  })
})

describe('one import at a time', () => {
  it('refuses a second import while the first runs, and takes it once the first has finished', async () => {
    const count = 20000
    const images = new Uint8Array(Buffer.concat([idxHeader([count, 28, 28]), new Uint8Array(count * 784).fill(3)]))
    const lab20k = writeIdxLabels(Uint8Array.from({ length: count }, (_, i) => i % 10))
    const first = lab.call('datasets.import', { name: 'first', images, labels: lab20k })
    const second = lab.call('datasets.import', { name: 'second', images, labels: lab20k })
    expect(await second).toMatchObject({ ok: false, error: { code: 'busy', message: 'Another import is in progress: try again when it has finished.' } })
    expect(await first).toMatchObject({ ok: true, value: { count } })
    expect(await lab.call('datasets.import', { name: 'third', images, labels: lab20k })).toMatchObject({ ok: true, value: { count } })
  })
})
