// createIsingSim: one L×L lattice of Eq. 14 driven by the chosen algorithm. Metropolis runs
// multispin coded whenever L is a multiple of 32 — 128 spins per SIMD vector in WebAssembly
// (multispinSimd.ts) when L is a multiple of 128, else 32 per word (multispin.ts) — and plain
// (metropolis.ts) otherwise; all apply the same acceptance thresholds. For L a multiple of 128
// the run draws from the kernel's four random streams, in TypeScript too where the kernel is
// missing, so the chain does not depend on the runtime. Changes of T, B or J take effect at
// the next step: they only mark the tables stale.

import { checkLattice, initialSpins } from './lattice'
import { bondSum, energyFromSums, magnetization } from './energy'
import { heatBathTable, metropolisTable, multispinTable, wolffAddProbability } from './acceptance'
import { metropolisSweep } from './metropolis'
import { heatBathSweep } from './heatbath'
import { assertWolffField, wolffCluster, wolffScratch } from './wolff'
import { canMultispin, type MultispinPlan, multispinPlan, multispinSweep, pack, packedBondSum, packedMagnetization, unpack } from './multispin'
import { wordStream } from './random'
import { canMultispinSimd, createMultispinSimd, SIMD_STREAMS } from './multispinSimd'
import type { IsingAlgorithm, IsingModel, IsingSim, IsingSimOptions } from './types'

export interface IsingSimTuning {
  /** Use multispin coding for Metropolis when L allows it (default true); false forces the plain sweep. */
  multispin?: boolean
  /** Use the WebAssembly SIMD kernel when L allows it (default true); false runs the same chain in TypeScript. */
  simd?: boolean
}

function checkModel(m: IsingModel): void {
  if (!Number.isInteger(m.L) || m.L < 2) throw new Error(`L must be an integer ≥ 2 (got ${m.L})`)
  checkTemperature(m.T)
  checkFinite('J', m.J)
  checkFinite('B', m.B)
}

function checkTemperature(T: number): void {
  if (!(T > 0) || !Number.isFinite(T)) throw new Error(`T must be a finite number > 0 (got ${T})`)
}

function checkFinite(name: string, v: number): void {
  if (!Number.isFinite(v)) throw new Error(`${name} must be a finite number (got ${v})`)
}

export function createIsingSim(model: IsingModel, opts: IsingSimOptions, tuning: IsingSimTuning = {}): IsingSim {
  checkModel(model)
  const { algorithm } = opts
  if (algorithm === 'wolff') assertWolffField(model.B)
  const L = model.L
  const N = L * L
  const state: IsingModel = { L, J: model.J, B: model.B, T: model.T }
  if (opts.initial) checkLattice(opts.initial, L)
  const start = opts.initial ?? initialSpins(L, opts.start, opts.rng)
  // Wolff's fast loop grows clusters on a lattice in the WebAssembly kernel's memory.
  const scratch = algorithm === 'wolff' ? wolffScratch(N) : null
  const spins = scratch?.lattice ?? new Int8Array(N)
  spins.set(start)
  const packed = algorithm === 'metropolis' && tuning.multispin !== false && canMultispin(L)
  const st = wordStream(opts.rng, packed && canMultispinSimd(L) ? SIMD_STREAMS : 1)
  const words = packed ? pack(spins, L) : new Int32Array(0)
  // The 128-spin kernel owns the lattice while it runs; `words` is refreshed from it on demand.
  const simd = packed && tuning.simd !== false ? createMultispinSimd(L) : null
  simd?.load(words)
  // Exact integer sums [Σ<ij>σiσj, Σσi]; for the packed lattice recomputed on demand.
  const tally = Int32Array.of(bondSum(spins, L), magnetization(spins))
  let tallyStale = false
  let stale = true
  let table: Float64Array = new Float64Array(0)
  let plan: MultispinPlan | null = null
  let pAdd = 0

  function rebuild(): void {
    if (algorithm === 'metropolis') {
      if (packed) plan = multispinPlan(multispinTable(state.J, state.B, state.T))
      else table = metropolisTable(state.J, state.B, state.T)
    } else if (algorithm === 'heatbath') table = heatBathTable(state.J, state.B, state.T)
    else pAdd = wolffAddProbability(state.J, state.T)
    stale = false
  }

  function packedWords(): Int32Array {
    return simd ? simd.store(words) : words
  }

  function sums(): Int32Array {
    if (tallyStale) {
      packedWords()
      tally[0] = packedBondSum(words, L)
      tally[1] = packedMagnetization(words, L)
      tallyStale = false
    }
    return tally
  }

  return {
    L,
    N,
    algorithm,
    model: state,
    step(): number {
      if (stale) rebuild()
      if (algorithm === 'metropolis') {
        if (packed) {
          if (simd) simd.sweep(plan!, st)
          else multispinSweep(words, L, plan!, st)
          tallyStale = true
        } else metropolisSweep(spins, L, table, st, tally)
        return N
      }
      if (algorithm === 'heatbath') {
        heatBathSweep(spins, L, table, st, tally)
        return N
      }
      return wolffCluster(spins, L, pAdd, state.J < 0 ? -1 : 1, st, scratch!, tally)
    },
    energy(): number {
      const t = sums()
      return energyFromSums(t[0], t[1], state.J, state.B)
    },
    magnetization(): number {
      return sums()[1]
    },
    spins(): Int8Array {
      return packed ? unpack(packedWords(), L) : spins.slice()
    },
    setTemperature(T: number): void {
      checkTemperature(T)
      state.T = T
      stale = true
    },
    setField(B: number): void {
      checkFinite('B', B)
      if (algorithm === 'wolff') assertWolffField(B)
      state.B = B
      stale = true
    },
    setCoupling(J: number): void {
      checkFinite('J', J)
      state.J = J
      stale = true
    }
  }
}

/**
 * Bytes one simulation holds: the start configuration it was made from, its lattice, and what
 * the algorithm adds — packed words and the 128-spin kernel's copy for Metropolis (N/8 each),
 * Wolff's cluster stack, coordinates and members (3 Int32 a spin) — plus the WebAssembly
 * kernels' own pages.
 */
export function simBytes(L: number, algorithm: IsingAlgorithm): number {
  const N = L * L
  const own = algorithm === 'wolff' ? N + 12 * N : algorithm === 'metropolis' ? N + N / 4 : N
  return N + own + 2 * 65536
}

/** The copies of a lattice a job makes as it goes: sim.spins() unpacks one, the host copies a frame and the final artifact. */
export const latticeCopiesBytes = (L: number): number => 3 * L * L
