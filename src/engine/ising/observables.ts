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
// length. A run of more than MAX_RAW_MEASUREMENTS keeps its series as block means (bounded
// memory, see below); τ_int then comes from the binning ratio.
// Every observable also says whether its error can be trusted (`converged`): the binning
// curves of the series it is made of must have reached their plateau (as ALPS checks).

import { binningAnalysis, mean } from '../stats/binning'
import { jackknife } from '../stats/jackknife'
import { tauIntWindowed } from '../stats/autocorrelation'
import { F64 } from '../memory'

/**
 * Measurements kept one by one per point at most (2²⁰: 8 MB a series). Beyond, the series
 * is kept as block means — the binning of binning.ts, done as the measurements arrive: it
 * goes on in blocks of 4 (2¹⁸ of them, room for 2¹⁹), and whenever the blocks fill up,
 * neighbouring blocks are averaged pairwise and the block length doubles. Memory is then
 * bounded whatever the run length (10⁹ measurements: 2¹⁸–2¹⁹ blocks of 2048), and the
 * analysis only loses the binning levels shorter than a block, the low ones that sit below
 * the plateau whenever a block is longer than τ_int.
 */
export const MAX_RAW_MEASUREMENTS = 2 ** 20
const MAX_BLOCKS = MAX_RAW_MEASUREMENTS / 2
const FIRST_BLOCK = 4

/** The series an accumulator holds, per measurement or per block (see blockSize). */
export interface ObservableSeries {
  e: Float64Array
  m: Float64Array
  absM: Float64Array
  m2: Float64Array
  m4: Float64Array
  e2: Float64Array
  /** Measurements per entry: 1 while every measurement is kept, then the block length. */
  blockSize: number
}

export interface ObservableAccumulator {
  /** One measurement of the lattice: total energy (Eq. 14), total magnetization, spin count. */
  push(E: number, M: number, N: number): void
  /** Measurements pushed. */
  readonly count: number
  /** The series so far (views valid until the next push); an unfinished last block is left out. */
  series(): ObservableSeries
  /**
   * m of single measurements, for the tunnelling diagnosis (block means would hide a basin
   * change): every measurement, or the first measurement of each block.
   */
  mSample(): Float64Array
  clear(): void
}

/** The six block-mean series, in the order of ObservableSeries. */
const BLOCK_KEYS = ['e', 'm', 'absM', 'm2', 'm4', 'e2'] as const

export function createObservableAccumulator(initialCapacity = 1024, maxRaw = MAX_RAW_MEASUREMENTS): ObservableAccumulator {
  const maxBlocks = maxRaw / 2
  let cap = Math.max(16, Math.min(initialCapacity, maxRaw))
  let n = 0
  let e: Float64Array = new Float64Array(cap)
  let m: Float64Array = new Float64Array(cap)
  const grow = (a: Float64Array): Float64Array => {
    const b = new Float64Array(cap)
    b.set(a)
    return b
  }
  // Blocked mode (null until maxRaw measurements): block means, the first m of each block,
  // and the running sums of the block being filled.
  let blocks: Float64Array[] | null = null
  let firstM = new Float64Array(0)
  let blockSize = 1
  let nb = 0
  const sums = new Float64Array(6)
  let inBlock = 0

  const closeBlock = (): void => {
    const bl = blocks!
    for (let j = 0; j < 6; j++) bl[j][nb] = sums[j] / blockSize
    sums.fill(0)
    inBlock = 0
    if (++nb < maxBlocks) return
    // Full: average neighbours, blocks twice as long.
    for (const a of [...bl, firstM]) for (let i = 0; i < maxBlocks / 2; i++) a[i] = a === firstM ? a[2 * i] : 0.5 * (a[2 * i] + a[2 * i + 1])
    nb = maxBlocks / 2
    blockSize *= 2
  }

  const addToBlock = (x: number, y: number): void => {
    if (inBlock === 0) firstM[nb] = y
    const y2 = y * y
    sums[0] += x
    sums[1] += y
    sums[2] += Math.abs(y)
    sums[3] += y2
    sums[4] += y2 * y2
    sums[5] += x * x
    if (++inBlock === blockSize) closeBlock()
  }

  /** The kept measurements become blocks of FIRST_BLOCK; the raw series are let go. */
  const toBlocks = (): void => {
    blocks = BLOCK_KEYS.map(() => new Float64Array(maxBlocks))
    firstM = new Float64Array(maxBlocks)
    blockSize = FIRST_BLOCK
    nb = 0
    for (let i = 0; i < n; i++) addToBlock(e[i], m[i])
    e = m = new Float64Array(0)
  }

  return {
    push(E, M, N) {
      if (blocks === null && n === maxRaw) toBlocks()
      if (blocks !== null) {
        addToBlock(E / N, M / N)
        n++
        return
      }
      if (n === cap) {
        cap = Math.min(2 * cap, maxRaw)
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
      if (blocks !== null) {
        const [be, bm, ba, b2, b4, be2] = blocks.map((a) => a.subarray(0, nb))
        return { e: be, m: bm, absM: ba, m2: b2, m4: b4, e2: be2, blockSize }
      }
      // |m|, m², m⁴, e² are computed on demand: two stored series per push instead of six.
      const mm = m.subarray(0, n)
      const ee = e.subarray(0, n)
      return {
        e: ee,
        m: mm,
        absM: mm.map(Math.abs),
        m2: mm.map((x) => x * x),
        m4: mm.map((x) => x * x * x * x),
        e2: ee.map((x) => x * x),
        blockSize: 1
      }
    },
    mSample() {
      return blocks !== null ? firstM.subarray(0, nb) : m.subarray(0, n)
    },
    clear() {
      n = 0
      blocks = null
      blockSize = 1
      nb = 0
      inBlock = 0
      sums.fill(0)
      if (e.length === 0) {
        cap = 16
        e = new Float64Array(cap)
        m = new Float64Array(cap)
      }
    }
  }
}

/**
 * Bytes an accumulator holds for `planned` measurements (`held`), and what the analysis
 * (deriveObservables) adds at the end (`analysis`), counting what is let go as still held
 * (a collection need not come in between). Kept one by one: e and m; then |m|, m², m⁴, e²
 * and a halving buffer of n/2 for the binning of each of six series. In blocks: the six block
 * series and the first m of each block, the measurements kept one by one until the switch,
 * and the six halving buffers.
 */
export function accumulatorBytes(planned: number): { held: number; analysis: number } {
  if (planned + 1 <= MAX_RAW_MEASUREMENTS) {
    const n = Math.max(16, planned + 1)
    return { held: 2 * F64 * n, analysis: (4 + 3) * F64 * n }
  }
  return { held: 7 * F64 * MAX_BLOCKS + 2 * F64 * MAX_RAW_MEASUREMENTS, analysis: 3 * F64 * MAX_BLOCKS }
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
  const e2 = s.e2
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
  // Kept one by one: Sokal's window on the series. In blocks: from the binning, the plateau
  // error against the error single measurements would have (binning.ts header), with the
  // variance of one measurement from the block means of x and x².
  const te = s.blockSize === 1 ? tauIntWindowed(s.e) : tauFromBinning(be, mean(e2) - mean(s.e) ** 2, n)
  const ta = s.blockSize === 1 ? tauIntWindowed(s.absM) : tauFromBinning(ba, mean(s.m2) - mean(s.absM) ** 2, n)
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

/** τ_int = ½ (binned error / naive error)², naive error² = variance / n (measurements), converged with the binning. */
function tauFromBinning(b: { est: Estimate; converged: boolean }, varianceOfOne: number, n: number): { tauInt: number; converged: boolean } {
  const naive2 = varianceOfOne / n
  return { tauInt: naive2 > 0 ? Math.max(0.5, (0.5 * b.est.error ** 2) / naive2) : 0.5, converged: b.converged }
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
