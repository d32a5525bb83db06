// Speed of the Boltzmann machine: one epoch of CD-1 for a 784 × 256 machine on the 8,000
// binarized training digits, one thread, at batch 64 (compare scikit-learn's BernoulliRBM)
// and batch 100 (compare a vectorized NumPy float32 CD-1). The CPU-time cases carry that
// reference (bench/reference/rbm_reference.py), measured back to back with each repeat, so the
// ratio sees the same load. Targets: at least as fast as sklearn at batch 64 (ratio ≤ 1),
// within 1.5× NumPy at batch 100 (ratio ≤ 1.5). Wall and process-CPU time (the machines are
// shared: the CPU time is the figure).

import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { time, type BenchCase, type BenchReference } from './harness'
import { rbmPythonReference } from './reference/pythonReference'
import { decodeDigits } from '../src/engine/data/digits'
import { splitDataset } from '../src/engine/data/split'
import { createRng } from '../src/engine/rng'
import { binarizeDigits } from '../src/engine/rbm/digitsData'
import { randomRbm } from '../src/engine/rbm/model'
import { createTrainer, gatherRows, type RbmTrainer } from '../src/engine/rbm/train'
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

function epoch(tr: RbmTrainer, B: number, order: Int32Array, X: Float32Array): void {
  const d = binarizedTrainingDigits()
  for (let s = 0; s < d.n; s += B) {
    const n = Math.min(B, d.n - s)
    gatherRows(d.V, d.nv, order, s, n, X)
    tr.step(X, n, 0.05)
  }
}

function cd1Cases(B: number, reference: BenchReference): BenchCase[] {
  let tr: RbmTrainer
  let order: Int32Array
  let X: Float32Array
  const setup = (): void => {
    const d = binarizedTrainingDigits()
    tr = createTrainer(randomRbm(784, 256, 'binary', createRng(1)), { method: 'cd', k: 1, rule: 'standard', sign: 'correct', batchSize: B, momentum: 0.5, l2: 0 }, createRng(2))
    order = Int32Array.from({ length: d.n }, (_, i) => i)
    X = new Float32Array(B * 784)
    epoch(tr, B, order, X) // JIT warm-up
  }
  const params = { visible: 784, hidden: 256, batch: B, train: 8000, threads: 1 }
  return [
    { name: `rbm.cd1.epoch.batch${B}.wall`, unit: 's', params, repeats: 5, setup, measure: () => time(() => epoch(tr, B, order, X)) },
    {
      name: `rbm.cd1.epoch.batch${B}.cpu`,
      unit: 's',
      params: { ...params, clock: 'process cpu (user+sys)' },
      repeats: 5,
      setup,
      measure: () => {
        const c0 = process.cpuUsage()
        epoch(tr, B, order, X)
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
