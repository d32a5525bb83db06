// Heat-bath (Glauber) updates: each visited spin is drawn afresh from its conditional
// Boltzmann distribution given its four neighbours, P(σi = +1) = 1/(1 + e^{-2βhi}),
// hi = J Σ_neighbours σj + B. This is the Gibbs-sampling step a Boltzmann machine applies
// to one unit (Section IV): the Ising lattice is a Boltzmann machine with fixed weights J.
//
// Order as in metropolis.ts: checkerboard for even L, typewriter order for odd L (where the
// periodic colouring is not bipartite). `tally` = [Σ<ij>σiσj, Σσi], kept exact.

/** One heat-bath sweep (N updates). `table` from heatBathTable (P(up) thresholds by S + 4). */
export function heatBathSweep(spins: Int8Array, L: number, table: Float64Array, st: Int32Array, tally: Int32Array): void {
  if (L & 1) heatBathRange(spins, L, table, st, tally, 0, 1)
  else {
    heatBathRange(spins, L, table, st, tally, 0, 2)
    heatBathRange(spins, L, table, st, tally, 1, 2)
  }
}

/**
 * Visit, in each row y, the sites x = (y + color) & 1, +stride… (stride 2: one sublattice of
 * even L; stride 1 with color 0: every site in typewriter order).
 */
function heatBathRange(
  spins: Int8Array,
  L: number,
  table: Float64Array,
  st: Int32Array,
  tally: Int32Array,
  color: number,
  stride: number
): void {
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
    for (let x = stride === 2 ? (y + color) & 1 : 0; x < L; x += stride) {
      const i = row + x
      const S = spins[up + x] + spins[down + x] + spins[x === 0 ? row + last : i - 1] + spins[x === last ? row : i + 1]
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
      const next = r >>> 0 < table[S + 4] ? 1 : -1
      const s = spins[i]
      if (next !== s) {
        spins[i] = next
        bonds += 2 * next * S
        M += 2 * next
      }
    }
  }
  st[0] = s0
  st[1] = s1
  st[2] = s2
  st[3] = s3
  tally[0] = bonds
  tally[1] = M
}
