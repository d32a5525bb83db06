// A whole layer drawn at once (Eq. 25): unit k turns on when a uniform R falls below its
// P(on) (above it with the printed rule, gibbs.ts). The R come from four xoshiro128** streams
// seeded from the job's Rng for each layer drawn: unit k = 4t + j takes the t-th word w of
// stream j, R = (w >>> 8)·2⁻²⁴ (24 bits, exact in float32). The WebAssembly kernel (rbm.wat,
// one stream per SIMD lane) and the TypeScript loop below draw exactly the same states, so a
// run is the same seed for seed wherever it runs.

import { nextWord, wordStream } from '../ising/random'
import type { Rng } from '../rng'
import { bernoulliWasm } from './rbmWasm'

/** 2⁻²⁴: a 24-bit word to a uniform in [0, 1). */
const R_SCALE = 5.9604644775390625e-8

/** out[k] = 1 or `off` drawn from P[k], k < count (out may be P). */
export function drawLayer(P: Float32Array, out: Float32Array, count: number, off: number, printed: boolean, rng: Rng): void {
  const streams = new Int32Array(16)
  for (let j = 0; j < 4; j++) streams.set(wordStream(rng), 4 * j)
  if (!bernoulliWasm(P, out, count, streams, off, printed)) bernoulliTs(P, out, count, streams, off, printed)
}

/** The draws of bernoulli in rbm.wat, word for word: `streams` holds stream j at 4j … 4j + 3. */
export function bernoulliTs(P: Float32Array, out: Float32Array, count: number, streams: Int32Array, off: number, printed: boolean): void {
  const lanes = [0, 1, 2, 3].map((j) => streams.subarray(4 * j, 4 * j + 4))
  for (let k = 0; k < count; k += 4) {
    for (let j = 0; j < 4; j++) {
      const R = (nextWord(lanes[j]) >>> 8) * R_SCALE
      const q = k + j
      if (q < count) out[q] = (printed ? R > P[q] : R < P[q]) ? 1 : off
    }
  }
}
