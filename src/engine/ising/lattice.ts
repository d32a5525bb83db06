// The L×L periodic square lattice of Eq. 14: spins σ = ±1 stored row-major in an Int8Array,
// site (x, y) at index y·L + x. Every site has four neighbours (right, left, down, up) with
// periodic wrap; for L = 2 the left and right neighbour are the same site, counted twice,
// which is what the periodic Hamiltonian means there (2N bonds for N sites, always).

import type { Rng } from '../rng'
import type { IsingStart } from './types'

/** The four neighbours of site i: right, left, below, above. */
export function neighbours(i: number, L: number): [number, number, number, number] {
  const x = i % L
  const row = i - x
  const N = L * L
  return [row + ((x + 1) % L), row + ((x + L - 1) % L), (i + L) % N, (i - L + N) % N]
}

/** A starting lattice: all up, all down, or each spin ±1 with probability ½ (T = ∞). */
export function initialSpins(L: number, start: IsingStart, rng: Rng): Int8Array {
  const N = L * L
  const spins = new Int8Array(N)
  if (start === 'up') spins.fill(1)
  else if (start === 'down') spins.fill(-1)
  else {
    // 32 spins from each random word.
    for (let i = 0; i < N; i += 32) {
      const w = rng.nextU32()
      const n = Math.min(32, N - i)
      for (let b = 0; b < n; b++) spins[i + b] = (w >>> b) & 1 ? 1 : -1
    }
  }
  return spins
}

/** Throws unless `spins` is an L×L lattice of ±1 values. */
export function checkLattice(spins: Int8Array, L: number): void {
  if (spins.length !== L * L) throw new Error(`lattice has ${spins.length} sites, expected L² = ${L * L}`)
  for (let i = 0; i < spins.length; i++) {
    if (spins[i] !== 1 && spins[i] !== -1) throw new Error(`lattice site ${i} is ${spins[i]}, spins must be ±1`)
  }
}
