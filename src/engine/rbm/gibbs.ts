// Block Gibbs sampling (Sec. IV, "RBM Dynamics"): with no couplings inside a layer, every
// unit of one layer is independent given the other, so a whole layer is drawn at once from
// Eq. 22 (hidden) or Eq. 26 (visible). Alternating the two is the "back and forth" of Fig. 5
// that thermalizes the machine.
//
// The decision rule. The standard one turns a unit on when a uniform R ∈ [0, 1) falls below
// its probability P, so it is on with probability P. The paper prints the opposite ("if this
// random value is greater than … Pₕ we turn that node on", Eqs. 23–25), which turns it on
// with probability 1 − P: a unit with P = 0.8 comes on 20 % of the time. Kept as an option
// so the lab can show what that does.

import type { Rng } from '../rng'
import { drawLayer } from './bernoulli'
import { hiddenField, toOnProbability, visibleField } from './conditionals'
import type { Rbm } from './model'
import { offValue, type UnitKind } from './units'

export type GibbsRule = 'standard' | 'printed'

/** Whether a unit with on-probability P is turned on by the uniform draw R. */
export function turnsOn(P: number, R: number, rule: GibbsRule): boolean {
  return rule === 'standard' ? R < P : R > P
}

/** out[k] = on or off value drawn from P[k], k < count, by `rule` (bernoulli.ts draws the R). */
export function sampleUnits(u: UnitKind, P: Float32Array, out: Float32Array, count: number, rng: Rng, rule: GibbsRule = 'standard'): void {
  drawLayer(P, out, count, offValue(u), rule === 'printed', rng)
}

/** n chains of the machine: their visible and hidden states and the last probabilities. */
export interface GibbsChains {
  n: number
  V: Float32Array
  H: Float32Array
  /** P(h on | V) from the last up pass. */
  PH: Float32Array
  /** P(v on | H) from the last down pass. */
  PV: Float32Array
}

export function createChains(m: Rbm, n: number): GibbsChains {
  return { n, V: new Float32Array(n * m.nv), H: new Float32Array(n * m.nh), PH: new Float32Array(n * m.nh), PV: new Float32Array(n * m.nv) }
}

/** Visible states drawn uniformly (every unit on with probability ½). */
export function randomizeVisible(m: Rbm, ch: GibbsChains, rng: Rng): void {
  const off = offValue(m.units)
  for (let k = 0; k < ch.V.length; k++) ch.V[k] = rng.uniform() < 0.5 ? 1 : off
}

/** Eq. 22 then a draw: PH = P(h | V), H ~ PH (no draw with draw = false: when only PH is used). */
export function upPass(m: Rbm, ch: GibbsChains, rng: Rng, rule: GibbsRule = 'standard', draw = true): void {
  hiddenField(m, ch.V, ch.n, ch.PH)
  toOnProbability(m.units, ch.PH, ch.n * m.nh)
  if (draw) sampleUnits(m.units, ch.PH, ch.H, ch.n * m.nh, rng, rule)
}

/** Eq. 26 then a draw: PV = P(v | H), V ~ PV. */
export function downPass(m: Rbm, ch: GibbsChains, rng: Rng, rule: GibbsRule = 'standard'): void {
  visibleField(m, ch.H, ch.n, ch.PV)
  toOnProbability(m.units, ch.PV, ch.n * m.nv)
  sampleUnits(m.units, ch.PV, ch.V, ch.n * m.nv, rng, rule)
}

/** `steps` full sweeps v → h → v′. Ends with fresh PH for the final V (an extra up pass). */
export function gibbsSweeps(m: Rbm, ch: GibbsChains, steps: number, rng: Rng, rule: GibbsRule = 'standard'): void {
  for (let s = 0; s < steps; s++) {
    upPass(m, ch, rng, rule)
    downPass(m, ch, rng, rule)
  }
  upPass(m, ch, rng, rule)
}

/**
 * Put back the clamped visible units (mask[i] = 1) of every chain to `values` (one row of
 * n_v, shared by all chains, or one row per chain): Gibbs sampling with part of v held fixed,
 * the "completion" of a corrupted input.
 */
export function clampVisible(m: Rbm, ch: GibbsChains, mask: Uint8Array, values: Float32Array): void {
  const perChain = values.length === ch.V.length
  for (let r = 0; r < ch.n; r++) {
    const o = r * m.nv
    const src = perChain ? o : 0
    for (let i = 0; i < m.nv; i++) if (mask[i]) ch.V[o + i] = values[src + i]
  }
}
