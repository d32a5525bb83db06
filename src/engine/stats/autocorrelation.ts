// The normalised autocorrelation function of a time series and the integrated
// autocorrelation time with Sokal's automatic window (Madras & Sokal, J. Stat. Phys. 50,
// 109 (1988); Sokal, "Monte Carlo methods in statistical mechanics", 1996 lectures):
//   ρ(t) = C(t)/C(0),  C(t) = 1/(n−t) Σ_i (x_i − x̄)(x_{i+t} − x̄)
//   τ_int(W) = ½ + Σ_{t=1}^{W} ρ(t),  W = the smallest window with W ≥ c·τ_int(W), c ≈ 5.
// Summing ρ(t) to large t only adds noise (the tail of ρ is pure noise); the window cuts the
// sum once it is a few τ long, where the neglected tail ~e^{−W/τ} is small.

import { mean } from './binning'

/** ρ(t) for t = 0…maxLag (direct sum, O(n·maxLag)). */
export function autocorrelation(x: ArrayLike<number>, maxLag: number): Float64Array {
  const n = x.length
  const mu = mean(x)
  const lags = Math.max(0, Math.min(maxLag, n - 1))
  const rho = new Float64Array(lags + 1)
  const c0 = autocovariance(x, mu, 0)
  for (let t = 0; t <= lags; t++) rho[t] = c0 > 0 ? autocovariance(x, mu, t) / c0 : t === 0 ? 1 : 0
  return rho
}

function autocovariance(x: ArrayLike<number>, mu: number, t: number): number {
  const n = x.length
  let s = 0
  for (let i = 0; i + t < n; i++) s += (x[i] - mu) * (x[i + t] - mu)
  return s / (n - t)
}

export interface TauIntResult {
  tauInt: number
  /** Madras–Sokal estimate of the statistical error of τ_int: τ·√(2(2W+1)/n). */
  error: number
  /** The window W the sum was cut at. */
  window: number
  /** False when no window W < n/2 satisfied W ≥ c·τ(W), or n < 50 τ: the series is too
   *  short (a short series underestimates ρ(t), since its own mean absorbs the slow part). */
  converged: boolean
}

/** τ_int with the automatic window; computes ρ(t) lag by lag only as far as the window needs. */
export function tauIntWindowed(x: ArrayLike<number>, c = 5): TauIntResult {
  const n = x.length
  const mu = mean(x)
  const c0 = n > 1 ? autocovariance(x, mu, 0) : 0
  if (!(c0 > 0)) return { tauInt: 0.5, error: 0, window: 0, converged: n > 1 }
  let tau = 0.5
  const maxW = Math.floor(n / 2)
  for (let W = 1; W <= maxW; W++) {
    tau += autocovariance(x, mu, W) / c0
    if (W >= c * tau) return { tauInt: tau, error: tau * Math.sqrt((2 * (2 * W + 1)) / n), window: W, converged: n >= 50 * tau }
  }
  return { tauInt: tau, error: tau * Math.sqrt((2 * (2 * maxW + 1)) / n), window: maxW, converged: false }
}
