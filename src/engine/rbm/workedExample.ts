// The worked example of Sec. IV, Eqs. 22–26: one Gibbs step on a tiny machine, with every
// value shown, under the decision rule as printed and the standard one.
//
// The paper gives Pₕ (Eq. 23) and the random numbers R (Eq. 24), and with its rule "Rᵢ > Pᵢ
// ⇒ on" gets h = (1,0,0,0,1) (Eq. 25). That rule turns a unit on with probability 1 − P; the
// standard rule "Rᵢ < Pᵢ ⇒ on" gives (0,1,1,1,0). The machine below is built so that Eq. 22
// reproduces Eq. 23 exactly from the input v = (1,0,1,0): each hidden unit's weights to the
// two "on" inputs add up to logit Pⱼ, so σ(Wv) = Pₕ. The weights to the other two inputs are
// ours (the paper does not give W); they only enter on the way back, Eq. 26.

import type { Rng } from '../rng'
import { turnsOn, type GibbsRule } from './gibbs'
import { createRbm, type Rbm } from './model'
import { onProbability } from './units'

/** Eq. 23. */
export const PAPER_PH = [0.6001, 0.8452, 0.5789, 0.9132, 0.1159] as const
/** Eq. 24. */
export const PAPER_R = [0.9777, 0.1698, 0.1054, 0.7568, 0.2337] as const
/** Eq. 25, as printed (the printed rule). */
export const PAPER_H = [1, 0, 0, 0, 1] as const
/** The input placed on the visible layer. */
export const EXAMPLE_V = [1, 0, 1, 0] as const
/** Random numbers for the way back (Eq. 26), ours: the paper stops at h. */
export const EXAMPLE_R_VISIBLE = [0.4123, 0.8831, 0.2467, 0.6402] as const
/** Weights from each hidden unit to the two inputs that are off in v (ours). */
const OFF_WEIGHTS = [
  [0.5, -0.3],
  [-0.7, 0.4],
  [0.3, 0.6],
  [-0.2, -0.8],
  [0.9, 0.1]
]

const logit = (p: number): number => Math.log(p / (1 - p))

/** The 4-visible × 5-hidden machine of the example (no biases). */
export function exampleMachine(): Rbm {
  const m = createRbm(4, 5, 'binary')
  PAPER_PH.forEach((p, j) => {
    const half = logit(p) / 2
    m.W.set([half, OFF_WEIGHTS[j][0], half, OFF_WEIGHTS[j][1]], j * 4)
  })
  return m
}

export interface GibbsStepRecord {
  rule: GibbsRule
  /** Wv, Eq. 22's argument, and Pₕ = σ(Wv). */
  fieldH: number[]
  ph: number[]
  r: number[]
  h: number[]
  /** Wᵀh and P′ᵥ = σ(Wᵀh) (Eq. 26), the random numbers and the new v′. */
  fieldV: number[]
  pv: number[]
  rVisible: number[]
  v: number[]
}

/** One full step v → h → v′ of the example with the given rule, every intermediate value kept. */
export function workedGibbsStep(rule: GibbsRule): GibbsStepRecord {
  const m = exampleMachine()
  const fieldH = PAPER_PH.map((_, j) => EXAMPLE_V.reduce((s, vi, i) => s + m.W[j * 4 + i] * vi, m.bh[j]))
  const ph = fieldH.map((a) => onProbability('binary', a))
  const h = ph.map((p, j) => (turnsOn(p, PAPER_R[j], rule) ? 1 : 0))
  const fieldV = EXAMPLE_V.map((_, i) => h.reduce((s, hj, j) => s + m.W[j * 4 + i] * hj, m.bv[i]))
  const pv = fieldV.map((a) => onProbability('binary', a))
  const v = pv.map((p, i) => (turnsOn(p, EXAMPLE_R_VISIBLE[i], rule) ? 1 : 0))
  return { rule, fieldH, ph, r: [...PAPER_R], h, fieldV, pv, rVisible: [...EXAMPLE_R_VISIBLE], v }
}

/** How often each unit of probability P[k] comes on under a rule, over `draws` independent draws. */
export function measuredOnFrequency(P: readonly number[], rule: GibbsRule, draws: number, rng: Rng): number[] {
  return P.map((p) => {
    let on = 0
    for (let d = 0; d < draws; d++) if (turnsOn(p, rng.uniform(), rule)) on++
    return on / draws
  })
}
