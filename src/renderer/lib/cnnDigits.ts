// The bundled MNIST digits as the CNN panel sees them: the test part of the lab's fixed split
// (the digits no cnn.train run has trained on), fetched through 'data.digits' at most
// MAX_DIGITS_PER_CALL at a time and cached, so stepping through digits costs one call per new
// digit at most.

import { MAX_DIGITS_PER_CALL } from '../../shared/api'
import { splitDataset } from '../../engine/data/split'
import { call } from './lab'

export interface Digit {
  /** Index in the bundled set. */
  index: number
  label: number
  /** 28×28 bytes 0…255. */
  pixels: Uint8Array
}

let count: number | null = null
let test: Int32Array | null = null
const cache = new Map<number, Digit>()

/** Number of bundled digits (asked once). */
export async function digitCount(): Promise<number> {
  if (count === null) count = (await call('data.digits', { indices: [] })).count
  return count
}

/** Indices of the test split, in the split's order (the same as every training run uses). */
export async function testIndices(): Promise<Int32Array> {
  if (!test) test = splitDataset(await digitCount()).test
  return test
}

/** The digits at these dataset indices, in order. */
export async function fetchDigits(indices: readonly number[]): Promise<Digit[]> {
  const missing = [...new Set(indices.filter((i) => !cache.has(i)))]
  for (let s = 0; s < missing.length; s += MAX_DIGITS_PER_CALL) {
    const part = missing.slice(s, s + MAX_DIGITS_PER_CALL)
    const r = await call('data.digits', { indices: part })
    const px = r.rows * r.cols
    part.forEach((index, k) => cache.set(index, { index, label: r.labels[k], pixels: r.pixels.slice(k * px, (k + 1) * px) }))
  }
  return indices.map((i) => cache.get(i)!)
}

/** Bytes → the network's input (bytes/255, as the training job scales them). */
export function digitInput(pixels: ArrayLike<number>): Float32Array {
  const x = new Float32Array(pixels.length)
  for (let i = 0; i < x.length; i++) x[i] = pixels[i] / 255
  return x
}

let testSet: Promise<Digit[]> | null = null

/** All test digits, in split order (fetched once, ~0.8 MB). */
export function loadTestDigits(): Promise<Digit[]> {
  if (!testSet) {
    testSet = testIndices().then((idx) => fetchDigits(Array.from(idx)))
    testSet.catch(() => (testSet = null))
  }
  return testSet
}
