// Jackknife over bins for quantities that are nonlinear in averages (χ, C, U4 are functions
// of ⟨m²⟩, ⟨|m|⟩, ⟨m⁴⟩, ⟨e⟩, ⟨e²⟩): error propagation through a nonlinear f of correlated
// means is what the jackknife does without derivatives. The series are cut into nBins
// consecutive bins (the same cut for every series, so their covariance is kept); bins much
// longer than τ_int are nearly independent, which is what makes the error honest.
//   f_(b) = f(means with bin b left out),  f̄ = (1/B) Σ f_(b)
//   σ²_f = (B − 1)/B · Σ_b (f_(b) − f̄)²,  bias-corrected f = B f(all) − (B − 1) f̄.

import { blockMeans } from './binning'

export interface JackknifeResult {
  /** f of the full-sample means. */
  value: number
  error: number
  /** B·f(all) − (B−1)·f̄: removes the O(1/n) bias of a nonlinear f. */
  biasCorrected: number
  nBins: number
}

/**
 * f is called with the means of the given series (in order); `nBins` bins of equal length
 * (a remainder at the start is dropped from every series, which must have the same length).
 */
export function jackknife(
  series: ArrayLike<number>[],
  f: (means: Float64Array) => number,
  nBins = 32
): JackknifeResult {
  const n = series[0]?.length ?? 0
  for (const s of series) if (s.length !== n) throw new Error('jackknife: series of different lengths')
  const B = Math.min(nBins, n)
  if (B < 2) {
    const means = Float64Array.from(series, (s) => (s.length ? s[0] : NaN))
    const v = f(means)
    return { value: v, error: NaN, biasCorrected: v, nBins: B }
  }
  const size = Math.floor(n / B)
  const bins = series.map((s) => blockMeans(s, size))
  const k = series.length
  const total = new Float64Array(k)
  for (let j = 0; j < k; j++) for (let b = 0; b < B; b++) total[j] += bins[j][b]
  const full = Float64Array.from(total, (t) => t / B)
  const value = f(full)
  const loo = new Float64Array(B)
  const means = new Float64Array(k)
  let fbar = 0
  for (let b = 0; b < B; b++) {
    for (let j = 0; j < k; j++) means[j] = (total[j] - bins[j][b]) / (B - 1)
    loo[b] = f(means)
    fbar += loo[b]
  }
  fbar /= B
  let ss = 0
  for (let b = 0; b < B; b++) ss += (loo[b] - fbar) ** 2
  return { value, error: Math.sqrt(((B - 1) / B) * ss), biasCorrected: B * value - (B - 1) * fbar, nBins: B }
}
