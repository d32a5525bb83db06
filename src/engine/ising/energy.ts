// Eq. 14: H = -J Σ<ij> σiσj - B Σi σi on the periodic L×L lattice (k_B = 1).
// The two sums are integers; every energy in the engine is formed from them the same way,
// so an incrementally kept energy and a recomputed one agree exactly, not just closely.

/** Σ<ij> σiσj over the 2N nearest-neighbour bonds (each site's right and lower bond). */
export function bondSum(spins: Int8Array, L: number): number {
  let sum = 0
  for (let y = 0; y < L; y++) {
    const row = y * L
    const below = y === L - 1 ? 0 : row + L
    for (let x = 0; x < L; x++) {
      const s = spins[row + x]
      const right = x === L - 1 ? row : row + x + 1
      sum += s * (spins[right] + spins[below + x])
    }
  }
  return sum
}

/** M = Σi σi. */
export function magnetization(spins: Int8Array): number {
  let m = 0
  for (let i = 0; i < spins.length; i++) m += spins[i]
  return m
}

/** Eq. 14 from the two integer sums. */
export function energyFromSums(bonds: number, M: number, J: number, B: number): number {
  return -J * bonds - B * M
}

/** Eq. 14: total energy of the configuration. */
export function energy(spins: Int8Array, L: number, J: number, B: number): number {
  return energyFromSums(bondSum(spins, L), magnetization(spins), J, B)
}

/** Local field at a site with neighbour sum S: h = J·S + B (the spin's energy is -σh). */
export function localField(S: number, J: number, B: number): number {
  return J * S + B
}

/** Energy change of flipping σ → -σ at a site with neighbour sum S: ΔE = 2σh. */
export function flipEnergy(sigma: number, S: number, J: number, B: number): number {
  return 2 * sigma * localField(S, J, B)
}
