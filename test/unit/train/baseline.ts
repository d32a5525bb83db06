// Runs of network.train and cnn.train whose every output is compared, bit for bit, with a
// recording made by the per-job loops that the training skeleton replaced
// (baseline.json, recorded at commit 82e3a7e with `npx tsx test/unit/train/recordBaseline.ts`).
// A refactor of the loop must leave the same params + seed giving the same run.

import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeDigits, fnv1a } from '../../../src/engine/data/digits'
import type { LabeledImages } from '../../../src/engine/data/images'
import type { Split } from '../../../src/engine/data/split'
import { splitDataset } from '../../../src/engine/data/split'
import type { Frame } from '../../../src/engine/job'
import { localContext } from '../../../src/engine/localContext'
import { runNetworkTraining } from '../../../src/engine/nn/trainJob'
import type { NetworkTrainControl } from '../../../src/engine/nn/types'
import { runCnnTraining, type CnnTrainControl } from '../../../src/engine/cnn/cnnTrainJob'
import { createRng } from '../../../src/engine/rng'
import { networkTrainParams, type NetworkTrainInput } from '../../../src/shared/kinds/network'
import { cnnTrainParams } from '../../../src/shared/kinds/cnn'

export const DIGITS_FILE = join(__dirname, '../../../resources/mnist/digits.bin')
export const BASELINE_FILE = join(__dirname, 'baseline.json')

type Control = Partial<NetworkTrainControl> | 'stop' | null

export interface Recorded {
  steps: number[]
  rows: Record<string, number>[]
  logs: string[]
  progress: number
  result: Record<string, unknown>
  /** name → length, FNV-1a of the bytes, meta */
  artifacts: Record<string, { length: number; fnv: number; meta: unknown }>
}

function record(rec: ReturnType<typeof localContext>['record'], result: object): Recorded {
  const artifacts: Recorded['artifacts'] = {}
  for (const [name, a] of rec.artifacts) {
    const d = a.data as Frame
    artifacts[name] = { length: d.length, fnv: fnv1a(new Uint8Array(d.buffer, d.byteOffset, d.byteLength)), meta: a.meta ?? null }
  }
  return JSON.parse(JSON.stringify({ steps: rec.steps, rows: rec.rows, logs: rec.logs, progress: rec.progress, result, artifacts })) as Recorded
}

/** Vertical (class 0) vs horizontal (class 1) bright bars on a noisy dark 12×12 background. */
export function bars(count: number, seed: number): LabeledImages {
  const r = createRng(seed)
  const pixels = new Uint8Array(count * 144)
  const labels = new Uint8Array(count)
  for (let s = 0; s < count; s++) {
    const cls = r.int(2)
    labels[s] = cls
    const pos = r.int(12)
    for (let k = 0; k < 144; k++) pixels[s * 144 + k] = r.int(60)
    for (let t = 0; t < 12; t++) pixels[s * 144 + (cls === 0 ? t * 12 + pos : pos * 12 + t)] = 255
  }
  return { count, rows: 12, cols: 12, classes: 2, pixels, labels }
}

interface NetworkCase {
  kind: 'network'
  params: NetworkTrainInput
  seed: number
  split: [number, number, number]
  controls?: Control[]
}
interface CnnCase {
  kind: 'cnn'
  params: Record<string, unknown>
  seed: number
  controls?: Control[]
}
export type BaselineCase = NetworkCase | CnnCase

const barsArch = [
  { type: 'conv', filters: 4, kernel: 3, padding: 'same' },
  { type: 'activation', fn: 'leakyRelu', leak: 0.05 },
  { type: 'pool', mode: 'max', size: 2 },
  { type: 'dense', units: 2 }
]

export const BASELINE_CASES: Record<string, BaselineCase> = {
  'network: momentum, augmentation, cosine schedule, a live lr change': {
    kind: 'network',
    params: {
      layers: [784, 32, 10], optimizer: 'momentum', lr: 0.05, epochs: 2, batchSize: 50, evalEvery: 7,
      schedule: { type: 'cosine', minLr: 0.001 }, augmentation: { shift: 1.5, rotation: 8, zoom: 0.05, noise: 0.03 }, weightDecay: 1e-4
    },
    seed: 3,
    split: [600, 150, 120],
    controls: [null, null, null, { lr: 0.08 }]
  },
  'network: the appendix as printed (dying output ReLUs, raw pixels, summed gradient)': {
    kind: 'network',
    params: { layers: [784, 100, 10], hiddenActivation: 'relu', outputActivation: 'relu', bias: false, loss: 'mse', batchGradient: 'sum', optimizer: 'sgd', lr: 1e-3, batchSize: 64, epochs: 1, init: 'randn', inputScaling: 'raw', evalEvery: 3 },
    seed: 1,
    split: [640, 100, 100]
  },
  'network: early stopping on a tiny training set (Adam)': {
    kind: 'network',
    params: { layers: [784, 24, 10], optimizer: 'adam', lr: 0.01, batchSize: 10, epochs: 40, evalEvery: 0, earlyStoppingPatience: 3 },
    seed: 2,
    split: [40, 150, 100]
  },
  'network: sigmoid + MSE, step schedule, stopped by the user': {
    kind: 'network',
    params: { layers: [784, 16, 16, 10], hiddenActivation: 'sigmoid', outputActivation: 'sigmoid', loss: 'mse', optimizer: 'sgd', init: 'xavier', lr: 2, batchSize: 32, epochs: 3, evalEvery: 4, schedule: { type: 'step', every: 1, gamma: 0.5 } },
    seed: 4,
    split: [320, 64, 64],
    controls: [...new Array<Control>(25).fill(null), 'stop']
  },
  'cnn: bars, leaky ReLU, a live lr change': {
    kind: 'cnn',
    params: { architecture: barsArch, dataset: { importedId: 1 }, batchSize: 16, epochs: 2, lr: 0.01, evalEvery: 10 },
    seed: 5,
    controls: [null, { lr: 0.004 }]
  },
  'cnn: bars, momentum + weight decay, trainSize, stopped by the user': {
    kind: 'cnn',
    params: { architecture: barsArch, dataset: { importedId: 1 }, batchSize: 8, epochs: 3, lr: 0.02, optimizer: 'momentum', weightDecay: 1e-3, trainSize: 120, evalEvery: 4 },
    seed: 6,
    controls: [...new Array<Control>(20).fill(null), 'stop']
  }
}

let digits: LabeledImages | null = null
const barsData = bars(500, 61)

export function runBaselineCase(c: BaselineCase): Recorded {
  if (c.kind === 'network') {
    digits ??= decodeDigits(new Uint8Array(readFileSync(DIGITS_FILE)))
    const full = splitDataset(digits.count)
    const [tr, va, te] = c.split
    const split: Split = { train: full.train.slice(0, tr), val: full.val.slice(0, va), test: full.test.slice(0, te) }
    const { ctx, record: rec } = localContext<NetworkTrainControl>(c.seed, { controls: c.controls })
    const result = runNetworkTraining(networkTrainParams.parse(c.params), ctx, { dataset: digits, split })
    return record(rec, result)
  }
  const { ctx, record: rec } = localContext<CnnTrainControl>(c.seed, { controls: c.controls })
  const result = runCnnTraining(cnnTrainParams.parse(c.params), ctx, { dataset: barsData })
  return record(rec, result)
}
