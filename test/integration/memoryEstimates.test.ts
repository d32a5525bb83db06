// Each kind's memory estimate (its binding's `memory`, what the service checks against the
// machine) against what the job really touched: the job runs alone in a child process
// (test/fixtures/memoryProbeChild.ts) and the kernel's high-water mark of its resident set
// says how much memory it held at its peak. The estimate must never be below it and at
// most twice it (the factor docs/ARCHITECTURE.md states). Linux only (/proc/self/status).
import { spawnSync } from 'node:child_process'
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { createRng } from '../../src/engine/rng'
import { tempDir } from '../helpers/tempDir'

const root = fileURLToPath(new URL('../..', import.meta.url))
const tmp = tempDir()
afterAll(() => tmp.remove())

function probe(kind: string, params: unknown, warmUp: unknown, stopAfter?: number): { estimate: number; peakGrowth: number } {
  const file = join(tmp.dir, `${kind}.json`)
  writeFileSync(file, JSON.stringify(params))
  const args = ['--require', 'tsx/cjs', 'test/fixtures/memoryProbeChild.ts', kind, `@${file}`, JSON.stringify(warmUp)]
  if (stopAfter !== undefined) args.push(String(stopAfter))
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: 'utf8', timeout: 120_000 })
  if (r.status !== 0) throw new Error(`probe of ${kind} failed: ${r.stderr}`)
  return JSON.parse(r.stdout.trim().split('\n').pop()!)
}

const rng = createRng(3)
const patterns = Array.from({ length: 10 }, () => Array.from({ length: 4096 }, () => (rng.uniform() < 0.5 ? 1 : -1)))
const stripes = Array.from({ length: 16 }, (_, i) => (i % 2 ? 1 : -1))
const tinyNet = { layers: [784, 4, 10], lr: 0.01, epochs: 1, batchSize: 500, evalEvery: 0 }
const tinyCnn = { architecture: [{ type: 'conv', filters: 1, kernel: 4, stride: 4 }, { type: 'dense', units: 10 }], epochs: 1, trainSize: 64, batchSize: 32, evalEvery: 0 }
const tinyAe = { encoder: [8], latent: 2, epochs: 1, trainSize: 64, batchSize: 32 }
const tinySweep = { sizes: [4], temperatures: [2.5], measurementSweeps: 100, equilibrationSweeps: 10 }

// [what, kind, params, warm-up params, checkpoints before stop]
const cases: [string, string, unknown, unknown, number?][] = [
  ['hopfield.recall, 64×64, 10 patterns (W is 134 MB)', 'hopfield.recall', { width: 64, height: 64, patterns, maxSweeps: 100 }, { width: 4, height: 4, patterns: [stripes] }],
  ['network.train 784-2048-2048-10, batch 256, Adam (5 steps)', 'network.train', { layers: [784, 2048, 2048, 10], lr: 0.001, epochs: 1, evalEvery: 0, batchSize: 256 }, tinyNet, 5],
  [
    'cnn.train conv 32×3×3 pad 1 → ReLU → dense, batch 256 (2 steps)',
    'cnn.train',
    { architecture: [{ type: 'conv', filters: 32, kernel: 3, padding: 1 }, { type: 'activation', fn: 'relu' }, { type: 'dense', units: 10 }], batchSize: 256, epochs: 1, trainSize: 512, evalEvery: 0 },
    tinyCnn,
    2
  ],
  ['ising.sweep L = 4, 10⁶ measurements (kept one by one)', 'ising.sweep', { sizes: [4], temperatures: [2.5], measurementSweeps: 1_000_000, keepSamples: 0 }, tinySweep],
  ['ising.sweep L = 4, 3·10⁶ measurements (kept in blocks)', 'ising.sweep', { sizes: [4], temperatures: [2.5], measurementSweeps: 3_000_000, keepSamples: 0 }, tinySweep],
  // (an evaluation pass allocates ∂L/∂y and δ too but never writes them: pages the estimate counts and the kernel never maps)
  [
    'autoencoder.train 784-2048-1024-8-1024-2048-784, batch 1024, Adam (an epoch of 2 steps, validation, the codes of every test digit)',
    'autoencoder.train',
    { encoder: [2048, 1024], latent: 8, batchSize: 1024, epochs: 1, trainSize: 2048, evalEvery: 0 },
    tinyAe
  ],
  [
    'autoencoder.train denoising VAE on 20 000 oscillator trajectories of 256 samples (an epoch of 4 steps, then codes and denoising)',
    'autoencoder.train',
    { dataset: { source: 'oscillator', count: 20000, samples: 256 }, encoder: [512], latent: 4, variational: true, noise: { type: 'gaussian', level: 0.1 }, batchSize: 256, epochs: 1, trainSize: 1024, evalEvery: 0 },
    { ...tinyAe, dataset: { source: 'oscillator', count: 200, samples: 16 } }
  ],
  ['ising.dataset L = 64, 2 × 2000 configurations', 'ising.dataset', { L: 64, temperatures: [2, 3], samples: 2000, spacing: 1, pilotSweeps: 100 }, { L: 4, temperatures: [2], samples: 5, pilotSweeps: 100, equilibrationSweeps: 10 }]
]

describe.skipIf(!existsSync('/proc/self/status'))('memory estimates against the memory the job touched at its peak', () => {
  it.each(cases)('%s', (_what, kind, params, warmUp, stopAfter) => {
    const { estimate, peakGrowth } = probe(kind, params, warmUp, stopAfter)
    expect(peakGrowth).toBeGreaterThan(20e6) // a job big enough for the comparison to mean something
    expect(estimate).toBeGreaterThanOrEqual(peakGrowth)
    expect(estimate).toBeLessThanOrEqual(2 * peakGrowth)
  })
})
