// Single-spin-flip Metropolis on the Int8Array lattice, with the table of acceptance.ts.
//
// Even L: checkerboard order. The sites with (x + y) even and those with (x + y) odd form two
// sublattices whose members only neighbour the other sublattice, so one pass over a
// sublattice updates spins whose fields do not change during the pass. One sweep = both passes
// = N attempted flips.
//
// Odd L: on a periodic lattice with odd L the colouring is not bipartite (x = L−1 and x = 0
// have the same colour and are neighbours), so a "sublattice" pass would update neighbours
// with stale fields. There the sweep visits sites in typewriter order instead: each single
// site update satisfies detailed balance, so the sequence keeps the Boltzmann distribution.
//
// `tally` holds the running integer sums [Σ<ij>σiσj, Σσi] and is updated on every flip:
// flipping σ with neighbour sum S changes the bond sum by −2σS and M by −2σ.

import { CERTAIN } from './acceptance'

/** One Metropolis sweep (N attempts). `table` from metropolisTable, `st` from wordStream. */
export function metropolisSweep(spins: Int8Array, L: number, table: Float64Array, st: Int32Array, tally: Int32Array): void {
  if (L & 1) metropolisSequential(spins, L, table, st, tally)
  else {
    metropolisPass(spins, L, table, st, tally, 0)
    metropolisPass(spins, L, table, st, tally, 1)
  }
}

/** Half a sweep on even L: every site with (x + y) % 2 === color, once. */
export function metropolisPass(
  spins: Int8Array,
  L: number,
  table: Float64Array,
  st: Int32Array,
  tally: Int32Array,
  color: number
): void {
  if (L & 1) throw new Error('the checkerboard pass needs even L (odd L is not bipartite)')
  let s0 = st[0]
  let s1 = st[1]
  let s2 = st[2]
  let s3 = st[3]
  let bonds = tally[0]
  let M = tally[1]
  const last = L - 1
  for (let y = 0; y < L; y++) {
    const row = y * L
    const up = y === 0 ? last * L : row - L
    const down = y === last ? 0 : row + L
    for (let x = (y + color) & 1; x < L; x += 2) {
      const i = row + x
      const s = spins[i]
      const S = spins[up + x] + spins[down + x] + spins[x === 0 ? row + last : i - 1] + spins[x === last ? row : i + 1]
      const t = table[S + 4 + ((s + 1) >> 1)]
      if (t !== CERTAIN) {
        // xoshiro128** step, inlined (see random.ts)
        let r = Math.imul(s1, 5)
        r = Math.imul((r << 7) | (r >>> 25), 9)
        const u = s1 << 9
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= u
        s3 = (s3 << 11) | (s3 >>> 21)
        if (r >>> 0 >= t) continue
      }
      spins[i] = -s
      bonds -= 2 * s * S
      M -= 2 * s
    }
  }
  st[0] = s0
  st[1] = s1
  st[2] = s2
  st[3] = s3
  tally[0] = bonds
  tally[1] = M
}

/**
 * One sweep in typewriter order: valid for any L (used for odd L). The loop repeats
 * metropolisPass's with stride 1 on purpose: one loop with a variable stride measured ~5 %
 * slower at L = 256.
 */
export function metropolisSequential(spins: Int8Array, L: number, table: Float64Array, st: Int32Array, tally: Int32Array): void {
  let s0 = st[0]
  let s1 = st[1]
  let s2 = st[2]
  let s3 = st[3]
  let bonds = tally[0]
  let M = tally[1]
  const last = L - 1
  for (let y = 0; y < L; y++) {
    const row = y * L
    const up = y === 0 ? last * L : row - L
    const down = y === last ? 0 : row + L
    for (let x = 0; x < L; x++) {
      const i = row + x
      const s = spins[i]
      const S = spins[up + x] + spins[down + x] + spins[x === 0 ? row + last : i - 1] + spins[x === last ? row : i + 1]
      const t = table[S + 4 + ((s + 1) >> 1)]
      if (t !== CERTAIN) {
        let r = Math.imul(s1, 5)
        r = Math.imul((r << 7) | (r >>> 25), 9)
        const u = s1 << 9
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= u
        s3 = (s3 << 11) | (s3 >>> 21)
        if (r >>> 0 >= t) continue
      }
      spins[i] = -s
      bonds -= 2 * s * S
      M -= 2 * s
    }
  }
  st[0] = s0
  st[1] = s1
  st[2] = s2
  st[3] = s3
  tally[0] = bonds
  tally[1] = M
}
