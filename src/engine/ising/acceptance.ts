// Acceptance probabilities as 32-bit thresholds. A probability p is used as
// floor(p·2^32)/2^32: an update is accepted when a uniform 32-bit word u satisfies u < ⌊p·2^32⌋,
// so the probability actually applied is within 2^-32 below p (exact when p = 1, which is
// stored as CERTAIN = 2^32 and needs no random word at all). Plain and multispin Metropolis
// use the same thresholds, so both run the identical Markov chain law.

import { flipEnergy, localField } from './energy'

/** Threshold meaning "always": p = 1. */
export const CERTAIN = 4294967296

/** ⌊p·2^32⌋, or CERTAIN for p ≥ 1. */
export function threshold(p: number): number {
  return p >= 1 ? CERTAIN : Math.floor(p * CERTAIN)
}

/** Metropolis: accept a move of energy change ΔE with probability min(1, e^{-ΔE/T}). */
export function metropolisProbability(dE: number, T: number): number {
  return dE <= 0 ? 1 : Math.exp(-dE / T)
}

/** Index into the Metropolis table for neighbour sum S ∈ {-4,-2,0,2,4} and spin σ = ±1. */
export function metropolisIndex(S: number, sigma: number): number {
  return S + 4 + ((sigma + 1) >> 1)
}

/**
 * Metropolis thresholds for flipping σ at a site with neighbour sum S, ΔE = 2σ(J·S + B)
 * (Eq. 14), indexed by metropolisIndex(S, σ): 10 entries (S + 4 is even, σ adds 0 or 1).
 */
export function metropolisTable(J: number, B: number, T: number): Float64Array {
  const table = new Float64Array(10)
  for (let S = -4; S <= 4; S += 2) {
    for (const sigma of [-1, 1]) {
      table[metropolisIndex(S, sigma)] = threshold(metropolisProbability(flipEnergy(sigma, S, J, B), T))
    }
  }
  return table
}

/**
 * Heat-bath (Glauber): the spin is drawn fresh from its conditional distribution given its
 * neighbours, P(σ = +1) = 1/(1 + e^{-2βh}), h = J·S + B — the logistic sigmoid of Eq. 19, and
 * exactly the Gibbs update a Boltzmann machine applies to one unit. Indexed by S + 4 (9 entries,
 * the odd ones unused).
 */
export function heatBathTable(J: number, B: number, T: number): Float64Array {
  const table = new Float64Array(9)
  for (let S = -4; S <= 4; S += 2) table[S + 4] = threshold(upProbability(localField(S, J, B), T))
  return table
}

/** P(σ = +1 | local field h) at temperature T. */
export function upProbability(h: number, T: number): number {
  return 1 / (1 + Math.exp((-2 * h) / T))
}

/**
 * Multispin classes: a spin with `a` anti-aligned neighbours (0…4) has σS = 4 − 2a, so
 * ΔE = 2J(4 − 2a) + 2Bσ. Class index 2a + (σ = +1 ? 1 : 0), 10 entries, same thresholds
 * as metropolisTable.
 */
export function multispinTable(J: number, B: number, T: number): Float64Array {
  const table = new Float64Array(10)
  for (let a = 0; a <= 4; a++) {
    for (const sigma of [-1, 1]) {
      // Through flipEnergy with S = σ(4 − 2a), so the numbers are bit-identical to metropolisTable's.
      const dE = flipEnergy(sigma, sigma * (4 - 2 * a), J, B)
      table[2 * a + (sigma > 0 ? 1 : 0)] = threshold(metropolisProbability(dE, T))
    }
  }
  return table
}

/** Wolff bond-activation probability 1 − e^{-2β|J|} for a satisfied bond (Jσiσj > 0). */
export function wolffAddProbability(J: number, T: number): number {
  return -Math.expm1((-2 * Math.abs(J)) / T)
}
