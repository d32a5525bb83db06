// How well a machine has learned, by measures of increasing honesty:
//   reconstruction MSE (Eq. 31): one up-down pass v → h → v′, (v − v′)² averaged. Cheap, and
//     not the objective: a machine can reconstruct well and dream badly;
//   pseudo-likelihood: Σ_i log P(v_i | v_{−i}), each term σ(F(ṽ) − F(v)) with ṽ = v with unit
//     i flipped; estimated with one random i per sample, times n_v (Besag 1975; as sklearn);
//   free-energy gap: ⟨F⟩_validation − ⟨F⟩_training on equally many rows. It grows when the
//     machine overfits (assigns the training rows more probability than unseen ones);
//   log-likelihood ⟨log P(v)⟩ = −⟨F(v)⟩ − log Z, with log Z exact (exact.ts) or from AIS.

import type { Rng } from '../rng'
import { hiddenField, toMeanValue, toOnProbability, visibleField } from './conditionals'
import { meanFreeEnergy, freeEnergies } from './freeEnergy'
import { sampleUnits, type GibbsRule } from './gibbs'
import type { Rbm } from './model'
import { offValue } from './units'

/**
 * One up-down pass of the n rows of V into `out` (n × n_v): h drawn from P(h | v) by the run's
 * decision rule, then v′ = ⟨v | h⟩ (the probabilities for binary units, tanh for spins) — or,
 * with `sampled`, v′ drawn from P′_v by the same rule, as the paper reads Eq. 26 ("which we can
 * then sample from to yield … v′").
 */
export function reconstruct(m: Rbm, V: Float32Array, n: number, rng: Rng, rule: GibbsRule, sampled: boolean, out: Float32Array, chunk = 256): Float32Array {
  const c0 = Math.min(chunk, n)
  const H = new Float32Array(c0 * m.nh)
  const P = new Float32Array(c0 * m.nh)
  for (let s = 0; s < n; s += c0) {
    const c = Math.min(c0, n - s)
    const A = out.subarray(s * m.nv, (s + c) * m.nv)
    hiddenField(m, V.subarray(s * m.nv, (s + c) * m.nv), c, P)
    toOnProbability(m.units, P, c * m.nh)
    sampleUnits(m.units, P, H, c * m.nh, rng, rule)
    visibleField(m, H, c, A)
    if (sampled) {
      toOnProbability(m.units, A, c * m.nv)
      sampleUnits(m.units, A, A, c * m.nv, rng, rule)
    } else toMeanValue(m.units, A, A, c * m.nv)
  }
  return out
}

/** Eq. 31 averaged over the n rows of V: MSE = (1/n_v) Σ_i (v_i − v′_i)² with v′ from reconstruct(). */
export function reconstructionError(m: Rbm, V: Float32Array, n: number, rng: Rng, rule: GibbsRule = 'standard', sampled = false, out = new Float32Array(n * m.nv)): number {
  reconstruct(m, V, n, rng, rule, sampled, out)
  let sum = 0
  for (let k = 0; k < n * m.nv; k++) sum += (V[k] - out[k]) ** 2
  return sum / (n * m.nv)
}

/** Stochastic pseudo-log-likelihood per sample: n_v · log σ(F(ṽ) − F(v)), one random flipped unit per row, averaged. */
export function pseudoLikelihood(m: Rbm, V: Float32Array, n: number, rng: Rng, chunk = 256): number {
  const c0 = Math.min(chunk, n)
  const flipped = new Float32Array(c0 * m.nv)
  const F = new Float64Array(c0)
  const Ff = new Float64Array(c0)
  const field = new Float32Array(c0 * m.nh)
  const off = offValue(m.units)
  let sum = 0
  for (let s = 0; s < n; s += c0) {
    const c = Math.min(c0, n - s)
    const Vc = V.subarray(s * m.nv, (s + c) * m.nv)
    flipped.set(Vc)
    for (let r = 0; r < c; r++) {
      const k = r * m.nv + rng.int(m.nv)
      flipped[k] = flipped[k] === 1 ? off : 1
    }
    freeEnergies(m, Vc, c, F, field)
    freeEnergies(m, flipped, c, Ff, field)
    // log σ(x) = −softplus(−x)
    for (let r = 0; r < c; r++) {
      const x = Ff[r] - F[r]
      sum += m.nv * (x > 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x)))
    }
  }
  return sum / n
}

/** ⟨F⟩ over the validation rows minus ⟨F⟩ over as many training rows (the first of each). */
export function freeEnergyGap(m: Rbm, train: Float32Array, nTrain: number, val: Float32Array, nVal: number): number {
  const n = Math.min(nTrain, nVal)
  if (n === 0) return NaN
  return meanFreeEnergy(m, val, n) - meanFreeEnergy(m, train, n)
}

/** Mean log P(v) of the n rows of V given log Z (exact or estimated). */
export function logLikelihood(m: Rbm, V: Float32Array, n: number, logZ: number): number {
  return -meanFreeEnergy(m, V, n) - logZ
}

/** Mean |W_ji|: how far the weights have grown (the printed sign makes it explode). */
export function meanAbsWeight(m: Rbm): number {
  let s = 0
  for (let k = 0; k < m.W.length; k++) s += Math.abs(m.W[k])
  return s / m.W.length
}
