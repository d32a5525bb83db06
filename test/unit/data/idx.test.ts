// The IDX importer: a round trip through the writer, each malformed case refused with its
// own message, and (when Debian's dataset-fashion-mnist is installed) the real files.

import { existsSync, readFileSync } from 'node:fs'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import {
  idxDataset,
  isGzip,
  parseIdx,
  parseIdxImages,
  parseIdxLabels,
  writeIdx,
  writeIdxImages,
  writeIdxLabels
} from '../../../src/engine/data/idx'

function sample(count = 5, rows = 4, cols = 3) {
  const pixels = new Uint8Array(count * rows * cols).map((_, i) => (i * 37) % 256)
  const labels = new Uint8Array(count).map((_, i) => (i * 3) % 10)
  return { count, rows, cols, pixels, labels }
}

describe('IDX round trip', () => {
  it('parses back exactly what it wrote (images and labels)', () => {
    const s = sample()
    const img = writeIdxImages(s)
    const lab = writeIdxLabels(s.labels)
    // the header of the real format: magic 0x00000803, then big-endian dims
    expect(Array.from(img.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 5, 0, 0, 0, 4, 0, 0, 0, 3])
    expect(Array.from(lab.subarray(0, 8))).toEqual([0, 0, 8, 1, 0, 0, 0, 5])
    const ds = idxDataset(img, lab)
    expect(ds.count).toBe(5)
    expect([ds.rows, ds.cols]).toEqual([4, 3])
    expect(Array.from(ds.pixels)).toEqual(Array.from(s.pixels))
    expect(Array.from(ds.labels)).toEqual(Array.from(s.labels))
    expect(ds.classes).toBe(10) // labels up to 9
  })
  it('a gzip round trip goes through node:zlib on the caller side', () => {
    const s = sample()
    const gz = gzipSync(writeIdxImages(s))
    expect(isGzip(gz)).toBe(true)
    expect(() => parseIdxImages(gz)).toThrow(/gzip-compressed.*decompress it first/)
    expect(parseIdxImages(new Uint8Array(gunzipSync(gz))).count).toBe(5)
  })
})

describe('IDX validation: each malformed file gets a clear error', () => {
  const s = sample()
  const img = writeIdxImages(s)
  const lab = writeIdxLabels(s.labels)
  it('wrong magic number: a label file given as images, and the reverse', () => {
    expect(() => parseIdxImages(lab)).toThrow(/magic number 0x00000801, expected 0x00000803 \(this is a label file\)/)
    expect(() => parseIdxLabels(img)).toThrow(/magic number 0x00000803, expected 0x00000801 \(this is an image file\)/)
  })
  it('not IDX at all: nonzero leading bytes', () => {
    const bad = img.slice()
    bad[0] = 0x12
    expect(() => parseIdxImages(bad)).toThrow(/not an IDX file/)
  })
  it('unsupported data type (only unsigned bytes)', () => {
    const bad = img.slice()
    bad[2] = 0x0d
    expect(() => parseIdx(bad)).toThrow(/data type 0x0d/)
  })
  it('bad dimensions: a zero dimension, too many rows, the wrong rank', () => {
    expect(() => parseIdxImages(writeIdxImages({ count: 2, rows: 0, cols: 3, pixels: new Uint8Array(0) }))).toThrow(/zero dimension/)
    const big = writeIdx([1, 2000, 1], new Uint8Array(2000))
    expect(() => parseIdxImages(big)).toThrow(/bad dimensions/)
    const rank2 = writeIdx([5, 12], s.pixels)
    expect(() => parseIdxImages(rank2)).toThrow(/magic number 0x00000802, expected 0x00000803/)
  })
  it('truncated files: short header, short data; and trailing bytes', () => {
    expect(() => parseIdxImages(img.subarray(0, 3))).toThrow(/truncated.*4-byte magic/)
    expect(() => parseIdxImages(img.subarray(0, 10))).toThrow(/truncated.*header alone needs 16/)
    expect(() => parseIdxImages(img.subarray(0, img.length - 1))).toThrow(/truncated: dims 5×4×3 need 60 data bytes, the file has 59/)
    const long = new Uint8Array(img.length + 2)
    long.set(img)
    expect(() => parseIdxImages(long)).toThrow(/2 bytes after/)
  })
  it('label count mismatch', () => {
    expect(() => idxDataset(img, writeIdxLabels(s.labels.subarray(0, 4)))).toThrow(/label count mismatch: the label file has 4 labels, the image file 5 images/)
  })
  it('gzip detected', () => {
    expect(() => parseIdxLabels(Uint8Array.from([0x1f, 0x8b, 8, 0]))).toThrow(/gzip/)
  })
})

const FASHION = '/usr/share/datasets/fashion-mnist'
const fashionFile = (name: string): string | null => {
  for (const f of [`${FASHION}/${name}`, `${FASHION}/${name}.gz`]) if (existsSync(f)) return f
  return null
}
const readMaybeGz = (f: string): Uint8Array => {
  const b = new Uint8Array(readFileSync(f))
  return isGzip(b) ? new Uint8Array(gunzipSync(b)) : b
}

describe.skipIf(!fashionFile('t10k-images-idx3-ubyte'))('real Fashion-MNIST (Debian dataset-fashion-mnist)', () => {
  it('imports the 10,000 test images and labels', () => {
    const ds = idxDataset(readMaybeGz(fashionFile('t10k-images-idx3-ubyte')!), readMaybeGz(fashionFile('t10k-labels-idx1-ubyte')!))
    expect([ds.count, ds.rows, ds.cols, ds.classes]).toEqual([10000, 28, 28, 10])
  })
})
