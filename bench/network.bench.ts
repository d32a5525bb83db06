// Feedforward network figures: the time of one training epoch over the 8,000 bundled
// training digits (single thread), throughput, the matrix-product kernel's GFLOP/s, the
// process's resident memory, and the quality benchmark (test accuracy after 10 epochs).
// Targets: an epoch of 784-128-10 with SGD momentum ≤ 400 ms (PyTorch ≈ 100 ms);
// ≥ 95 % test accuracy within 10 epochs.

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { clockPair, time, type BenchCase } from './harness'
import { fillBatch } from '../src/engine/data/batch'
import { decodeDigits } from '../src/engine/data/digits'
import type { LabeledImages } from '../src/engine/data/images'
import { splitDataset, type Split } from '../src/engine/data/split'
import { localContext } from '../src/engine/localContext'
import { createTrainer, type Trainer, type TrainerOptions } from '../src/engine/nn/trainer'
import { runNetworkTraining } from '../src/engine/nn/trainJob'
import type { NetworkTrainControl } from '../src/engine/nn/types'
import { createRng } from '../src/engine/rng'
import { gemmWasm, type GemmOp } from '../src/engine/tensor/gemmWasm'
import { matmulTransATs, matmulTransBTs, matmulTs } from '../src/engine/tensor/matmulTs'
import { networkTrainParams } from '../src/shared/kinds/network'

const B = 64
let data: { ds: LabeledImages; split: Split } | null = null
function load(): { ds: LabeledImages; split: Split } {
  if (data) return data
  const file = join(__dirname, '../resources/mnist/digits.bin')
  if (!existsSync(file)) throw new Error('resources/mnist/digits.bin is missing: run `npx tsx scripts/build-mnist.ts`')
  const ds = decodeDigits(new Uint8Array(readFileSync(file)))
  data = { ds, split: splitDataset(ds.count) }
  return data
}

function trainerFor(o: Partial<TrainerOptions> & Pick<TrainerOptions, 'spec'>): Trainer {
  return createTrainer(
    { init: 'he', loss: 'crossEntropy', reduction: 'mean', optimizer: { name: 'momentum', momentum: 0.9 }, weightDecay: 0, batchSize: B, ...o },
    createRng(1)
  )
}

/** One epoch over the training digits in batches of 64 (shuffle-free: the order does not change the work). */
function epoch(tr: Trainer, lr: number): void {
  const { ds, split } = load()
  const X = new Float32Array(B * 784)
  const T = new Float32Array(B * 10)
  const labels = new Uint8Array(B)
  const n = split.train.length
  for (let s = 0; s < n; s += B) {
    const m = Math.min(B, n - s)
    fillBatch(ds, split.train, s, m, 1 / 255, X, T, labels)
    tr.step(X, T, m, lr)
  }
}

function epochCase(name: string, params: Record<string, string | number>, make: () => Trainer, lr: number): BenchCase[] {
  let tr: Trainer
  const setup = (): void => {
    load()
    tr = make()
    epoch(tr, lr) // JIT warm-up
  }
  return clockPair(name, params, setup, () => epoch(tr, lr))
}

function gemmCase(op: GemmOp, backend: 'wasm' | 'ts'): BenchCase {
  const [M, K, N] = op === 'tn' ? [128, 64, 784] : [64, 784, 128]
  const rng = createRng(2)
  const A = new Float32Array(M * K).map(() => rng.uniform() - 0.5)
  const Bm = new Float32Array(K * N).map(() => rng.uniform() - 0.5)
  const C = new Float32Array(M * N)
  const ts = { nn: matmulTs, tn: matmulTransATs, nt: matmulTransBTs }[op]
  const call = backend === 'wasm' ? () => gemmWasm(op, A, Bm, C, M, K, N, false) : () => ts(A, Bm, C, M, K, N, false)
  const reps = backend === 'wasm' ? 200 : 10
  return {
    name: `tensor.matmul.${op}.${backend}`,
    unit: 'GFLOP/s',
    params: { M, K, N },
    repeats: 5,
    setup: () => {
      for (let i = 0; i < 5; i++) call()
    },
    measure: () => {
      const s = time(() => {
        for (let i = 0; i < reps; i++) call()
      })
      return (2 * M * K * N * reps) / s / 1e9
    }
  }
}

const mlp128 = { sizes: [784, 128, 10], hiddenActivation: 'relu' as const, outputActivation: 'softmax' as const, bias: true }

export const benches: BenchCase[] = [
  ...epochCase(
    'network.epoch.784-100-10.relu-mse-sgd',
    { batch: B, train: 8000, optimizer: 'sgd', loss: 'mse' },
    () => trainerFor({ spec: { sizes: [784, 100, 10], hiddenActivation: 'relu', outputActivation: 'relu', bias: false }, loss: 'mse', optimizer: { name: 'sgd' } }),
    0.01
  ),
  ...epochCase('network.epoch.784-128-10.sgd-momentum', { batch: B, train: 8000, optimizer: 'momentum 0.9', loss: 'softmax-ce', target_ms: 400 }, () => trainerFor({ spec: mlp128 }), 0.05),
  ...epochCase('network.epoch.784-128-10.adam', { batch: B, train: 8000, optimizer: 'adam', loss: 'softmax-ce' }, () => trainerFor({ spec: mlp128, optimizer: { name: 'adam' } }), 1e-3),
  (() => {
    let tr: Trainer
    return {
      name: 'network.samples-per-second.784-128-10.sgd-momentum',
      unit: 'samples/s',
      params: { batch: B },
      repeats: 5,
      setup: () => {
        tr = trainerFor({ spec: mlp128 })
        epoch(tr, 0.05)
      },
      measure: () => load().split.train.length / time(() => epoch(tr, 0.05))
    }
  })(),
  // The whole job for one epoch: the training loop with shuffling, metric rows, one
  // validation pass (1,000 digits) and the final test pass (1,000 digits) and artifacts.
  ...(() => {
    const p = networkTrainParams.parse({ layers: [784, 128, 10], optimizer: 'momentum', momentum: 0.9, lr: 0.05, batchSize: B, epochs: 1, init: 'he', evalEvery: 0 })
    const job = (): void => {
      const { ds, split } = load()
      runNetworkTraining(p, localContext<NetworkTrainControl>(1).ctx, { dataset: ds, split })
    }
    return clockPair('network.job.epoch.784-128-10.sgd-momentum', { batch: B, train: 8000, val: 1000, test: 1000, note: 'network.train job, 1 epoch, with its evaluation passes' }, job, job)
  })(),
  gemmCase('nn', 'wasm'),
  gemmCase('nt', 'wasm'),
  gemmCase('tn', 'wasm'),
  gemmCase('nt', 'ts'),
  {
    name: 'network.quality.784-128-10.sgd-momentum.test-accuracy',
    unit: '%',
    params: { epochs: 10, lr: 0.05, momentum: 0.9, batch: B, seed: 1, target: 95 },
    repeats: 1,
    setup: () => void load(),
    measure: () => {
      const { ds, split } = load()
      const p = networkTrainParams.parse({ layers: [784, 128, 10], optimizer: 'momentum', momentum: 0.9, lr: 0.05, batchSize: B, epochs: 10, init: 'he', evalEvery: 0 })
      const { ctx } = localContext<NetworkTrainControl>(1)
      const r = runNetworkTraining(p, ctx, { dataset: ds, split })
      return 100 * (r.testAccuracy as number)
    }
  },
  {
    name: 'network.memory.rss-after-training',
    unit: 'MB',
    params: { note: 'process resident set after the cases above (whole process)' },
    repeats: 1,
    measure: () => process.memoryUsage().rss / 2 ** 20
  }
]
