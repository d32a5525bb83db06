// What the Boltzmann-machine views draw, as plain arrays: the chains' visible layers one image
// each, their average, a digit with its blanked part shown grey, the same digit as a Hopfield
// input (unknown pixels 0). Pure functions (no DOM, no calls), so tests can import them.

export type Units = 'binary' | 'spin'

/** The grey ramp of a machine's visible values: off → black … on → white (MNIST's ink is white). */
export const unitRange = (units: Units): [number, number] => (units === 'binary' ? [0, 1] : [-1, 1])

/** Row r of a chains × n_v array (a view, not a copy). */
export function chainImage(data: Float32Array, nv: number, r: number): Float32Array {
  return data.subarray(r * nv, (r + 1) * nv)
}

/** The average over the chains of a chains × n_v array. */
export function meanOverChains(data: ArrayLike<number>, chains: number, nv: number): Float32Array {
  const out = new Float32Array(nv)
  for (let r = 0; r < chains; r++) for (let i = 0; i < nv; i++) out[i] += data[r * nv + i] / chains
  return out
}

/** The value halfway between a machine's off and on: how a blanked (unknown) unit is drawn. */
const unknown = (units: Units): number => (units === 'binary' ? 0.5 : 0)

/**
 * The item as the machine was given it: clamped units (mask 1) as they are, blanked ones
 * (mask 0) from `fill` when given (e.g. the chains' average), else halfway grey.
 */
export function withBlanked(truth: ArrayLike<number>, mask: ArrayLike<number>, units: Units, fill?: ArrayLike<number>): Float32Array {
  const out = new Float32Array(truth.length)
  for (let i = 0; i < out.length; i++) out[i] = mask[i] ? truth[i] : fill ? fill[i] : unknown(units)
  return out
}

/** The corrupted digit as a Hopfield state: on → +1, off → −1, blanked → 0 (unknown). */
export function corruptedSpins(truth: ArrayLike<number>, mask: ArrayLike<number>): Int8Array {
  const s = new Int8Array(truth.length)
  for (let i = 0; i < s.length; i++) s[i] = mask[i] ? (truth[i] > 0.5 ? 1 : -1) : 0
  return s
}

/** Fraction of the blanked units (mask 0) where a ±1 state disagrees with the 0/1 truth. */
export function blankedErrorRate(state: ArrayLike<number>, truth: ArrayLike<number>, mask: ArrayLike<number>): number {
  let wrong = 0
  let blanked = 0
  for (let i = 0; i < truth.length; i++) {
    if (mask[i]) continue
    blanked++
    if (state[i] > 0 !== truth[i] > 0.5) wrong++
  }
  return blanked ? wrong / blanked : 0
}
