// Speed of the Boltzmann machine: one epoch of CD-1 for a 784 × 256 machine on the 8,000
// binarized training digits as the lab's training loop takes it (batch, gradient, momentum
// step), one thread, at batch 64 (compare scikit-learn's BernoulliRBM) and batch 100 (compare
// a vectorized NumPy float32 CD-1). The CPU-time cases carry that reference
// (bench/reference/rbm_reference.py), measured back to back with each repeat, so the ratio sees
// the same load. Targets: at least as fast as sklearn at batch 64 (ratio ≤ 1), within 1.5×
// NumPy at batch 100 (ratio ≤ 1.5). Wall and process-CPU time (the machines are shared: the CPU
// time is the figure).

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { time, type BenchCase, type BenchReference } from './harness'
import { rbmPythonReference } from './reference/pythonReference'
import { decodeDigits } from '../src/engine/data/digits'
import { splitDataset } from '../src/engine/data/split'
import { createRng } from '../src/engine/rng'
import { binarizeDigits } from '../src/engine/rbm/digitsData'
import { randomRbm } from '../src/engine/rbm/model'
import { machineData, machineModel } from '../src/engine/rbm/trainable'
import { createOptimizer, descend, type Optimizer } from '../src/engine/nn/optimizer'
import { createBatch, type Batch, type TrainableModel, type TrainingData } from '../src/engine/train/model'
import type { RbmRows } from '../src/engine/rbm/validate'

let rows: RbmRows | null = null
export function binarizedTrainingDigits(): RbmRows {
  if (rows) return rows
  const file = join(__dirname, '../resources/mnist/digits.bin')
  if (!existsSync(file)) throw new Error('resources/mnist/digits.bin is missing: run `npx tsx scripts/build-mnist.ts`')
  const ds = decodeDigits(new Uint8Array(readFileSync(file)))
  rows = binarizeDigits(ds, splitDataset(ds.count).train)
  return rows
}

/** One CD-1 step per batch as the training loop takes it: the batch, the model's gradient, the optimiser's step. */
interface Training {
  model: TrainableModel
  optimizer: Optimizer
  data: TrainingData
  batch: Batch
  order: Int32Array
}

function epoch(t: Training, B: number): void {
  const n = t.order.length
  const sums = new Float64Array(t.model.metrics.length)
  for (let s = 0; s < n; s += B) {
    t.data.fill(t.order, s, Math.min(B, n - s), t.batch)
    t.model.gradient(t.batch, sums)
    descend(t.optimizer, t.model.params, t.model.grads, t.model.isWeight, 0.05, 0)
  }
}

function cd1Cases(B: number, reference: BenchReference): BenchCase[] {
  let t: Training
  const setup = (): void => {
    const d = binarizedTrainingDigits()
    const m = randomRbm(784, 256, 'binary', createRng(1))
    const model = machineModel(m, { method: 'cd', k: 1, rule: 'standard', sign: 'correct', biases: true, maxBatch: B, evalRows: 1, measureRng: () => createRng(3) }, createRng(2))
    const data = machineData(d, null)
    t = { model, optimizer: createOptimizer({ name: 'momentum', momentum: 0.5 }, model.params), data, batch: createBatch(data, B), order: Int32Array.from({ length: d.n }, (_, i) => i) }
    epoch(t, B) // JIT warm-up
  }
  const params = { visible: 784, hidden: 256, batch: B, train: 8000, threads: 1 }
  return [
    { name: `rbm.cd1.epoch.batch${B}.wall`, unit: 's', params, repeats: 5, setup, measure: () => time(() => epoch(t, B)) },
    {
      name: `rbm.cd1.epoch.batch${B}.cpu`,
      unit: 's',
      params: { ...params, clock: 'process cpu (user+sys)' },
      repeats: 5,
      setup,
      measure: () => {
        const c0 = process.cpuUsage()
        epoch(t, B)
        const c = process.cpuUsage(c0)
        return (c.user + c.system) / 1e6
      },
      reference
    }
  ]
}

export const benches: BenchCase[] = [
  ...cd1Cases(64, rbmPythonReference('scikit-learn BernoulliRBM, batch 64', 'sklearn64', binarizedTrainingDigits)),
  ...cd1Cases(100, rbmPythonReference('NumPy float32 CD-1, batch 100', 'numpy100', binarizedTrainingDigits))
]
