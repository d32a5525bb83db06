// What the Boltzmann-machine jobs hold at their peak (src/engine/memory.ts: every large array at
// full size, high rather than low). The machine, its chains and the rows it learns from are the
// big terms; exact enumeration adds 2^n log-weights when a layer is small enough to sum.

import { F32, F64, JS_HEAP_BYTES, type MemoryTerms } from '../memory'
import { MAX_ENUMERATED_UNITS } from './exact'

/** Copies of W, b_v, b_h: `copies` of n_h·n_v + n_v + n_h floats. */
const machineBytes = (nv: number, nh: number, copies: number): number => copies * F32 * (nv * nh + nv + nh)

/**
 * A machine in training: the parameters, the gradient, the optimiser's velocity, ⟨hv⟩ of the data
 * and of the chains, the weights frame with the host's copy of it, the artifact (measured: 784 ×
 * 4096, batch 500, PCD: 179 MB touched against 194 MB estimated).
 */
const TRAINING_COPIES = 8
/** A stored machine read for sampling: its artifact and the machine made from it. */
const STORED_COPIES = 2

/** n chains: visible and hidden states and their on-probabilities, and a frame's copy of ⟨v⟩. */
const chainBytes = (n: number, nv: number, nh: number): number => F32 * n * (2 * (nv + nh) + 2 * nv)

/**
 * The WebAssembly kernels' memory (rbmWasm.ts), which grows and never shrinks: W, its transpose
 * and a scratch of the same size, and the states and fields of `rows` rows.
 */
const kernelBytes = (nv: number, nh: number, rows: number): number => F32 * (3 * nv * nh + 2 * rows * (nv + nh))

/** The log-weights of every state of the smaller layer and their normalised copy, when it can be summed. */
const enumerationBytes = (nv: number, nh: number): number => (Math.min(nv, nh) <= MAX_ENUMERATED_UNITS ? 2 * F64 * 2 ** Math.min(nv, nh) : 0)

/** A training: the data rows (with the split's copies), minibatch and persistent chains, AIS chains, exact sums. */
export function rbmTrainingMemory(p: { nv: number; nh: number; dataValues: number; batchSize: number; aisChains: number }): MemoryTerms {
  return {
    'the machine': machineBytes(p.nv, p.nh, TRAINING_COPIES),
    'training rows': 2 * F32 * p.dataValues,
    'Gibbs chains': chainBytes(2 * p.batchSize + p.aisChains, p.nv, p.nh),
    'WebAssembly kernels': kernelBytes(p.nv, p.nh, 2 * p.batchSize + p.aisChains),
    'exact enumeration': enumerationBytes(p.nv, p.nh),
    'JS heap': JS_HEAP_BYTES
  }
}

/** Learning thermodynamics: one small machine at a time on its temperature's configurations, sampled by many chains, the lattice enumerated. */
export function rbmThermoMemory(p: { L: number; hidden: number; samples: number; symmetrize: boolean; batchSize: number; sampleChains: number; temperatures: number }): MemoryTerms {
  const nv = p.L * p.L
  return {
    ...rbmTrainingMemory({ nv, nh: p.hidden, dataValues: (p.symmetrize ? 2 : 1) * p.samples * nv, batchSize: p.batchSize, aisChains: 0 }),
    'sampling chains': chainBytes(p.sampleChains, nv, p.hidden),
    'exact lattice': 5 * F64 * 2 ** nv,
    'stored configurations': F32 * p.temperatures * p.samples * nv
  }
}

/** Movie ratings: the users × movies ratings (train and held-out), the generator's probabilities, two machines. */
export function rbmMoviesMemory(p: { users: number; movies: number; hidden: number; batchSize: number }): MemoryTerms {
  return {
    ratings: (3 * F32 + 2 * F64) * p.users * p.movies,
    'the machines': 2 * machineBytes(p.movies, p.hidden, TRAINING_COPIES),
    'Gibbs chains': 2 * chainBytes(2 * p.batchSize, p.movies, p.hidden),
    'JS heap': JS_HEAP_BYTES
  }
}

/** Dreaming or completion: the stored machine, its chains and the training run's rows rebuilt to start from. */
export function rbmChainsMemory(p: { nv: number; nh: number; chains: number; rows: number }): MemoryTerms {
  return {
    'the machine': machineBytes(p.nv, p.nh, STORED_COPIES),
    'Gibbs chains': 2 * chainBytes(p.chains, p.nv, p.nh),
    'WebAssembly kernels': kernelBytes(p.nv, p.nh, p.chains),
    'data rows': 2 * F32 * p.rows * p.nv,
    'JS heap': JS_HEAP_BYTES
  }
}
