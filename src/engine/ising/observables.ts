// Thermal averages of the Ising model (Eq. 13, ⟨X⟩ = Σ X e^{−E/T}/Z, estimated as time
// averages of a Markov chain) with honest error bars. Per measurement we keep
//   e = E/N,  m = M/N,  |m|,  m²,  m⁴
// and derive the fluctuation quantities per spin (k_B = 1):
//   χ = N (⟨m²⟩ − ⟨|m|⟩²) / T       (finite-lattice susceptibility: ⟨m⟩ = 0 at B = 0 on a
//                                    finite lattice, so the order parameter is |m|)
//   C = N (⟨e²⟩ − ⟨e⟩²) / T²        (= (⟨E²⟩ − ⟨E⟩²)/(N T²), fluctuation–dissipation)
//   U4 = 1 − ⟨m⁴⟩ / (3⟨m²⟩²)        (Binder cumulant: 2/3 deep in the ordered phase, → 0 above Tc)
//   ξ = √(⟨m²⟩/⟨f⟩ − 1) / (2 sin(π/L))  (second-moment correlation length, correlation.ts;
//                                    from the measurements where the caller also took
//                                    f = S(k_min)/N: it costs O(N) a lattice)
// Means get their error from binning; χ, C, U4 are nonlinear in the means and get theirs
// from a jackknife over bins. τ_int is reported from Sokal's windowed estimator (less
// biased and less noisy than the binning ratio on test series) and sets the jackknife bin
// length.
// Every observable also says whether its error can be trusted (`converged`): the binning
// curves of the series it is made of must have reached their plateau (as ALPS checks).

import { binningAnalysis } from '../stats/binning'
import { jackknife } from '../stats/jackknife'
import { tauIntWindowed } from '../stats/autocorrelation'

export interface ObservableAccumulator {
  /** One measurement of the lattice: total energy (Eq. 14), total magnetization, spin count. */
  push(E: number, M: number, N: number): void
  readonly count: number
  /** The series so far (views of length `count`, valid until the next push). */
  series(): { e: Float64Array; m: Float64Array; absM: Float64Array; m2: Float64Array; m4: Float64Array }
  clear(): void
}

export function createObservableAccumulator(initialCapacity = 1024): ObservableAccumulator {
  let cap = Math.max(16, initialCapacity)
  let n = 0
  let e: Float64Array = new Float64Array(cap)
  let m: Float64Array = new Float64Array(cap)
  const grow = (a: Float64Array): Float64Array => {
    const b = new Float64Array(cap)
    b.set(a)
    return b
  }
  return {
    push(E, M, N) {
      if (n === cap) {
        cap *= 2
        e = grow(e)
        m = grow(m)
      }
      e[n] = E / N
      m[n] = M / N
      n++
    },
    get count() {
      return n
    },
    series() {
      // |m|, m², m⁴ are computed from m on demand: one stored series fewer per push.
      const mm = m.subarray(0, n)
      return {
        e: e.subarray(0, n),
        m: mm,
        absM: mm.map(Math.abs),
        m2: mm.map((x) => x * x),
        m4: mm.map((x) => x * x * x * x)
      }
    },
    clear() {
      n = 0
    }
  }
}

export interface Estimate {
  value: number
  error: number
}

export interface IsingObservables {
  n: number
  e: Estimate
  m: Estimate
  absM: Estimate
  m2: Estimate
  m4: Estimate
  chi: Estimate
  C: Estimate
  U4: Estimate
  /** Second-moment correlation length (NaN without `opts.correlation`). */
  xi: Estimate
  /** Per observable: its binning curves reached a plateau (see the header). */
  convergedBy: Record<ConvergenceKey, boolean>
  /** τ_int (in measurements) of e and |m|, Sokal's automatic window; ½ means uncorrelated. */
  tauIntE: number
  tauIntAbsM: number
  /** Jackknife bins used for χ, C, U4. */
  nBins: number
  /** False when a binning curve of e or |m| did not reach a plateau, or the τ window did not
   *  close, or the bins are shorter than 20 τ_int: the run is too short for honest errors. */
  converged: boolean
}

export const OBSERVABLE_KEYS = ['e', 'm', 'absM', 'm2', 'm4', 'chi', 'C', 'U4', 'xi'] as const
export type ConvergenceKey = (typeof OBSERVABLE_KEYS)[number]

/** χ per spin from the means of |m| and m² (see the header). */
export const susceptibility = (absM: number, m2: number, T: number, N: number): number => (N * (m2 - absM * absM)) / T

/** C per spin from the means of e and e². */
export const specificHeat = (e: number, e2: number, T: number, N: number): number => (N * (e2 - e * e)) / (T * T)

/** Binder cumulant U4 = 1 − ⟨m⁴⟩/(3⟨m²⟩²). */
export const binderCumulant = (m2: number, m4: number): number => 1 - m4 / (3 * m2 * m2)

/** ξ = √(⟨m²⟩/⟨f⟩ − 1) / (2 sin(π/L)), f = S(k_min)/N (see correlation.ts). */
export const secondMomentLength = (m2: number, f: number, L: number): number => Math.sqrt(Math.max(0, m2 / f - 1)) / (2 * Math.sin(Math.PI / L))

/**
 * All observables with error bars. The jackknife uses `nBins` bins (default: as many as keep
 * each bin ≥ 20 τ_int long, between 16 and 32 — bins shorter than a few τ are correlated and
 * the error comes out too small; fewer than 16 make the error itself too noisy).
 */
export function deriveObservables(
  acc: ObservableAccumulator,
  T: number,
  N: number,
  opts: { nBins?: number; correlation?: { m2: Float64Array; f: Float64Array } } = {}
): IsingObservables {
  const s = acc.series()
  const n = acc.count
  const e2 = s.e.map((x) => x * x)
  const est = (x: Float64Array) => {
    const b = binningAnalysis(x)
    return { est: { value: b.mean, error: b.binnedError }, converged: b.converged }
  }
  const be = est(s.e)
  const ba = est(s.absM)
  const bm = est(s.m)
  const bm2 = est(s.m2)
  const bm4 = est(s.m4)
  const be2 = est(e2)
  const c = opts.correlation && opts.correlation.f.length >= 2 ? opts.correlation : null
  const cm2 = c ? est(c.m2) : null
  const cf = c ? est(c.f) : null
  const L = Math.round(Math.sqrt(N))
  const te = tauIntWindowed(s.e)
  const ta = tauIntWindowed(s.absM)
  const tauMax = Math.max(te.tauInt, ta.tauInt)
  const nBins = opts.nBins ?? Math.max(16, Math.min(32, Math.floor(n / (20 * tauMax))))
  const jk = (series: Float64Array[], f: (mu: Float64Array) => number, bins = nBins): Estimate => {
    const r = jackknife(series, f, Math.max(2, bins))
    return { value: r.value, error: r.error }
  }
  return {
    n,
    e: be.est,
    m: bm.est,
    absM: ba.est,
    m2: bm2.est,
    m4: bm4.est,
    chi: jk([s.absM, s.m2], (mu) => susceptibility(mu[0], mu[1], T, N)),
    C: jk([s.e, e2], (mu) => specificHeat(mu[0], mu[1], T, N)),
    U4: jk([s.m2, s.m4], (mu) => binderCumulant(mu[0], mu[1])),
    xi: c ? jk([c.m2, c.f], (mu) => secondMomentLength(mu[0], mu[1], L), Math.min(nBins, c.f.length >> 2)) : { value: Number.NaN, error: Number.NaN },
    convergedBy: {
      e: be.converged,
      m: bm.converged,
      absM: ba.converged,
      m2: bm2.converged,
      m4: bm4.converged,
      chi: ba.converged && bm2.converged,
      C: be.converged && be2.converged,
      U4: bm2.converged && bm4.converged,
      xi: cm2 !== null && cf !== null && cm2.converged && cf.converged
    },
    tauIntE: te.tauInt,
    tauIntAbsM: ta.tauInt,
    nBins,
    converged: be.converged && ba.converged && te.converged && ta.converged && n >= nBins * 20 * tauMax
  }
}

/** A flat, JSON-friendly record: e, eErr, absM, absMErr, … for storing a run's result. */
export function flattenObservables(o: IsingObservables): Record<string, number | boolean> {
  const out: Record<string, number | boolean> = { n: o.n }
  for (const key of OBSERVABLE_KEYS) {
    out[key] = o[key].value
    out[key + 'Err'] = o[key].error
    out[key + 'Converged'] = o.convergedBy[key] ? 1 : 0
  }
  out.tauIntE = o.tauIntE
  out.tauIntAbsM = o.tauIntAbsM
  out.nBins = o.nBins
  out.converged = o.converged
  return out
}
