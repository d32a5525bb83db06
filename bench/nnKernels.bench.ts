// The WebAssembly SIMD kernels of a dense network's element-wise work, each against the
// TypeScript loop it replaces (the reference, measured back to back in every repeat): Adam's
// step over the 241,217 parameters of the Fig. 14 autoencoder (nn/adam.wat) and tanh forward
// and backward over a 64 × 256 batch (nn/activation.wat). Both give the same bits as their
// loops (test/unit/nn/adamWasm.test.ts, activationWasm.test.ts); these say what that buys.
// Process CPU nanoseconds per number.

import type { BenchCase } from './harness'
import { adamTs, type AdamUpdate } from '../src/engine/nn/optimizer'
import { adamWasm } from '../src/engine/nn/adamWasm'
import { tanhFloat32 } from '../src/engine/nn/activations'
import { tanhBackwardWasm, tanhWasm } from '../src/engine/nn/activationWasm'
import { createRng } from '../src/engine/rng'

/** The parameter arrays of 400-256-64-1-64-256-400 (W and b per layer). */
const FIG14_SHAPES = [102400, 256, 16384, 64, 64, 1, 64, 64, 16384, 256, 102400, 400]

function randomArrays(lengths: number[], seed: number, scale: number): Float32Array[] {
  const r = createRng(seed)
  return lengths.map((n) => Float32Array.from({ length: n }, () => (r.uniform() - 0.5) * scale))
}

/** Process CPU ns per number of `reps` calls of fn over `count` numbers. */
function cpuNsPer(count: number, reps: number, fn: () => void): number {
  const c0 = process.cpuUsage()
  for (let i = 0; i < reps; i++) fn()
  const c = process.cpuUsage(c0)
  return ((c.user + c.system) * 1000) / reps / count
}

function adamRunner(make: (p: Float32Array[]) => AdamUpdate): () => number {
  const params = randomArrays(FIG14_SHAPES, 1, 0.2)
  const grads = randomArrays(FIG14_SHAPES, 2, 0.01)
  const update = make(params)
  const count = FIG14_SHAPES.reduce((s, n) => s + n, 0)
  let t = 0
  const step = (): void => {
    t++
    update(params, grads, 1e-3, 1 / (1 - 0.9 ** t), 1 / (1 - 0.999 ** t))
  }
  for (let i = 0; i < 5; i++) step() // JIT warm-up
  return () => cpuNsPer(count, 40, step)
}

/** The TypeScript loops of activations.ts, as functions of their arrays (as the layers call them). */
function tanhLoop(z: Float32Array, y: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) y[i] = tanhFloat32(z[i])
}
function tanhBackwardLoop(y: Float32Array, dy: Float32Array, dz: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) dz[i] = dy[i] * (1 - y[i] * y[i])
}

const BATCH = 64 * 256
const z = randomArrays([BATCH], 3, 6)[0]
const y = z.map(tanhFloat32)
const dy = randomArrays([BATCH], 4, 0.1)[0]
const out = new Float32Array(BATCH)

export const benches: BenchCase[] = [
  {
    name: 'nn.adam.step.wasm',
    unit: 'ns/param',
    params: { parameters: 241217, shapes: 'Fig. 14 autoencoder', clock: 'process cpu' },
    measure: adamRunner((p) => adamWasm(p, 0.9, 0.999, 1e-8) as AdamUpdate),
    reference: { label: 'adamTs, the TypeScript loop (same bits)', measure: adamRunner((p) => adamTs(p, 0.9, 0.999, 1e-8)) }
  },
  {
    name: 'nn.tanh.forward.wasm',
    unit: 'ns/number',
    params: { batch: '64 × 256', clock: 'process cpu' },
    measure: () => cpuNsPer(BATCH, 400, () => tanhWasm(z, out, BATCH)),
    reference: {
      label: 'tanhFloat32 loop (same bits)',
      measure: () => cpuNsPer(BATCH, 400, () => tanhLoop(z, out, BATCH))
    }
  },
  {
    name: 'nn.tanh.backward.wasm',
    unit: 'ns/number',
    params: { batch: '64 × 256', clock: 'process cpu' },
    measure: () => cpuNsPer(BATCH, 400, () => tanhBackwardWasm(y, dy, out, BATCH)),
    reference: {
      label: 'dy·(1 − y²) loop (same bits)',
      measure: () => cpuNsPer(BATCH, 400, () => tanhBackwardLoop(y, dy, out, BATCH))
    }
  }
]
