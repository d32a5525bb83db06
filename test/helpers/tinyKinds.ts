// One tiny params case per job kind (a run of each takes well under a second): the tests that
// must cover every kind run these. Typed by KindName: a kind added without a case here does
// not compile.
import type { KindInput, KindName } from '../../src/shared/kinds'
import type { LabService } from '../../src/main/service/labService'
import { waitForEnd } from './testLab'

const stripes = (phase: number): number[] => Array.from({ length: 16 }, (_, i) => ((Math.floor(i / 4) + phase) % 2 ? 1 : -1))

/** Runs a case may need first: a trained Boltzmann machine to dream from and complete with. */
interface Prior {
  machine: number
}

const tinyMachine: KindInput<'rbm.train'> = {
  // 21 hidden units: too many to enumerate, so log Z comes from AIS (its error bars in the result)
  data: { source: 'mnist', trainSize: 100 },
  hidden: 21,
  batchSize: 50,
  epochs: 1,
  ais: { betas: 10, chains: 2 }
}

const tiny: { [K in KindName]: KindInput<K> | ((prior: Prior) => KindInput<K>) } = {
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
  'autoencoder.train': { dataset: { source: 'oscillator', count: 200, samples: 16 }, encoder: [8], latent: 2, variational: true, epochs: 1, batchSize: 32 },
  'rbm.train': tinyMachine,
  'rbm.dream': ({ machine }) => ({ machine: { runId: machine }, chains: 2, sweeps: 3, start: 'data' }),
  'rbm.complete': ({ machine }) => ({ machine: { runId: machine }, chains: 2, sweeps: 3, item: 5 }),
  'rbm.thermo': { L: 2, temperatures: [2, 3], seeds: 2, samples: 50, hidden: 2, epochs: 2, batchSize: 25, sampleChains: 10, sampleSweeps: 2 },
  'rbm.movies': { spec: { users: 20, movies: 6, genres: 2 }, hidden: 2, epochs: 1, batchSize: 10 }
}

/** The kinds that have a case (all of them: the table's type says so). */
export const tinyKinds = Object.keys(tiny) as KindName[]

/** The tiny params of a kind that reads no other run (made without a lab). */
export function tinyStandalone(kind: KindName): unknown {
  const t: unknown = tiny[kind]
  if (typeof t === 'function') throw new Error(`${kind} reads a stored run: use tinyParams with a lab`)
  return t
}

const priors = new WeakMap<LabService, Promise<Prior>>()

/** The kind's tiny params for a run in `lab`, making first (once per lab) the runs they read. */
export async function tinyParams(lab: LabService, kind: KindName): Promise<unknown> {
  const t: unknown = tiny[kind]
  if (typeof t !== 'function') return t
  let prior = priors.get(lab)
  if (!prior) {
    prior = (async () => {
      const { runId } = await lab.invoke('jobs.start', { kind: 'rbm.train', params: tinyMachine, seed: 3 })
      const end = await waitForEnd(lab, runId)
      if (end.status !== 'done') throw new Error(`the machine for the RBM cases did not train: ${end.error ?? end.status}`)
      return { machine: runId }
    })()
    priors.set(lab, prior)
  }
  return (t as (p: Prior) => unknown)(await prior)
}

