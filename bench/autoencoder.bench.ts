// Autoencoder figures (issue 12): one training epoch of the Fig. 14 autoencoder
// (400-256-64-1-64-256-400, tanh, MSE, Adam, batch 64) over 4,000 configurations of 400 spins,
// and one epoch of a VAE 784-256-2 (ReLU, BCE + KL) over the 8,000 training digits — the lab's
// own training loop (shuffle, batches, backpropagation, Adam) on one thread, in wall and process
// CPU time — and each as a ratio to PyTorch on one thread measured side by side in the same
// run (bench/reference/autoencoder_epoch.py; skipped, NaN, where /usr/bin/python3 has no torch).
// Target: the Fig. 14 epoch within 2× of PyTorch (≈ 140 ms on an idle machine, so ≤ 280 ms).

import { execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { clockPair, median, type BenchCase } from './harness'
import { spinData, imageData, type AutoencoderData } from '../src/engine/autoencoder/data'
import { autoencoderModel, createAutoencoder } from '../src/engine/autoencoder/model'
import type { AutoencoderArchitecture } from '../src/engine/autoencoder/architecture'
import { splitDataset } from '../src/engine/data/split'
import { decodeDigits } from '../src/engine/data/digits'
import { localContext } from '../src/engine/localContext'
import { createRng } from '../src/engine/rng'
import { runTrainingLoop } from '../src/engine/train/loop'
import { readFileSync } from 'node:fs'

const FIG14: AutoencoderArchitecture = {
  inputSize: 400,
  encoder: [256, 64],
  latent: 1,
  decoder: [64, 256],
  hiddenActivation: 'tanh',
  latentActivation: 'linear',
  outputActivation: 'tanh',
  leakySlope: 0.01,
  variational: false,
  tied: false,
  loss: 'mse',
  beta: 1
}
const VAE: AutoencoderArchitecture = { ...FIG14, inputSize: 784, encoder: [256], latent: 2, decoder: [256], hiddenActivation: 'relu', outputActivation: 'sigmoid', variational: true, loss: 'bce' }

/** 4,000 random configurations of 20 × 20 spins (the work of an epoch does not depend on them). */
function spins(): AutoencoderData {
  const r = createRng(9)
  return spinData({ L: 20, count: 4000, spins: Int8Array.from({ length: 4000 * 400 }, () => (r.uniform() < 0.5 ? -1 : 1)) })
}

function digits(): { data: AutoencoderData; train: Int32Array } {
  const ds = decodeDigits(new Uint8Array(readFileSync(join(__dirname, '../resources/mnist/digits.bin'))))
  return { data: imageData(ds), train: splitDataset(ds.count).train }
}

/** One epoch of the lab's training loop: no validation, no evaluation passes. */
function epochRunner(arch: AutoencoderArchitecture, load: () => { data: AutoencoderData; train: ArrayLike<number> }): { setup: () => void; run: () => void } {
  let run = (): void => undefined
  return {
    setup: () => {
      const { data, train } = load()
      const ae = createAutoencoder(arch, 'xavier', createRng(1))
      const model = autoencoderModel(ae, { batchSize: 64, evalRows: 64, trainNoise: createRng(2), evalNoise: createRng(3) })
      const o = { optimizer: { name: 'adam' as const }, lr: 1e-3, schedule: { type: 'constant' as const }, batchSize: 64, epochs: 1, weightDecay: 0, earlyStoppingPatience: 0, evalEvery: 0, train, val: [], divergenceCauses: () => [] }
      run = () => void runTrainingLoop(model, data, o, localContext(1).ctx)
      run() // JIT warm-up
    },
    run: () => run()
  }
}

/** Median process-CPU milliseconds of the PyTorch reference epoch, or NaN without torch. */
function pytorchCpuMs(vae: boolean): number {
  try {
    const out = execFileSync('/usr/bin/python3', [join(__dirname, 'reference/autoencoder_epoch.py'), '--repeats', '5', ...(vae ? ['--vae'] : [])], {
      env: { ...process.env, OMP_NUM_THREADS: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const cpu = median(out.trim().split('\n').map((l) => (JSON.parse(l) as { cpu_ms: number }).cpu_ms))
    process.stderr.write(`  (PyTorch reference ${vae ? 'VAE' : 'Fig. 14'} epoch: ${cpu.toFixed(0)} ms process CPU, median of 5)\n`)
    return cpu
  } catch {
    process.stderr.write('  (no PyTorch reference: /usr/bin/python3 with torch is needed; apt-get install python3-torch)\n')
    return NaN
  }
}

function ratioCase(name: string, params: Record<string, string | number>, epoch: { setup: () => void; run: () => void }, vae: boolean): BenchCase {
  let reference = NaN
  return {
    name,
    unit: '× PyTorch',
    params: { ...params, clock: 'process cpu, lab epoch / PyTorch epoch (1 thread each), measured in the same run' },
    repeats: 5,
    setup: () => {
      epoch.setup()
      reference = pytorchCpuMs(vae)
    },
    measure: () => {
      const c0 = process.cpuUsage()
      epoch.run()
      const c = process.cpuUsage(c0)
      return (c.user + c.system) / 1000 / reference
    }
  }
}

const fig14 = epochRunner(FIG14, () => {
  const data = spins()
  return { data, train: Int32Array.from({ length: 4000 }, (_, i) => i) }
})
const vae = epochRunner(VAE, digits)
const fig14Params = { net: '400-256-64-1-64-256-400 tanh', loss: 'mse', optimizer: 'adam', batch: 64, items: 4000, target_ms: 280 }
const vaeParams = { net: '784-256-2(μ,logσ²)-256-784 relu', loss: 'bce+kl', optimizer: 'adam', batch: 64, items: 8000 }

export const benches: BenchCase[] = [
  ...clockPair('autoencoder.epoch.fig14', fig14Params, fig14.setup, fig14.run),
  ratioCase('autoencoder.epoch.fig14.ratio-to-pytorch', fig14Params, fig14, false),
  ...clockPair('autoencoder.epoch.vae-784-256-2', vaeParams, vae.setup, vae.run),
  ratioCase('autoencoder.epoch.vae-784-256-2.ratio-to-pytorch', vaeParams, vae, true)
]
