// Checks of data handed to a machine, with messages in the words of the form. Whatever comes
// from outside (a stored dataset, an imported file, a run's artifact) passes here before any
// training starts, so a bad input fails at once and nothing is stored.

import type { UnitKind } from './units'

export interface RbmRows {
  /** Rows (samples). */
  n: number
  /** Values per row (visible units). */
  nv: number
  /** n × n_v values, row-major. */
  V: Float32Array
}

const kindWords = (u: UnitKind): string => (u === 'binary' ? 'a binary machine needs every value to be 0 or 1' : 'a spin machine needs every value to be −1 or +1')

/**
 * Every row has n_v finite values of the machine's unit kind. `allowMissing`: 0 is accepted
 * as "unseen" in spin data (the movie ratings: +1 like, −1 dislike, 0 not seen).
 */
export function checkRows(d: RbmRows, units: UnitKind, what: string, opts: { nv?: number; allowMissing?: boolean } = {}): RbmRows {
  if (!(d.n > 0)) throw new Error(`the ${what} is empty: there is nothing to learn from`)
  if (opts.nv !== undefined && d.nv !== opts.nv)
    throw new Error(`the machine has ${opts.nv} visible units but each sample of the ${what} has ${d.nv} values`)
  if (d.V.length !== d.n * d.nv) throw new Error(`the ${what} holds ${d.V.length} values, ${d.n} samples of ${d.nv} need ${d.n * d.nv} (wrong shape)`)
  const off = units === 'binary' ? 0 : -1
  for (let k = 0; k < d.V.length; k++) {
    const x = d.V[k]
    if (x === 1 || x === off || (opts.allowMissing && x === 0)) continue
    const where = `sample ${Math.floor(k / d.nv) + 1}, unit ${(k % d.nv) + 1}`
    if (Number.isNaN(x)) throw new Error(`the ${what} has a missing number (NaN) at ${where}`)
    throw new Error(`the ${what} has the value ${x} at ${where}: ${kindWords(units)}${units === 'binary' ? ' (binarize the images first)' : ''}`)
  }
  return d
}

/** Gibbs steps k and similar counts: whole and at least 1. */
export function checkCount(x: number, label: string, min = 1): void {
  if (!Number.isInteger(x) || x < min) throw new Error(`${label} must be a whole number ≥ ${min} (got ${x})`)
}
