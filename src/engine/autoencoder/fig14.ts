// Fig. 14: a one-neuron autoencoder trained on Ising configurations across Tc, its latent z
// compared with the magnetization. The latent follows the *signed* m, with a sign that is a
// coin flip per training run, so a per-T average of z over both ordered phases washes out;
// what tracks ⟨|m|⟩ is the distance from the disordered value, ⟨|z − z₀|⟩ per temperature,
// with z₀ the median latent over the highest temperatures. Reported here:
//  - the curve ⟨|z − z₀|⟩(T), rescaled to [0, 1], beside ⟨|m|⟩(T) and the reconstruction error;
//  - r(z, m) over all configurations (its sign is the run's arbitrary sign);
//  - the correlation over temperatures of ⟨|z − z₀|⟩ with ⟨|m|⟩;
//  - a Tc estimate: where the rescaled curve, coming down from high T, first reaches ½ (linear
//    interpolation between neighbouring temperatures), with a bootstrap error (configurations
//    resampled within each temperature); the same estimate from ⟨|m|⟩ rescaled likewise (on a
//    finite lattice both lie above Onsager's Tc, where |m| has not yet fallen to 0);
//  - mean(1 − m²): the per-spin MSE of "every spin = m", the best a bottleneck that carries m
//    and nothing else can do.

import type { Rng } from '../rng'
import { criticalTemperature } from '../ising/exact'
import { pearson } from '../stats/correlation'

export interface Fig14Input {
  /** Per configuration: the latent (or its first principal component), T, m, reconstruction loss. */
  z: ArrayLike<number>
  T: ArrayLike<number>
  m: ArrayLike<number>
  loss: ArrayLike<number>
  J: number
}

/** Numbers that may be undefined (a crossing never reached, one sample at a T) are null: the result is JSON. */
export interface Fig14 {
  temperatures: number[]
  /** ⟨|z − z₀|⟩ per T rescaled to [0, 1], and its standard error on the same scale. */
  absZ: (number | null)[]
  absZErr: (number | null)[]
  absM: number[]
  absMErr: (number | null)[]
  /** Mean reconstruction loss per T. */
  loss: number[]
  lossErr: (number | null)[]
  z0: number
  rZM: number | null
  perTCorrelation: number | null
  Tc: number | null
  TcError: number | null
  TcFromM: number | null
  TcFromMError: number | null
  TcExact: number
  everySpinIsM: number
  meanLoss: number
}

/** The share of the distinct temperatures, from the top, whose latents define z₀. */
const HIGH_T_SHARE = 0.25

/** x, or null when it is not a finite number. */
export const finite = (x: number): number | null => (Number.isFinite(x) ? x : null)

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const h = s.length >> 1
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2
}

/** Mean and standard error of the mean. */
function meanErr(v: number[]): [number, number] {
  const n = v.length
  const m = v.reduce((s, x) => s + x, 0) / n
  if (n < 2) return [m, NaN]
  const var_ = v.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1)
  return [m, Math.sqrt(var_ / n)]
}

function rescale(a: number[]): { u: number[]; lo: number; span: number } {
  const lo = Math.min(...a)
  const span = Math.max(...a) - lo
  return { u: a.map((x) => (span > 0 ? (x - lo) / span : NaN)), lo, span }
}

/**
 * Where u(T) (T rising), read from the highest temperature down, first reaches ½: linear
 * interpolation between the two temperatures around it; NaN when it never does.
 */
export function halfCrossing(T: number[], u: number[]): number {
  for (let k = T.length - 2; k >= 0; k--)
    if (u[k] >= 0.5 && u[k + 1] < 0.5) return T[k] + ((u[k] - 0.5) / (u[k] - u[k + 1])) * (T[k + 1] - T[k])
  return NaN
}

/** The items of each temperature, temperatures rising. */
function byTemperature(T: ArrayLike<number>): { temps: number[]; groups: number[][] } {
  const map = new Map<number, number[]>()
  for (let i = 0; i < T.length; i++) {
    const g = map.get(T[i])
    if (g) g.push(i)
    else map.set(T[i], [i])
  }
  const temps = [...map.keys()].sort((a, b) => a - b)
  return { temps, groups: temps.map((t) => map.get(t) as number[]) }
}

/** ⟨|z − z₀|⟩ per temperature for the configurations of `groups` (z₀ from the top temperatures). */
function distanceCurve(z: ArrayLike<number>, groups: number[][]): { z0: number; perT: number[][] } {
  const top = Math.max(1, Math.round(HIGH_T_SHARE * groups.length))
  const z0 = median(groups.slice(groups.length - top).flatMap((g) => g.map((i) => z[i])))
  return { z0, perT: groups.map((g) => g.map((i) => Math.abs(z[i] - z0))) }
}

export function fig14Analysis(d: Fig14Input, rng: Rng, bootstrap = 200): Fig14 {
  const { temps, groups } = byTemperature(d.T)
  if (temps.length < 3) throw new Error(`Fig. 14 needs configurations at 3 or more temperatures (got ${temps.length})`)
  const { z0, perT } = distanceCurve(d.z, groups)
  const zStats = perT.map(meanErr)
  const mStats = groups.map((g) => meanErr(g.map((i) => Math.abs(d.m[i]))))
  const lStats = groups.map((g) => meanErr(g.map((i) => d.loss[i])))
  const a = zStats.map((s) => s[0])
  const absM = mStats.map((s) => s[0])
  const { u, span } = rescale(a)
  const uM = rescale(absM).u

  // bootstrap: resample the configurations within each temperature, redo z₀, the curves and the crossings
  const tc: number[] = []
  const tcM: number[] = []
  for (let b = 0; b < bootstrap; b++) {
    const resampled = groups.map((g) => g.map(() => g[rng.int(g.length)]))
    const curve = distanceCurve(d.z, resampled).perT.map((v) => v.reduce((s, x) => s + x, 0) / v.length)
    const m = resampled.map((g) => g.reduce((s, i) => s + Math.abs(d.m[i]), 0) / g.length)
    tc.push(halfCrossing(temps, rescale(curve).u))
    tcM.push(halfCrossing(temps, rescale(m).u))
  }
  // the standard deviation of the bootstrap estimates (those that crossed ½)
  const spread = (v: number[]): number => {
    const ok = v.filter(Number.isFinite)
    if (ok.length < 2) return NaN
    const mean = ok.reduce((s, x) => s + x, 0) / ok.length
    return Math.sqrt(ok.reduce((s, x) => s + (x - mean) ** 2, 0) / ok.length)
  }

  let oneMinusM2 = 0
  let meanLoss = 0
  for (let i = 0; i < d.m.length; i++) {
    oneMinusM2 += 1 - d.m[i] * d.m[i]
    meanLoss += d.loss[i]
  }
  return {
    temperatures: temps,
    absZ: u.map(finite),
    absZErr: zStats.map((s) => finite(s[1] / span)),
    absM,
    absMErr: mStats.map((s) => finite(s[1])),
    loss: lStats.map((s) => s[0]),
    lossErr: lStats.map((s) => finite(s[1])),
    z0,
    rZM: finite(pearson(d.z, d.m)),
    perTCorrelation: finite(pearson(a, absM)),
    Tc: finite(halfCrossing(temps, u)),
    TcError: finite(spread(tc)),
    TcFromM: finite(halfCrossing(temps, uM)),
    TcFromMError: finite(spread(tcM)),
    TcExact: criticalTemperature(d.J),
    everySpinIsM: oneMinusM2 / d.m.length,
    meanLoss: meanLoss / d.m.length
  }
}
