// The exact Boltzmann distribution of a small periodic L×L Ising lattice (Eq. 14 at B = 0,
// Eqs. 10–13), by enumerating its 2^N configurations (65,536 at L = 4): an i.i.d. sampler for
// training data with no autocorrelation, the exact e, |m|, C, χ, and the exact relative
// entropy (Eq. 27) between the lattice and a machine that learned it. State index s: bit i
// set ⇔ site i up, sites row-major, the same order as the machine's visible units.

import { energy, magnetization } from '../ising/energy'
import { specificHeat, susceptibility } from '../ising/observables'
import type { Rng } from '../rng'

/** The enumeration limit: L ≤ 4 (2^16 states; L = 5 would be 3·10⁷). */
export const MAX_EXACT_SITES = 16

export interface ExactIsing {
  L: number
  T: number
  /** Boltzmann probability of each of the 2^N configurations. */
  p: Float64Array
  /** Energy per spin and magnetization per spin of each configuration. */
  e: Float64Array
  m: Float64Array
  /** Cumulative probabilities, for sampling. */
  cdf: Float64Array
}

/** Configuration of index s (bit i ⇔ site i up). */
export function configurationOf(s: number, N: number, out = new Int8Array(N)): Int8Array {
  for (let i = 0; i < N; i++) out[i] = (s >>> i) & 1 ? 1 : -1
  return out
}

export function exactIsing(L: number, T: number, J = 1): ExactIsing {
  const N = L * L
  if (!Number.isInteger(L) || L < 2 || N > MAX_EXACT_SITES) throw new Error(`the exact Ising sampler enumerates lattices up to 4×4 (got L = ${L})`)
  if (!(T > 0) || !Number.isFinite(T)) throw new Error(`the temperature must be a positive number (got ${T})`)
  const S = 2 ** N
  const p = new Float64Array(S)
  const e = new Float64Array(S)
  const m = new Float64Array(S)
  const sigma = new Int8Array(N)
  let eMin = Infinity
  for (let s = 0; s < S; s++) {
    configurationOf(s, N, sigma)
    e[s] = energy(sigma, L, J, 0) / N
    m[s] = magnetization(sigma) / N
    if (e[s] < eMin) eMin = e[s]
  }
  let z = 0
  for (let s = 0; s < S; s++) z += p[s] = Math.exp((-(e[s] - eMin) * N) / T)
  const cdf = new Float64Array(S)
  let c = 0
  for (let s = 0; s < S; s++) {
    p[s] /= z
    cdf[s] = c += p[s]
  }
  return { L, T, p, e, m, cdf }
}

/** count independent configurations drawn from the exact distribution (count·N spins). */
export function sampleExactIsing(x: ExactIsing, count: number, rng: Rng): Int8Array {
  const N = x.L * x.L
  const out = new Int8Array(count * N)
  const last = x.cdf.length - 1
  for (let r = 0; r < count; r++) {
    const u = rng.uniform() * x.cdf[last]
    let lo = 0
    let hi = last
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (x.cdf[mid] > u) hi = mid
      else lo = mid + 1
    }
    configurationOf(lo, N, out.subarray(r * N, (r + 1) * N))
  }
  return out
}

export interface Thermo {
  /** Energy per spin, |m|, specific heat and susceptibility per spin (observables.ts). */
  e: number
  absM: number
  C: number
  chi: number
  /** Fraction with M > 0, and with M < 0. */
  pPlus: number
  pMinus: number
}

/** Weighted averages of e, |m|, e², m² and the phase fractions → the observables (Σ w = 1). */
function thermoOf(N: number, T: number, count: number, e: (k: number) => number, m: (k: number) => number, w: (k: number) => number): Thermo {
  let se = 0
  let se2 = 0
  let sa = 0
  let sm2 = 0
  let pPlus = 0
  let pMinus = 0
  for (let k = 0; k < count; k++) {
    const wk = w(k)
    const ek = e(k)
    const mk = m(k)
    se += wk * ek
    se2 += wk * ek * ek
    sa += wk * Math.abs(mk)
    sm2 += wk * mk * mk
    if (mk > 0) pPlus += wk
    else if (mk < 0) pMinus += wk
  }
  return { e: se, absM: sa, C: specificHeat(se, se2, T, N), chi: susceptibility(sa, sm2, T, N), pPlus, pMinus }
}

/** e, |m|, C, χ and the phase fractions of a distribution over configurations (weights w_s, Σ = 1). */
export function thermoOfDistribution(x: Pick<ExactIsing, 'L' | 'T' | 'e' | 'm'>, w: ArrayLike<number>): Thermo {
  return thermoOf(x.L * x.L, x.T, w.length, (s) => x.e[s], (s) => x.m[s], (s) => w[s])
}

/** The same observables estimated from count sampled configurations (count·N spins). */
export function thermoOfSamples(spins: Int8Array, count: number, L: number, T: number, J = 1): Thermo {
  const N = L * L
  const e = new Float64Array(count)
  const m = new Float64Array(count)
  for (let r = 0; r < count; r++) {
    const c = spins.subarray(r * N, (r + 1) * N)
    e[r] = energy(c, L, J, 0) / N
    m[r] = magnetization(c) / N
  }
  return thermoOf(N, T, count, (r) => e[r], (r) => m[r], () => 1 / count)
}

/**
 * Relative entropy (Eq. 27) S = Σ_s p_s (log p_s − log q_s) in nats, from the log-probabilities
 * of q: a machine whose weights have blown up gives some states q = e^{−10⁴}, which would
 * underflow to 0 (and S to ∞) as a probability.
 */
export function relativeEntropy(p: ArrayLike<number>, logQ: ArrayLike<number>): number {
  let s = 0
  for (let k = 0; k < p.length; k++) if (p[k] > 0) s += p[k] * (Math.log(p[k]) - logQ[k])
  return s
}

/** log of q made spin-flip symmetric, (q(σ) + q(−σ))/2 — flipping every spin complements the index. */
export function spinFlipSymmetrized(logQ: Float64Array): Float64Array {
  const all = logQ.length - 1
  const out = new Float64Array(logQ.length)
  for (let s = 0; s < logQ.length; s++) {
    const a = logQ[s]
    const b = logQ[all ^ s]
    const hi = Math.max(a, b)
    out[s] = hi === -Infinity ? -Infinity : hi + Math.log1p(Math.exp(Math.min(a, b) - hi)) - Math.LN2
  }
  return out
}
