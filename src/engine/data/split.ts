// The fixed train / validation / test split. A seeded Fisher–Yates shuffle of all indices
// with a FIXED seed (independent of the run's seed), so every run of the lab sees the same
// 8,000 / 1,000 / 1,000 digits and test accuracies are comparable across runs. Not
// stratified: with 10,000 digits the class shares of each part stay within a few percent of
// the whole (the tests check the counts).

import { createRng, shuffle } from '../rng'

/** The split seed of the lab. Changing it changes every reported test accuracy. */
export const SPLIT_SEED = 20240611

export interface Split {
  train: Int32Array
  val: Int32Array
  test: Int32Array
}

/** Shuffle 0..count−1 in place order from `seed` (Fisher–Yates). */
export function shuffledIndices(count: number, seed: number, stream = 0): Int32Array {
  const idx = new Int32Array(count)
  for (let i = 0; i < count; i++) idx[i] = i
  return shuffle(idx, createRng(seed, stream))
}

/**
 * Split `count` items into train / val / test. Default sizes: 80 % / 10 % / 10 %
 * (8,000 / 1,000 / 1,000 for the bundled 10,000 digits).
 */
export function splitDataset(count: number, sizes?: { val: number; test: number }, seed = SPLIT_SEED): Split {
  const { train, val, test } = splitSizes(count, sizes)
  if (train < 1 || val < 0 || test < 0) throw new Error(`cannot split ${count} items into ${val} validation and ${test} test`)
  const idx = shuffledIndices(count, seed)
  return { train: idx.slice(0, train), val: idx.slice(train, train + val), test: idx.slice(train + val) }
}

/** How many items each part of splitDataset(count, sizes) gets. */
export function splitSizes(count: number, sizes?: { val: number; test: number }): { train: number; val: number; test: number } {
  const val = sizes?.val ?? Math.round(count * 0.1)
  const test = sizes?.test ?? Math.round(count * 0.1)
  return { train: count - val - test, val, test }
}
