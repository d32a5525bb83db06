// One tiny params case per job kind (a run of each takes well under a second): the tests that
// must cover every kind run these. Typed by KindName: a kind added without a case here does
// not compile.
import type { KindInput, KindName } from '../../src/shared/kinds'

const stripes = (phase: number): number[] => Array.from({ length: 16 }, (_, i) => ((Math.floor(i / 4) + phase) % 2 ? 1 : -1))

export const tiny: { [K in KindName]: KindInput<K> } = {
  'ising.live': { L: 8, T: 2.5, sweeps: 20 },
  'ising.sweep': { sizes: [4], temperatures: [2, 3], equilibrationSweeps: 10, measurementSweeps: 50 },
  'ising.hysteresis': { L: 8, T: 1.5, Bmax: 1, steps: 3, equilibrationSweeps: 5, measurementSweeps: 10 },
  'ising.dataset': { L: 4, temperatures: [2], samples: 5, pilotSweeps: 100, equilibrationSweeps: 10 },
  'hopfield.recall': { width: 4, height: 4, patterns: [stripes(0), stripes(1)], corruption: [{ type: 'flip', fraction: 0.1 }] },
  'hopfield.capacity': { N: 16, alphas: [0.1, 0.5], trials: 2, probes: 2, maxSweeps: 5 },
  'network.train': { layers: [784, 4, 10], lr: 0.01, epochs: 1, batchSize: 500, evalEvery: 0 },
  'cnn.train': {
    architecture: [
      { type: 'conv', filters: 1, kernel: 4, stride: 4 },
      { type: 'dense', units: 10 }
    ],
    epochs: 1,
    trainSize: 64,
    batchSize: 32,
    evalEvery: 0
  },
  'autoencoder.train': { dataset: { source: 'oscillator', count: 200, samples: 16 }, encoder: [8], latent: 2, variational: true, epochs: 1, batchSize: 32 }
}

